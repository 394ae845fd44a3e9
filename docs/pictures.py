"""Make the guides' pictures from the sample booklet's own builds: python docs/pictures.py

- docs/sample-pages.png (the README): the cover, the contents, the first chapter's opening
  and the page of its first figure, side by side;
- docs/classroom-pages.png (the teacher's guide): the page of chapter 4's source
  question as the student edition, the teacher's edition, ink-saver and large print print
  it, and the first sheet side of that chapter's two-up handout.
"""
from __future__ import annotations

import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from PIL import Image

REPOSITORY = Path(__file__).parent.parent
WORKSHEET_PAGE = "Source question"  # the sample's exercise with marks and ruled lines


def main() -> None:
    from book.cli import main as make_book

    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch)

        def built(*args: str) -> Path:
            """The PDF that one run of the command line writes into the scratch folder."""
            before = set(out.glob("*.pdf"))
            assert make_book([*args, "-C", str(REPOSITORY), "-o", str(out)]) == 0, args
            [pdf] = set(out.glob("*.pdf")) - before
            return pdf

        book = built("build", "--format", "pdf")
        texts = _page_texts(book)
        sample = [(book, 1),
                  (book, _first(texts, lambda t: "Contents" in t)),
                  (book, _first(texts, lambda t: "CHAPTER 1" in t)),
                  (book, _first(texts, lambda t: "Figure 1.1 " in t and "CHAPTER" not in t))]
        _sheet(sample, REPOSITORY / "docs" / "sample-pages.png", out)

        classroom = [(book, _first(texts, lambda t: WORKSHEET_PAGE in t))]
        for args in (["--edition", "teacher"], ["--theme", "ink-saver"],
                     ["--theme", "large-print"]):
            pdf = built("build", "--format", "pdf", *args)
            classroom.append((pdf, _first(_page_texts(pdf), lambda t: WORKSHEET_PAGE in t)))
        classroom.append((built("handout", "4", "--two-up"), 1))
        _sheet(classroom, REPOSITORY / "docs" / "classroom-pages.png", out)


def _page_texts(pdf: Path) -> list[str]:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout.split("\f")


def _first(texts: list[str], wanted: Callable[[str], bool]) -> int:
    """The number (from 1) of the first page whose text is wanted."""
    return next(number for number, text in enumerate(texts, 1) if wanted(text))


def _sheet(pages: list[tuple[Path, int]], target: Path, scratch: Path) -> None:
    """The pages side by side, each as tall as the first, on a grey ground."""
    pictures = []
    for index, (pdf, page) in enumerate(pages):
        stem = scratch / f"page-{index}"
        subprocess.run(["pdftoppm", "-png", "-r", "40", "-singlefile", "-f", str(page),
                        "-l", str(page), str(pdf), str(stem)], check=True)
        pictures.append(Image.open(f"{stem}.png").convert("RGB"))
    height = pictures[0].height
    pictures = [p.resize((round(p.width * height / p.height), height)) for p in pictures]
    sheet = Image.new("RGB", (sum(p.width + 8 for p in pictures) + 8, height + 16),
                      (200, 200, 200))
    left = 8
    for picture in pictures:
        sheet.paste(picture, (left, 8))
        left += picture.width + 8
    sheet.quantize(colors=64).save(target, optimize=True)


if __name__ == "__main__":
    sys.path.insert(0, str(REPOSITORY))
    main()
