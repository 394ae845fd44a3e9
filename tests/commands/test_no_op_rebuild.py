"""A rebuild with nothing changed is decided before any stage is imported, so it is quick."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from conftest import BOOKS

REPOSITORY = Path(__file__).parent.parent.parent
# What takes a build its first seconds to import, and the commands beside build.
HEAVY = ("weasyprint", "matplotlib", "markdown", "lxml", "jinja2", "rich", "watchfiles",
         "book.config", "book.commands.check", "book.commands.serve", "book.commands.batch")
RUN = f"""import sys
sys.path.insert(0, {str(REPOSITORY)!r})
from book.cli import main
code = main(sys.argv[1:])
print(code, *[name for name in {HEAVY!r} if name in sys.modules])
"""


def test_a_no_op_rebuild_imports_none_of_the_stages(tmp_path):
    root = tmp_path / "basic"
    shutil.copytree(BOOKS / "basic", root)
    command = [sys.executable, "-c", RUN, "build", "-C", str(root), "-q"]
    first = subprocess.run(command, capture_output=True, text=True)
    assert first.returncode == 0 and first.stdout.split()[0] == "0", first.stderr
    again = subprocess.run(command, capture_output=True, text=True)
    assert again.stdout.split() == ["0"], again.stdout
