"""Make the guides' pictures from real builds: python docs/pictures.py

- docs/sample-pages.png (the README): the sample's cover, contents, first chapter's
  opening and the page of its first figure, side by side;
- docs/classroom-pages.png (the teacher's guide): the page of chapter 4's source
  question as the student edition, the teacher's edition, ink-saver and large print print
  it, and the first sheet side of that chapter's two-up handout;
- docs/blank-pages.png: the sample's first pages with and without `blank_pages`;
- docs/fonts.png: the top of one page of the sample in each theme's fonts and OpenDyslexic;
- docs/box-pages.png: the test booklet with one box of each kind, in classic, ink-saver
  and large print;
- docs/worksheet-pages.png: the test worksheet as a handout, student's and teacher's;
- docs/link-codes.png: web links with `qr_codes = "beside"` and `"chapter-end"`.
"""
from __future__ import annotations

import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

REPOSITORY = Path(__file__).parent.parent
DOCS = REPOSITORY / "docs"
TEST_BOOKS = REPOSITORY / "tests" / "books"
WORKSHEET_PAGE = "Source question"  # the sample's exercise with marks and ruled lines
LINKS_CHAPTER = """# Reading on the web

The [BBC's timeline of modern China](https://www.bbc.co.uk/news/world-asia-pacific-13017882)
gives the campaign's dates in order. The [Wilson Center's digital archive](
https://digitalarchive.wilsoncenter.org/collection/great-leap-forward) holds translated
Party documents of 1958 to 1962, and the [National Archives of Australia](
https://www.naa.gov.au/) its diplomats' reports.

Read one document of the archive and note who wrote it, when and for whom.
"""


@dataclass(frozen=True)
class Page:
    """One page of a PDF to show; `top` and `height` (fractions of the page) crop it."""
    pdf: Path
    number: int
    top: float = 0.0
    height: float = 1.0


def main() -> None:
    from book.cli import main as make_book

    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch)

        def built(*args: str, book: Path = REPOSITORY) -> Path:
            """The PDF that one run of the command line writes, in a folder of its own."""
            folder = Path(tempfile.mkdtemp(dir=out))
            assert make_book([*args, "-C", str(book), "-o", str(folder)]) == 0, args
            [pdf] = folder.glob("*.pdf")
            return pdf

        sample = built("build", "--format", "pdf")
        texts = _page_texts(sample)
        opening = _first(texts, lambda t: "CHAPTER 1" in t)
        _sheet([Page(sample, 1), Page(sample, _first(texts, lambda t: "Contents" in t)),
                Page(sample, opening),
                Page(sample, _first(texts, lambda t: "Figure 1.1 " in t and "CHAPTER" not in t))],
               DOCS / "sample-pages.png")

        classroom = [Page(sample, _first(texts, lambda t: WORKSHEET_PAGE in t))]
        for args in (["--edition", "teacher"], ["--theme", "ink-saver"],
                     ["--theme", "large-print"]):
            pdf = built("build", "--format", "pdf", *args)
            classroom.append(Page(pdf, _first(_page_texts(pdf), lambda t: WORKSHEET_PAGE in t)))
        classroom.append(Page(built("handout", "4", "--two-up"), 1))
        _sheet(classroom, DOCS / "classroom-pages.png")

        no_blanks = built("build", "--format", "pdf", "--set", "blank_pages=false")
        _rows([[Page(sample, n) for n in range(1, 9)],
               [Page(no_blanks, n) for n in range(1, 9)]], DOCS / "blank-pages.png")

        fonts = [Page(sample, _first(texts, _prose, after=opening), 0, 0.4)]
        for args in (["--theme", "modern"], ["--theme", "large-print"],
                     ["--set", "fonts=dyslexic"]):
            pdf = built("build", "--format", "pdf", *args)
            pages = _page_texts(pdf)
            fonts.append(Page(pdf, _first(pages, _prose, after=_first(
                pages, lambda t: "CHAPTER 1" in t)), 0, 0.4))
        _sheet(fonts, DOCS / "fonts.png", resolution=60)

        boxes = TEST_BOOKS / "boxes"
        box_pages = []
        for args in ([], ["--theme", "ink-saver"], ["--theme", "large-print"]):
            pdf = built("build", "--format", "pdf", *args, book=boxes)
            chapter = _first(_page_texts(pdf), lambda t: "CHAPTER 1" in t)
            box_pages.append(Page(pdf, chapter))
        box_pages.append(Page(pdf, chapter + 1))  # large print's boxes run over
        _sheet(box_pages, DOCS / "box-pages.png")

        worksheets = TEST_BOOKS / "worksheets"
        student = built("handout", "1", book=worksheets)
        _sheet([Page(student, 1), Page(student, 2),
                Page(built("handout", "1", "--edition", "teacher", book=worksheets), 1)],
               DOCS / "worksheet-pages.png")

        links = out / "links"
        (links / "chapters").mkdir(parents=True)
        (links / "chapters" / "01-web.md").write_text(LINKS_CHAPTER)
        _sheet([Page(built("handout", "1", "--set", f"qr_codes={how}", book=links), 1, 0, 0.6)
                for how in ("beside", "chapter-end")], DOCS / "link-codes.png",
               resolution=60)


def _page_texts(pdf: Path) -> list[str]:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout.split("\f")


def _first(texts: list[str], wanted: Callable[[str], bool], after: int = 0) -> int:
    """The number (from 1) of the first page after page `after` whose text is wanted."""
    return next(number for number, text in enumerate(texts, 1)
                if number > after and wanted(text))


def _prose(text: str) -> bool:
    """A page of running text: no figure, and no more than a heading's worth of lines."""
    return "Figure" not in text and len(text.split()) > 250


def _picture(page: Page, resolution: int) -> Image.Image:
    stem = page.pdf.parent / f"page-{page.number}"
    subprocess.run(["pdftoppm", "-png", "-r", str(resolution), "-singlefile",
                    "-f", str(page.number), "-l", str(page.number), str(page.pdf), str(stem)],
                   check=True)
    picture = Image.open(f"{stem}.png").convert("RGB")
    top = round(picture.height * page.top)
    return picture.crop((0, top, picture.width, top + round(picture.height * page.height)))


def _sheet(pages: list[Page], target: Path, resolution: int = 40) -> None:
    """The pages side by side, each as tall as the first, on a grey ground."""
    _rows([pages], target, resolution)


def _rows(rows: list[list[Page]], target: Path, resolution: int = 40) -> None:
    """Rows of pages side by side, each as tall as the first, on a grey ground."""
    pictured = [[_picture(page, resolution) for page in row] for row in rows]
    height = pictured[0][0].height
    pictured = [[p.resize((round(p.width * height / p.height), height)) for p in row]
                for row in pictured]
    width = max(sum(p.width + 8 for p in row) for row in pictured) + 8
    sheet = Image.new("RGB", (width, len(rows) * (height + 8) + 8), (200, 200, 200))
    for line, row in enumerate(pictured):
        left = 8
        for picture in row:
            sheet.paste(picture, (left, 8 + line * (height + 8)))
            left += picture.width + 8
    sheet.quantize(colors=64).save(target, optimize=True)


if __name__ == "__main__":
    sys.path.insert(0, str(REPOSITORY))
    main()
