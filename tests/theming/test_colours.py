"""Colours made to read on white and on a reader's dark page: the filters themes use."""
from __future__ import annotations

import pytest

from book.theming.colours import (
    DARK_PAGES,
    WHITE,
    contrast,
    for_any_page,
    for_dark_page,
    for_reading_systems,
    rgb,
    see_through,
)


@pytest.mark.parametrize("colour, tint", [
    ("#e9eff6", "rgba(0, 70, 151, 0.086)"),  # classic's accent_light
    ("#e6f2f1", "rgba(0, 122, 112, 0.098)"),  # modern's
    ("#ffffff", "transparent"),
    ("#777777", "rgba(0, 0, 0, 0.533)"),
    ("#1f4e79", "rgba(0, 54, 102, 0.878)"),  # a dark colour stays nearly opaque
])
def test_see_through_is_the_colour_on_white_and_a_tint_on_dark(colour, tint):
    assert see_through(colour) == tint
    *base, alpha = (float(v) for v in tint[5:-1].split(", ")) if tint != "transparent" else (
        0, 0, 0, 0)
    on_white = [alpha * c + (1 - alpha) * 255 for c in base]
    # As near as whole channel values allow.
    assert on_white == pytest.approx([c * 255 for c in rgb(colour)], abs=0.6)


@pytest.mark.parametrize("colour, made", [
    ("#1f4e79", "#4b7093"),  # too dark for a dark page: lightened
    ("#0b6e69", "#1d7974"),
    ("#000000", "#6d6d6d"),
    ("#ffd700", "#897400"),  # too light for white: darkened
    ("#4b7093", "#4b7093"),  # good on both already
])
def test_for_any_page_reads_on_white_and_as_large_text_on_dark(colour, made):
    assert for_any_page(colour) == made
    assert contrast(rgb(made), WHITE) >= 4.5
    assert all(contrast(rgb(made), page) >= 3 for page in DARK_PAGES)


@pytest.mark.parametrize("colour, made", [("#1f4e79", "#859eb6"), ("#ffd700", "#ffd700")])
def test_for_dark_page_reads_as_any_text_on_dark(colour, made):
    assert for_dark_page(colour) == made
    assert all(contrast(rgb(made), page) >= 6 for page in DARK_PAGES)


def test_a_see_through_colour_is_laid_on_white_first():
    assert rgb("#00000080") == pytest.approx((127 / 255,) * 3, abs=0.003)


@pytest.mark.parametrize("written, for_the_epub", [
    # Smaller text takes the reader's colour, and its own on a page said to be dark.
    (".key dt { font-weight: bold; color: #1b6b4a; }",
     ".key dt { font-weight: bold; color: inherit; }\n"
     "@media (prefers-color-scheme: dark) {\n  .key dt { color: #75a692; }\n}\n"),
    # Large text keeps its colour, lightened for dark pages.
    ("h1 { font-size: 2.5em; color: #1b6b4a !important }",
     "h1 { font-size: 2.5em; color: #317a5c !important;}"),
    # A pale box lets the dark page through, and is dark on a page said to be dark.
    (".box { background: #e8f4ee }",
     ".box { background: rgba(0, 133, 67, 0.090);}\n"
     "@media (prefers-color-scheme: dark) {\n"
     "  .box { background-color: rgba(232, 244, 238, 0.08); }\n}\n"),
    # Pale text and a dark box are made for each other; a box of its own colours keeps
    # them, its text made to read on it.
    (".band { background: #123456 } .band p { color: white }",
     ".band { background: #123456 ;} .band p { color: white ;}\n"
     "@media (prefers-color-scheme: dark) {\n"
     "  .band { background-color: rgba(18, 52, 86, 0.90); }\n}\n"),
    (".note { color: #999; background: #eee }",
     ".note { color: #6a6a6a; background: #eee ;}\n"
     "@media (prefers-color-scheme: dark) {\n  .note { color: #9c9c9c; }\n"
     "  .note { background-color: rgba(238, 238, 238, 0.08); }\n}\n"),
    # Print is left alone; other media rules keep their place.
    ("@media print { dt { color: red } }", "@media print { dt { color: red } }"),
    ("@media screen { dt { color: navy } }",
     "@media screen { dt { color: inherit;} }\n@media (prefers-color-scheme: dark) {\n"
     "@media screen {   dt { color: #9797cb; }\n}\n}\n"),
])
def test_a_booklets_own_colours_are_made_for_every_reading_mode(written, for_the_epub):
    assert for_reading_systems(written) == for_the_epub
