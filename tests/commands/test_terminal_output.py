"""On a terminal the command line shows progress bars and coloured problems; in a pipe or
under CI the same problems read as plain text, with no progress."""
from __future__ import annotations

import io
import os
import pty
import re
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import BOOKS
from rich.console import Console

from book.cli import Terminal
from book.errors import Problem

MAKE_BOOK = Path(__file__).parent.parent.parent / "make_book.py"
ESCAPES = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def on_a_terminal(args: list[str], **environment: str) -> tuple[int, str, str]:
    """Run make_book.py with its standard error on a pseudo-terminal: the exit code, what
    it printed on standard output, and what the terminal was sent."""
    env = {key: value for key, value in os.environ.items() if key != "CI"} | environment
    leader, follower = pty.openpty()
    process = subprocess.Popen([sys.executable, str(MAKE_BOOK), *args], stdout=subprocess.PIPE,
                               stderr=follower, env=env)
    os.close(follower)
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal's last writer has gone
            break
        if not chunk:
            break
        shown += chunk
    os.close(leader)
    out = process.stdout.read().decode()
    return process.wait(), out, shown.decode(errors="replace")


def coloured(problem: Problem) -> str:
    """What the terminal is sent for one problem."""
    console = Console(file=io.StringIO(), force_terminal=True, width=40)
    Terminal(lambda: console).problem(problem)
    return console.file.getvalue()


def test_a_coloured_problem_reads_as_its_plain_text(tmp_path):
    chapter = tmp_path / "one.md"
    chapter.write_text("# One\n\nAs shown in\t![a map](images/none.png), a line longer than "
                       "the terminal is wide.\n")
    problem = Problem(chapter, 3, 21, "'images/none.png' does not exist")
    sent = coloured(problem)
    assert "\x1b[" in sent, "coloured"
    # The terminal is sent the tab as spaces to the same tab stop, on both lines.
    assert ESCAPES.sub("", sent) == problem.with_source().expandtabs(8) + "\n", \
        "not wrapped, nor cropped"


def test_the_caret_stands_under_a_wide_character_on_a_terminal(tmp_path):
    chapter = tmp_path / "one.md"
    chapter.write_text("# One\n\n漢字 ![x](images/none.png)\n")
    quoted, caret = ESCAPES.sub("", coloured(Problem(chapter, 3, 4, "missing"))).splitlines()[1:]
    # Each of the two characters takes two columns on a terminal.
    assert quoted == " 3 | 漢字 ![x](images/none.png)"
    assert caret == "   | " + " " * 5 + "^"


def test_a_batch_on_a_terminal_shows_its_progress_and_under_ci_none(tmp_path):
    root = tmp_path / "classes"
    shutil.copytree(BOOKS / "no-config", root)
    (root / "classes.toml").write_text('[classes.a]\nteacher = "Ms Lin"\n\n'
                                       '[classes.b]\nteacher = "Mr Okafor"\n')
    command = ["batch", "classes.toml", "-C", str(root), "--format", "pdf"]
    code, out, shown = on_a_terminal(command)
    assert code == 0, shown
    assert "chapters" in shown and "classes" in shown and "━" in shown, "progress bars"
    assert out.splitlines() == [f"wrote {root}/build/classes-a.pdf",
                                f"wrote {root}/build/classes-b.pdf"]
    (root / "chapters" / "01-first.md").write_text("# First\n\nChanged.\n")
    code, out, shown = on_a_terminal(command, CI="true")
    assert code == 0 and out.startswith("wrote ") and shown == "", "nothing but problems"
