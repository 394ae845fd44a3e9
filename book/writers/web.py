"""The web version: the book as one HTML page for the screen, with its contents beside
the text on a wide screen and behind a bar on a phone. The preview server shows it, and
`--format html` writes it with its images in a folder beside it."""
from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import lxml.html

from ..assembly.indexing import arrow_locators
from ..citations.back_links import arrow_back_links
from ..files import content_name, write_atomically
from ..maths.mathml import put_mathml
from ..model import Book
from ..reading.markup.han import mark_han
from ..reading.markup.media import keep_medium
from ..reading.resources import folder_file
from ..theming.templating import render_template
from ..theming.themes import classes_used


def book_page(book: Book, asset_url: Callable[[Path, Path], str], extra_head: str = "",
              extra_body: str = "") -> str:
    """The whole book as one web page (web.html), styled by the theme's web stylesheets;
    `asset_url(file, shown_as)` gives each image's address (a file beside the page, or a
    route of the preview server), and that of each file the stylesheets draw. `shown_as`
    is the name readers see: a figure's is its script's, not its cache entry's. The preview
    adds its own HTML at the end of the head and of the body."""
    html = render_template(book.theme, "web.html", book=book, settings=book.settings,
                           back_links=arrow_back_links(book.words), **arrow_locators())
    tree = lxml.html.document_fromstring(html)
    keep_medium(tree, "screen")
    mark_han(tree, book.settings.han_language, book.settings.language)
    put_mathml(tree)
    for image in tree.iter("img"):
        source = folder_file(image.get("src"), book.settings.root)
        file = book.screen_figure_files.get(source, source)
        image.set("src", asset_url(file, source.with_suffix(file.suffix)))
    for table in list(tree.iter("table")):  # a list: each moves into a box
        _scroll_on_its_own(table)
    _name_index_places(book, tree)
    # The colours are custom properties, which web.css sets again for dark mode.
    css = "\n".join(sheet.css for sheet in book.theme.stylesheets(
        "web", {"page_size": book.settings.css_page_size, "page_label": book.words["page"]},
        colours_as_properties=True, file_address=lambda file: asset_url(file, file),
        classes=classes_used([tree])))
    head = tree.find("head")
    # Without it a phone lays the page out 980 px wide and shrinks it to fit.
    head.insert(1, lxml.html.Element("meta", name="viewport",
                                     content="width=device-width, initial-scale=1"))
    style = lxml.html.Element("style")
    style.text = css
    head.append(style)
    for parent, extra in ((head, extra_head), (tree.body, extra_body)):
        for element in lxml.html.fragments_fromstring(extra) if extra else []:
            parent.append(element)
    return lxml.html.tostring(tree, encoding="unicode", doctype="<!DOCTYPE html>")


def _name_index_places(book: Book, tree: lxml.html.HtmlElement) -> None:
    """Name the place each index locator (an arrow: the screen has no page numbers) leads
    to, its chapter and section, for a tooltip and for screen readers."""
    parts = {r.chapter.slug: f"{book.words['chapter']} {r.chapter.number}"
             if r.chapter.kind == "chapter" else r.chapter.title for r in book.all_chapters}
    places: dict[str, str] = {}
    part = section = ""
    for element in tree.body.iter("*"):
        if element.tag == "section" and element.get("id") in parts:
            part, section = parts[element.get("id")], ""
        elif element.tag == "h2":
            section = element.text_content().strip()
        elif element.get("id") and part:
            places[element.get("id")] = f"{part}, {section}" if section else part
    for link in tree.find_class("index-locator"):
        if place := places.get(link.get("href", "").removeprefix("#")):
            link.set("title", place)
            link.set("aria-label", place)


def _scroll_on_its_own(table: lxml.html.HtmlElement) -> None:
    """Put a table in a box that scrolls sideways, so that a table wider than a phone
    does not make the whole page scroll."""
    box = lxml.html.Element("div", {"class": "table-scroll"})
    table.addprevious(box)
    # lxml moves the text after the table with it: that text goes back after the box.
    box.append(table)
    box.tail, table.tail = table.tail, None


def write_html(book: Book, target: Path) -> Path:
    """Write NAME.html and its images in NAME-files/ beside it: the two are the whole web
    version, to copy to a website as they are."""
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
    # Pictures of earlier builds that the page no longer shows would go to the website too.
    for old in set(files.iterdir()) - {files / name for name in copies.values()}:
        if old.is_file():
            old.unlink()
    return target
