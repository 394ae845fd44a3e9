"""The figures' cache: each drawn SVG, and beside it an entry with the files it was drawn
from (what its script read, and its fonts) and the warnings it gave. A script has one entry
per figure style, so builds in other styles (a class's theme or page size, print or screen)
share the folder, even at the same time, without touching each other's; an entry is fresh
while every file it was drawn from is unchanged."""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from ..cache import Store, cache_key, file_digest
from .runner import FigureStyle

ENTRY = ".json"
SVG = ".svg"


@dataclass(frozen=True)
class Entry:
    """What the cache knows of a drawn figure besides its SVG."""

    # Each file the figure was drawn from -> SHA-256: the files its script read, by their
    # path in the booklet folder, and its fonts, by their absolute path.
    inputs: dict[str, str]
    warnings: list[dict[str, Any]]  # what the script gave when drawn: line and message

    def is_fresh(self, root: Path) -> bool:
        """Whether every file the figure was drawn from is as it was (a font's absolute
        path stays itself under `root`)."""
        return all((root / name).is_file() and file_digest(root / name) == digest
                   for name, digest in self.inputs.items())


def entry_key(script: Path, style: FigureStyle, root: Path) -> str:
    """The key of a script's SVG and entry in a style: the script's name, so that the
    folder reads, and the hash of the style, the script and the builder."""
    style_json = json.dumps(asdict(style), sort_keys=True, default=str)
    key = cache_key(style_json, str(script.relative_to(root)), script.read_bytes())
    return f"{script.stem}-{key}"


def fresh_entry(store: Store, key: str, root: Path) -> Entry | None:
    """The entry under `key`, if its SVG is kept and still matches every file the script
    read; None when the figure must be drawn."""
    try:
        entry = Entry(**json.loads(store.read(key, ENTRY) or b""))
    except (ValueError, TypeError):
        return None  # none yet, or a damaged one: draw it again
    if not store.holds(key, SVG) or not entry.is_fresh(root):
        return None
    return entry


def keep(store: Store, key: str, svg: bytes, read: list[str], root: Path,
         warnings: list[dict[str, Any]]) -> Entry:
    """Keep a drawn figure and its entry: the files it was drawn from (`read`, relative to
    `root` or absolute) with their digests, and its warnings. The SVG goes first, so an
    entry always has its SVG."""
    store.write(key, SVG, svg)
    entry = Entry({path: file_digest(root / path) for path in read}, warnings)
    store.write(key, ENTRY, json.dumps(asdict(entry), sort_keys=True).encode())
    return entry
