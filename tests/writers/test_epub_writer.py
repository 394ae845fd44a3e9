"""The EPUB writer on a small book: a zip that reading systems accept (mimetype first and
stored), the package document, and the navigation."""
from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest
from conftest import BOOKS
from lxml import etree

from book.build import read_book
from book.errors import Problems
from book.writers.epub import write_epub

OPF = {"opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/"}
XHTML = {"x": "http://www.w3.org/1999/xhtml", "epub": "http://www.idpf.org/2007/ops"}
NEW_YEAR_2026 = "1767225600"


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    root = tmp_path_factory.mktemp("epub") / "basic"
    shutil.copytree(BOOKS / "basic", root)
    report = Problems()
    book = read_book(root, report)
    assert (report.items, report.warnings) == ([], [])
    return book


@pytest.fixture
def epub(book, tmp_path, monkeypatch) -> zipfile.ZipFile:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", NEW_YEAR_2026)
    return zipfile.ZipFile(write_epub(book, tmp_path / "basic.epub", None))


def test_the_mimetype_comes_first_stored_where_readers_look_for_it(epub):
    first = epub.infolist()[0]
    assert (first.filename, first.compress_type) == ("mimetype", zipfile.ZIP_STORED)
    # A reading system may check the bytes themselves: the name at 30, the type after it.
    data = Path(epub.filename).read_bytes()
    assert data[30:58] == b"mimetypeapplication/epub+zip"


def test_every_other_entry_is_compressed_sorted_and_dated_by_source_date_epoch(epub):
    rest = epub.infolist()[1:]
    assert [entry.filename for entry in rest] == [
        "EPUB/colophon.xhtml", "EPUB/cover.xhtml", "EPUB/delta.xhtml", "EPUB/floods.xhtml",
        "EPUB/glossary.xhtml", "EPUB/images/cover.png", "EPUB/nav.xhtml", "EPUB/package.opf",
        "EPUB/sources.xhtml", "EPUB/style.css", "EPUB/title-page.xhtml",
        "META-INF/container.xml"]
    assert {entry.compress_type for entry in rest} == {zipfile.ZIP_DEFLATED}
    assert {entry.date_time for entry in epub.infolist()} == {(2026, 1, 1, 0, 0, 0)}


def test_the_same_book_makes_the_same_bytes(book, epub, tmp_path):
    again = write_epub(book, tmp_path / "again.epub", None)
    assert again.read_bytes() == Path(epub.filename).read_bytes()


def test_the_package_document_describes_the_book(epub):
    package = etree.fromstring(epub.read("EPUB/package.opf"))

    def values(path: str) -> list[str]:
        return package.xpath(f"//{path}/text()", namespaces=OPF)

    assert values("dc:title") == ["Rivers of the Plain"]
    assert values("dc:language") == ["en"]
    assert values("dc:creator") == ["A. Teacher", "B. Colleague"]
    assert values("dc:subject") == ["rivers", "floods"]
    assert values("opf:meta[@property='dcterms:modified']") == ["2026-01-01T00:00:00Z"]
    # Stable: made from the booklet's name, title, authors and edition.
    assert values("dc:identifier") == ["urn:uuid:b3c18651-c458-5d13-a78f-7a9c9019ff93"]


def test_the_spine_reads_front_matter_contents_then_chapters_in_book_toml_order(epub):
    package = etree.fromstring(epub.read("EPUB/package.opf"))
    href = {item.get("id"): item.get("href") for item in package.iterfind(".//opf:item", OPF)}
    assert [href[ref.get("idref")] for ref in package.iterfind(".//opf:itemref", OPF)] == [
        "cover.xhtml", "title-page.xhtml", "colophon.xhtml", "nav.xhtml", "floods.xhtml",
        "sources.xhtml", "delta.xhtml", "glossary.xhtml"]


def test_the_manifest_lists_every_file_of_the_book(epub):
    package = etree.fromstring(epub.read("EPUB/package.opf"))
    listed = {f"EPUB/{item.get('href')}" for item in package.iterfind(".//opf:item", OPF)}
    assert listed == {name for name in epub.namelist() if name.startswith("EPUB/")} - {
        "EPUB/package.opf"}
    [cover] = package.xpath("//opf:item[@properties='cover-image']/@href", namespaces=OPF)
    assert cover == "images/cover.png"


def test_the_navigation_lists_each_chapter_and_its_sections(epub):
    nav = etree.fromstring(epub.read("EPUB/nav.xhtml"))
    [toc] = nav.xpath("//x:nav[@epub:type='toc']/x:ol", namespaces=XHTML)
    entries = [(link.get("href"), link.text) for link in toc.xpath("x:li/x:a", namespaces=XHTML)]
    assert entries == [("floods.xhtml", "1. Floods and Dykes"),
                       ("sources.xhtml", "2. Where the River Begins"),
                       ("delta.xhtml", "3. The Delta"), ("glossary.xhtml", "Glossary")]
    sections = toc.xpath("x:li[1]/x:ol/x:li/x:a/@href", namespaces=XHTML)
    assert sections == ["floods.xhtml#floods-introduction", "floods.xhtml#sec-flood-1",
                        "floods.xhtml#floods-rebuilding", "floods.xhtml#floods-questions"]


def test_each_link_of_the_navigation_reaches_an_id_of_its_document(epub):
    nav = etree.fromstring(epub.read("EPUB/nav.xhtml"))
    for href in nav.xpath("//x:nav[@epub:type='toc']//x:a/@href", namespaces=XHTML):
        name, _, fragment = href.partition("#")
        document = etree.fromstring(epub.read(f"EPUB/{name}"))
        assert document.get("lang") == "en"
        if fragment:
            assert document.xpath("//*[@id=$id]", id=fragment), href
