"""Start a new booklet: a copy of the starter, which builds at once and explains itself."""
from __future__ import annotations

import shutil
from pathlib import Path

STARTER = Path(__file__).parent.parent / "starter"


class FolderInUse(Exception):
    """The folder asked for is a file, or holds files already: nothing was copied."""


def new_booklet(folder: Path) -> None:
    """Copy the starter booklet into `folder`, which may exist if it is empty."""
    if folder.exists() and not folder.is_dir():
        raise FolderInUse(f"{folder} is a file; choose a new folder")
    if folder.exists() and any(folder.iterdir()):
        raise FolderInUse(f"{folder} already exists and is not empty; choose a new folder")
    shutil.copytree(STARTER, folder, dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns("__pycache__"))
