"""Property tests: any mix of our markup builds, or fails with a located error; a chapter's
words are never lost or duplicated; any book.toml loads or fails at one of its lines."""
from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

import lxml.html
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from PIL import Image

from book.build import read_book
from book.config import load_settings
from book.errors import BookError, Problems

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "40"))  # bench/fuzz.py runs many more
# Markup used as intended, which should build ...
VALID = [
    "[@known2000]", "[see @known2000, p. 4]", "@known2000 says", "[-@known2000]",
    "((communes))", "(((Communes, Henan)))", "(((A \\, B | sort b)))",
    "((x | see Communes)) (((Communes)))",
    "`code [@x] ((y))`", "**bold**", "*it*", "\n\n", "\n\n- item\n", "\n\n> quote\n",
    "<b>raw</b>", "& < > \"", "—", "Dikötter",
]
# ... and markup that is broken or out of place, which must fail at its place or be kept.
RISKY = [
    "[@unknown1999]", "[@known2000", "@fig-pic", "@sec-part", "@tbl-t", "((", ")))", "[^n1]",
    "[^missing]", "{#sec-x}", "\n\n::: note\n", "\n:::\n\n", "\n\n## Part {#sec-part}\n\n",
    "\n\n![Pic](pic.png){#fig-pic fig-alt=\"x\"}\n\n", "<script>x()</script>", "\t", "\\",
    "{", "}", "[", "]", "|",
]
BIB = "@book{known2000, author = {Known, Kim}, title = {A Known Book}, year = {2000}}\n"


def _book(folder: Path, body: str) -> Path:
    (folder / "chapters").mkdir()
    note = "\n\n[^n1]: A note.\n" if "[^n1]" in body else "\n"
    (folder / "chapters" / "one.md").write_text("# Fuzz\n\n" + body + note)
    (folder / "references.bib").write_text(BIB)
    Image.new("RGB", (8, 8), "white").save(folder / "pic.png")
    return folder


@settings(max_examples=EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.sampled_from(VALID), st.sampled_from(VALID),
                          st.integers(0, 10**6).map(lambda n: f"w{n}x"),
                          st.sampled_from(RISKY)), max_size=30))
def test_markup_builds_or_fails_at_a_place(parts):
    body = " ".join(parts)
    with tempfile.TemporaryDirectory() as scratch:
        root = _book(Path(scratch), body)
        report = Problems()
        try:
            book = read_book(root, report)
        except BookError as error:  # a stage that stops at once
            report.extend(error)
            book = None
        lines = (root / "chapters" / "one.md").read_text().count("\n") + 1
        for problem in report.items + report.warnings:
            assert problem.path.is_file()
            assert 1 <= problem.line <= max(lines, 1) and problem.col >= 1, problem
        event("located errors" if report.items or book is None else "built")
        if report.items or book is None:
            return
        text = lxml.html.fragment_fromstring(book.chapters[0].html,
                                             create_parent="div").text_content()
        for word in set(re.findall(r"w\d+x", body)):
            assert text.count(word) == body.count(word), word


@settings(max_examples=EXAMPLES, deadline=None)
@given(st.dictionaries(
    st.sampled_from(["title", "authors", "language", "date", "page_size", "theme", "colour",
                     "chapters", "figure_timeout", "readers", "nocite", "classroom"]),
    st.one_of(st.text(max_size=12), st.integers(-5, 5), st.booleans(),
              st.lists(st.text(max_size=6), max_size=3)), max_size=6))
def test_any_book_toml_loads_or_fails_at_a_line(values):
    lines = []
    for key, value in values.items():
        if isinstance(value, bool):
            literal = "true" if value else "false"
        elif isinstance(value, int):
            literal = str(value)
        elif isinstance(value, list):
            literal = "[" + ", ".join(_string(v) for v in value) + "]"
        else:
            literal = _string(value)
        lines.append(f"{key} = {literal}")
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        (root / "book.toml").write_text("\n".join(lines) + "\n")
        try:
            load_settings(root)
        except BookError as error:
            for problem in error.problems:
                assert 1 <= problem.line <= max(len(lines), 1), problem


def _string(text: str) -> str:
    return '"' + "".join(c if c.isprintable() and c not in '"\\' else "" for c in text) + '"'
