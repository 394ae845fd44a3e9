"""`blank_pages = false`: what opens on a right-hand page by default (the title page, the
contents, each chapter, the back matter, the index, a handout's answer key) opens on the
next page instead, and no page of the PDF is blank, in parts, in one pass and in a
handout."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import numpy
from conftest import BOOKS, write_book
from pdf_facts import pdf_facts
from PIL import Image

from book.cli import main


def blank_pages(pdf: Path) -> list[int]:
    """The numbers (from 1) of the pages that print nothing: all white, rendered."""
    pictures = pdf.parent / "page"
    subprocess.run(["pdftoppm", "-gray", "-r", "20", str(pdf), str(pictures)], check=True)
    pages = sorted(pdf.parent.glob("page-*.pgm"), key=lambda p: int(p.stem.split("-")[-1]))
    return [number for number, page in enumerate(pages, start=1)
            if numpy.asarray(Image.open(page)).min() == 255]


def build(root: Path, out: Path, *args: str, command: str = "build") -> Path:
    assert main([command, *args, "-C", str(root), "-o", str(out), "--format", "pdf"]) == 0
    return next(out.glob("*.pdf"))


def test_without_blank_pages_the_book_runs_on_from_page_to_page(tmp_path):
    root = shutil.copytree(BOOKS / "parts", tmp_path / "parts")
    with_blanks = build(root, tmp_path / "default")
    assert blank_pages(with_blanks), "the test book has blank pages by default"
    in_parts = build(root, tmp_path / "parts-out", "--set", "blank_pages=false")
    in_one_pass = build(root, tmp_path / "one-pass", "--set", "blank_pages=false",
                        "--one-pass")
    assert blank_pages(in_parts) == blank_pages(in_one_pass) == []
    facts = pdf_facts(in_parts)
    assert facts == pdf_facts(in_one_pass)
    assert facts["pages"] == pdf_facts(with_blanks)["pages"] - len(blank_pages(with_blanks))
    # What opened on a right-hand page (an even index from 0) may now open on a left one.
    openings = [facts["destinations"][part] for part in (
        "contents", "rice", "steel", "wheat", "glossary", "references", "index")]
    assert any(page % 2 == 1 for page in openings)


def test_a_theme_that_asks_for_a_side_gets_the_next_page(tmp_path):
    """Breaks a booklet's own stylesheet asks for, in either spelling and inside @media,
    go to the next page as the theme's do."""
    root = shutil.copytree(BOOKS / "parts", tmp_path / "parts")
    write_book(root, {"own.css": "@media print {\n  h2 { break-before: LEFT }\n}\n"
                                 ".key-terms { page-break-after: right }\n"})
    (root / "book.toml").write_text((root / "book.toml").read_text() + 'css = ["own.css"]\n')
    assert len(blank_pages(build(root, tmp_path / "default"))) > 5
    assert blank_pages(build(root, tmp_path / "none", "--set", "blank_pages=false")) == []


def test_a_handouts_answer_key_follows_on_the_next_page(tmp_path):
    root = shutil.copytree(BOOKS / "editions", tmp_path / "editions")
    teacher = ("1", "--edition", "teacher")
    assert blank_pages(build(root, tmp_path / "default", *teacher, command="handout")) == [2]
    handout = build(root, tmp_path / "none", *teacher, "--set", "blank_pages=false",
                    command="handout")
    assert blank_pages(handout) == []
    assert len(pdf_facts(handout)["texts"]) == 2
