"""The files a build reads and writes: an author's text files, whatever their line endings
or byte-order mark, and outputs written atomically, so that a failed build never leaves a
half-written file."""
from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import re
import tempfile
import unicodedata
from collections.abc import Iterator
from pathlib import Path

from .errors import BookError


def read_text(path: Path) -> str:
    """A source file's text with \\n line endings; a clear error when it is not UTF-8."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        before = data[: error.start]
        line = before.count(b"\n") + 1
        col = len(before) - (before.rfind(b"\n") + 1) + 1
        raise BookError.at(path, line, col, f"byte 0x{data[error.start]:02x} is not UTF-8; "
                                            "save the file as UTF-8") from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


# What a full disk, a read-only folder or a file in a folder's place make writing raise,
# and what a user can do about each.
FULL = "the disk is full: free some space, or choose another output folder with -o"
READ_ONLY = "the folder cannot be written to: choose another output folder with -o"
IN_THE_WAY = ("a file stands where a folder is needed (or a folder where a file is): move "
              "it, or choose another output folder with -o")
WRITE_FAULTS = {errno.ENOSPC: FULL, errno.EDQUOT: FULL,
                errno.EFBIG: "the file is larger than this folder allows: choose another "
                             "output folder with -o",
                errno.EROFS: READ_ONLY, errno.EACCES: READ_ONLY, errno.EPERM: READ_ONLY,
                errno.ENOTDIR: IN_THE_WAY, errno.EEXIST: IN_THE_WAY, errno.EISDIR: IN_THE_WAY}


def write_atomically(path: Path, data: bytes) -> None:
    """Write `data` to a temporary file beside `path`, then move it into place; a fault
    while writing is an error naming the path, and leaves the file as it was."""
    with located_write_faults(path):
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.",
                                             suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(data)
                file.flush()
                os.fsync(file.fileno())
            os.chmod(temporary, 0o644)
            os.replace(temporary, path)
        except BaseException as error:
            os.unlink(temporary)
            if isinstance(error, OSError) and error.filename == temporary:
                error.filename = str(path)  # the reader knows the file, not our temporary
            raise


@contextlib.contextmanager
def located_write_faults(path: Path) -> Iterator[None]:
    """Turn a fault of the file system (full, read-only) while writing `path`, or a file
    or folder in it, into an error that names the file (`path`, when the fault names none).
    A fault elsewhere, such as a chapter that cannot be read, is not a writing one."""
    try:
        yield
    except OSError as error:
        if not error.filename:
            error.filename = str(path)
        inside = Path(error.filename).resolve().is_relative_to(path.resolve())
        if error.errno not in WRITE_FAULTS or not inside:
            raise
        raise BookError.at(Path(error.filename), 0, 0, f"cannot write here: "
                           f"{error.strerror or error}; {WRITE_FAULTS[error.errno]}") from None


def content_name(path: Path, data: bytes) -> str:
    """A name for a copied file that changes when its content does: stem-digest.suffix, in
    letters an address may hold as they are (an EPUB refuses a space in one): accents are
    taken off (Bastille été -> Bastille-ete), other signs become hyphens."""
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "-", without_accents(path.stem)).strip("-") or "file"
    return f"{stem}-{hashlib.sha256(data).hexdigest()[:12]}{path.suffix.lower()}"


def without_accents(text: str) -> str:
    """`text` with the accents taken off its letters (été -> ete)."""
    return "".join(char for char in unicodedata.normalize("NFKD", text)
                   if not unicodedata.combining(char))
