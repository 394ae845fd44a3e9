"""The book laid out in one pass by WeasyPrint, the reference that a layout in parts must
match (parts/in_parts.py): for a handout, a theme parts cannot serve, --one-pass, and
page numbers that would not settle in parts."""
from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager

import lxml.html
import weasyprint

from ..model import Book
from ..progress import Progress
from .book_html import INDEX_ID, index_tree, serialise
from .pages import PrintLayout, PrintPages, anchor_pages
from .renderer import Renderer

log = logging.getLogger(__name__)


def lay_out_in_one_pass(book: Book, tree: lxml.html.HtmlElement, renderer: Renderer,
                        write: bool, progress: Progress) -> PrintLayout:
    """The whole book in one document, its index included; with `write`, the PDF."""
    with _pages_counted(progress):
        document = renderer.render(serialise(tree))
        log.info("laid out %d pages", len(document.pages))
        if book.index:  # a handout has none (handout.select_chapters)
            document = _with_index(book, document, renderer)
    return PrintLayout(PrintPages.from_layout(document, book.chapters[0].chapter.slug),
                       renderer.pdf_bytes(document) if write else None)


def _with_index(book: Book, document: weasyprint.Document, renderer: Renderer
                ) -> weasyprint.Document:
    """Lay the index out on its own and put its pages in place of its heading's page.

    The index needs the pages of its terms to merge them (one number per page, 12–14 for a
    run). Laying out only the index, after the rest, costs its own pages instead of a
    second layout of the whole book; it comes last, so nothing it points at moves."""
    pages = PrintPages.from_layout(document, book.chapters[0].chapter.slug)
    start = pages.pages[INDEX_ID]
    html = serialise(index_tree(book, pages))
    # The index opens on the same side of the spread as its stand-in, after the cover:
    # usually at the index document's third page (recto) or second (verso).
    side = "recto" if start % 2 == 0 else "verso"

    def numbered_from(opening: int) -> weasyprint.Document:
        """The index, numbered so that its page `opening` prints the stand-in's number."""
        number = int(pages.printed_numbers[start]) - opening
        return renderer.render(html, weasyprint.CSS(
            string=f"#{INDEX_ID} {{ break-before: {side} }} "
                   f"@page :first {{ counter-reset: page {number} }}"))

    opening = 2 if side == "recto" else 1
    index = numbered_from(opening)
    if (found := anchor_pages(index)[INDEX_ID]) != opening:  # a cover longer than one page
        opening, index = found, numbered_from(found)
    return document.copy(document.pages[:start] + index.pages[opening:])


class _PageCounter(logging.Handler):
    """Turns WeasyPrint's progress messages ("Step 5 - Creating layout - Page 12") into
    progress reports."""

    def __init__(self, progress: Progress):
        super().__init__()
        self.progress = progress

    def emit(self, record: logging.LogRecord) -> None:
        found = re.search(r"Creating layout - Page (\d+)", record.getMessage())
        if found:
            self.progress("laying out pages", int(found[1]), 0)


@contextmanager
def _pages_counted(progress: Progress) -> Iterator[None]:
    """WeasyPrint's page messages as progress reports while in the block."""
    watched = logging.getLogger("weasyprint.progress")
    level, propagate = watched.level, watched.propagate
    if not watched.isEnabledFor(logging.INFO):
        # Hear the page messages without passing them on to whoever prints logs.
        watched.setLevel(logging.INFO)
        watched.propagate = False
    counter = _PageCounter(progress)
    watched.addHandler(counter)
    try:
        yield
    finally:
        watched.removeHandler(counter)
        watched.setLevel(level)
        watched.propagate = propagate
