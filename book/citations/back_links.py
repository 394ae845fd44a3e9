"""The way back from an entry of the list of sources to the places that cite it, as each
output can show it (the templates call `back_links(entry)`):

- print: "Cited on pages 12, 14, 31", each number a link that the layout prints itself
  (target-counter) to the first place on each page that cites the work. Before the book
  is laid out its pages are not known, and each chapter's first place stands for it (a
  chapter opens a page, so no number comes twice); print_layout.py lays the book out
  again with the pages of the first layout when that choice misses a page;
- an EPUB with the printed edition's page numbers: each page that cites it, once;
- without page numbers: an arrow back to each place, as a footnote has ("↩", or "↩ a b c"
  for several)."""
from __future__ import annotations

from collections.abc import Callable
from string import ascii_lowercase

from markupsafe import Markup, escape

from ..model import BibliographyEntry

BackLinks = Callable[[BibliographyEntry], Markup]


def print_back_links(words: dict[str, str], pages: dict[str, int] | None = None
                      ) -> BackLinks:
    """Page numbers printed by the layout, of the places `print_places` chooses."""
    def back_links(entry: BibliographyEntry) -> Markup:
        return _pages(words, [(anchor, Markup("")) for anchor in print_places(entry, pages)],
                      "back-link page-ref")
    return back_links


def print_places(entry: BibliographyEntry, pages: dict[str, int] | None) -> list[str]:
    """The first place that cites the work on each page of `pages` (the page each anchor
    starts on), in page order, or in each chapter without them."""
    if pages is None:
        by_chapter: dict[str, str] = {}
        for anchor, chapter in entry.cited_by:
            by_chapter.setdefault(chapter, anchor)
        return list(by_chapter.values())
    by_page: dict[int, str] = {}
    for anchor, _ in entry.cited_by:
        if anchor in pages:  # a place no page holds has no number to print
            by_page.setdefault(pages[anchor], anchor)
    return [by_page[page] for page in sorted(by_page)]


def page_back_links(words: dict[str, str], pages: dict[str, int], printed: list[str]
                    ) -> BackLinks:
    """The printed number of each page that cites the work, leading to its first place
    there; `pages` and `printed` as in layout.pages.PrintPages."""
    def back_links(entry: BibliographyEntry) -> Markup:
        return _pages(words, [(anchor, escape(printed[pages[anchor]]))
                              for anchor in print_places(entry, pages)], "back-link")
    return back_links


def arrow_back_links(words: dict[str, str]) -> BackLinks:
    """An arrow back to each place that cites the work; letters tell several apart."""
    def back_links(entry: BibliographyEntry) -> Markup:
        places = [anchor for anchor, _ in entry.cited_by]
        if not places:
            return Markup("")
        if len(places) == 1:
            return Markup(" ") + _span([_link(places[0], Markup("\u21a9"), "back-link",
                                              words["back_to_citation"])])
        letters = [_link(anchor, escape(_letter(number)), "back-link",
                         f"{words['back_to_citation']} {number + 1}")
                   for number, anchor in enumerate(places)]
        return Markup(" ") + _span([Markup("\u21a9 ") + Markup(" ").join(letters)])
    return back_links


def _pages(words: dict[str, str], links: list[tuple[str, Markup]], kind: str) -> Markup:
    if not links:
        return Markup("")
    lead = words["cited_on_page" if len(links) == 1 else "cited_on_pages"]
    return Markup(" ") + _span([escape(lead) + Markup(" ") + Markup(", ").join(
        _link(anchor, label, kind) for anchor, label in links) + Markup(".")])


def _span(content: list[Markup]) -> Markup:
    return Markup('<span class="cited-by">') + Markup("").join(content) + Markup("</span>")


def _link(anchor: str, label: Markup, kind: str, name: str | None = None) -> Markup:
    named = Markup(' aria-label="{}"').format(name) if name else Markup("")
    return Markup('<a class="{}" href="#{}" role="doc-backlink"{}>{}</a>').format(
        kind, anchor, named, label)


def _letter(number: int) -> str:
    """a, b, ..., z, aa, ab, ... as footnote back-links count places."""
    letters = ""
    number += 1
    while number:
        number, rest = divmod(number - 1, len(ascii_lowercase))
        letters = ascii_lowercase[rest] + letters
    return letters
