"""The author's tools: new, check, and quiet output when nobody watches."""
from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import messages, write_book

from book.cli import main

REPOSITORY = Path(__file__).parent.parent


def test_new_then_build(tmp_path, capsys):
    folder = tmp_path / "booklet"
    assert main(["new", str(folder)]) == 0
    assert (folder / "book.toml").is_file() and (folder / "figures" / "rainfall.py").is_file()
    assert main(["build", "-C", str(folder)]) == 0
    assert (folder / "build" / "booklet.pdf").is_file()
    assert (folder / "build" / "booklet.epub").is_file()
    with zipfile.ZipFile(folder / "build" / "booklet.epub") as epub:
        assert "<math" in epub.read("EPUB/evidence.xhtml").decode(), "one equation"
    assert main(["check", "-C", str(folder)]) == 0, "a new booklet has nothing to fix"
    assert "0 errors, 0 warnings" in capsys.readouterr().err


def test_new_says_the_next_command_as_it_can_be_pasted(tmp_path):
    folder = tmp_path / "nouveau livret"
    run = subprocess.run(["make-book", "new", str(folder)], capture_output=True, text=True,
                         cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    next_line = run.stdout.splitlines()[-1].removeprefix("next: ")
    done = subprocess.run(f"{next_line} --format html -q", shell=True, cwd=tmp_path,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert (folder / "build" / "nouveau-livret.html").is_file()


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
    lines = [line.split("books/check/")[-1] for line in messages(err)]
    expected = [
        "chapters/01-errors.md:4:3: note: the key term 'Zeppelin' is not used",
        "chapters/01-errors.md:8:48: error: unknown citation key 'nobody1999'",
        "chapters/01-errors.md:10:30: error: @fig-nowhere refers to no figure",
        "chapters/01-errors.md:12:17: warning: the link #nowhere leads nowhere",
        "chapters/01-errors.md:14:22: error: 'images/missing.png' does not exist",
        "chapters/01-errors.md:16:26: error: this index marker is not closed",
        "chapters/01-errors.md:20:49: warning: the figure has no alt text",
        "chapters/01-errors.md:22:25: warning: no font of the theme",
        # A front matter value of the wrong shape does not hide the chapter's text.
        "chapters/02-shape.md:3:1: error: objectives must be a list",
        "chapters/02-shape.md:6:30: error: @tbl-nowhere refers to no figure",
        "figures/broken.py:6:1: error: the figure script failed: ValueError: the data ran out",
        "references.bib:3:1: note: 'unused2001' is never cited",
        "7 errors, 3 warnings, 2 notes",
    ]
    assert len(lines) == len(expected), err
    for line, start in zip(lines, expected):
        assert line.startswith(start), (line, start)


def test_check_places_what_epubcheck_finds_on_the_chapter_it_comes_from(tmp_path, capsys):
    # A time that is not one: only a validator knows what HTML allows there.
    root = write_book(tmp_path / "invalid", {"chapters/01-one.md": (
        '# One\n\nOn <time datetime="the ninth">9 May</time>.\n')})
    assert main(["check", "-C", str(root)]) == 1
    err = capsys.readouterr().err
    assert "one.md: error: the EPUB made from this is not valid in its EPUB/one.xhtml, " \
        "line " in err
    assert 'value of attribute "datetime" is invalid' in err and "(EPUBCheck RSC-005)" in err
    assert "PK" not in err, "no line of the zipped EPUB is quoted"


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
    from book.settings_docs import settings_reference

    written = (REPOSITORY / "docs" / "settings.md").read_text()
    assert written == settings_reference(), "run: python -m book.settings_docs > docs/settings.md"


CITED = "# One\n\nText [@a].\n\n"
BAD_BOOKS = {
    "missing-script": {"chapters/one.md": CITED + '![M](figures/missing.py){#fig-m fig-alt="x"}\n'},
    "script-outside": {"chapters/one.md": '# One\n\n![M](../outside.py){#fig-m fig-alt="x"}\n'},
    "script-a-folder": {"chapters/one.md": '# One\n\n![M](figures/d.py){#fig-m fig-alt="x"}\n',
                        "figures/d.py/inside.txt": "1"},
    "missing-image": {"chapters/one.md": "# One\n\n![M](images/Logo.PNG)\n",
                      "images/logo.png": b"x"},
    "missing-bibliography": {"book.toml": 'bibliography = "absent.bib"\n',
                             "chapters/one.md": CITED},
    "missing-data": {"chapters/one.md": '# One\n\n![M](figures/d.py){#fig-m fig-alt="x"}\n',
                     "figures/d.py": "def draw(style):\n    open('figures/data/absent.csv')\n"},
    "missing-stylesheet": {"book.toml": 'css = ["absent.css"]\n', "chapters/one.md": "# One\n"},
    "missing-chapter": {"book.toml": 'chapters = ["chapters/two.md"]\n',
                        "chapters/one.md": "# One\n"},
}


@pytest.mark.parametrize("name", sorted(BAD_BOOKS))
def test_check_finds_every_error_build_finds(name, tmp_path, capsys):
    root = write_book(tmp_path / name, BAD_BOOKS[name])
    assert main(["build", "-C", str(root)]) == 1
    built = {line for line in capsys.readouterr().err.splitlines() if ": error: " in line}
    assert built
    assert main(["check", "-C", str(root)]) == 1
    checked = capsys.readouterr().err
    assert "Traceback" not in checked
    assert built <= set(checked.splitlines()), checked
