"""lay_out, the print layout's one way in: laid out in parts, a book has the pages,
outline, links, destinations, tags and metadata of the same book laid out in one pass."""
from __future__ import annotations

import logging
import shutil
from pathlib import Path

from conftest import BOOKS
from pdf_facts import pdf_facts

from book.build import read_book
from book.errors import Problems
from book.layout.parts import in_parts
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


def test_page_numbers_that_do_not_settle_are_laid_out_in_one_pass(tmp_path, monkeypatch,
                                                                   caplog):
    # As if every part's numbering kept changing: no part may be laid out even once.
    monkeypatch.setattr(in_parts, "ROUNDS", 0)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    root = tmp_path / "parts"
    shutil.copytree(BOOKS / "parts", root)
    problems = Problems()
    book = read_book(root, problems)
    with caplog.at_level(logging.INFO, logger="book.layout"):
        unsettled = lay_out(book, tmp_path / "cache", problems, in_parts=True)
    assert "did not settle after 0 layouts" in caplog.text
    assert unsettled.pdf == lay_out(book, tmp_path / "cache", problems, in_parts=False).pdf
