"""Each part's numbering (cut.Numbering) from the page counts of the others: those laid
out in this build, else the last build's, else estimated from the text's length."""
from __future__ import annotations

import math
from dataclasses import dataclass, field

from ..pages import PrintPages, page_number
from .cut import BACK, FRONT, INDEX, Numbering, Part
from .part_layout import PartPages


@dataclass(frozen=True)
class Placement:
    """A part's numbering now, and how sure the page counts it comes from are."""

    numbering: Numbering
    exact: bool  # the parts it waits for (waits_for) are all laid out in this build
    estimated: bool  # an estimated page count went into it


@dataclass
class Counts:
    """The parts' pages as far as they are known."""

    previous: dict[str, PartPages]  # as the last build laid them out
    sizes: dict[str, int]  # the chapters' text lengths, for the estimates
    laid: dict[str, PartPages] = field(default_factory=dict)  # laid out in this build
    estimated: dict[str, PartPages] = field(default_factory=dict)  # the other chapters'

    def learn(self, name: str, pages: PartPages) -> None:
        self.laid[name] = pages
        self.estimated = self._estimates()

    def known(self) -> dict[str, PartPages]:
        """The counts laid out, in this build or the last."""
        return {**self.previous, **self.laid}

    def _estimates(self) -> dict[str, PartPages]:
        """Page counts for the chapters not laid out yet, from the pages per character of
        those laid out so far, when the last build did not leave better ones: the next
        chapter can then start beside the one before it, and is laid out again if the
        estimate was wrong."""
        done = [name for name in self.sizes if name in self.laid]
        characters = sum(self.sizes[name] for name in done)
        if not characters:
            return {}
        rate = sum(self.laid[name].count for name in done) / characters
        # Chapters that open on a right page end on a left one, blank or not.
        step = 2 if all(self.laid[name].count % 2 == 0 for name in done) else 1
        known = self.known()
        return {name: PartPages(max(step, math.ceil(round(size * rate) / step) * step), {})
                for name, size in self.sizes.items() if name not in known}


def chapter_sizes(parts: list[Part]) -> dict[str, int]:
    """The chapters' text lengths."""
    return {part.name: sum(len(element.text_content()) for element in part.elements)
            for part in parts if part.name not in (FRONT, BACK, INDEX)}


def waits_for(part: Part, parts: list[Part]) -> list[str]:
    """The parts whose page counts place this one: those before it, but for the front
    matter, which counts no pages until it is laid out (the chapters number from the
    first chapter's page, and a theme whose chapters open on a right page gives it an
    even count). The front matter itself waits for all but the index: its contents
    print their page numbers."""
    if part.name == FRONT:
        return [other.name for other in parts if other.name not in (FRONT, INDEX)]
    return [other.name for other in parts[:parts.index(part)] if other.name != FRONT]


def placement(part: Part, parts: list[Part], counts: Counts, first_chapter: str
              ) -> Placement | None:
    """The part's numbering from the counts there are; None while a part it waits for
    has none (the front matter waits for the others' layouts, not estimates)."""
    waits = waits_for(part, parts)
    known = counts.known()
    usable = known if part.name == FRONT else {**counts.estimated, **known}
    if any(name not in usable for name in waits):
        return None
    return Placement(numbering(part, parts, counts, first_chapter),
                     exact=all(name in counts.laid for name in waits),
                     estimated=any(name not in known for name in waits))


def starts(parts: list[Part], counts: dict[str, PartPages]) -> dict[str | None, int]:
    """Each part's first page in the book, and the book's end (under None); a part
    without a count counts no pages."""
    found: dict[str | None, int] = {}
    page = 0
    for part in parts:
        found[part.name] = page
        page += counts[part.name].count if part.name in counts else 0
    found[None] = page
    return found


def numbering(part: Part, parts: list[Part], counts: Counts, first_chapter: str) -> Numbering:
    """Where the part goes, from the page counts known or else estimated; the pages it
    points at, from known counts only. A page printed from an estimate would change with
    every chapter laid out, and the part be laid out again each time."""
    known = counts.known()
    first_pages = starts(parts, known)
    chapters = first_pages[first_chapter]
    pages = _linked_pages(part, parts, known, first_pages)
    start = starts(parts, {**counts.estimated, **known})[part.name]
    # A page not laid out yet is guessed to be the part's own first: close in width.
    links = tuple(sorted((anchor, page_number(pages.get(anchor, start), chapters))
                         for anchor in part.numbered))
    return Numbering(start % 2 == 1, page_number(start, chapters), links)


def _linked_pages(part: Part, parts: list[Part], known: dict[str, PartPages],
                  first_pages: dict[str | None, int]) -> dict[str, int]:
    """The pages, as far as known, of the anchors whose page numbers the part prints
    (only those: this runs for every part at every report of a worker)."""
    pages = {}
    # Whether the parts so far have page counts. The front matter's does not matter: its
    # pages are numbered from its first, the others' from the first chapter's.
    counted = True
    for other in parts:
        first = other.elements[0].get("id")
        if counted and first in part.numbered:
            # A part's first element starts on its first page, laid out or not.
            pages[first] = first_pages[other.name]
        if other.name in known:
            anchors = known[other.name].anchors
            pages.update((anchor, first_pages[other.name] + anchors[anchor])
                         for anchor in part.numbered if anchor in anchors)
        elif other.name != FRONT:
            counted = False
    if parts[-1].next and counted:  # the index's stand-in (cut.py)
        pages.setdefault(parts[-1].next[-1].get("id"), first_pages[None])
    return pages


def print_pages(parts: list[Part], laid: dict[str, PartPages], first_chapter: str
                ) -> PrintPages:
    """Where the parts laid out put every anchor, and the index's first page if it is
    not laid out (its stand-in, cut.py): the EPUB marks that page too."""
    first_pages = starts(parts, laid)
    pages = {anchor: first_pages[part.name] + page for part in parts if part.name in laid
             for anchor, page in laid[part.name].anchors.items()}
    page_starts = [start for part in parts if part.name in laid
                   for start in laid[part.name].starts]
    count = first_pages[None]
    if parts[-1].next:
        stand_in = parts[-1].next[-1].get("id")
        pages[stand_in] = count
        page_starts.append(((stand_in, 0),))
        count += 1
    return PrintPages.numbered(pages, count, first_pages[first_chapter], page_starts)
