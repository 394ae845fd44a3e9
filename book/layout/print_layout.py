"""The book laid out for print: `lay_out` is the one way in. It lays the book out in parts
when the theme allows (parts/in_parts.py), which is quicker and lets a rebuild lay out
again only what changed, and in one pass otherwise (one_pass.py), which is the reference
the parts must match."""
from __future__ import annotations

import gc
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import lxml.html
import weasyprint

from ..errors import Problems
from ..model import Book
from ..progress import Progress, quiet
from .blank_pages import without_blank_pages
from .book_html import INDEX_ID, book_tree, index_tree, serialise
from .fetcher import LocalFetcher
from .one_pass import lay_out_in_one_pass
from .pages import PrintLayout, PrintPages
from .parts.cut import Part, cut, index_part
from .parts.in_parts import NotSettled, PartsLayout
from .parts.join import join
from .parts.part_cache import LayoutCache
from .parts.part_layout import PartLayout, SharedPage
from .parts.printed_page_numbers import printed_page_numbers
from .pdf_messages import listening, report
from .renderer import Renderer

log = logging.getLogger(__name__)
PACKAGE = Path(__file__).parent.parent  # the templates and built-in themes
# Layouts to settle what depends on the pages; a third is rare (a page number added
# moves a later reference to another page), a fourth would loop.
MOST_LAYOUTS = 3
# Objects made between two collections of the youngest generation while laying out (700
# by default): WeasyPrint makes hundreds of thousands that live to the end of the
# layout (boxes, styles, a picture's each), and each full collection walks them all,
# a fifth of a warm layout of a chapter of formulas. Cycles wait a little longer to go.
LAYOUT_COLLECTION_THRESHOLD = 10_000


def lay_out(book: Book, cache: Path, problems: Problems, marks: bool = False,
            progress: Progress = quiet, write: bool = True, in_parts: bool = True
            ) -> PrintLayout:
    """Lay the book out with WeasyPrint, in parts if its theme allows and `in_parts`, and
    write it as PDF if asked to; only local files are loaded. Laid-out parts are kept in
    `cache`. `marks` adds crop marks and 3 mm of bleed for a print shop. Without `write`
    the pages are only laid out, for the EPUB's page numbers (the index's pages too).

    What WeasyPrint says goes to `problems` (pdf_messages.py); an error stops the build."""
    settings = book.settings
    fetcher = LocalFetcher([settings.root, *book.theme.folders, PACKAGE,
                            *{svg.parent for svg in book.figure_files.values()},
                            *{svg.parent for svg in book.formula_files.values()}])
    sheets = book.theme.stylesheets("print", {"page_size": settings.css_page_size,
                                              "page_label": book.words["page"]})
    if not settings.blank_pages:
        sheets = [replace(sheet, css=without_blank_pages(sheet.css)) for sheet in sheets]
    texts = {sheet.path: sheet.css for sheet in sheets}
    stylesheets = []
    for sheet in sheets:
        # Heard one sheet at a time: WeasyPrint's line:col does not name the sheet.
        with listening() as heard:
            stylesheets.append(weasyprint.CSS(string=sheet.css, base_url=sheet.path.as_uri(),
                                              url_fetcher=fetcher))
        report(heard, book, texts, problems, stylesheet=sheet.path)
    css = [sheet.css for sheet in sheets]
    if marks:
        css.append("@page { marks: crop cross; bleed: 3mm }")
        stylesheets.append(weasyprint.CSS(string=css[-1]))
    renderer = Renderer(settings.root, fetcher, stylesheets, book.formula_files.values())
    # Some of what the book prints depends on its pages (book_html.book_tree): lay it out
    # again with the pages of the last layout until the book no longer changes. In parts,
    # only the parts that changed are laid out again.
    tree = book_tree(book)
    with _fewer_collections():
        for _ in range(MOST_LAYOUTS):
            with listening() as heard:
                layout, parts = _lay_out(book, tree, cache, renderer, css, progress, write,
                                         in_parts)
            settled, tree = tree, book_tree(book, layout.pages.pages)
            if serialise(tree) == serialise(settled):
                break
    report([*heard, *(said for part in parts for said in part.heard)], book, texts, problems)
    problems.raise_if_any()
    return layout


@contextmanager
def _fewer_collections() -> Iterator[None]:
    """While it lasts, the garbage collector runs less often (see
    LAYOUT_COLLECTION_THRESHOLD); the worker processes of a layout in parts inherit it."""
    thresholds = gc.get_threshold()
    gc.set_threshold(LAYOUT_COLLECTION_THRESHOLD, *thresholds[1:])
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)


def _lay_out(book: Book, tree: lxml.html.HtmlElement, cache: Path, renderer: Renderer,
             css: list[str], progress: Progress, write: bool, in_parts: bool
             ) -> tuple[PrintLayout, list[PartLayout]]:
    """The layout of `tree`, and the parts laid out (whose messages they keep): none when
    it took one pass."""
    parts = _parts(book, tree, css) if in_parts else None
    if parts is not None:
        cached = LayoutCache(cache, [str(book.settings.root), *css])
        layouts = PartsLayout(tree, renderer, cached, write, book.chapters[0].chapter.slug,
                              progress)
        indexed = frozenset().union(*(entry.places() for group in book.index
                                      for entry in group.entries))
        try:
            pages, laid = layouts.book(
                parts, _index_part(book) if book.index else None, indexed)
        except SharedPage as part:
            log.info("laid out in one piece: what follows %s begins on its last page", part)
        except NotSettled as unsettled:
            log.info("laid out in one piece: the page numbers in %s did not settle after "
                     "%d layouts", *unsettled.args)
        else:
            log.info("laid out %d pages in %d parts", len(pages.printed_numbers), len(laid))
            return PrintLayout(pages, join(laid) if write else None), laid
    return lay_out_in_one_pass(book, tree, renderer, write, progress), []


def _parts(book: Book, tree: lxml.html.HtmlElement, css: list[str]) -> list[Part] | None:
    """The book's parts, but for the index; None when the theme does not let the book be
    laid out in parts, or for a handout."""
    printing = None if book.handout else printed_page_numbers(tree, css)
    if printing is None:
        return None
    return cut(tree, [rendered.chapter.slug for rendered in book.chapters],
               tree.get_element_by_id(INDEX_ID, None), printing)


def _index_part(book: Book) -> Callable[[PrintPages], Part]:
    def index(pages: PrintPages) -> Part:
        return index_part(index_tree(book, pages).get_element_by_id(INDEX_ID))
    return index
