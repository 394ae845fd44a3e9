"""Read a text file the author wrote, whatever its line endings or byte-order mark."""
from __future__ import annotations

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
