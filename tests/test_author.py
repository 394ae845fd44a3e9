"""The author's tools: new, check, and quiet output when nobody watches."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from book.cli import main

REPOSITORY = Path(__file__).parent.parent


def test_new_then_build(tmp_path, capsys):
    folder = tmp_path / "booklet"
    assert main(["new", str(folder)]) == 0
    assert (folder / "book.toml").is_file() and (folder / "figures" / "rainfall.py").is_file()
    assert main(["build", "-C", str(folder)]) == 0
    assert (folder / "build" / "booklet.pdf").is_file()
    assert (folder / "build" / "booklet.epub").is_file()
    assert main(["check", "-C", str(folder)]) == 0, "a new booklet has nothing to fix"
    assert "0 errors, 0 warnings" in capsys.readouterr().err


def test_new_refuses_a_folder_in_use(tmp_path):
    (tmp_path / "used").mkdir()
    (tmp_path / "used" / "notes.txt").write_text("mine")
    try:
        main(["new", str(tmp_path / "used")])
    except SystemExit as exit:
        assert exit.code == 2
    assert (tmp_path / "used" / "notes.txt").read_text() == "mine"


def test_check_lists_every_problem_in_order(tmp_path, capsys):
    root = Path(__file__).parent / "books" / "check"
    code = main(["check", "-C", str(root), "-o", str(tmp_path)])
    err = capsys.readouterr().err
    assert code == 1
    lines = [line.split("books/check/")[-1] for line in err.splitlines()]
    expected = [
        "chapters/01-errors.md:4:3: note: the key term 'Zeppelin' is not used",
        "chapters/01-errors.md:7:48: error: unknown citation key 'nobody1999'",
        "chapters/01-errors.md:9:30: error: @fig-nowhere refers to no figure",
        "chapters/01-errors.md:11:17: warning: the link #nowhere leads nowhere",
        "chapters/01-errors.md:13:22: error: 'images/missing.png' does not exist",
        "chapters/01-errors.md:15:26: error: this index marker is not closed",
        "chapters/01-errors.md:19:49: warning: the figure has no alt text",
        "chapters/01-errors.md:21:25: warning: no font of the theme",
        "figures/broken.py:6:1: error: the figure script failed: ValueError: the data ran out",
        "references.bib:3:1: note: 'unused2001' is never cited",
        "5 errors, 3 warnings, 2 notes",
    ]
    assert len(lines) == len(expected), err
    for line, start in zip(lines, expected):
        assert line.startswith(start), (line, start)


def test_quiet_when_piped(tmp_path):
    root = tmp_path / "piped"
    assert main(["new", str(root)]) == 0
    environment = {k: v for k, v in os.environ.items() if k != "CI"}
    run = subprocess.run([sys.executable, str(REPOSITORY / "make_book.py"), "-C", str(root),
                          "--format", "pdf"], capture_output=True, text=True, env=environment)
    assert run.returncode == 0, run.stderr
    assert "\r" not in run.stderr and "[" not in run.stderr, "no progress bar in a pipe"
    assert run.stdout.strip().startswith("wrote ")
    quiet = subprocess.run([sys.executable, str(REPOSITORY / "make_book.py"), "-C", str(root),
                            "--format", "pdf", "--quiet"], capture_output=True, text=True)
    assert quiet.returncode == 0 and quiet.stdout == "" and quiet.stderr == ""


def test_the_settings_reference_matches_the_code():
    from book.reference import settings_reference

    written = (REPOSITORY / "docs" / "settings.md").read_text()
    assert written == settings_reference(), "run: python -m book.reference > docs/settings.md"
