"""Assembled book -> HTML (the book, then its index on its own) -> WeasyPrint -> PDF."""
from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Callable

import lxml.html
import weasyprint
from weasyprint.urls import FatalURLFetchingError

from ..errors import BookError, Problems
from ..layout.fetcher import LocalFetcher
from ..layout.parts.join import join
from ..layout.parts.page_references import page_references
from ..layout.pages import PrintPages, anchor_pages
from ..layout.parts.cut import Part, cut, index_part
from ..layout.pdf_messages import listening, report
from ..layout.print_layout import Inseparable, LaidOut, LayoutCache, Layouts, pdf_bytes
from ..progress import Progress, quiet
from ..model import Book
from ..theming.templating import render_template, template_file

log = logging.getLogger(__name__)
PACKAGE = Path(__file__).parent.parent  # the templates and built-in themes
INDEX_ID = "index"  # the id of the index section (templates/index.html)


class _MissingGlyphs(logging.Filter):
    """WeasyPrint's warning about glyphs no font has: the glyph check reports the same
    text with its file and line (glyphs.py), so this one only repeats it."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith(".notdef glyph rendered")


logging.getLogger("weasyprint").addFilter(_MissingGlyphs())


def book_tree(book: Book) -> lxml.html.HtmlElement:
    """The whole book as one HTML document, with footnotes placed where they are called.

    The index is only its heading here, on a page of its own at the end: `index_html`
    makes the pages that take that page's place."""
    template = "handout.html" if book.handout else "book.html"
    tree = _document_tree(book, template, runs=None)
    index = tree.get_element_by_id(INDEX_ID, None)
    if index is not None:
        if index.xpath("following::*"):
            raise BookError.at(template_file(book.theme, template), 1, 1,
                               "the index must come last in the book; move what follows it")
        # A new page, on whichever side the theme opens the index.
        index.addprevious(lxml.html.Element("div", {"style": "break-after: page"}))
    return tree


def index_html(book: Book, pages: PrintPages) -> lxml.html.HtmlElement:
    """The index on its own, its page numbers merged into runs (12, 14–16) and printed."""
    return _document_tree(book, "index-pages.html", **pages.locators())


def _document_tree(book: Book, template: str, **context) -> lxml.html.HtmlElement:
    html = render_template(book.theme, template, book=book, settings=book.settings,
                           **context)
    tree = lxml.html.document_fromstring(html)
    _inline_footnotes(tree)
    for image in tree.find_class("figure-script"):
        image.set("src", book.figure_files[(book.settings.root / image.get("src")).resolve()]
                  .as_uri())
    return tree


def _serialise(tree: lxml.html.HtmlElement) -> str:
    return lxml.html.tostring(tree, encoding="unicode", doctype="<!DOCTYPE html>")


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


def print_book(book: Book, cache: Path, problems: Problems, marks: bool = False,
               progress: Progress = quiet, write: bool = True, in_parts: bool = True
               ) -> tuple[PrintPages, bytes | None]:
    """Lay the book out with WeasyPrint, in parts if its template allows (parts.py), and
    write it as PDF if asked to; only local files are loaded. Laid-out parts are kept in
    `cache`. `marks` adds crop marks and 3 mm of bleed for a print shop. Without `write`
    the index is not laid out: the EPUB's page numbers need only where it starts.

    What WeasyPrint says goes to `problems` (pdf_messages.py); an error stops the build."""
    settings = book.settings
    fetcher = LocalFetcher([settings.root, *book.theme.folders, PACKAGE,
                            *{svg.parent for svg in book.figure_files.values()}])
    sheets = book.theme.stylesheets("print", {"page_size": settings.css_page_size,
                                              "page_label": book.words["page"]})
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
    with listening() as heard:
        pages, pdf, laid = _print(book, cache, fetcher, stylesheets, css, progress, write,
                                  in_parts)
    report([*heard, *(said for part in laid for said in part.heard)], book, texts, problems)
    problems.raise_if_any()
    return pages, pdf


def _print(book: Book, cache: Path, fetcher: LocalFetcher, stylesheets: list[weasyprint.CSS],
           css: list[str], progress: Progress, write: bool, in_parts: bool
           ) -> tuple[PrintPages, bytes | None, list[LaidOut]]:
    """The layout and the PDF, and the parts laid out (whose messages they keep)."""
    settings = book.settings

    def layout(html: str, *extra: weasyprint.CSS) -> weasyprint.Document:
        html = weasyprint.HTML(string=html, base_url=settings.root.as_uri() + "/",
                               url_fetcher=fetcher)
        try:
            return html.render(stylesheets=[*stylesheets, *extra])
        except FatalURLFetchingError as error:
            raise BookError.at(settings.root, 0, 0, f"refused to load {error}") from None

    tree = book_tree(book)
    references = None if book.handout or not in_parts else page_references(tree, css)
    parts = None if references is None else cut(
        tree, [rendered.chapter.slug for rendered in book.chapters],
        tree.get_element_by_id(INDEX_ID, None), references)
    if parts is not None:
        layouts = Layouts(tree, layout, fetcher, LayoutCache(cache, [str(settings.root), *css]),
                          write, book.chapters[0].chapter.slug, settings.root, progress)
        try:
            indexed = frozenset().union(*(entry.places() for group in book.index
                                          for entry in group.entries))
            pages, laid = layouts.book(
                parts, _index_part(book) if write and book.index else None, indexed)
        except Inseparable as part:
            log.info("laid out in one piece: what follows %s begins on its last page", part)
        else:
            log.info("laid out %d pages in %d parts", len(pages.labels), len(laid))
            return pages, join([(part.pdf, part.facts.anchors.keys()) for part in laid]) \
                if write else None, laid
    return (*_in_one_piece(book, tree, layout, write, progress), [])


def _index_part(book: Book) -> Callable[[PrintPages], Part]:
    def index(pages: PrintPages) -> Part:
        return index_part(index_html(book, pages).get_element_by_id(INDEX_ID))
    return index


def _in_one_piece(book: Book, tree: lxml.html.HtmlElement,
                  layout: Callable[..., weasyprint.Document], write: bool, progress: Progress
                  ) -> tuple[PrintPages, bytes | None]:
    counter = _PageCounter(progress)
    watched = logging.getLogger("weasyprint.progress")
    level, propagate = watched.level, watched.propagate
    if not watched.isEnabledFor(logging.INFO):
        # Hear the page messages without passing them on to whoever prints logs.
        watched.setLevel(logging.INFO)
        watched.propagate = False
    watched.addHandler(counter)
    try:
        document = layout(_serialise(tree))
        log.info("laid out %d pages", len(document.pages))
        if write and book.index:  # a handout has none (handout.select_chapters)
            document = _with_index(book, document, layout)
    finally:
        watched.removeHandler(counter)
        watched.setLevel(level)
        watched.propagate = propagate
    return (PrintPages.from_layout(document, book.chapters[0].chapter.slug),
            pdf_bytes(document) if write else None)


def _with_index(book: Book, document: weasyprint.Document,
                layout: Callable[..., weasyprint.Document]) -> weasyprint.Document:
    """Lay the index out on its own and put its pages in place of its heading's page.

    The index needs the pages of its terms to merge them (one number per page, 12–14 for a
    run). Laying out only the index, after the rest, costs its own pages instead of a
    second layout of the whole book; it comes last, so nothing it points at moves."""
    pages = PrintPages.from_layout(document, book.chapters[0].chapter.slug)
    start = pages.pages[INDEX_ID]
    html = _serialise(index_html(book, pages))
    # The index opens on the same side of the spread as its stand-in, after the cover:
    # usually at the index document's third page (recto) or second (verso).
    side = "recto" if start % 2 == 0 else "verso"

    def numbered_from(opening: int) -> weasyprint.Document:
        """The index, numbered so that its page `opening` prints the stand-in's number."""
        number = int(pages.labels[start]) - opening
        return layout(html, weasyprint.CSS(string=f"#{INDEX_ID} {{ break-before: {side} }} "
                                                  f"@page :first {{ counter-reset: page {number} }}"))

    opening = 2 if side == "recto" else 1
    index = numbered_from(opening)
    if (found := anchor_pages(index)[INDEX_ID]) != opening:  # a cover longer than one page
        opening, index = found, numbered_from(found)
    return document.copy(document.pages[:start] + index.pages[opening:])


def _inline_footnotes(tree: lxml.html.HtmlElement) -> None:
    """Move each footnote's text to its call, as WeasyPrint's `float: footnote` needs."""
    notes = {item.get("id"): item for item in tree.xpath("//div[@class='footnote']/ol/li")}
    for reference in tree.xpath("//sup[a[@class='footnote-ref']]"):
        target = reference[0].get("href", "").lstrip("#")
        item = notes.pop(target, None)
        if item is None:
            continue  # a second call of the same note keeps its plain link
        note = lxml.html.Element("span", {"class": "footnote", "id": target})
        for backref in item.xpath(".//a[@class='footnote-backref']"):
            _drop_keeping_tail(backref)
        for number, paragraph in enumerate(item):
            if number:
                note.append(lxml.html.Element("br"))
            _append_content(note, paragraph)
        note.tail = reference.tail
        reference.getparent().replace(reference, note)
    for container in tree.xpath("//div[@class='footnote']"):
        container.getparent().remove(container)


def _drop_keeping_tail(element: lxml.html.HtmlElement) -> None:
    """Remove an element and the non-breaking space Markdown put before it."""
    parent = element.getparent()
    previous = element.getprevious()
    tail = element.tail or ""
    if previous is not None:
        previous.tail = (previous.tail or "").rstrip("\u00a0 ") + tail
    else:
        parent.text = (parent.text or "").rstrip("\u00a0 ") + tail
    parent.remove(element)


def _append_content(note: lxml.html.HtmlElement, paragraph: lxml.html.HtmlElement) -> None:
    """Append a paragraph's text and children to the note (a note is inline: no <p>)."""
    if len(note):
        note[-1].tail = (note[-1].tail or "") + (paragraph.text or "")
    else:
        note.text = (note.text or "") + (paragraph.text or "")
    for child in list(paragraph):
        note.append(child)
