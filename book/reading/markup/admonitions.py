"""MkDocs' admonitions, `!!! note "Title"` over indented text (Python-Markdown's admonition
extension), and their folded form `??? note` (pymdownx.details), printed as the booklet's
own boxes: exactly what the `::: kind` block of the same kind prints. A folded one prints
open, as paper cannot fold it."""
from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown import Markdown
from markdown.blockparser import BlockParser
from markdown.extensions import Extension
from markdown.extensions.admonition import AdmonitionProcessor
from markdown.treeprocessors import Treeprocessor
from pymdownx.details import DetailsProcessor

from .blocks import KINDS, OTHER_KINDS
from .context import MarkupContext


def _opens_a_box(kind: str, after: str) -> bool:
    """Whether an admonition's line opens a box: it names a kind of box, or text is
    indented under it. `!!! Bring your calculator` or `??? What do you think` is text."""
    return _known(kind) or bool(after.strip())


def _known(kind: str) -> bool:
    name = kind.split(" ", 1)[0].lower()
    return name in KINDS or name in OTHER_KINDS


class BoxAdmonitionProcessor(AdmonitionProcessor):
    """Python-Markdown's `!!!` admonitions, on lines that open a box only."""

    def test(self, parent: etree.Element, block: str) -> bool:
        found = self.RE.search(block)
        if found and not _opens_a_box(found[1], block[found.end():]):
            return False
        return super().test(parent, block)


class BoxDetailsProcessor(DetailsProcessor):
    """pymdownx's folded `???` admonitions, on lines that open a box only."""

    def test(self, parent: etree.Element, block: str) -> bool:
        found = self.START.search(block)
        if found and not _opens_a_box(found[2] or found[4] or "", block[found.end():]):
            return False
        return super().test(parent, block)


class AdmonitionBoxes(Treeprocessor):
    """Rewrites the admonitions' <div class="admonition KIND"> and <details class="KIND">
    as <div class="block KIND"> with the booklet's title."""

    def __init__(self, md: Markdown, context: MarkupContext):
        super().__init__(md)
        self.context = context

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            classes = (element.get("class") or "").split()
            if element.tag == "div" and classes[:1] == ["admonition"]:
                written, title = classes[1:2], element.find("p[@class='admonition-title']")
            elif element.tag == "details" and classes:
                written, title = classes[:1], element.find("summary")
            else:
                continue
            name = written[0].lower() if written else "note"
            kind = name if name in KINDS else OTHER_KINDS.get(name, "note")
            if not _known(name):
                self.context.warn(name, f"the admonition kind {name!r} is not a box of the "
                                        "booklet, so it is printed as a note")
            element.tag = "div"
            element.attrib.clear()
            element.set("class", f"block {kind}")
            if title is None:
                title = etree.Element("p")
                element.insert(0, title)
            title.tag = "p"
            title.attrib.clear()
            title.set("class", "block-title")
            if (title.text or "") == name.capitalize() and _known(name):
                # The word the extension made from the kind: the booklet's own, in its
                # language.
                title.text = self.context.words.get(kind, kind.capitalize())


class Admonitions(Extension):
    """Registers both extensions and the processor that makes their output boxes."""

    def __init__(self, context: MarkupContext, **kwargs):
        self.context = context
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        md.registerExtensions(["admonition", "pymdownx.details"], {})
        parser: BlockParser = md.parser
        parser.blockprocessors.register(BoxAdmonitionProcessor(parser), "admonition", 105)
        parser.blockprocessors.register(BoxDetailsProcessor(parser), "details", 105)
        # Before inline markup (20) reads the titles, after the blocks are made.
        md.treeprocessors.register(AdmonitionBoxes(md, self.context), "book-admonitions", 25)
