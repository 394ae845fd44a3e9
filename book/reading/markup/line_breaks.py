"""A backslash at the end of a line is a line break, as in CommonMark and Pandoc.

Python-Markdown knows only two spaces at a line's end, which editors remove; the backslash
was printed and the break lost.
"""
from __future__ import annotations

from markdown import Markdown
from markdown.extensions import Extension
from markdown.inlinepatterns import SubstituteTagInlineProcessor

BACKSLASH_BREAK = r"(?<!\\)\\\n"  # not an escaped backslash, `\\`


class LineBreaks(Extension):
    """Registers the backslash line break."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        # Before escapes (180), which would leave the backslash as text.
        md.inlinePatterns.register(SubstituteTagInlineProcessor(BACKSLASH_BREAK, "br"),
                                   "book-backslash-break", 185)
