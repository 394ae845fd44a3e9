"""What a build keeps in its cache folder to skip work next time.

- The stamp: a digest of every input, kept beside the outputs. A rebuild with the same
  sources, builder, options and outputs already in place has nothing to do; this check
  is made before anything heavy is imported or read.
- Cached files (formatted citations, drawn figures, laid-out parts): read back, and
  removed when no build has used them for a month.
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import os
import time
from pathlib import Path

from .files import write_atomically

PACKAGE = Path(__file__).parent
STAMP = "stamp.json"
MONTH = 30 * 24 * 3600


def inputs_digest(root: Path, out_dir: Path, options: object) -> str:
    """A hash of the booklet's files (not its outputs), the builder's code and the options."""
    digest = hashlib.sha256(repr(options).encode())
    digest.update(os.environ.get("SOURCE_DATE_EPOCH", "").encode())
    for folder in (root, PACKAGE):
        for path in sorted(folder.rglob("*")):
            if path.is_file() and not _skipped(path, folder, out_dir):
                digest.update(str(path.relative_to(folder)).encode())
                digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _skipped(path: Path, folder: Path, out_dir: Path) -> bool:
    parts = path.relative_to(folder).parts
    return (path.resolve().is_relative_to(out_dir) or "__pycache__" in parts
            or any(part.startswith(".") for part in parts))


def up_to_date(cache: Path, digest: str) -> list[Path] | None:
    """The outputs of the last build, if it had these inputs and they are still in place."""
    try:
        stamp = json.loads((cache / STAMP).read_text())
    except (OSError, ValueError):
        return None
    if stamp.get("digest") != digest:
        return None
    outputs = [Path(name) for name in stamp["outputs"]]
    for path in outputs:
        if not path.is_file() or file_digest(path) != stamp["outputs"][str(path)]:
            return None
    return outputs


def record(cache: Path, digest: str, outputs: list[Path]) -> None:
    """Remember what this build read and wrote."""
    stamp = {"digest": digest, "outputs": {str(path): file_digest(path) for path in outputs}}
    # Whole, since other builds (a batch's classes) may read it at the same time.
    write_atomically(cache / STAMP, json.dumps(stamp, indent=1).encode())


def file_digest(path: Path) -> str:
    """The SHA-256 of a file's bytes, in hex."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read_cached(path: Path) -> bytes | None:
    """A cached file's bytes, marked as used; None when there is none."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    with contextlib.suppress(OSError):
        path.touch()  # used: see forget_unused
    return data


def forget_unused(folder: Path) -> None:
    """Remove the files that no build has used for a month. (Not only this build's: a
    handout or another class's edition may share the folder.)"""
    month_ago = time.time() - MONTH
    for path in folder.glob("*"):
        with contextlib.suppress(OSError):  # another build may have removed it
            if path.stat().st_mtime < month_ago:
                path.unlink()
