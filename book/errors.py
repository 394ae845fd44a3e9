"""The one exception the builder raises for problems in a booklet's sources."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

# The most of a source line that a message quotes.
EXCERPT = 100


@dataclass(frozen=True)
class Problem:
    """One thing wrong in the sources, with where it is and how to fix it.

    `path` is a file, or what else the value came from (an option such as `--set`, an
    environment variable); `line` 0 means the whole file or value, with no place in it."""

    path: Path
    line: int
    col: int
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        place = f"{self.line}:{self.col}:" if self.line else ""
        return f"{shown(self.path)}:{place} {self.severity}: {self.message}"

    def with_source(self) -> str:
        """The problem's line, then the source line it points at with a caret under its
        column, as compilers print them (the first line stays the one editors read)."""
        quote = self.quote()
        if quote is None:
            return str(self)
        gutter = " " * len(str(quote.number))
        return f"{self}\n {quote.number} | {quote.text}\n {gutter} | {quote.lead}^"

    def quote(self) -> Quote | None:
        """The source line the problem points at, as it is quoted under it; None when
        there is no such line (no line number, a blank line, not a file)."""
        source = self._source_line()
        if source is None:
            return None
        column = max(self.col - 1, 0)
        if len(source) > EXCERPT:  # a long line (a figure's alt text): the part around it
            start = max(min(column - EXCERPT * 2 // 3, len(source) - EXCERPT), 0)
            source = ("…" if start else "") + source[start:start + EXCERPT] + \
                ("…" if start + EXCERPT < len(source) else "")
            column += (1 if start else 0) - start
        return Quote(self.line, source, column)

    def _source_line(self) -> str | None:
        if self.line < 1 or not self.path.is_file():
            return None
        try:
            with self.path.open(encoding="utf-8", errors="replace") as file:
                for number, text in enumerate(file, start=1):
                    if number == self.line:
                        return text.rstrip("\r\n") if text.strip() else None
        except OSError:
            return None
        return None


@dataclass(frozen=True)
class Quote:
    """A source line as quoted under a problem: its number, its text (the part around the
    column when the line is long) and the column in that text that the caret marks."""

    number: int
    text: str
    column: int

    @property
    def lead(self) -> str:
        """What goes before the caret: a space for each character, tabs kept, so that the
        caret lines up however the terminal shows tabs."""
        return "".join(c if c == "\t" else " " for c in self.text[:self.column])


def counted(number: int, noun: str) -> str:
    """"1 error", "2 errors": a count in a message."""
    return f"{number} {noun}{'' if number == 1 else 's'}"


def shown(path: Path) -> str:
    """A path as the user would type it: relative to where they are, when it can be."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def in_file_order(problems: Iterable[Problem]) -> list[Problem]:
    """Problems by file, line and column; those at one place in the order found."""
    return sorted(problems, key=lambda p: (str(p.path), p.line, p.col))


class BookError(Exception):
    """Problems in a booklet's sources; each one says path:line:col."""

    def __init__(self, problems: list[Problem]):
        # Each once (two stages may find the same fault at the same place), in a stable
        # order: the order found, within a place.
        self.problems = in_file_order(dict.fromkeys(problems))
        super().__init__("\n".join(str(p) for p in self.problems))

    def __reduce__(self):
        # Rebuilt from its problems, not its message, when it comes from a layout process.
        return BookError, (self.problems,)

    @classmethod
    def at(cls, path: Path, line: int, col: int, message: str) -> BookError:
        """One problem at one place."""
        return cls([Problem(path, line, col, message)])


class Problems:
    """Collects problems so that a stage can report all of them at once."""

    def __init__(self) -> None:
        self.items: list[Problem] = []
        self.warnings: list[Problem] = []
        self.notes: list[Problem] = []

    def add(self, path: Path, line: int, col: int, message: str) -> None:
        """Record one problem."""
        self.items.append(Problem(path, line, col, message))

    def warn(self, path: Path, line: int, col: int, message: str) -> None:
        """Record something worth fixing that does not stop the build (unless --strict)."""
        self.warnings.append(Problem(path, line, col, message, "warning"))

    def note(self, path: Path, line: int, col: int, message: str) -> None:
        """Record something worth knowing (only `check` shows notes)."""
        self.notes.append(Problem(path, line, col, message, "note"))

    def extend(self, error: BookError) -> None:
        """Record every problem of an error raised by a later step."""
        self.items.extend(error.problems)

    def raise_if_any(self) -> None:
        """Stop the build when an error was recorded."""
        if self.items:
            raise BookError(self.items)
