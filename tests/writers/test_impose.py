"""Saddle-stitch imposition of a real PDF: two pages on each side of a sheet, in the order
that reads right once the sheets are folded and stapled."""
from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path

import pypdf
import pytest
import weasyprint

from book.writers.impose import saddle_order, write_imposed, write_two_up

A5 = (419.53, 595.28)  # points


def _pages(count: int) -> bytes:
    """A PDF of A5 pages, each printing its own number, such as "p3"."""
    body = "".join(f'<p style="break-after: page">p{n}</p>' for n in range(1, count + 1))
    return weasyprint.HTML(string=f"<style>@page {{ size: A5; margin: 20mm }}</style>{body}"
                           ).write_pdf()


def _halves(pdf: Path, sheet: int) -> tuple[str, str]:
    """The text of the left and the right half of one sheet side."""
    width, height = (float(v) for v in pypdf.PdfReader(pdf).pages[sheet].mediabox[2:])

    def text(x: float) -> str:
        return subprocess.run(
            ["pdftotext", "-f", str(sheet + 1), "-l", str(sheet + 1), "-x", str(int(x)),
             "-y", "0", "-W", str(int(width / 2)), "-H", str(int(height)), str(pdf), "-"],
            check=True, capture_output=True, text=True).stdout.strip("\f\n ")
    return text(0), text(width / 2)


def test_the_saddle_order_puts_the_outer_pages_on_the_first_sheet():
    assert saddle_order(8) == [(7, 0), (1, 6), (5, 2), (3, 4)]
    assert saddle_order(4) == [(3, 0), (1, 2)]


def test_six_pages_are_padded_to_eight_on_two_sheets(tmp_path):
    source = _pages(6)
    assert len(pypdf.PdfReader(io.BytesIO(source)).pages) == 6
    target = write_imposed(source, tmp_path / "booklet-saddle.pdf")
    assert target == tmp_path / "booklet-saddle.pdf"
    reader = pypdf.PdfReader(target)
    assert len(reader.pages) == 4  # sides: two sheets, front and back
    width, height = (float(v) for v in reader.pages[0].mediabox[2:])
    assert (width, height) == pytest.approx((2 * A5[0], A5[1]), abs=0.01)


def test_each_side_carries_its_pages_left_and_right_in_saddle_order(tmp_path):
    target = write_imposed(_pages(6), tmp_path / "booklet-saddle.pdf")
    # Pages 7 and 8 are the blank padding.
    assert [_halves(target, side) for side in range(4)] == [
        ("", "p1"), ("p2", ""), ("p6", "p3"), ("p4", "p5")]


def test_two_up_puts_the_pages_in_reading_order_on_landscape_paper(tmp_path):
    source = tmp_path / "handout.pdf"
    source.write_bytes(_pages(5))
    target = write_two_up(source.read_bytes(), tmp_path / "handout-two-up.pdf", (210, 297))
    reader = pypdf.PdfReader(target)
    width, height = (float(v) for v in reader.pages[0].mediabox[2:])
    assert (width, height) == pytest.approx((841.89, 595.28), abs=0.01)  # A4 landscape
    assert [_halves(target, side) for side in range(3)] == [
        ("p1", "p2"), ("p3", "p4"), ("p5", "")]
    # Each page at its own size, in the middle of its half of the sheet.
    [text_left], [left, right] = (_lefts(source), _lefts(target))
    assert left == pytest.approx((width / 2 - A5[0]) / 2 + text_left, abs=0.1)
    assert right == pytest.approx(left + width / 2, abs=0.1)


def _lefts(pdf: Path) -> list[float]:
    """Where each word on the first page begins, from the left edge, in points."""
    words = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", str(pdf), "-"],
                           check=True, capture_output=True, text=True).stdout
    return [float(x) for x in re.findall(r'xMin="([\d.]+)"', words)]
