"""The book laid out in parts, side by side, and the parts joined into one PDF."""
