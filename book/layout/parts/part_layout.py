"""One part laid out by WeasyPrint (cut.py makes its document): its pages, the page of
each anchor it owns, and what WeasyPrint said."""
from __future__ import annotations

import copy
import logging
from dataclasses import dataclass, field

import lxml.html
import weasyprint

from ..page_starts import page_starts
from ..pages import PageStart, anchor_pages
from ..pdf_messages import Said
from ..renderer import Renderer
from .cut import NEXT, NUMBERING, START, Numbering, Part, part_html

WARM_UP = 40  # elements of a part laid out to warm WeasyPrint up (warm_up)


class SharedPage(Exception):
    """The theme lets a part begin on the page where the one before it ends: parts cannot
    be laid out apart."""


@dataclass(frozen=True)
class PartPages:
    """What the rest of the book needs to know of a part's layout."""

    count: int  # its own pages, blank ones at its end included
    anchors: dict[str, int]  # each of its anchors, by the part's page it starts on
    # where each of its pages begins (page_starts.py); none for an estimate
    starts: list[PageStart | None] = field(default_factory=list)

    @classmethod
    def from_json(cls, pages: dict) -> PartPages:
        """The part's pages as the cache keeps them, in JSON (lists for tuples)."""
        return cls(pages["count"], pages["anchors"], [
            None if start is None else tuple((anchor, letters) for anchor, letters in start)
            for start in pages.get("starts", [])])


@dataclass
class PartLayout:
    """A part laid out with a numbering, and written as PDF once the worker is done."""

    numbering: Numbering
    pages: PartPages
    pdf: bytes | None = None
    files: dict[str, str | None] | None = None  # the files WeasyPrint read, and digests
    heard: tuple[Said, ...] = ()  # what WeasyPrint said laying it out and writing it


def lay_out_part(tree: lxml.html.HtmlElement, part: Part, numbering: Numbering,
                 renderer: Renderer) -> tuple[PartPages, weasyprint.Document]:
    """Lay a part out with WeasyPrint; its pages, and a document of its own pages."""
    first_id = part.elements[0].get("id") or START
    for flip in (False, True):
        document = renderer.render(part_html(tree, part, numbering, flip))
        anchors = anchor_pages(document)
        first = anchors[first_id]
        after_numbering = first == anchors[NUMBERING] + 1
        if after_numbering and (first % 2 == 1) == numbering.on_left:
            break
    end = anchors.get(NEXT, len(document.pages))
    if end < len(document.pages) and _below_top(document, NEXT, end, anchors[NUMBERING]):
        raise SharedPage(part.name)  # the next part would begin on this one's last page
    own = {anchor: page - first for anchor, page in anchors.items() if anchor in part.ids}
    kept = document.pages[first:end]
    # WeasyPrint leaves out links to anchors that are not on the pages it writes. Another
    # part's anchor, pinned to the first page, keeps them; join.py then takes each
    # anchor's destination from the part it belongs to.
    for anchor in part.links:
        kept[0].anchors.setdefault(anchor, (0, 0, 0, 0))
    return PartPages(end - first, own, page_starts(kept)), document.copy(kept)


def _below_top(document: weasyprint.Document, anchor: str, page: int, empty: int) -> bool:
    """Whether the anchor lies lower on its page than an anchor alone on page `empty`:
    something is above it."""
    return document.pages[page].anchors[anchor][1] > \
        document.pages[empty].anchors[NUMBERING][1] + 0.5


def warm_up(tree: lxml.html.HtmlElement, part: Part, renderer: Renderer) -> None:
    """Lay out and write the beginning of a part, while the first workers run: the
    fonts, hyphenation dictionaries and images WeasyPrint loads for it are then loaded
    already in the workers forked after, which saves a fifth of each part's time."""
    beginning = copy.deepcopy(part.elements[0])
    for element in list(beginning.iter())[WARM_UP:]:
        if element.getparent() is not None:
            element.getparent().remove(element)
    sample = Part(part.name, (beginning,), part.ids, part.links, part.numbered, part.next)
    links = tuple((anchor, 1) for anchor in sorted(part.numbered))
    weasyprint_log = logging.getLogger("weasyprint")
    level = weasyprint_log.level
    weasyprint_log.setLevel(logging.CRITICAL)  # cut short, its links may lead nowhere
    try:
        renderer.pdf_bytes(lay_out_part(tree, sample, Numbering(False, 1, links), renderer)[1])
    finally:
        weasyprint_log.setLevel(level)
