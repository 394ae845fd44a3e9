"""Block quotes as CommonMark and Pandoc read them: a blank line ends one.

Python-Markdown puts a quote that follows another after a blank line into the first, so a
README's testimonials, each its own `> ...` with its author, were printed as one long quote.
"""
from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown import Markdown
from markdown.blockprocessors import BlockQuoteProcessor
from markdown.extensions import Extension


class SeparateQuoteProcessor(BlockQuoteProcessor):
    """Python-Markdown's quote processor, with every quote a quote of its own."""

    def lastChild(self, parent: etree.Element) -> etree.Element | None:  # noqa: N802
        # The processor asks for the last child only to find a quote to continue; a quote's
        # own blank-free lines come as one block, so what it finds is always another quote.
        return None


class Quotes(Extension):
    """Replaces Python-Markdown's quote processor, at its priority."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        md.parser.blockprocessors.register(SeparateQuoteProcessor(md.parser), "quote", 20)
