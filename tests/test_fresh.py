"""Rebuilds are never stale: after any kind of input changes, a rebuild into the same
folder (with its build stamp and figure cache) gives exactly what a clean build gives."""
from __future__ import annotations

import shutil
from pathlib import Path

from conftest import BOOKS

from book.cli import main

# (kind of input, file, text before, text after)
CHANGES = [
    ("chapter", "chapters/01-wheat.md", "sown in the autumn", "sown in the spring"),
    ("citation in a chapter", "chapters/01-wheat.md", "p. 4", "p. 9"),
    ("figure script", "figures/sown.py", '"Hectares"', '"Hectares sown"'),
    ("figure data", "figures/data/sown.csv", "1952,150", "1952,180"),
    ("image", "images/field.svg", 'fill="#2a6"', 'fill="#a62"'),
    ("bibliography", "references.bib", "Fields of Wheat", "Fields of Barley"),
    ("theme", "styles/house/house.css", "0.02em", "0.2em"),
    ("settings", "book.toml", 'title = "Fresh Outputs"', 'title = "Fresh Outputs Again"'),
]


def outputs(folder: Path) -> dict[str, bytes]:
    return {suffix: (folder / f"fresh.{suffix}").read_bytes() for suffix in ("pdf", "epub")}


def build(root: Path, out: Path) -> dict[str, bytes]:
    assert main(["build", "-C", str(root), "-o", str(out), "-q"]) == 0
    return outputs(out)


def test_every_kind_of_input_change_reaches_both_outputs(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # the same bytes in both folders
    root = tmp_path / "fresh"
    shutil.copytree(BOOKS / "fresh", root)
    kept = tmp_path / "kept"
    before = build(root, kept)
    for number, (kind, name, old, new) in enumerate(CHANGES):
        path = root / name
        text = path.read_text()
        assert old in text, (kind, name)
        path.write_text(text.replace(old, new))
        rebuilt = build(root, kept)
        assert rebuilt == build(root, tmp_path / f"clean-{number}"), \
            f"after a change to the {kind}, the rebuild differs from a clean build"
        for suffix in ("pdf", "epub"):
            assert rebuilt[suffix] != before[suffix], \
                f"the {kind} change left the {suffix} as it was"
        before = rebuilt
