"""The book laid out in parts (in worker processes, numbered from one another, kept in a
cache and joined) is the book laid out in one pass (pdf_facts.py compares them): the same
pages, numbers, contents, cross-references, index, links, destinations, outline, tags and
metadata."""
from __future__ import annotations

import logging
import re
import shutil
from pathlib import Path

import pytest
from conftest import BOOKS, write_book
from invariants import page_markers
from pdf_facts import pdf_facts

PDF = "grain-in-parts.pdf"


def one_pass(make_book, root: Path) -> dict:
    assert make_book("parts", "--one-pass", "-o", str(root / "one-pass"), root=root).code == 0
    return pdf_facts(root / "one-pass" / PDF)


def anew(caplog) -> tuple[int, int]:
    """How many parts the last build laid out, of how many."""
    found = [re.search(r"laid out (\d+) of (\d+) parts anew", record.getMessage())
             for record in caplog.records]
    found = [match for match in found if match]
    assert found, "the build did not lay the book out in parts"
    return int(found[-1][1]), int(found[-1][2])


@pytest.fixture
def watched(caplog):
    caplog.set_level(logging.INFO, logger="book.layout")
    return caplog


@pytest.fixture(params=["index beside the front matter", "index after it"])
def preface(request, tmp_path) -> Path:
    """The test book, and with a preface that the index points into: then the index is
    laid out after the front matter, not beside it."""
    root = tmp_path / "parts"
    shutil.copytree(BOOKS / "parts", root)
    if request.param == "index after it":
        write_book(root, {"front/preface.md": "# Preface\n\nHow to read about ((rice)).\n"})
        (root / "book.toml").write_text((root / "book.toml").read_text()
                                        + 'front = ["front/preface.md"]\n')
    return root


def test_parts_make_the_book_one_pass_makes(make_book, watched, preface):
    run = make_book("parts", root=preface)
    assert run.code == 0, run.err
    assert anew(watched) == (6, 6)  # front, three chapters, back matter, index
    facts = pdf_facts(run.root / "build" / PDF)
    assert facts == one_pass(make_book, run.root)
    # The EPUB's page-break markers are where the pages of either layout begin.
    epub = PDF.replace(".pdf", ".epub")
    assert page_markers(run.root / "build" / epub)[:2] == \
        page_markers(run.root / "one-pass" / epub)[:2]
    assert facts["parent tree"] == []
    assert facts["language"] == "en" and facts["title"] == "Grain in Parts" and facts["xmp"]
    # A reference forward, into a later part, prints the page its target is on.
    heading = facts["destinations"]["sec-wheat-harvest"]
    label = facts["texts"][heading].split()[-1]
    assert label.isdigit() and int(label) > 4
    assert re.search(rf"“The harvest” \(page {label}\)", " ".join(facts["texts"][:heading]))
    # ... and its link leads there.
    assert "sec-wheat-harvest" in [link for page in facts["links"][:facts["destinations"]["steel"]]
                                   for link in page]


def test_a_first_build_of_many_chapters_starts_them_from_estimates(make_book, watched,
                                                                    tmp_path):
    """Chapters of different lengths, laid out beside one another from estimated page
    counts, with a reference from the first chapter into the last: the numbers settle
    (a warning would fail the test) and the book is the one pass's."""
    root = tmp_path / "many"
    shutil.copytree(BOOKS / "parts", root)
    paragraph = ("The county weighed the grain twice, and the commune reported the larger "
                 "figure to the province, which raised the quota for the next year. ") * 5
    for number, paragraphs in enumerate((3, 16, 7, 25), start=4):
        write_book(root, {f"chapters/{number:02d}-more-{number}.md": (
            f"# More grain, part {number}\n\n## Reports {{#sec-more-{number}}}\n\n"
            + "\n\n".join([paragraph] * paragraphs) + "\n")})
    rice = root / "chapters" / "01-rice.md"
    rice.write_text(rice.read_text() + "\nThe last chapter says more: see @sec-more-7.\n")
    run = make_book("parts", root=root)
    assert run.code == 0, run.err
    laid, parts = anew(watched)
    assert (laid, parts) == (10, 10)
    facts = pdf_facts(root / "build" / PDF)
    assert facts == one_pass(make_book, root)
    target = facts["destinations"]["sec-more-7"]
    label = facts["texts"][target].split()[-1]
    assert re.search(rf"\(page {label}\)", " ".join(facts["texts"][:target]))


def test_an_edited_chapter_is_the_only_part_laid_out_again(make_book, watched):
    run = make_book("parts")
    steel = run.root / "chapters" / "02-steel.md"
    steel.write_text(steel.read_text().rstrip() + " An added sentence.\n")
    watched.clear()
    assert make_book("parts", root=run.root).code == 0
    assert anew(watched) == (1, 6)
    facts = pdf_facts(run.root / "build" / PDF)
    assert "An added sentence." in " ".join(facts["texts"])
    assert facts == one_pass(make_book, run.root)
    # A new heading changes the contents too: the front matter is laid out again.
    steel.write_text(steel.read_text().replace("## Introduction", "## Opening"))
    watched.clear()
    assert make_book("parts", root=run.root).code == 0
    assert anew(watched)[0] == 2
    assert pdf_facts(run.root / "build" / PDF) == one_pass(make_book, run.root)


def test_a_chapter_that_grows_moves_the_chapters_after_it(make_book, watched):
    run = make_book("parts")
    before = pdf_facts(run.root / "build" / PDF)
    rice = run.root / "chapters" / "01-rice.md"
    rice.write_text(rice.read_text() + "\n\n" + "\n\n".join(
        "An added paragraph about the rice crop, long enough to fill a few lines of the "
        "page, and then a few more lines, so that the chapter grows by pages. " * 4
        for _ in range(8)))
    watched.clear()
    assert make_book("parts", root=run.root).code == 0
    facts = pdf_facts(run.root / "build" / PDF)
    assert facts["pages"] > before["pages"]
    assert facts["destinations"]["wheat"] > before["destinations"]["wheat"]
    assert facts == one_pass(make_book, run.root)


@pytest.mark.parametrize("css", [
    ".chapter, .chapter.first { page: auto; break-before: auto }",  # chapters run on
    "a.xref.section::after { content: ' (' target-text(attr(href)) ')' }",  # a target's text
], ids=["chapters run on", "target text"])
def test_a_theme_that_parts_cannot_serve_is_laid_out_in_one_pass(make_book, watched, tmp_path,
                                                                 css):
    root = tmp_path / "theme"
    shutil.copytree(BOOKS / "parts", root)
    write_book(root, {
        "styles/own/theme.toml": 'extends = "classic"\nstylesheets = ["own.css"]\n',
        "styles/own/own.css": css + "\n"})
    (root / "book.toml").write_text((root / "book.toml").read_text() + 'theme = "own"\n')
    assert make_book("parts", root=root).code == 0
    messages = [record.getMessage() for record in watched.records]
    assert any(re.fullmatch(r"laid out \d+ pages", message) for message in messages)
    assert not any(re.search(r"in \d+ parts", message) for message in messages)
    assert pdf_facts(root / "build" / PDF) == one_pass(make_book, root)
