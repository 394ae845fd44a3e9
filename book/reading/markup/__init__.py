"""Python-Markdown extensions for the markup authors write beyond plain Markdown."""
