"""Suggest the name someone meant when the one they wrote does not exist."""
from __future__ import annotations

import difflib
from collections.abc import Iterable


def did_you_mean(wrong: str, names: Iterable[str], cutoff: float = 0.6) -> str:
    """"; did you mean X?" for the closest name (case aside), or "" when none is close
    (`cutoff`: how alike, from 0 to 1, as difflib measures it)."""
    by_lower: dict[str, str] = {}
    for name in names:
        by_lower.setdefault(name.lower(), name)
    close = difflib.get_close_matches(wrong.lower(), by_lower, n=1, cutoff=cutoff)
    return f"; did you mean {by_lower[close[0]]}?" if close else ""
