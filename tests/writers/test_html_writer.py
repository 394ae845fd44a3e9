"""The book as one HTML page: its images are copied beside it, each named by its content."""
from __future__ import annotations

import hashlib
from pathlib import Path

import lxml.html
from conftest import png, write_book

from book.build import read_book
from book.errors import Problems
from book.writers.web import write_html

SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>\n'


def _book(tmp_path, map_png: bytes):
    root = write_book(tmp_path / "pictured", {
        "book.toml": 'title = "Maps"\n',
        "chapters/one.md": '# One\n\n![A map](images/map.png){#fig-map fig-alt="A red box"}\n\n'
                           '![A plan](plan.svg){#fig-plan fig-alt="An empty square"}\n',
        "images/map.png": map_png, "plan.svg": SVG})
    report = Problems()
    book = read_book(root, report)
    assert (report.items, report.warnings) == ([], [])
    return book


def _named(name: str, data: bytes) -> str:
    stem, suffix = name.rsplit(".", 1)
    return f"{stem}-{hashlib.sha256(data).hexdigest()[:12]}.{suffix}"


def _pictures(folder: Path) -> list[str]:
    """The chapters' pictures in the page's folder, not the theme's own warning sign."""
    return sorted(p.name for p in folder.iterdir() if not p.name.startswith("warning-"))


def test_the_images_are_copied_beside_the_page_named_by_their_content(tmp_path):
    red = png("red")
    target = write_html(_book(tmp_path, red), tmp_path / "out" / "maps.html")
    assert target == tmp_path / "out" / "maps.html"
    files = tmp_path / "out" / "maps-files"
    assert _pictures(files) == sorted([_named("map.png", red), _named("plan.svg", SVG)])
    assert (files / _named("map.png", red)).read_bytes() == red
    page = lxml.html.fromstring(target.read_bytes())
    assert page.xpath("//img/@src") == [f"maps-files/{_named('map.png', red)}",
                                        f"maps-files/{_named('plan.svg', SVG)}"]


def test_an_image_with_new_content_gets_a_new_name(tmp_path):
    red, blue = png("red"), png("blue")
    write_html(_book(tmp_path / "a", red), tmp_path / "a.html")
    write_html(_book(tmp_path / "b", blue), tmp_path / "b.html")
    assert (tmp_path / "b-files" / _named("map.png", blue)).read_bytes() == blue
    assert not (tmp_path / "b-files" / _named("map.png", red)).exists()


def test_a_rebuild_leaves_no_picture_the_page_no_longer_shows(tmp_path):
    red, blue = png("red"), png("blue")
    write_html(_book(tmp_path / "a", red), tmp_path / "out" / "maps.html")
    write_html(_book(tmp_path / "b", blue), tmp_path / "out" / "maps.html")
    assert _pictures(tmp_path / "out" / "maps-files") == sorted(
        [_named("map.png", blue), _named("plan.svg", SVG)])


def test_the_page_carries_the_themes_screen_stylesheet(tmp_path):
    target = write_html(_book(tmp_path, png("red")), tmp_path / "maps.html")
    page = lxml.html.fromstring(target.read_bytes())
    [style] = page.xpath("//head/style/text()")
    assert "#1f4e79" in style  # classic's accent, filled in
    assert "{{" not in style


def test_a_table_is_put_in_a_box_of_its_own_and_the_text_after_it_stays(tmp_path):
    root = write_book(tmp_path / "tabled", {
        "chapters/one.md": "# One\n\nBefore.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nAfter.\n"})
    report = Problems()
    target = write_html(read_book(root, report), tmp_path / "tabled.html")
    body = lxml.html.fromstring(target.read_bytes()).find_class("chapter-body")[0]
    assert [(e.tag, e.get("class"), e.text_content().split()) for e in body] == [
        ("p", None, ["Before."]), ("div", "table-scroll", ["a", "b", "1", "2"]),
        ("p", None, ["After."])]
