"""Assembly: the rendered chapters resolved across the book (ids, numbers, citations, index)."""
