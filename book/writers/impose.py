"""Two pages on each side of a sheet: in saddle-stitch order, for a folded booklet; or in
reading order, for a handout to photocopy (two-up)."""
from __future__ import annotations

import io
from pathlib import Path

from pypdf import PageObject, PdfReader, PdfWriter, Transformation

from ..files import write_atomically

POINTS_PER_MM = 72 / 25.4


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
    pages = PdfReader(io.BytesIO(pdf)).pages
    width, height = float(pages[0].mediabox.width), float(pages[0].mediabox.height)
    padded = -(-len(pages) // 4) * 4
    return _write_sides(list(pages), saddle_order(padded), (2 * width, height), target)


def write_two_up(pdf: bytes, target: Path, paper_mm: tuple[float, float]) -> Path:
    """Write the pages two to a side of landscape paper (`paper_mm`, its portrait width and
    height), in reading order: 1 beside 2, then 3 beside 4. Each page keeps its size, in
    the middle of its half of the sheet: A5 pages on A4, half-Letter pages on Letter."""
    pages = list(PdfReader(io.BytesIO(pdf)).pages)
    sides = [(first, first + 1) for first in range(0, len(pages), 2)]
    width, height = paper_mm
    return _write_sides(pages, sides, (height * POINTS_PER_MM, width * POINTS_PER_MM), target)


def _write_sides(pages: list[PageObject], sides: list[tuple[int, int]],
                 sheet: tuple[float, float], target: Path) -> Path:
    """Each (left, right) pair of page indexes on a side of the `sheet` (width and height
    in points), each page in the middle of its half; an index past the last page leaves
    its half blank."""
    width, height = sheet
    writer = PdfWriter()
    for side in sides:
        paper = writer.add_blank_page(width=width, height=height)
        for slot, index in enumerate(side):
            if index < len(pages):
                page = pages[index]
                left = slot * width / 2 + (width / 2 - float(page.mediabox.width)) / 2
                bottom = (height - float(page.mediabox.height)) / 2
                paper.merge_transformed_page(page, Transformation().translate(tx=left,
                                                                              ty=bottom))
    output = io.BytesIO()
    writer.write(output)
    write_atomically(target, output.getvalue())
    return target
