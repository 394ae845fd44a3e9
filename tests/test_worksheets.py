"""Worksheets: exercises with marks and space for the answer (ruled lines, a box, squared
paper), printed empty for students and with the model answers in it for the teacher, and
a box on screen; tests/books/worksheets is a handout-sized book of them."""
from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import lxml.html
import numpy
import pdfplumber
import pytest
from conftest import BOOKS, messages, page_texts
from PIL import Image

from book.cli import main

DPI = 150
CHAPTER = "chapters/01-harvest.md"


@pytest.fixture(scope="module")
def handouts(tmp_path_factory):
    """Chapter 1 as a handout, in the student's and the teacher's edition."""
    root = shutil.copytree(BOOKS / "worksheets", tmp_path_factory.mktemp("books") / "worksheets")
    for edition in ("student", "teacher"):
        assert main(["handout", "1", "-C", str(root), "--edition", edition]) == 0
    return root / "build"


def ruled_rows(pdf: Path, below: str, above: str) -> list[int]:
    """The rows of pixels, one for each line drawn across most of the page, between the
    end of the words `below` and the start of the words `above` (on the same page)."""
    grey, top, bottom = _between(pdf, below, above)
    # Darker than the page and the box's tint, across more than half the page's width
    # (the text block is 120 mm of A4's 210).
    across = numpy.nonzero((grey < 225).sum(axis=1) > 0.5 * grey.shape[1])[0]
    rows = [int(r) for r in across if top < r < bottom]
    # A line anti-aliased over two rows of pixels is one line.
    lines = [r for r in rows if r - 1 not in rows]
    # The rule that opens the next exercise is no ruled line: it breaks the lines' spacing.
    if len(lines) >= 3 and lines[-1] - lines[-2] < 0.75 * (lines[-2] - lines[-3]):
        lines.pop()
    return lines


def ruled_columns(pdf: Path, below: str, above: str) -> list[int]:
    """The columns of pixels, one for each line drawn down all the rows that `ruled_rows`
    finds between the same words."""
    rows = ruled_rows(pdf, below, above)
    grey, _, _ = _between(pdf, below, above)
    area = grey[rows[0]:rows[-1]]
    down = numpy.nonzero((area < 225).sum(axis=0) > 0.9 * area.shape[0])[0].tolist()
    return [c for c in down if c - 1 not in down]


def _between(pdf: Path, below: str, above: str) -> tuple[numpy.ndarray, float, float]:
    """The picture, in grey, of the page that holds both phrases, and the rows where the
    first ends and the second begins."""
    with pdfplumber.open(pdf) as document:
        pages = [[(w["text"], w["top"], w["bottom"]) for w in page.extract_words()]
                 for page in document.pages]
    number, words = next(((n, words) for n, words in enumerate(pages, start=1)
                          if None not in (_start(words, below), _start(words, above))),
                         (0, []))
    assert words, f"no page holds {below!r} and {above!r}"
    top = words[_start(words, below) + len(below.split()) - 1][2]
    bottom = words[_start(words, above)][1]
    picture = pdf.parent / f"{pdf.stem}-{number}"
    subprocess.run(["pdftoppm", "-png", "-r", str(DPI), "-f", str(number), "-l", str(number),
                    "-singlefile", str(pdf), str(picture)], check=True)
    grey = numpy.asarray(Image.open(f"{picture}.png").convert("L"), dtype=int)
    return grey, top * DPI / 72, bottom * DPI / 72


def _start(words: list[tuple[str, float, float]], phrase: str) -> int | None:
    """Where the words of `phrase` start in a page's (word, top, bottom), or None."""
    wanted = phrase.split()
    return next((i for i in range(len(words))
                 if [w[0] for w in words[i:i + len(wanted)]] == wanted), None)


def test_the_student_s_worksheet_has_ruled_lines_a_box_and_squared_paper(handouts):
    pdf = handouts / "worksheets-harvest.pdf"
    # Question 1, lines=4: four ruled lines between the question and the next box.
    assert len(ruled_rows(pdf, "than the one it gathered?", "Question 2")) == 4
    # Question 2, box=3cm: its top and its bottom, 3cm apart.
    top, bottom = ruled_rows(pdf, "the targets were too high.", "Question 3")
    assert bottom - top == pytest.approx(3 / 2.54 * DPI, abs=3)
    # Question 4, squares=5cm: squares of 5mm, ten high, across the box (about 120mm).
    rows = ruled_rows(pdf, "of 1957 and of 1960.", "Hand the sheet in")
    assert len(rows) == 11, rows
    assert rows[-1] - rows[0] == pytest.approx(5 / 2.54 * DPI, abs=3)
    assert 22 <= len(ruled_columns(pdf, "of 1957 and of 1960.", "Hand the sheet in")) <= 26


def test_more_lines_make_a_taller_exercise(tmp_path):
    root = shutil.copytree(BOOKS / "worksheets", tmp_path / "worksheets")
    chapter = root / CHAPTER
    chapter.write_text(chapter.read_text().replace("lines=4", "lines=9"))
    assert main(["handout", "1", "-C", str(root)]) == 0
    pdf = root / "build" / "worksheets-harvest.pdf"
    assert len(ruled_rows(pdf, "than the one it gathered?", "Question 2")) == 9


def test_marks_at_each_exercise_and_the_total_at_the_chapter_s_head(handouts):
    text = re.sub(r"\s+", " ", "".join(page_texts(handouts / "worksheets-harvest.pdf")))
    assert "Question 1 [2 marks]" in text and "Question 2 [1 mark]" in text
    assert "Question 3 [1 mark]" in text and "Question 4 [3 marks]" in text
    assert re.search(r"The harvest of 1958 Total: 7 marks Read the report", text)
    assert "Name:" in text and "Hill School · Ms Lin" in text


def test_a_chapter_without_marks_has_no_total_and_marks_are_in_the_book_s_language(tmp_path):
    root = shutil.copytree(BOOKS / "worksheets", tmp_path / "worksheets")
    assert main(["build", "-C", str(root), "--format", "html", "--set", 'language="fr"']) == 0
    page = lxml.html.parse(str(root / "build" / "worksheets.html")).getroot()
    totals = [p.text_content() for p in page.find_class("marks-total")]
    assert totals == ["Total : 7 points"], "chapter 2 has no marks, so no total"
    marks = [span.text_content() for span in page.find_class("marks")]
    assert marks == ["[2 points]", "[1 point]", "[1 point]", "[3 points]"]


def test_the_teacher_s_worksheet_has_the_model_answers_in_the_spaces(handouts):
    student = "".join(page_texts(handouts / "worksheets-harvest.pdf"))
    assert "ANSWER" not in student
    teacher = re.sub(r"\s+", " ", "".join(page_texts(handouts / "worksheets-harvest-teacher.pdf")))
    body, key = teacher.split("Answer key")
    assert re.search(r"gathered\? Model answers LINESANSWER: .* Question 2", body)
    assert re.search(r"too high\. Model answers BOXANSWER: .* Question 3", body)
    assert "KEYANSWER" not in body, "an exercise without space keeps its answer in the key"
    assert "KEYANSWER" in key and "LINESANSWER" not in key and "BOXANSWER" not in key
    # The space that holds an answer has no lines of its own; squared paper stays.
    teacher_pdf = handouts / "worksheets-harvest-teacher.pdf"
    # At most the space's own dashed edge below the answer, where the student has lines.
    assert len(ruled_rows(teacher_pdf, "LINESANSWER:", "Question 2")) <= 1
    # The squared paper stays whole, on the page after the answers that took room.
    assert len(ruled_rows(teacher_pdf, "of 1957 and of 1960.", "Hand the sheet in")) == 11


def test_on_screen_each_space_is_an_empty_bordered_box(tmp_path):
    root = shutil.copytree(BOOKS / "worksheets", tmp_path / "worksheets")
    assert main(["build", "-C", str(root), "--format", "epub"]) == 0
    with zipfile.ZipFile(root / "build" / "worksheets.epub") as archive:
        chapter = lxml.html.fromstring(archive.read("EPUB/harvest.xhtml"))
        css = archive.read("EPUB/style.css").decode()
    spaces = chapter.find_class("write-in")
    assert [s.get("class") for s in spaces] == ["write-in lines", "write-in box",
                                                "write-in squares"]
    assert all(len(s) == 0 and not s.text_content().strip() for s in spaces)
    rule = re.search(r"\.write-in \{([^}]*)\}", css)
    assert rule and "border:" in rule[1] and "min-height:" in rule[1]
    assert "linear-gradient" not in css


def test_a_bad_option_is_an_error_at_its_place(tmp_path, capsys):
    root = shutil.copytree(BOOKS / "worksheets", tmp_path / "worksheets")
    chapter = root / CHAPTER
    text = chapter.read_text().replace("lines=4", "lines=-1").replace(
        "squares=5cm", "squares=banana").replace("{marks=1}", "{marks=1 colour=red}")
    chapter.write_text(text)
    assert main(["build", "-C", str(root), "--format", "epub"]) == 1
    errors = "\n".join(messages(capsys.readouterr().err))
    lines = text.splitlines()
    place = {key: next(f"{number}:{line.index(key) + 1}" for number, line in
                       enumerate(lines, start=1) if key in line)
             for key in ("lines=-1", "squares=banana", "colour=red")}
    assert f"{CHAPTER}:{place['lines=-1']}: error: lines=-1 is not a number of ruled " \
           "lines: write a whole number from 1 to 50, such as lines=5" in errors
    assert f"{CHAPTER}:{place['squares=banana']}: error: squares=banana is not a height: " \
           "write a length in cm, mm or in, up to 25cm, such as squares=4cm" in errors
    assert f"{CHAPTER}:{place['colour=red']}: error: 'colour' is not an exercise's " \
           "option; the options are marks=N and one of lines=N, box=HEIGHT or " \
           "squares=HEIGHT" in errors
