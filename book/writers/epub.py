"""Assembled book -> XHTML documents, package document and navigation -> EPUB 3 zip.

The EPUB shares the templates and the layout of the PDF: page-break markers and index
locators carry the printed page numbers, taken from the PDF's own layout.
"""
from __future__ import annotations

import datetime
import functools
import io
import uuid
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import lxml.html
from lxml import etree

from ..assembly.indexing import arrow_locators
from ..citations.back_links import arrow_back_links, page_back_links
from ..config import Settings, check_source_date_epoch
from ..files import content_name, write_atomically
from ..layout.pages import PrintPages
from ..maths.mathml import MATHML, put_mathml
from ..model import Book
from ..reading.markup.han import mark_han
from ..reading.markup.media import keep_medium
from ..reading.resources import folder_file
from ..theming.templating import render_template
from ..theming.themes import Theme, classes_used
from .cover import cover_description, cover_png
from .page_markers import (
    MarkedDocument,
    Marker,
    may_hold_text,
    may_hold_text_in_nav,
    place_markers,
    plan_markers,
)

XHTML = "http://www.w3.org/1999/xhtml"
EPUB = "http://www.idpf.org/2007/ops"
XML = "http://www.w3.org/XML/1998/namespace"
MEDIA_TYPES = {".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg",
               ".jpeg": "image/jpeg", ".gif": "image/gif", ".webp": "image/webp",
               ".css": "text/css", ".xhtml": "application/xhtml+xml"}
COVER = "images/cover.png"
# The ARIA role of each EPUB structural semantic that has one (DPUB-ARIA 1.1, as the EPUB
# Type to ARIA Role Authoring Guide maps them), for assistive technology, which reads roles
# and not epub:type. Deprecated roles (doc-biblioentry, doc-endnote) are left out.
ROLES = {
    "abstract": "doc-abstract", "acknowledgments": "doc-acknowledgments",
    "afterword": "doc-afterword", "appendix": "doc-appendix", "bibliography": "doc-bibliography",
    "biblioref": "doc-biblioref", "chapter": "doc-chapter", "colophon": "doc-colophon",
    "conclusion": "doc-conclusion", "cover": "doc-cover", "credit": "doc-credit",
    "credits": "doc-credits", "dedication": "doc-dedication", "endnotes": "doc-endnotes",
    "epigraph": "doc-epigraph", "epilogue": "doc-epilogue", "errata": "doc-errata",
    "footnote": "doc-footnote", "foreword": "doc-foreword", "glossary": "doc-glossary",
    "glossref": "doc-glossref", "help": "doc-tip", "index": "doc-index",
    "introduction": "doc-introduction", "noteref": "doc-noteref", "notice": "doc-notice",
    "pagebreak": "doc-pagebreak", "page-list": "doc-pagelist", "part": "doc-part",
    "preface": "doc-preface", "prologue": "doc-prologue", "pullquote": "doc-pullquote",
    "qna": "doc-qna", "referrer": "doc-backlink", "subtitle": "doc-subtitle", "tip": "doc-tip",
    "toc": "doc-toc",
}
NAV = "nav.xhtml"
# Zip entries get this time unless SOURCE_DATE_EPOCH says otherwise (zip starts at 1980).
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


@dataclass
class Document:
    """One XHTML file of the EPUB while it is being made."""

    name: str
    title: str
    body: list[lxml.html.HtmlElement]
    body_type: str | None = None
    ids: set[str] = field(default_factory=set)

    @property
    def mathml(self) -> bool:
        """Whether it holds formulas, which the package document must say."""
        return any(True for root in self.body for _ in root.iter("math"))


def write_epub(book: Book, target: Path, print_pages: PrintPages | None) -> Path:
    """Write the book as an EPUB 3 to `target`, atomically; with the printed edition's
    page numbers when given its `print_pages`."""
    settings = book.settings
    documents = [_cover_page(book), *_documents(book, print_pages)]
    nav_ids = _ids_in(etree.fromstring(_nav(book, documents, []).encode()))
    owner = _file_of(documents)
    markers = [] if print_pages is None else plan_markers(
        print_pages, lambda id_: NAV if id_ in nav_ids else owner(id_) or None)
    nav = etree.fromstring(_nav(book, documents, markers).encode())
    place_markers(markers, {
        NAV: MarkedDocument([nav], _nav_marker, may_hold_text_in_nav),
        **{document.name: MarkedDocument(document.body, _marker, may_hold_text)
           for document in documents}})
    # Only now: the page-break markers count the print edition's text.
    for document in documents:
        for root in document.body:
            keep_medium(root, "screen")
            mark_han(root, settings.han_language, settings.language)
            put_mathml(root)
    # The cover's picture is drawn for the EPUB, not copied from the booklet.
    resources = {**_gather_images(book, documents[1:]), COVER: cover_png(book)}
    _link_across(documents)
    files: dict[str, bytes] = {
        "EPUB/style.css": stylesheet(book.theme, settings, book.words, resources,
                                     classes_used(root for document in documents
                                                  for root in document.body)).encode()}
    for document in documents:
        files[f"EPUB/{document.name}"] = _xhtml(document, settings.language)
    files.update({f"EPUB/{name}": data for name, data in resources.items()})
    modified = _modified()
    files[f"EPUB/{NAV}"] = etree.tostring(nav, xml_declaration=True, encoding="utf-8",
                                         doctype="<!DOCTYPE html>")
    files["EPUB/package.opf"] = render_template(
        book.theme, "epub/package.opf", book=book, settings=settings, documents=documents,
        resources=sorted(resources), cover=COVER, media_type=_media_type,
        identifier=_identifier(book),
        modified=modified, page_list=markers,
        print_source=f"{settings.name}.pdf").encode()
    files["META-INF/container.xml"] = render_template(
        book.theme, "epub/container.xml").encode()
    write_atomically(target, _zip(files))
    return target


def _body(book: Book, template: str, **context) -> list[lxml.html.HtmlElement]:
    html = render_template(book.theme, template, book=book, settings=book.settings, **context)
    return lxml.html.fragments_fromstring(html.strip())


def _cover_page(book: Book) -> Document:
    """The cover picture, alone: where a reading system opens the book."""
    document = Document("cover.xhtml", book.title, _body(
        book, "epub/cover.html", picture=COVER, description=cover_description(book)))
    document.ids = _ids(document)
    return document


def stylesheet(theme: Theme, settings: Settings, words: dict[str, str],
               packed: dict[str, bytes] | None = None,
               classes: set[str] | None = None) -> str:
    """The EPUB's one stylesheet: the theme's shared and EPUB sheets, parents first. Each
    file a sheet draws (the warning sign) is named styles/NAME, beside it, and put in
    `packed` as {name in the EPUB: its bytes}; given the `classes` the documents use, only
    a file that a rule for them draws."""
    def pack(path: Path) -> str:
        data = path.read_bytes()
        name = f"styles/{content_name(path, data)}"
        if packed is not None:
            packed[name] = _clean_svg(data) if path.suffix == ".svg" else data
        return name
    return "\n".join(sheet.css for sheet in theme.stylesheets(
        "epub", {"page_size": settings.css_page_size, "page_label": words["page"]},
        file_address=pack, classes=classes))


def _documents(book: Book, print_pages: PrintPages | None) -> list[Document]:
    """The book's documents after the cover: front matter, chapters, back matter, in
    reading order."""
    settings = book.settings
    back_links = arrow_back_links(book.words) if print_pages is None else \
        page_back_links(book.words, print_pages.pages, print_pages.printed_numbers)
    body = functools.partial(_body, book, back_links=back_links)
    documents = [
        Document("title-page.xhtml", book.title, body("epub/titlepage.html"), "frontmatter"),
        Document("colophon.xhtml", book.title, body("colophon.html"), "frontmatter"),
    ]
    words = book.words
    if book.figures:
        documents.append(Document("figures.xhtml", words["figures"], body("figures.html"),
                                  "frontmatter"))
    if book.equations:
        documents.append(Document("list-of-equations.xhtml", words["equations"],
                                  body("equations.html"), "frontmatter"))
    for rendered in book.all_chapters:
        kind = rendered.chapter.kind
        elements = body("chapter.html" if kind == "chapter" else "part.html", rendered=rendered)
        for element in elements:
            _asides_for_footnotes(element)
        documents.append(Document(f"{rendered.chapter.slug}.xhtml", rendered.chapter.title,
                                  elements, {"chapter": "bodymatter", "front": "frontmatter",
                                             "back": "backmatter"}[kind]))
    if book.answer_key:
        documents.append(Document("answer-key.xhtml", words["answer_key"],
                                  body("answers.html"), "backmatter"))
    if book.glossary:
        documents.append(Document("glossary.xhtml", words["glossary"], body("glossary.html"),
                                  "backmatter"))
    if book.bibliography and not settings.chapter_bibliographies:
        documents.append(Document("references.xhtml", words["references"],
                                  body("references.html"), "backmatter"))
    if book.index:
        locators = arrow_locators() if print_pages is None else print_pages.locators()
        documents.append(Document("index.xhtml", words["index"],
                                  body("index.html", **locators), "backmatter"))
    for document in documents:
        document.ids = _ids(document)
    return documents


def _ids(document: Document) -> set[str]:
    return set().union(*map(_ids_in, document.body))


def _asides_for_footnotes(root: lxml.html.HtmlElement) -> None:
    """Python-Markdown's footnote list -> EPUB footnote asides with links back."""
    for reference in root.xpath(".//a[@class='footnote-ref']"):
        reference.set("epub:type", "noteref")
        reference.set("role", "doc-noteref")
    for container in root.xpath(".//div[@class='footnote']"):
        section = lxml.html.Element("section", {"class": "footnotes", "epub:type": "footnotes"})
        for item in container.xpath("./ol/li"):
            aside = lxml.html.Element("aside", {"class": "footnote", "id": item.get("id"),
                                                "epub:type": "footnote",
                                                "role": "doc-footnote"})
            number = len(section) + 1
            for paragraph in item:
                aside.append(paragraph)
            for backref in aside.xpath(".//a[@class='footnote-backref']"):
                backref.set("role", "doc-backlink")
                backref.text = "\u21a9"
                backref.set("aria-label", f"Back to note {number}")
            first = aside[0] if len(aside) else aside
            label = lxml.html.Element("span", {"class": "footnote-number"})
            label.text = f"{number}. "
            label.tail = first.text
            first.text = None
            first.insert(0, label)
            section.append(aside)
        container.getparent().replace(container, section)


def _gather_images(book: Book, documents: list[Document]) -> dict[str, bytes]:
    """Copy every image into the EPUB; figures drawn by scripts are SVG, drawn for the
    screen."""
    resources: dict[str, bytes] = {}
    for document in documents:
        for element in document.body:
            for image in element.iter("img"):
                source = folder_file(image.get("src"), book.settings.root)
                path = book.screen_figure_files.get(source, source)
                data = path.read_bytes()
                if path.suffix == ".svg":
                    data = _clean_svg(data)
                # Named for the script, not for the cache's entry, whose key changes
                # with the builder's code.
                name = f"images/{content_name(source.with_suffix(path.suffix), data)}"
                resources[name] = data
                image.set("src", name)
    return resources


def _clean_svg(data: bytes) -> bytes:
    """An SVG without its DOCTYPE, which points at a DTD on the web."""
    tree = etree.parse(io.BytesIO(data), etree.XMLParser(resolve_entities=False,
                                                         no_network=True))
    return etree.tostring(tree.getroot(), xml_declaration=True, encoding="utf-8")


def _nav(book: Book, documents: list[Document], markers: list[Marker]) -> str:
    """The navigation document: contents, landmarks and the page list."""
    return render_template(book.theme, "epub/nav.xhtml", book=book, settings=book.settings,
                           documents=documents, file_of=_file_of(documents),
                           page_list=[(marker.href, marker.label) for marker in markers])


def _marker(marker: Marker) -> lxml.html.HtmlElement:
    """A page-break marker in a chapter (_to_xhtml gives it its namespaces)."""
    return lxml.html.Element("span", {"id": marker.id, "epub:type": "pagebreak",
                                      "role": "doc-pagebreak", "aria-label": marker.label})


def _nav_marker(marker: Marker) -> etree._Element:
    """A page-break marker in the navigation document, which is XHTML already."""
    return etree.Element(f"{{{XHTML}}}span", {"id": marker.id, f"{{{EPUB}}}type": "pagebreak",
                                               "role": "doc-pagebreak",
                                               "aria-label": marker.label})


def _ids_in(root: etree._Element) -> set[str]:
    return {e.get("id") for e in root.iter() if isinstance(e.tag, str) and e.get("id")}


def _link_across(documents: list[Document]) -> None:
    """`#id` links point into the document that holds the id."""
    file_of = _file_of(documents)
    for document in documents:
        for root in document.body:
            for link in root.iter("a"):
                href = link.get("href", "")
                if href.startswith("#") and file_of(href[1:]) != document.name:
                    link.set("href", f"{file_of(href[1:])}{href}")


def _file_of(documents: list[Document]):
    owner = {id_: document.name for document in documents for id_ in document.ids}
    return lambda id_: owner.get(id_, "")


def _xhtml(document: Document, language: str) -> bytes:
    """Serialise through lxml: well-formed XHTML, no named entities, lang and xml:lang."""
    html = etree.Element(f"{{{XHTML}}}html", nsmap={None: XHTML, "epub": EPUB})
    html.set("lang", language)
    html.set(f"{{{XML}}}lang", language)
    head = etree.SubElement(html, f"{{{XHTML}}}head")
    etree.SubElement(head, f"{{{XHTML}}}meta", charset="utf-8")
    etree.SubElement(head, f"{{{XHTML}}}title").text = document.title
    etree.SubElement(head, f"{{{XHTML}}}link", rel="stylesheet", type="text/css",
                     href="style.css")
    body = etree.SubElement(html, f"{{{XHTML}}}body")
    if document.body_type:
        body.set(f"{{{EPUB}}}type", document.body_type)
    for element in document.body:
        body.append(_to_xhtml(element))
    return etree.tostring(html, xml_declaration=True, encoding="utf-8",
                          doctype="<!DOCTYPE html>")


def _to_xhtml(element: lxml.html.HtmlElement, namespace: str = XHTML) -> etree._Element:
    """Copy an HTML element into the XHTML namespace (a formula's <math> and what it holds
    into MathML's); `epub:type` gets its namespace, a lang its xml:lang, and the role that
    matches it when the element has none."""
    if element.tag == "math":
        namespace = MATHML
    copy = etree.Element(f"{{{namespace}}}{element.tag}",
                         nsmap={None: MATHML} if element.tag == "math" else None)
    for name, value in element.attrib.items():
        if name == "epub:type":
            copy.set(f"{{{EPUB}}}type", value)
        elif ":" not in name:
            copy.set(name, value)
            if name == "lang":  # XHTML readers take xml:lang, HTML ones lang
                copy.set(f"{{{XML}}}lang", value)
    roles = [ROLES[kind] for kind in element.get("epub:type", "").split() if kind in ROLES]
    if roles and copy.get("role") is None:
        copy.set("role", roles[0])
    copy.text = element.text
    for child in element:
        if isinstance(child.tag, str):
            copy.append(_to_xhtml(child, namespace))
        elif len(copy):
            copy[-1].tail = (copy[-1].tail or "") + (child.tail or "")
        else:
            copy.text = (copy.text or "") + (child.tail or "")
    copy.tail = element.tail
    return copy


def _zip(files: dict[str, bytes]) -> bytes:
    """mimetype first and stored; every other entry sorted, compressed, with a fixed time."""
    stamp = _zip_time()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype", stamp), "application/epub+zip",
                         compress_type=zipfile.ZIP_STORED)
        for name in sorted(files):
            info = zipfile.ZipInfo(name, stamp)
            info.external_attr = 0o644 << 16
            archive.writestr(info, files[name], compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def _zip_time() -> tuple[int, int, int, int, int, int]:
    epoch = check_source_date_epoch()
    if epoch is None:
        return ZIP_EPOCH
    moment = datetime.datetime.fromtimestamp(epoch, datetime.UTC)
    return max(ZIP_EPOCH, (moment.year, moment.month, moment.day, moment.hour, moment.minute,
                           moment.second))


def _modified() -> str:
    """dcterms:modified: SOURCE_DATE_EPOCH when set, else now."""
    epoch = check_source_date_epoch()
    moment = (datetime.datetime.fromtimestamp(epoch, datetime.UTC) if epoch is not None
              else datetime.datetime.now(datetime.UTC))
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _identifier(book: Book) -> str:
    """A stable identifier: the same booklet, title and authors give the same UUID."""
    settings = book.settings
    seed = "|".join([settings.name, book.title, *settings.authors, settings.edition])
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, seed)}"


def _media_type(name: str) -> str:
    return MEDIA_TYPES[Path(name).suffix.lower()]
