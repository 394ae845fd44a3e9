"""Settings given for one build, which win over book.toml's: each with the place it was
given, for its errors. Kept apart from config.py, which reads book.toml: the command line
makes these before a no-op rebuild decides it has nothing to do, and reads nothing else."""
from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# Where a value was given: a file's line and column, or an option (line 0: no place in it).
Origin = tuple[Path, int, int]


@dataclass(frozen=True)
class Override:
    """A setting given for one build, which wins over book.toml's: from `--set`,
    `--theme`, `--edition` or a classes file, with the place it was given for errors."""

    key: str  # dotted: "classroom.teacher"
    # TOML where it reads as TOML ("true", "[1, 2]", '"Ms Lin"'), else plain text; None
    # when `--set` was given no '='.
    value_text: str | None
    origin: Origin

    @classmethod
    def from_set(cls, given: str) -> Override:
        """`--set KEY=VALUE`, blamed on that option as given."""
        key, equals, value = given.partition("=")
        return cls(key, value if equals else None, (Path(f"--set {given}"), 0, 0))

    @classmethod
    def from_option(cls, option: str, key: str, value: str) -> Override:
        """An option that sets one setting to text, such as `--theme NAME`: blamed on the
        option and its value; the value is written as a TOML string (JSON's escapes are
        TOML's)."""
        return cls(key, json.dumps(value), (Path(f"{option} {value}"), 0, 0))

    @property
    def text(self) -> str:
        """KEY=VALUE as it was given."""
        return self.key if self.value_text is None else f"{self.key}={self.value_text}"

    @property
    def value(self) -> Any:
        """The value as TOML reads it (numbers, true/false, lists), else as text."""
        try:
            return tomllib.loads(f"value = {self.value_text}")["value"]
        except tomllib.TOMLDecodeError:
            return self.value_text
