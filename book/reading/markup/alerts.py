"""GitHub's alerts, `> [!NOTE]` ... as the first line of a quote, printed as the booklet's own
boxes: exactly what the `::: kind` block of the same kind prints."""
from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown import Markdown
from markdown.blockprocessors import BlockProcessor
from markdown.extensions import Extension

from .context import MarkupContext
from .quotes import as_chapter_text

# GitHub's five alerts, by the box each is printed as (blocks.py's kinds). The booklet has
# no box of its own for "important" and "caution": both ask the reader to stop and take
# care, as a warning does.
KINDS = {"NOTE": "note", "TIP": "tip", "IMPORTANT": "warning", "WARNING": "warning",
         "CAUTION": "warning"}
# As on GitHub: the marker alone on the quote's first line, in any case.
OPEN = re.compile(r"^ {0,3}> ?\[!(?P<alert>" + "|".join(KINDS) + r")\][ \t]*(?:\n|$)", re.I)
QUOTED = re.compile(r"^ {0,3}> ?")


class AlertProcessor(BlockProcessor):
    """Turns a quote that opens with `[!KIND]` into <div class="block KIND"> with a title."""

    def __init__(self, md: Markdown, context: MarkupContext):
        super().__init__(md.parser)
        self.context = context

    def test(self, parent: etree.Element, block: str) -> bool:
        return bool(OPEN.match(block))

    def run(self, parent: etree.Element, blocks: list[str]) -> None:
        block = blocks.pop(0)
        opener = OPEN.match(block)
        assert opener is not None  # test() matched it
        kind = KINDS[opener["alert"].upper()]
        # The quote's lines without their `>`; a line without one continues the quote,
        # as Markdown's lazy continuation has it.
        lines = [QUOTED.sub("", line) for line in block[opener.end():].split("\n")]
        div = etree.SubElement(parent, "div", {"class": f"block {kind}"})
        heading = etree.SubElement(div, "p", {"class": "block-title"})
        heading.text = self.context.words.get(kind, kind.capitalize())
        self.parser.parseChunk(div, as_chapter_text(self.parser.md, lines))


class Alerts(Extension):
    """Registers the alert processor."""

    def __init__(self, context: MarkupContext, **kwargs):
        self.context = context
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        # Before the quote processor (20), which would read the alert as a plain quote.
        md.parser.blockprocessors.register(AlertProcessor(md, self.context), "book-alerts", 21)
