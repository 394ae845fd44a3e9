"""A roster for `batch --roster`: the students of each class, one named handout each.

    name,class
    Ana Li,10a
    Tom Okafor,10b

The class is one of the classes file's; other columns (a student number, say) are left
alone."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..build import student_slug
from ..data import DataError, read_csv
from ..errors import BookError, Problems
from ..files import read_text
from ..names import did_you_mean
from ..overrides import Origin

COLUMNS = ("name", "class")


@dataclass(frozen=True)
class Student:
    """One row of the roster: the student's name, their class, and where the row is."""

    name: str
    class_key: str
    origin: Origin  # the name's cell, for errors about the student's handout


def read_roster(path: Path, classes: list[str]) -> list[Student]:
    """The students, each in one of `classes`; every row that is wrong is an error at its
    line and column, all at once."""
    if not path.is_file():
        raise BookError.at(path, 0, 0, "there is no such roster; give a CSV file with the "
                                       "columns name,class")
    read_text(path)  # a file that is not UTF-8 is an error at its first wrong byte
    try:
        rows = read_csv(path, columns=COLUMNS)
    except DataError as error:
        raise BookError.at(path, error.line, error.col, error.message) from None
    problems = Problems()
    students = []
    first_row: dict[tuple[str, str], int] = {}  # (class, file name) -> its line
    for row in rows:
        name, key = row["name"].strip(), row["class"].strip()
        origin = (path, row.line, row.column("name"))
        if not name:
            problems.add(*origin, "this row has no name: write the student's name, or "
                                  "delete the row")
            continue
        if key not in classes:
            problems.add(path, row.line, row.column("class"),
                         f"there is no class {key!r} in the classes file; its classes are "
                         f"{', '.join(classes)}{did_you_mean(key, classes)}")
            continue
        named = (key, student_slug(name))
        if named in first_row:
            problems.add(*origin, f"{name!r} would be named as the student on line "
                                  f"{first_row[named]} of class {key} is, and one handout "
                                  "would replace the other: tell them apart in the name, "
                                  f"such as '{name} B'")
            continue
        first_row[named] = row.line
        students.append(Student(name, key, origin))
    problems.raise_if_any()
    if not students:
        raise BookError.at(path, 1, 1, "the roster lists no students: add a row for each, "
                                       "such as: Ana Li,10a")
    return students
