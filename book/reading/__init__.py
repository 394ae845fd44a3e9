"""Reading: chapter files -> front matter and text -> Markdown rendered to HTML, checked."""
