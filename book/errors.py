"""The one exception the builder raises for problems in a booklet's sources."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One thing wrong in the sources, with where it is and how to fix it."""

    path: Path
    line: int
    col: int
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        # Line 0: the place is an option or an environment variable, named alone.
        where = f"{shown(self.path)}:{self.line}:{self.col}" if self.line else str(self.path)
        return f"{where}: {self.severity}: {self.message}"


def shown(path: Path) -> str:
    """A path as the user would type it: relative to where they are, when it can be."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


class BookError(Exception):
    """Problems in a booklet's sources; each one says path:line:col."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda p: (str(p.path), p.line, p.col))
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
