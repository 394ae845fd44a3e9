"""Booklet imposition: two pages on each side of a sheet, in saddle-stitch order."""
from __future__ import annotations

import io
from pathlib import Path

from pypdf import PdfReader, PdfWriter, Transformation

from ..files import write_atomically


def saddle_order(page_count: int) -> list[tuple[int, int]]:
    """(left, right) page indexes for each sheet side; `page_count` is a multiple of 4.

    Folded and stapled in the middle, sheet 1 carries the first two and last two pages:
    its front shows the last page beside the first, its back the second beside the
    second-to-last, and so on inwards.
    """
    sides = []
    for sheet in range(page_count // 4):
        sides.append((page_count - 1 - 2 * sheet, 2 * sheet))
        sides.append((2 * sheet + 1, page_count - 2 - 2 * sheet))
    return sides


def write_imposed(pdf: bytes, target: Path) -> Path:
    """Write the booklet 2-up on sheets twice the page's width (A5 pages on A4 landscape),
    padded with blank pages to a multiple of 4."""
    reader = PdfReader(io.BytesIO(pdf))
    pages = reader.pages
    width, height = float(pages[0].mediabox.width), float(pages[0].mediabox.height)
    padded = -(-len(pages) // 4) * 4
    writer = PdfWriter()
    for left, right in saddle_order(padded):
        sheet = writer.add_blank_page(width=2 * width, height=height)
        for slot, index in enumerate((left, right)):
            if index < len(pages):
                sheet.merge_transformed_page(pages[index],
                                             Transformation().translate(tx=slot * width))
    output = io.BytesIO()
    writer.write(output)
    write_atomically(target, output.getvalue())
    return target
