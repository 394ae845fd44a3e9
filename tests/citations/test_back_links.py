"""The way back from an entry of the list of sources to the places that cite it, in each
output (citations/back_links.py)."""
from __future__ import annotations

from book.citations.back_links import arrow_back_links, page_back_links, print_back_links
from book.model import BibliographyEntry
from book.words import ENGLISH

CITED = BibliographyEntry("ref-a", "a", "A.", (("one-cite-1", "one"), ("one-cite-4", "one"),
                                                 ("two-cite-2", "two")))
UNCITED = BibliographyEntry("ref-b", "b", "B.")  # listed under nocite


def test_print_numbers_the_first_place_in_each_chapter_as_the_layout_prints_it():
    assert print_back_links(ENGLISH)(CITED) == (
        ' <span class="cited-by">Cited on pages '
        '<a class="back-link page-ref" href="#one-cite-1" role="doc-backlink"></a>, '
        '<a class="back-link page-ref" href="#two-cite-2" role="doc-backlink"></a>.</span>')
    assert print_back_links(ENGLISH)(UNCITED) == ""


def test_an_epub_with_print_pages_lists_each_page_once():
    pages = {"one-cite-1": 11, "one-cite-4": 11, "two-cite-2": 14}
    printed = [str(n) for n in range(-9, 20)]  # page 11 prints "2"
    assert page_back_links(ENGLISH, pages, printed)(CITED) == (
        ' <span class="cited-by">Cited on pages '
        '<a class="back-link" href="#one-cite-1" role="doc-backlink">2</a>, '
        '<a class="back-link" href="#two-cite-2" role="doc-backlink">5</a>.</span>')
    alone = BibliographyEntry("ref-c", "c", "C.", (("two-cite-2", "two"),))
    assert page_back_links(ENGLISH, pages, printed)(alone).startswith(
        ' <span class="cited-by">Cited on page <a')
    # A place that no page holds has no number to show.
    del pages["two-cite-2"]
    assert page_back_links(ENGLISH, pages, printed)(alone) == ""


def test_without_page_numbers_an_arrow_leads_back_to_each_place():
    assert arrow_back_links(ENGLISH)(CITED) == (
        ' <span class="cited-by">\u21a9 '
        '<a class="back-link" href="#one-cite-1" role="doc-backlink" '
        'aria-label="Back to the citation 1">a</a> '
        '<a class="back-link" href="#one-cite-4" role="doc-backlink" '
        'aria-label="Back to the citation 2">b</a> '
        '<a class="back-link" href="#two-cite-2" role="doc-backlink" '
        'aria-label="Back to the citation 3">c</a></span>')
    alone = BibliographyEntry("ref-c", "c", "C.", (("two-cite-2", "two"),))
    assert arrow_back_links(ENGLISH)(alone) == (
        ' <span class="cited-by"><a class="back-link" href="#two-cite-2" '
        'role="doc-backlink" aria-label="Back to the citation">\u21a9</a></span>')
