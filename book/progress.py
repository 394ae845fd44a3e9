"""How the stages of a build say how far they have got (the command line shows it)."""
from __future__ import annotations

from collections.abc import Callable

# progress(stage, done, total): `total` is 0 when a stage cannot count its steps.
Progress = Callable[[str, int, int], None]


def quiet(stage: str, done: int, total: int) -> None:
    """Progress that nobody watches."""
