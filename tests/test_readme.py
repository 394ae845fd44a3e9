"""The README opens with the two commands a fresh Debian machine needs, and CI runs them."""
from __future__ import annotations

import re
import shlex
from pathlib import Path

TOP = Path(__file__).parent.parent


def _readme_commands() -> list[str]:
    block = re.search(r"```sh\n(.*?)```", (TOP / "README.md").read_text(), re.S)
    assert block, "the README opens with no sh block"
    return [line for line in block[1].splitlines() if line.strip()]


def test_the_readme_opens_with_a_build_and_a_test_command():
    build, test = _readme_commands()
    steps = [shlex.split(step) for step in build.split("&&")]
    # apt-get knows no packages on a fresh machine until its lists are fetched.
    assert steps[0] == ["apt-get", "update"]
    assert steps[1][:3] == ["apt-get", "install", "-y"]
    assert steps[-1] == ["python", "make_book.py"]
    assert test == "python -m pytest"


def test_ci_runs_what_the_readme_says():
    build, test = _readme_commands()
    ci = (TOP / ".ci" / "run").read_text()
    assert "apt-get update" in ci
    assert "$(grep -v '^#' debian-packages.txt)" in ci and "debian-packages.txt" in build
    assert "pip install -q -e '.[test]'" in ci and "pip install -e '.[test]'" in build
    assert ci.strip().splitlines()[-1] == test


def test_every_link_and_picture_of_the_guides_leads_to_a_file_and_heading_there():
    """A guide's link to another guide, a heading or a picture of a real build resolves."""
    def slug(heading: str) -> str:  # as GitHub makes a heading's anchor
        return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")

    guides = [TOP / "README.md", *sorted((TOP / "docs").glob("*.md"))]
    anchors = {path: {slug(h) for h in re.findall(r"^#+ (.+)$", path.read_text(), re.M)}
               for path in guides}
    broken = []
    for guide in guides:
        # Examples of the markup, in code, are not the guide's own links.
        text = re.sub(r"```.*?```|`[^`\n]*`", "", guide.read_text(), flags=re.S)
        for target in re.findall(r"\]\(([^)\s]+)\)", text):
            if re.match(r"[a-z]+:", target):
                continue  # a web address
            file, _, anchor = target.partition("#")
            path = (guide.parent / file).resolve() if file else guide
            if not path.exists() or (anchor and anchor not in anchors.get(path, {anchor})):
                broken.append(f"{guide.relative_to(TOP)}: {target}")
    assert not broken
