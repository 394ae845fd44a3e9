"""Block quotes as CommonMark and Pandoc read them: a blank line ends one, and its lists
and fenced code are read as outside quotes.

Python-Markdown puts a quote that follows another after a blank line into the first, so a
README's testimonials, each its own `> ...` with its author, were printed as one long quote;
and it reads fenced code only at the margin, so a manual's example inside a quote was read
as text, its brackets as markup.
"""
from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown import Markdown
from markdown.blockprocessors import BlockQuoteProcessor
from markdown.extensions import Extension


def as_chapter_text(md: Markdown, lines: list[str]) -> str:
    """A quote's lines, without their `>`, read as the chapter's are: its lists re-indented
    and its fenced code, in them or not, made code (fenced_code leaves blank lines round
    the code's placeholder, which at the quote's end would be read as part of it)."""
    for name in ("book-lists", "fenced_code_block"):
        if name in md.preprocessors:
            lines = md.preprocessors[name].run(lines)
    return "\n".join(lines).strip("\n")


class QuoteProcessor(BlockQuoteProcessor):
    """Python-Markdown's quote processor, with every quote a quote of its own and its lists
    and fenced code read as the chapter's are."""

    def run(self, parent: etree.Element, blocks: list[str]) -> None:
        block = blocks.pop(0)
        found = self.RE.search(block)
        assert found is not None  # test() matched it
        # Lines before the quote are read first, as Python-Markdown does.
        self.parser.parseBlocks(parent, [block[:found.start()]])
        lines = [self.clean(line) for line in block[found.start():].split("\n")]
        quote = etree.SubElement(parent, "blockquote")
        # Quotes inside lists read their paragraphs as <p>, as Python-Markdown's own do.
        self.parser.state.set("blockquote")
        self.parser.parseChunk(quote, as_chapter_text(self.parser.md, lines))
        self.parser.state.reset()


class Quotes(Extension):
    """Replaces Python-Markdown's quote processor, at its priority."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        md.parser.blockprocessors.register(QuoteProcessor(md.parser), "quote", 20)
