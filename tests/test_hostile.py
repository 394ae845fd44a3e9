"""Hostile input and faults: every case builds correctly or fails at path:line:col, with no
traceback, no network, and nothing lost."""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from conftest import BOOKS, page_texts, write_book

from book.cli import main

REPOSITORY = Path(__file__).parent.parent
DEEP = "# Deep\n\n" + "".join(">" * depth + f" level {depth}\n" for depth in range(1, 90))

# name: (files, expected: None to build, or the start of the one error, file:line:col)
CASES = {
    "empty chapter": ({"chapters/one.md": ""}, "one.md:1:1: error: the chapter has no title"),
    "title only": ({"chapters/one.md": "---\ntitle: Just a title\n---\n"}, None),
    "huge chapter": ({"chapters/one.md": "# Big\n\n" + "word " * 700_000},
                     "one.md:1:1: error: this chapter is 3.5 MB"),
    "deep quotes": ({"chapters/one.md": DEEP}, "one.md:62:62: error: lists or quotes are nested"),
    "deep lists": ({"chapters/one.md": "# Lists\n\n" + "".join(
        "    " * depth + f"- item {depth}\n" for depth in range(70))},
        "one.md:33:123: error: lists or quotes are nested"),
    "unclosed label": ({"chapters/one.md": "# One\n\n## Part {#sec-a\n"},
                       "one.md:3:9: error: this label is not attached"),
    "unclosed citation": ({"chapters/one.md": "# One\n\nAs [@smith said.\n"},
                          "one.md:3:4: error: this citation is not closed"),
    "fence in a paragraph": ({"chapters/one.md": "# One\n\nText\n:::\nmore.\n"},
                             "one.md:4:1: error: this ::: line is inside a paragraph"),
    "remote svg": ({"chapters/one.md": "# One\n\n![A map](map.svg){#fig-map fig-alt=\"x\"}\n",
                    "map.svg": '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink='
                               '"http://www.w3.org/1999/xlink"><image xlink:href='
                               '"http://example.com/x.png" width="5" height="5"/></svg>'},
                   "one.md:3:10: error: 'map.svg' loads 'http://example.com/x.png'"),
    "corrupt image": ({"chapters/one.md": "# One\n\n![A photo](photo.png){#fig-p fig-alt=\"x\"}\n",
                       "photo.png": b"\x89PNG\r\n\x1a\nnot really a picture"},
                      "one.md:3:12: error: 'photo.png' is not a readable image"),
    "bad types": ({"chapters/one.md": "# One\n", "book.toml": "title = 3\nchapters = \"x\"\n"},
                  "book.toml:1:1: error: title must be a string"),
    "chapter outside": ({"chapters/one.md": "# One\n",
                         "book.toml": 'chapters = ["../../etc/passwd"]\n'},
                        "book.toml:1:14: error: chapter '../../etc/passwd' is outside"),
    "template error": ({"chapters/one.md": "# One\n",
                        "styles/broken/theme.toml": 'extends = "classic"\n',
                        "styles/broken/templates/cover.html": "<section>{{ book.title \n",
                        "book.toml": 'theme = "broken"\n'},
                       "cover.html:1:1: error: unexpected end of template"),
    "scripts and frames": ({"chapters/one.md": (
        "# One\n\nBefore.\n\n<script>alert(1)</script>\n\n<p onclick=\"x()\">Hi "
        "<a href=\"javascript:alert(2)\">there</a>.</p>\n\n<iframe src=\"https://e.example\">"
        "</iframe>\n\n<style>p { display: none }</style>\n\nAfter.\n")}, None),
}


@pytest.mark.parametrize("case", CASES)
def test_hostile_case(case, make_book, tmp_path):
    files, expected = CASES[case]
    root = write_book(tmp_path / "book", files)
    run = make_book("book", "--format", "pdf,epub", root=root)
    assert "Traceback" not in run.err
    if expected is None:
        assert run.code == 0, run.err
    else:
        assert run.code == 1
        assert expected in run.err, run.err


def test_active_content_is_removed_everywhere_and_reported(make_book, tmp_path):
    files, _ = CASES["scripts and frames"]
    root = write_book(tmp_path / "book", files)
    run = make_book("book", "--format", "pdf,epub,html", root=root)
    assert run.code == 0
    for warning in ("one.md:5:1: warning: <script> was removed",
                    "one.md:7:4: warning: the onclick attribute was removed",
                    "one.md:7:30: warning: the link 'javascript:alert(2)' was removed",
                    "one.md:9:1: warning: <iframe> was removed",
                    "one.md:11:1: warning: <style> was removed"):
        assert warning in run.err
    build = root / "build"
    page = (build / "book.html").read_text()
    with zipfile.ZipFile(build / "book.epub") as archive:
        epub = b"".join(archive.read(n) for n in archive.namelist()).decode(errors="replace")
    for output in (page, epub):
        for bad in ("<script", "onclick", "javascript:", "<iframe", "p { display: none }"):
            assert bad not in output
    text = "".join(page_texts(build / "book.pdf"))
    assert "Before." in text and "After." in text


def test_a_symlink_out_of_the_folder_is_refused(make_book, tmp_path):
    secret = tmp_path / "secret.md"
    secret.write_text("# Secret\n\nNot for the booklet.\n")
    root = tmp_path / "book"
    (root / "chapters").mkdir(parents=True)
    (root / "chapters" / "01-link.md").symlink_to(secret)
    run = make_book("book", root=root)
    assert run.code == 1
    assert "01-link.md:1:1: error: this chapter is a link to a file outside" in run.err


def test_figure_scripts_that_eat_memory_fail_cleanly(make_book, tmp_path):
    root = write_book(tmp_path / "book", {
        "chapters/one.md": "# One\n\n![Greedy](figures/greedy.py){#fig-g fig-alt=\"x\"}\n",
        "figures/greedy.py": "def draw(style):\n    hoard = bytearray(8 * 1024 ** 3)\n"
                             "    return hoard\n"})
    run = make_book("book", "--format", "pdf", root=root)
    assert run.code == 1
    assert "greedy.py:2:1: error: the figure script failed: MemoryError" in run.err


def test_no_network_is_touched(monkeypatch, tmp_path, capsys):
    attempts = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise OSError("the network is off in this test")
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    root = tmp_path / "book"
    shutil.copytree(BOOKS / "citations", root)
    assert main(["build", "-C", str(root)]) == 0
    assert attempts == []


def test_reproducible_across_output_folders_and_working_folders(monkeypatch, tmp_path):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    root = tmp_path / "book"
    shutil.copytree(BOOKS / "figures", root)
    outputs = []
    for index, cwd in enumerate((tmp_path, root / "chapters")):
        monkeypatch.chdir(cwd)
        out = tmp_path / f"out{index}"
        assert main(["build", "-C", str(root), "-o", str(out)]) == 0
        outputs.append(((out / "book.pdf").read_bytes(), (out / "book.epub").read_bytes()))
    assert outputs[0] == outputs[1]


def test_an_interrupted_build_keeps_the_old_outputs(tmp_path):
    root = tmp_path / "book"
    shutil.copytree(BOOKS / "figures", root)
    command = [sys.executable, str(REPOSITORY / "make_book.py"), "-C", str(root)]
    subprocess.run(command, check=True, capture_output=True)
    build = root / "build"
    before = {p.name: p.read_bytes() for p in build.iterdir() if p.is_file()}
    for stop in (signal.SIGINT, signal.SIGTERM):
        # Without its cache the build must draw its figures, which takes a while.
        shutil.rmtree(build / ".cache", ignore_errors=True)
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        time.sleep(1.5)
        process.send_signal(stop)
        _, err = process.communicate(timeout=60)
        if process.returncode == 0:
            pytest.skip("the build finished before the signal")
        assert process.returncode == 130, err
        assert b"interrupted; earlier outputs were left as they were" in err
        assert {p.name: p.read_bytes() for p in build.iterdir() if p.is_file()} == before
        assert not list(build.rglob("*.tmp")) and not list(build.rglob(".*.tmp"))
    assert os.path.exists(build / "book.pdf")


def test_two_builds_racing_into_one_folder(tmp_path):
    root = tmp_path / "book"
    shutil.copytree(BOOKS / "figures", root)
    command = [sys.executable, str(REPOSITORY / "make_book.py"), "-C", str(root)]
    racers = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
              for _ in range(2)]
    for racer in racers:
        _, err = racer.communicate(timeout=300)
        assert racer.returncode == 0, err
    build = root / "build"
    assert page_texts(build / "book.pdf") and zipfile.ZipFile(build / "book.epub").testzip() is None
    assert not list(build.rglob("*.tmp"))
