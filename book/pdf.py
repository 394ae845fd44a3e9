"""Assembled book -> one HTML document -> WeasyPrint -> PDF."""
from __future__ import annotations

import logging
import re
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

import lxml.html
import weasyprint
from weasyprint.urls import FatalURLFetchingError, URLFetcher

from .errors import BookError
from .indexing import page_runs
from .progress import Progress, quiet
from .model import Book
from .templating import render_template

log = logging.getLogger(__name__)
PACKAGE = Path(__file__).parent


class _MissingGlyphs(logging.Filter):
    """WeasyPrint's warning about glyphs no font has: the glyph check reports the same
    text with its file and line (glyphs.py), so this one only repeats it."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith(".notdef glyph rendered")


logging.getLogger("weasyprint").addFilter(_MissingGlyphs())


def book_html(book: Book, pages: dict[str, int] | None = None) -> str:
    """The whole book as one HTML document, with footnotes placed where they are called.

    `pages` (anchor -> page index, from a first layout) lets the index merge its page
    numbers into ranges; without it every index hit gets its own number.
    """
    def runs(anchors: list[str]) -> list[tuple[str, str | None]]:
        return page_runs(anchors, pages) if pages else [(anchor, None) for anchor in anchors]

    # Print index numbers come from the layout (target-counter), not from text.
    html = render_template(book.theme, "handout.html" if book.handout else "book.html",
                           book=book, settings=book.settings,
                           runs=runs, locator=lambda anchor: "")
    tree = lxml.html.document_fromstring(html)
    _inline_footnotes(tree)
    for image in tree.find_class("figure-script"):
        image.set("src", book.figure_files[(book.settings.root / image.get("src")).resolve()]
                  .as_uri())
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


def render_pdf(book: Book, marks: bool = False, progress: Progress = quiet) -> weasyprint.Document:
    """Lay the book out with WeasyPrint; only local files are loaded. `marks` adds crop
    marks and 3 mm of bleed for a print shop."""
    settings = book.settings
    fetcher = LocalFetcher([settings.root, *book.theme.folders, PACKAGE,
                            *{svg.parent for svg in book.figure_files.values()}])
    stylesheets = [
        weasyprint.CSS(string=sheet.css, base_url=sheet.path.as_uri(), url_fetcher=fetcher)
        for sheet in book.theme.stylesheets("print", {"page_size": settings.css_page_size,
                                                      "page_label": book.labels["page"]})
    ]
    if marks:
        stylesheets.append(weasyprint.CSS(string="@page { marks: crop cross; bleed: 3mm }"))

    def layout(pages: dict[str, int] | None) -> weasyprint.Document:
        html = weasyprint.HTML(string=book_html(book, pages),
                               base_url=settings.root.as_uri() + "/", url_fetcher=fetcher)
        try:
            return html.render(stylesheets=stylesheets)
        except FatalURLFetchingError as error:
            raise BookError.at(settings.root, 1, 1, f"refused to load {error}") from None

    counter = _PageCounter(progress)
    watched = logging.getLogger("weasyprint.progress")
    level, propagate = watched.level, watched.propagate
    if not watched.isEnabledFor(logging.INFO):
        # Hear the page messages without passing them on to whoever prints logs.
        watched.setLevel(logging.INFO)
        watched.propagate = False
    watched.addHandler(counter)
    try:
        document = layout(None)
        log.info("laid out %d pages", len(document.pages))
        if book.index:
            # The index comes last, so merging its numbers moves no page that it points at.
            document = layout(anchor_pages(document))
    finally:
        watched.removeHandler(counter)
        watched.setLevel(level)
        watched.propagate = propagate
    return document


def anchor_pages(document: weasyprint.Document) -> dict[str, int]:
    """The page (0-based) on which each anchor starts."""
    pages: dict[str, int] = {}
    for number, page in enumerate(document.pages):
        for anchor in page.anchors:
            pages.setdefault(anchor, number)
    return pages


def pdf_data(document: weasyprint.Document) -> bytes:
    """The laid-out book as PDF bytes."""
    # PDF/UA-1 gives a tagged PDF with the document language and title in its catalog.
    return document.write_pdf(pdf_variant="pdf/ua-1")


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


class LocalFetcher(URLFetcher):
    """A WeasyPrint fetcher that loads files from the given folders and nothing else."""

    def __init__(self, folders: list[Path]):
        super().__init__(allowed_protocols={"file", "data"})
        self.folders = [folder.resolve() for folder in folders]

    def fetch(self, url: str, headers: dict | None = None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        if url.startswith("file:"):
            path = Path(url2pathname(urlsplit(url).path)).resolve()
            if any(path.is_relative_to(folder) for folder in self.folders):
                return super().fetch(url, headers)
        # Fatal, so that WeasyPrint stops instead of quietly leaving the resource out.
        raise FatalURLFetchingError(f"{url} is outside the booklet folder and the theme")
