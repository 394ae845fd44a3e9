"""The EPUB's cover picture: the title on the theme's accent colour, details below."""
from __future__ import annotations

import io
import shutil

import pytest
from conftest import BOOKS
from PIL import Image

from book.build import read_book
from book.errors import Problems
from book.overrides import Override
from book.writers.cover import SIZE, cover_png

BAND = int(SIZE[1] * 0.62)  # the accent's band, from the top


@pytest.fixture(scope="module")
def root(tmp_path_factory):
    root = tmp_path_factory.mktemp("cover") / "basic"
    shutil.copytree(BOOKS / "basic", root)
    return root


def _cover(root, *overrides: Override) -> Image.Image:
    picture = Image.open(io.BytesIO(cover_png(read_book(root, Problems(), overrides))))
    assert (picture.format, picture.size, picture.mode) == ("PNG", (1200, 1800), "RGB")
    return picture


def test_the_cover_is_the_accent_colour_above_and_white_below(root):
    picture = _cover(root)
    assert picture.getpixel((10, 10)) == (0x1f, 0x4e, 0x79)  # classic's accent
    assert picture.getpixel((10, BAND - 1)) == (0x1f, 0x4e, 0x79)
    assert picture.getpixel((10, BAND + 1)) == (255, 255, 255)
    assert picture.getpixel((1190, 1790)) == (255, 255, 255)


def _colours(picture: Image.Image) -> set[tuple[int, int, int]]:
    return {colour for _, colour in picture.getcolors(picture.width * picture.height)}


def test_the_title_is_written_in_white_on_the_band_and_the_authors_below_it(root):
    picture = _cover(root)
    assert (255, 255, 255) in _colours(picture.crop((0, 0, SIZE[0], BAND)))
    assert (0x1f, 0x4e, 0x79) in _colours(picture.crop((0, BAND + 1, SIZE[0], SIZE[1])))


def test_another_theme_gives_the_cover_its_accent(root):
    picture = _cover(root, Override.from_option("--theme", "theme", "modern"))
    assert picture.getpixel((10, 10)) == (0x0b, 0x6e, 0x69)


def test_long_titles_and_class_lines_stay_inside_the_margins(root):
    picture = _cover(root, Override.from_set('title="Acids, Bases and pH: Neutralisation"'),
                     Override.from_set('subtitle="A study booklet for Year 9 chemistry, '
                                       'with practicals and worksheets"'),
                     Override.from_set('classroom.school="Riverside Community School"'),
                     Override.from_set('classroom.course="Chemistry, Year 9 (set 3)"'),
                     Override.from_set('classroom.term="Autumn 2026"'))
    right_edge = picture.crop((SIZE[0] - 60, 0, SIZE[0], SIZE[1]))
    assert _colours(right_edge.crop((0, 0, 60, BAND))) == {(0x1f, 0x4e, 0x79)}
    assert _colours(right_edge.crop((0, BAND + 1, 60, SIZE[1]))) == {(255, 255, 255)}
    # Every line was written: the text reaches well below the band.
    assert (0x1f, 0x4e, 0x79) in _colours(picture.crop((0, BAND + 200, SIZE[0], BAND + 260)))
