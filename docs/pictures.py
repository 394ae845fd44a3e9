"""Make docs/sample-pages.png from the sample booklet's own PDF: python docs/pictures.py

It builds the sample, then pictures the cover, the contents, the first chapter's opening
and the page of its first figure, side by side.
"""
from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image

REPOSITORY = Path(__file__).parent.parent


def main() -> None:
    from book.build import Options, build

    pdf = next(p for p in build(REPOSITORY, Options(formats=("pdf",))).written)
    pages = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                           capture_output=True, text=True).stdout.split("\f")
    wanted = [1,
              next(i for i, t in enumerate(pages, 1) if "Contents" in t),
              next(i for i, t in enumerate(pages, 1) if "CHAPTER 1" in t),
              next(i for i, t in enumerate(pages, 1) if "Figure 1.1 " in t and "CHAPTER" not in t)]
    with tempfile.TemporaryDirectory() as scratch:
        pictures = []
        for page in wanted:
            stem = Path(scratch) / f"p{page}"
            subprocess.run(["pdftoppm", "-png", "-r", "40", "-singlefile", "-f", str(page),
                            "-l", str(page), str(pdf), str(stem)], check=True)
            pictures.append(Image.open(f"{stem}.png").convert("RGB"))
    width, height = pictures[0].size
    sheet = Image.new("RGB", (len(pictures) * (width + 8) + 8, height + 16), (200, 200, 200))
    for index, picture in enumerate(pictures):
        sheet.paste(picture, (8 + index * (width + 8), 8))
    sheet.quantize(colors=64).save(REPOSITORY / "docs" / "sample-pages.png", optimize=True)


if __name__ == "__main__":
    sys.path.insert(0, str(REPOSITORY))
    main()
