"""Write output files atomically, so a failed build never leaves a half-written file."""
from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path


def write_atomically(path: Path, data: bytes) -> None:
    """Write `data` to a temporary file beside `path`, then move it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise


def content_name(path: Path, data: bytes) -> str:
    """A name for a copied file that changes when its content does: stem-digest.suffix."""
    return f"{path.stem}-{hashlib.sha256(data).hexdigest()[:12]}{path.suffix.lower()}"
