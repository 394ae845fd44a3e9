"""Files a build keeps in its cache folder to skip work next time (formatted citations,
laid-out parts): read back, and removed when no build has used them for a month."""
from __future__ import annotations

import contextlib
import time
from pathlib import Path

MONTH = 30 * 24 * 3600


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
