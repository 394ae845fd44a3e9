"""Data files for figure scripts: `read_csv` gives a CSV file's rows, with a fault in the
file reported at its line and column instead of a traceback from deep inside the script.

    from book.data import read_csv
    rows = read_csv("figures/data/grain.csv", numbers=["year", "tonnes"])

(In a figure script, `style.table("grain.csv", numbers=[...])` is the same for a file in
figures/data/.)
"""
from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from .errors import counted
from .names import did_you_mean


class DataError(ValueError):
    """A fault in a data file, at a line and column of it; the figure runner reports it
    there (path:line:col), as it does an error in the booklet's own sources."""

    def __init__(self, path: Path, line: int, col: int, message: str):
        super().__init__(f"{path}:{line}:{col}: {message}")
        self.path, self.line, self.col, self.message = Path(path).resolve(), line, col, message


class Row(dict):
    """One row of a CSV file: column name -> value. A column the file does not have is a
    DataError at the file's header, which lists the columns there are."""

    def __init__(self, values: dict, columns: Columns, line: int, text: str):
        super().__init__(values)
        self._columns = columns
        self.line, self._text = line, text

    def __missing__(self, name: object) -> None:
        raise self._columns.missing(str(name))

    def column(self, name: str) -> int:
        """The column (from 1) where this row's value of `name` starts, for its errors."""
        return _column(self._text, self._columns.names.index(name))


class Columns:
    """The header of a CSV file, and where it is."""

    def __init__(self, path: Path, line: int, names: list[str]):
        self.path, self.line, self.names = path, line, names

    def missing(self, name: str) -> DataError:
        """The error for a column the file does not have."""
        return DataError(self.path, self.line, 1,
                         f"there is no column {name!r}; the columns are: "
                         f"{', '.join(self.names)}{did_you_mean(name, self.names)}")


def read_csv(path: str | Path, numbers: Iterable[str] = (),
             columns: Iterable[str] = ()) -> list[Row]:
    """The rows of a CSV file as dicts by the header's names; lines starting with '#' are
    notes (where the numbers come from), and blank lines are skipped. The columns named in
    `numbers` hold numbers (int when whole, else float; None when the cell is empty); those
    and the ones in `columns` must be in the header. A row with more or fewer values than
    the header, or a number that is not one, is a DataError at its line and column."""
    path = Path(path)
    numbers = list(numbers)  # read twice, and it may be a generator
    wanted = [*numbers, *columns]
    with open(path, encoding="utf-8-sig", newline="") as file:
        lines = file.read().splitlines(keepends=True)
    records = _records(lines)
    header = next(records, None)
    if header is None:
        raise DataError(path, max(len(lines), 1), 1, "the file has no header line naming "
                                                     "its columns")
    line, names = header
    table = Columns(path, line, [name.strip() for name in names])
    for name in wanted:
        if name not in table.names:
            raise table.missing(name)
    rows = []
    for line, values in records:
        if len(values) != len(table.names):
            raise DataError(path, line, _column(lines[line - 1], min(len(values),
                                                                     len(table.names))),
                            f"this row has {counted(len(values), 'value')}, but the header "
                            f"(line {table.line}) names {counted(len(table.names), 'column')}: "
                            f"{', '.join(table.names)}")
        # Text, and numbers in place of the text of the number columns.
        row: dict[str, Any] = dict(zip(table.names, values))
        for name in numbers:
            row[name] = _number(row[name], path, line,
                                _column(lines[line - 1], table.names.index(name)), name)
        rows.append(Row(row, table, line, lines[line - 1]))
    return rows


def _records(lines: list[str]) -> Iterator[tuple[int, list[str]]]:
    """(line number, values) of each record that is not a note or blank."""
    # A note becomes an empty line, so that the reader's line count stays the file's.
    reader = csv.reader("\n" if line.lstrip().startswith("#") else line for line in lines)
    start = 1
    for values in reader:
        if any(value.strip() for value in values):
            yield start, values
        start = reader.line_num + 1


def _number(text: str, path: Path, line: int, col: int, name: str) -> int | float | None:
    """A cell of a number column as a number."""
    text = text.strip()
    if not text:
        return None
    try:
        return int(text)
    except ValueError:
        pass
    try:
        return float(text)
    except ValueError:
        raise DataError(path, line, col, f"{text!r} in the column {name!r} is not a number; "
                                         "write it with digits and a decimal point, such as "
                                         "1250 or 3.5, or leave the cell empty") from None


def _column(line: str, index: int) -> int:
    """The column (from 1) where the value at `index` starts, minding quoted commas."""
    line = line.rstrip("\r\n")
    quoted, field, col = False, 0, 1
    for offset, char in enumerate(line):
        if field == index:
            return offset + 1
        if char == '"':
            quoted = not quoted
        elif char == "," and not quoted:
            field += 1
        col = offset + 2
    return col
