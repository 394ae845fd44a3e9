"""Cross-references `@fig-iron`, `@tbl-communes`, `@eq-energy`, `@sec-famine`: links whose text is
filled in once the whole book is numbered."""
from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown import Markdown
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.util import AtomicString

KINDS = ("fig", "tbl", "eq", "sec")
# Not after a word character, so e-mail addresses stay text; a label never ends in '-' or '.'.
# `@Fig-leaf` is a reference too, so that a wrong case is reported with the right label.
REFERENCE = r"(?<![\w@])@((?i:" + "|".join(KINDS) + r")-[\w-]*\w)"


class ReferenceProcessor(InlineProcessor):
    """`@fig-iron` -> <a class="xref" href="#fig-iron">, resolved by the assembly stage."""

    def handleMatch(self, m, data):  # noqa: N802 (Python-Markdown's name)
        link = etree.Element("a", {"class": "xref", "href": f"#{m[1]}"})
        link.text = AtomicString(m[0])  # not to be read as Markdown again
        return link, m.start(0), m.end(0)


class CrossReferences(Extension):
    """Registers the cross-reference pattern."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        # After code spans (190) and escapes (180), so code keeps `@fig-a` as written;
        # before links (160) and emphasis, so `@fig-a_b` is never read as emphasis.
        md.inlinePatterns.register(ReferenceProcessor(REFERENCE, md), "book-xref", 172)
