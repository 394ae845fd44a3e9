"""The live preview, seen through a real headless browser (Debian's chromium)."""
from __future__ import annotations

import shutil
import socket
import subprocess
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from browser import Browser
from conftest import BOOKS, page_texts
from test_web import CONTRAST, LINE_LENGTHS

from book.build import Options
from book.commands.serve import start
from book.errors import Problem

CHROMIUM = shutil.which("chromium")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def browse(url: str, profile) -> str:
    """The page's DOM after a real browser loaded it and ran its scripts."""
    return subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-quic", f"--user-data-dir={profile}", "--dump-dom", url],
        capture_output=True, text=True, timeout=60).stdout


def wait_for_version(url: str, above: int) -> int:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        version = int(urllib.request.urlopen(url + "version").read())
        if version > above:
            return version
        time.sleep(0.2)
    raise AssertionError("the preview did not rebuild")


def finish(url: str, stop, server) -> None:
    """Stop the preview once its PDF under way is done (GET /pdf waits for it), so that no
    build goes on writing into the test's folder."""
    try:
        urllib.request.urlopen(url + "pdf", timeout=120).read()
    except OSError:
        pass  # a booklet with errors has no PDF to wait for
    stop.set()
    server.shutdown()


@contextmanager
def previewing(tmp_path: Path, book: str, tell: Callable[[Problem], None] = lambda problem: None
               ) -> Iterator[tuple[Path, str]]:
    """The preview of a copy of tests/books/BOOK, served on a free port: the copy's folder
    and the preview's address; stopped at the end."""
    root = tmp_path / book
    shutil.copytree(BOOKS / book, root)
    port = free_port()
    server, stop = start(root, Options(out_dir=tmp_path / "out"), port, tell)
    url = f"http://127.0.0.1:{port}/"
    try:
        yield root, url
    finally:
        finish(url, stop, server)


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed")
def test_preview_follows_edits_and_shows_errors(tmp_path):
    told = []  # what the terminal is told
    with previewing(tmp_path, "no-config", told.append) as (root, url):
        page = browse(url, tmp_path / "profile")
        assert "The second file by name." in page and "The newest PDF" in page
        version = int(urllib.request.urlopen(url + "version").read())

        chapter = root / "chapters" / "02-second.md"
        chapter.write_text("# Second by name\n\nA sentence written just now.\n")
        version = wait_for_version(url, version)
        assert "A sentence written just now." in browse(url, tmp_path / "profile")
        # The PDF is built after the page: its link waits for the one of this save.
        with urllib.request.urlopen(url + "pdf") as answer:
            assert answer.headers["Content-Type"] == "application/pdf"
            (tmp_path / "newest.pdf").write_bytes(answer.read())
        assert "A sentence written just now." in "".join(page_texts(tmp_path / "newest.pdf"))

        chapter.write_text("# Second by name\n\n::: nonsense\nText.\n:::\n")
        version = wait_for_version(url, version)
        page = browse(url, tmp_path / "profile")
        assert "The booklet did not build" in page
        assert "02-second.md:3:1: error: unknown block kind 'nonsense'" in page
        assert " 3 | ::: nonsense" in page, "the source line is quoted under the error"
        # The terminal is told too, where the author may be looking.
        assert any(str(problem).startswith(f"{chapter}:3:1: error: unknown block kind "
                                           "'nonsense'") for problem in told), told

        chapter.write_text("# Second by name\n\nMended.\n")
        wait_for_version(url, version)
        assert "Mended." in browse(url, tmp_path / "profile"), "the server stayed up"


@pytest.mark.internal_error
def test_a_fault_of_the_builder_in_a_rebuild_is_said_and_the_preview_goes_on(tmp_path,
                                                                            monkeypatch,
                                                                            capsys):
    with previewing(tmp_path, "no-config") as (root, url):
        version = int(urllib.request.urlopen(url + "version").read())
        chapter = root / "chapters" / "02-second.md"

        def broken(job):
            raise RuntimeError("something the builder did not expect")
        with monkeypatch.context() as patched:
            patched.setattr("book.commands.serve.read_and_draw", broken)
            chapter.write_text("# Second by name\n\nA save the builder fails on.\n")
            version = wait_for_version(url, version)
            page = urllib.request.urlopen(url).read().decode()
        assert "The booklet did not build" in page
        assert "RuntimeError: something the builder did not expect" in page
        assert capsys.readouterr().err.startswith("internal error: RuntimeError: something")

        chapter.write_text("# Second by name\n\nMended.\n")
        wait_for_version(url, version)
        assert "Mended." in urllib.request.urlopen(url).read().decode(), "it watched on"


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed")
def test_the_preview_is_the_web_version_in_the_booklets_theme(tmp_path):
    with previewing(tmp_path, "acids") as (_, url):
        with Browser(tmp_path / "profile") as browser:
            browser.open(url, 1280)
            assert max(browser.evaluate(LINE_LENGTHS)) <= 90
            shown = browser.evaluate("""(() => {
              const style = (selector) => getComputedStyle(document.querySelector(selector));
              return {accent: style('.chapter-title').color,
                      logo: document.querySelector('.classroom-logo').offsetHeight,
                      contents: style('#contents').position,
                      pdf: document.querySelector('.preview-banner a').href};
            })()""")
            browser.open(url, 390, dark=True)
            assert browser.evaluate(CONTRAST)["failures"] == [], "the banner follows dark mode"
        assert 20 < shown.pop("logo") <= 100, "the logo is sized for the page"
        # lab-green's accent (#1b6b4a), and the contents beside the text
        assert shown == {"accent": "rgb(27, 107, 74)", "contents": "fixed", "pdf": url + "pdf"}
