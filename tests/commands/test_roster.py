"""`batch --roster`: a named handout for each student of a class."""
from __future__ import annotations

import re
import shutil

import pytest
from conftest import BOOKS, messages, page_texts, write_book

from book.cli import main

CLASSES = ('[classes.7a]\nteacher = "Ms Lin"\n\n'
           '[classes.7b]\nteacher = "Mr Okafor"\ntheme = "large-print"\n')


def test_each_student_of_the_roster_has_a_handout_with_their_name_on_its_name_line(
        tmp_path, capsys):
    root = shutil.copytree(BOOKS / "no-config", tmp_path / "roster")
    write_book(root, {"classes.toml": CLASSES,
                      "students.csv": "name,class,number\nAna Li,7a,1\n"
                                      "\"O'Neil, Tom\",7b,2\n李华,7a,3\n"})
    assert main(["batch", "classes.toml", "--roster", "students.csv", "--handout", "2",
                 "-C", str(root)]) == 0
    built = {path.name: re.sub(r"\s+", " ", page_texts(path)[0])
             for path in (root / "build").iterdir() if path.is_file()}
    # A handout is a PDF; named for the chapter, the class and its theme, and the student.
    assert sorted(built) == ["roster-7a-second-ana-li.pdf", "roster-7a-second-李华.pdf",
                             "roster-7b-second-large-print-oneil-tom.pdf"]
    assert "Ms Lin Name: Ana Li Date:" in built["roster-7a-second-ana-li.pdf"]
    assert "Name: 李华 Date:" in built["roster-7a-second-李华.pdf"]
    assert "Mr Okafor Name: O'Neil, Tom Date:" in built[
        "roster-7b-second-large-print-oneil-tom.pdf"]
    assert "Second by name" in built["roster-7a-second-ana-li.pdf"]
    assert capsys.readouterr().out.count("wrote ") == 3


def test_every_wrong_row_of_a_roster_is_an_error_at_its_place(tmp_path, capsys):
    root = shutil.copytree(BOOKS / "no-config", tmp_path / "roster")
    write_book(root, {"classes.toml": CLASSES,
                      "students.csv": "name,class\nAna Li,7a\n,7a\nBen Wu,7A\nana li,7a\n"})
    assert main(["batch", "classes.toml", "--roster", "students.csv", "--handout", "1",
                 "-C", str(root)]) == 1
    roster = root / "students.csv"
    assert messages(capsys.readouterr().err) == [
        f"{roster}:3:1: error: this row has no name: write the student's name, or delete "
        "the row",
        f"{roster}:4:8: error: there is no class '7A' in the classes file; its classes are "
        "7a, 7b; did you mean 7a?",
        f"{roster}:5:1: error: 'ana li' would be named as the student on line 2 of class 7a "
        "is, and one handout would replace the other: tell them apart in the name, such as "
        "'ana li B'",
        "build failed: 3 errors; earlier outputs were left as they were"]
    assert not (root / "build").exists()


def test_a_roster_needs_the_chapters_of_its_handouts(capsys):
    with pytest.raises(SystemExit) as exit_status:
        main(["batch", "classes.toml", "--roster", "students.csv", "-C", str(BOOKS / "basic")])
    assert exit_status.value.code == 2
    assert "--roster makes a handout for each student: name its chapters with --handout" \
        in capsys.readouterr().err
