"""The book as one HTML page for the screen: the preview server shows it, and
`--format html` writes it with its images beside it."""
from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import lxml.html

from ..assembly.indexing import arrow_locators
from ..citations.back_links import arrow_back_links
from ..files import content_name, write_atomically
from ..model import Book
from ..reading.markup.media import keep_medium
from ..theming.templating import render_template


def book_page(book: Book, asset_url: Callable[[Path, Path], str], extra_head: str = "") -> str:
    """The whole book as one page, styled for the screen; `asset_url(file, shown_as)` gives
    each image's address (a file beside the page, or a route of the preview server).
    `shown_as` is the name readers see: a figure's is its script's, not its cache entry's."""
    html = render_template(book.theme, "book.html", book=book, settings=book.settings,
                           back_links=arrow_back_links(book.words), **arrow_locators())
    tree = lxml.html.document_fromstring(html)
    keep_medium(tree, "screen")
    for image in tree.iter("img"):
        source = (book.settings.root / image.get("src")).resolve()
        file = book.figure_files.get(source, source)
        image.set("src", asset_url(file, source.with_suffix(file.suffix)))
    css = "\n".join(sheet.css for sheet in book.theme.stylesheets(
        "epub", {"page_size": book.settings.css_page_size, "page_label": book.words["page"]}))
    head = tree.find("head")
    style = lxml.html.Element("style")
    style.text = css
    head.append(style)
    for element in lxml.html.fragments_fromstring(extra_head) if extra_head else []:
        head.append(element)
    return lxml.html.tostring(tree, encoding="unicode", doctype="<!DOCTYPE html>")


def write_html(book: Book, target: Path) -> Path:
    """Write NAME.html and its images in NAME-files/ beside it."""
    files = target.with_name(f"{target.stem}-files")
    copies: dict[Path, str] = {}

    def asset_url(path: Path, shown_as: Path) -> str:
        name = content_name(shown_as, path.read_bytes())
        copies[path] = name
        return f"{files.name}/{name}"

    page = book_page(book, asset_url)
    files.mkdir(parents=True, exist_ok=True)
    for path, name in copies.items():
        shutil.copyfile(path, files / name)
    write_atomically(target, page.encode())
    return target
