"""Where the print layout put things: the page each anchor starts on, the number printed
on each page and where in the text each page begins. The PDF's index and the EPUB's page
list read it."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..assembly.indexing import page_runs

if TYPE_CHECKING:  # WeasyPrint takes most of a second to import; an EPUB may not need it
    import weasyprint


# Where a page begins: (id, letters and digits of that element on the pages before) for
# each element with an id around the page's first text or picture, the innermost first
# (page_starts.py).
PageStart = tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class PrintPages:
    """The page (0-based) on which each anchor starts, each page's printed number, and
    where each page begins (None for a blank page)."""

    pages: dict[str, int]
    printed_numbers: list[str]  # "iv", "12"
    starts: list[PageStart | None]

    @classmethod
    def from_layout(cls, document: weasyprint.Document, first_chapter: str) -> PrintPages:
        from .page_starts import page_starts

        pages = anchor_pages(document)
        return cls.numbered(pages, len(document.pages), pages.get(first_chapter, 0),
                            page_starts(document.pages))

    @classmethod
    def numbered(cls, pages: dict[str, int], count: int, first_chapter: int,
                 starts: list[PageStart | None]) -> PrintPages:
        """Roman numbers before the first chapter, arabic from it, as the themes print them."""
        printed = [_roman(i + 1) if i < first_chapter else str(page_number(i, first_chapter))
                   for i in range(count)]
        return cls(pages, printed, starts)

    def printed_number(self, anchor: str) -> str:
        """The printed number of the page on which `anchor` starts."""
        return self.printed_numbers[self.pages[anchor]]

    def runs(self, anchors: list[str]) -> list[tuple[str, str | None]]:
        """An index entry's anchors merged by page (indexing.page_runs)."""
        return page_runs(anchors, self.pages)

    def locators(self) -> dict[str, Callable[..., Any]]:
        """The index template's locators: runs of pages, printed as the pages' numbers
        (indexing.arrow_locators for an output without them)."""
        return {"runs": self.runs, "locator": self.printed_number}


@dataclass(frozen=True)
class PrintLayout:
    """The book laid out for print (print_layout.lay_out)."""

    pages: PrintPages
    pdf: bytes | None  # None when the PDF was not asked for


def page_number(page: int, first_chapter: int) -> int:
    """The number printed on a page (0-based): from 1 at the cover, and from 1 again at
    the first chapter."""
    return page + 1 if page < first_chapter else page - first_chapter + 1


def anchor_pages(document: weasyprint.Document) -> dict[str, int]:
    """The page (0-based) on which each anchor starts."""
    pages: dict[str, int] = {}
    for number, page in enumerate(document.pages):
        for anchor in page.anchors:
            pages.setdefault(anchor, number)
    return pages


def _roman(number: int) -> str:
    numerals = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
                (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]
    text = ""
    for value, numeral in numerals:
        while number >= value:
            text, number = text + numeral, number - value
    return text
