"""Where each printed page begins, for the EPUB's page-break markers: the elements with an
id around the page's first text (or picture), and how many letters and digits of each
of them the pages before hold (pages.PageStart).

WeasyPrint's anchors tell only the page on which an element starts: a page that begins
in the middle of a paragraph, a table or a list of terms has no anchor at its top. The
count places the marker at the word where the page begins (writers/page_markers.py);
letters and digits only, as the hyphens of a broken word and the spaces of a justified
line are the layout's, not the text's."""
from __future__ import annotations

from collections.abc import Iterator, Sequence

import weasyprint
from weasyprint.formatting_structure import boxes

from .pages import PageStart

PICTURE = "\0"  # what _contents yields for an image: content without text


def page_starts(pages: Sequence[weasyprint.Page]) -> list[PageStart | None]:
    """Where each page begins; None for a page without text or picture (a blank page)."""
    letters: dict[str, int] = {}  # each element's letters and digits so far
    tables_seen: set[int] = set()  # tables whose header the pages after repeat
    starts: list[PageStart | None] = []
    for page in pages:
        start = None
        tables_here: set[int] = set()
        for content, ids in _contents(page._page_box, tables_seen, tables_here):
            count = sum(character.isalnum() for character in content)
            if start is None and (count or content == PICTURE):
                start = tuple((anchor, letters.get(anchor, 0)) for anchor in ids)
            for anchor in ids:
                letters[anchor] = letters.get(anchor, 0) + count
        tables_seen |= tables_here
        starts.append(start)
    return starts


def _contents(page_box: boxes.PageBox, tables_seen: set[int], tables_here: set[int]
              ) -> Iterator[tuple[str, tuple[str, ...]]]:
    """The page's text boxes and pictures in the flow, in order, each with the ids of the
    elements around it (innermost first). Left out: the margin boxes (running heads,
    folios), the footnote area (the notes' text is in the EPUB's notes, not where they
    are called), generated content (::before, ::marker) and a table's header or footer
    repeated on the pages after its first."""
    def walk(box: boxes.Box, ids: tuple[str, ...], table: int | None
             ) -> Iterator[tuple[str, tuple[str, ...]]]:
        if "::" in (box.element_tag or ""):
            return
        element = box.element
        anchor = element.get("id") if element is not None else None
        if anchor and (not ids or ids[0] != anchor):
            ids = (anchor, *ids)
        if isinstance(box, boxes.TableBox):
            table = id(element)
            tables_here.add(table)
        if isinstance(box, boxes.TableRowGroupBox) and (box.is_header or box.is_footer) \
                and table in tables_seen:
            return
        if isinstance(box, boxes.TextBox):
            yield box.text, ids
        elif isinstance(box, boxes.ReplacedBox):
            yield PICTURE, ids
        elif isinstance(box, boxes.ParentBox):
            for child in box.children:
                yield from walk(child, ids, table)

    for child in page_box.children:
        if not isinstance(child, (boxes.MarginBox, boxes.FootnoteAreaBox)):
            yield from walk(child, (), None)
