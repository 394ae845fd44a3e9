"""lay_out, the print layout's one way in: laid out in parts, a book has the pages,
outline, links, destinations, tags and metadata of the same book laid out in one pass."""
from __future__ import annotations

import shutil
from pathlib import Path

from conftest import BOOKS
from pdf_facts import pdf_facts

from book.build import read_book
from book.errors import Problems
from book.layout.print_layout import lay_out


def facts_of_layout(root: Path, scratch: Path, in_parts: bool) -> dict:
    """The PDF that lay_out makes of the book at `root`, read back from a file."""
    problems = Problems()
    book = read_book(root, problems)
    layout = lay_out(book, scratch / "cache", problems, in_parts=in_parts)
    assert not problems.warnings
    path = scratch / f"{'parts' if in_parts else 'one-pass'}.pdf"
    path.write_bytes(layout.pdf)
    return pdf_facts(path)


def test_parts_lay_out_what_one_pass_lays_out(tmp_path):
    root = tmp_path / "parts"
    shutil.copytree(BOOKS / "parts", root)
    in_parts = facts_of_layout(root, tmp_path, in_parts=True)
    assert in_parts == facts_of_layout(root, tmp_path, in_parts=False)
    assert in_parts["parent tree"] == [] and in_parts["pages"] > 10
    # A second layout comes from the cache, and is the same again.
    assert facts_of_layout(root, tmp_path, in_parts=True) == in_parts
