"""QR codes for web links in print (`qr_codes`), end to end: the codes on the printed
page read back to the links' addresses, one for each address in a chapter; the EPUB keeps
plain links."""
from __future__ import annotations

import subprocess
import zipfile
from collections import Counter
from pathlib import Path

import pypdf
import pytest
from conftest import messages, page_texts, write_book
from invariants import page_list_faults

TIMELINE = "https://www.bbc.co.uk/news/world-asia-pacific-13017882"
ARCHIVE = "https://digitalarchive.wilsoncenter.org/collection/great-leap-forward"
SEARCH = "https://digitalarchive.wilsoncenter.org/search"
WIKI = "https://en.wikipedia.org/wiki/Great_Leap_Forward"
FILLER = " ".join(["The harvest was gathered by hand and carried to the threshing floor."] * 8)
CHAPTER_ONE = f"""# Sources online

The [BBC's timeline]({TIMELINE}) gives the dates of the campaign in order.[^n] {FILLER}

The [same timeline]({TIMELINE}) again, and the [Wilson Center's archive]({ARCHIVE})
holds translated documents. See also <{WIKI}>. A link [inside the booklet](#sources-online)
and a [link to mail](mailto:office@example.org) get no code.

[^n]: The [archive's search page]({SEARCH}) finds more.
"""
CHAPTER_TWO = f"""# Again

The [timeline]({TIMELINE}) once more, in another chapter.
"""


def build(make_book, tmp_path: Path, how: str | None, *args: str) -> Path:
    """Build the two-chapter book with `qr_codes = how` (unset for None); its build folder."""
    setting = f'qr_codes = "{how}"\n' if how else ""
    root = write_book(tmp_path / "links", {
        "book.toml": f'title = "Links"\n{setting}',
        "chapters/01-sources.md": CHAPTER_ONE, "chapters/02-again.md": CHAPTER_TWO})
    run = make_book("links", *args, root=root)
    assert run.code == 0, run.err
    return root / "build"


def decoded(pdf: Path, folder: Path) -> list[str]:
    """What zbarimg reads from the QR codes of every page, drawn by poppler at 150 dpi."""
    subprocess.run(["pdftoppm", "-png", "-r", "150", str(pdf), str(folder / "page")],
                   check=True)
    result = subprocess.run(["zbarimg", "--quiet", "--raw", *sorted(map(str, folder.glob(
        "page*.png")))], capture_output=True, text=True)
    assert result.returncode in (0, 4), result.stderr  # 4: no code on any page
    return result.stdout.splitlines()


def web_annotations(pdf: Path) -> set[str]:
    """The addresses the PDF's links open, but for mail."""
    return {annotation.get_object()["/A"]["/URI"]
            for page in pypdf.PdfReader(pdf).pages for annotation in page.get("/Annots", [])
            if "/URI" in annotation.get_object().get("/A", {})} - {"mailto:office@example.org"}


def test_by_default_the_pdf_has_no_codes(make_book, tmp_path):
    built = build(make_book, tmp_path, None)
    assert decoded(built / "links.pdf", tmp_path) == []
    assert "Links in this chapter" not in " ".join(page_texts(built / "links.pdf"))
    assert web_annotations(built / "links.pdf") == {TIMELINE, ARCHIVE, SEARCH, WIKI}


@pytest.mark.parametrize("how", ["beside", "chapter-end"])
def test_each_web_address_of_a_chapter_gets_one_code_that_reads_back_to_it(
        make_book, tmp_path, how):
    built = build(make_book, tmp_path, how)
    pdf = built / "links.pdf"
    # The timeline twice in the first chapter, once in the second; the footnote's too.
    assert Counter(decoded(pdf, tmp_path)) == {TIMELINE: 2, ARCHIVE: 1, SEARCH: 1, WIKI: 1}
    # Vector codes: no picture in the PDF; and its links still open.
    images = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True,
                            text=True, check=True).stdout.splitlines()
    assert len(images) == 2, images  # the header alone
    assert web_annotations(pdf) == {TIMELINE, ARCHIVE, SEARCH, WIKI}


def test_at_the_chapter_end_each_link_is_marked_and_listed_with_its_address(
        make_book, tmp_path):
    built = build(make_book, tmp_path, "chapter-end", "--format", "pdf,epub")
    text = " ".join(" ".join(page.split()) for page in page_texts(built / "links.pdf"))
    # In reading order, the footnote's link (its call) before the next paragraph's.
    assert "BBC’s timeline[1] gives" in text and "same timeline[1] again" in text
    assert "archive’s search page[2] finds" in text
    # An address may break over two lines, where the text reads a space.
    assert "Wilson Center’s archive[3] holds" in text and f"{WIKI}[4]." in text.replace(" ", "")
    assert "inside the booklet and a link to mail get no code" in text
    first, second = text.split("Links in this chapter")[1:]
    assert f"[1] BBC’s timeline {TIMELINE}" in first and first.count(TIMELINE) == 1
    assert f"[2] archive’s search page {SEARCH}" in first
    assert f"[4] {WIKI}" in first  # a bare address is printed once
    assert f"[1] timeline {TIMELINE}" in second
    # The EPUB's page list still matches the printed pages, which the lists lengthen.
    assert not page_list_faults(built / "links.pdf", built / "links.epub")


def test_the_epub_keeps_plain_links_without_codes(make_book, tmp_path):
    built = build(make_book, tmp_path, "chapter-end", "--format", "pdf,epub")
    with zipfile.ZipFile(built / "links.epub") as archive:
        chapters = " ".join(archive.read(name).decode() for name in archive.namelist()
                            if name.endswith(".xhtml"))
    assert "qr-code" not in chapters and "svg" not in chapters
    assert "link-mark" not in chapters and "Links in this chapter" not in chapters
    assert f'href="{TIMELINE}">BBC’s timeline</a>' in chapters


@pytest.mark.parametrize("given", [("book.toml", 'qr_codes = "margin"\n'),
                                   ("--set", "")])
def test_a_wrong_value_names_the_setting_and_its_values(make_book, tmp_path, given):
    where, toml = given
    root = write_book(tmp_path / "wrong", {"book.toml": toml,
                                           "chapters/01-a.md": "# A\n\nText.\n"})
    args = ("--set", "qr_codes=margin") if where == "--set" else ()
    run = make_book("wrong", *args, root=root)
    assert run.code == 1
    place = f"{root / 'book.toml'}:1:1" if where == "book.toml" else "--set qr_codes=margin"
    assert messages(run.err)[0] == (f"{place}: error: qr_codes 'margin' is not one of none, "
                                    "beside, chapter-end"), run.err
    assert "Traceback" not in run.err
