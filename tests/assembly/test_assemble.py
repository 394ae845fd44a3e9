"""Assembling the book: each chapter's own bibliography and the teacher's answer key."""
from __future__ import annotations

import shutil
from pathlib import Path

from book.build import read_book
from book.errors import Problems
from book.overrides import Override

BOOKS = Path(__file__).parent.parent / "books"


def _read(name: str, tmp_path: Path, *overrides: str):
    root = tmp_path / name
    shutil.copytree(BOOKS / name, root)
    problems = Problems()
    book = read_book(root, problems, tuple(Override.from_set(given) for given in overrides))
    assert not problems.items
    return book


def test_the_bibliography_holds_the_cited_and_listed_works_under_their_anchors(tmp_path):
    book = _read("citations", tmp_path)
    assert [entry.id for entry in book.bibliography] == [f"ref-{entry.key}"
                                                        for entry in book.bibliography]
    assert {"becker1996", "further2000"} <= {entry.key for entry in book.bibliography}
    assert all(not rendered.bibliography for rendered in book.chapters)


def test_with_chapter_bibliographies_each_chapter_lists_what_it_cites(tmp_path):
    book = _read("citations", tmp_path, "chapter_bibliographies=true")
    (rendered,) = book.chapters
    own = rendered.bibliography
    assert own and all(entry.id == f"ref-{rendered.chapter.slug}-{entry.key}" for entry in own)
    assert "further2000" not in {entry.key for entry in own}, "listed, not cited"
    assert f'href="#ref-{rendered.chapter.slug}-becker1996"' in rendered.html


def test_the_teacher_edition_moves_model_answers_into_the_answer_key(tmp_path):
    student = _read("editions", tmp_path / "student")
    teacher = _read("editions", tmp_path / "teacher", 'readers="teacher"')
    assert student.answer_key == ()
    assert [answers.chapter.number for answers in teacher.answer_key] == [1, 2]
    assert all("block answer" in answers.html for answers in teacher.answer_key)
    assert all("block answer" not in rendered.html for rendered in teacher.chapters)


def test_a_section_is_named_between_the_books_own_quotation_marks(tmp_path):
    (rendered,) = _read("names", tmp_path).chapters
    assert "\u00ab\u202fLa Bastille\u202f\u00bb</a>" in rendered.html
    assert "\u201cLa Bastille\u201d" not in rendered.html
