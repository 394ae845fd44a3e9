"""The figures' cache entries: one per script and style, fresh while what the script read is."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from book.cache import Store
from book.figures.entries import entry_key, fresh_entry, keep
from book.figures.runner import FigureStyle

STYLE = FigureStyle(font_family="DejaVu Serif", font_size=9.0, text_colour="#222222",
                    palette=["#1f77b4", "#ff7f0e"], greyscale=False, markers=["o", "s"],
                    hatches=["", "//"], line_width=1.0, width=5.0, height=3.0)


def _booklet(root: Path) -> Path:
    (root / "figures" / "data").mkdir(parents=True)
    (root / "figures" / "data" / "harvest.csv").write_text("year,tonnes\n1958,200\n")
    script = root / "figures" / "harvest.py"
    script.write_text("def draw(style):\n    return None\n")
    return script


def test_an_entry_is_fresh_until_a_file_its_script_read_changes(tmp_path):
    script, store = _booklet(tmp_path), Store(tmp_path / "cache")
    key = entry_key(script, STYLE, tmp_path)
    warnings = [{"line": 2, "message": "a warning"}]
    keep(store, key, b"<svg/>", ["figures/data/harvest.csv"], tmp_path, warnings)
    assert fresh_entry(store, key, tmp_path).warnings == warnings
    (tmp_path / "figures" / "data" / "harvest.csv").write_text("year,tonnes\n1958,250\n")
    assert fresh_entry(store, key, tmp_path) is None


def test_a_style_of_its_own_keeps_its_own_entry_beside_the_others(tmp_path):
    script, store = _booklet(tmp_path), Store(tmp_path / "cache")
    large = replace(STYLE, font_size=12.0)
    keys = [entry_key(script, style, tmp_path) for style in (STYLE, large)]
    assert keys[0] != keys[1] and all(key.startswith("harvest-") for key in keys)
    for key, svg in zip(keys, (b"<svg>small</svg>", b"<svg>large</svg>")):
        keep(store, key, svg, [], tmp_path, [])
    assert all(fresh_entry(store, key, tmp_path) is not None for key in keys)
    assert store.read(keys[0], ".svg") == b"<svg>small</svg>"


def test_a_changed_script_or_a_missing_svg_is_drawn_again(tmp_path):
    script, store = _booklet(tmp_path), Store(tmp_path / "cache")
    key = entry_key(script, STYLE, tmp_path)
    keep(store, key, b"<svg/>", [], tmp_path, [])
    script.write_text("def draw(style):\n    return 1\n")
    assert entry_key(script, STYLE, tmp_path) != key
    store.path(key, ".svg").unlink()
    assert fresh_entry(store, key, tmp_path) is None


def test_print_and_screen_keep_entries_of_their_own(tmp_path):
    script = _booklet(tmp_path)
    keys = {entry_key(script, replace(STYLE, medium=medium), tmp_path)
            for medium in ("print", "screen")}
    assert len(keys) == 2


def test_an_entry_is_stale_when_a_font_it_was_drawn_in_changes(tmp_path):
    """A font is an input by its absolute path, wherever it is: on screen its outlines
    are in the SVG, and in print its measures place the text."""
    script, store = _booklet(tmp_path / "booklet"), Store(tmp_path / "cache")
    font = tmp_path / "fonts" / "Serif.ttf"
    font.parent.mkdir()
    font.write_bytes(b"first outlines")
    key = entry_key(script, STYLE, tmp_path / "booklet")
    keep(store, key, b"<svg/>", [str(font)], tmp_path / "booklet", [])
    assert fresh_entry(store, key, tmp_path / "booklet") is not None
    font.write_bytes(b"other outlines")
    assert fresh_entry(store, key, tmp_path / "booklet") is None
