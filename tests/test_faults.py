"""Faults of the machine while writing: a file where the output folder should be, a full
disk, a read-only folder. Each is an error naming the path; earlier outputs stay as they
were, and no half-written cache entry spoils the next build."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import BOOKS, write_book

from book.cli import main


@pytest.fixture
def small_disk(tmp_path):
    """A folder on a file system of its own, 2 MB large, that a test can fill or make
    read-only (mounting needs root, as CI has)."""
    folder = tmp_path / "disk"
    folder.mkdir()
    if os.geteuid() != 0 or subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(folder)],
            capture_output=True).returncode:
        pytest.skip("mounting a small file system needs root")
    yield folder
    subprocess.run(["umount", "-l", str(folder)], check=True)


def _fill(folder: Path, leave: int) -> Path:
    """Fill the file system `folder` is on, up to `leave` bytes."""
    free = shutil.disk_usage(folder).free
    filler = folder / "filler"
    filler.write_bytes(b"\0" * max(free - leave, 0))
    return filler


def _build(root: Path, out: Path, capsys) -> tuple[int, str]:
    code = main(["build", "-C", str(root), "-o", str(out)])
    return code, capsys.readouterr().err


def _outputs(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in out.glob("*.*") if p.is_file()}


def test_an_output_folder_that_is_a_file_is_an_error(tmp_path, capsys):
    root = shutil.copytree(BOOKS / "basic", tmp_path / "basic")
    (tmp_path / "out").write_text("not a folder")
    code, err = _build(root, tmp_path / "out", capsys)
    assert code == 1
    assert "out: error: the output folder is a file" in err
    assert "Traceback" not in err and "internal error" not in err
    assert (tmp_path / "out").read_text() == "not a folder"


def test_a_file_in_place_of_the_cache_folder_is_an_error_naming_it(tmp_path, capsys):
    root = shutil.copytree(BOOKS / "basic", tmp_path / "basic")
    out = tmp_path / "out"
    out.mkdir()
    (out / ".cache").write_text("in the way")
    code, err = _build(root, out, capsys)
    assert code == 1
    assert ".cache" in err and "cannot write here" in err
    assert "Traceback" not in err and "internal error" not in err


def test_a_full_disk_is_an_error_and_earlier_outputs_stay(small_disk, tmp_path, capsys):
    root = shutil.copytree(BOOKS / "basic", tmp_path / "basic")
    out = small_disk / "build"
    assert _build(root, out, capsys)[0] == 0
    before = _outputs(out)
    chapter = next((root / "chapters").glob("*.md"))
    chapter.write_text(chapter.read_text() + "\n\nA sentence added after the first build.\n")
    filler = _fill(small_disk, leave=20_000)
    code, err = _build(root, out, capsys)
    assert code == 1, err
    assert "cannot write here: No space left on device" in err
    assert str(small_disk) in err or "disk/build" in err
    assert "Traceback" not in err and "internal error" not in err
    assert _outputs(out) == before
    assert not [p for p in out.rglob("*.tmp")], "a half-written file was left behind"
    # With room again, the next build works from what the failed one left in the cache.
    filler.unlink()
    code, err = _build(root, out, capsys)
    assert code == 0, err
    text = subprocess.run(["pdftotext", str(out / "basic.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "A sentence added after the first build." in " ".join(text.split())


def test_a_read_only_output_folder_is_an_error_and_earlier_outputs_stay(small_disk, tmp_path,
                                                                         capsys):
    root = write_book(tmp_path / "tiny", {"chapters/01-one.md": "# One\n\nSome text.\n"})
    out = small_disk / "build"
    assert _build(root, out, capsys)[0] == 0
    before = _outputs(out)
    (root / "chapters/01-one.md").write_text("# One\n\nOther text.\n")
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    code, err = _build(root, out, capsys)
    assert code == 1
    assert "cannot write here: Read-only file system" in err
    assert "choose another output folder with -o" in err
    assert "Traceback" not in err and "internal error" not in err
    assert _outputs(out) == before
