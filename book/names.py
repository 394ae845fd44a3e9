"""Suggest the name someone meant when the one they wrote does not exist."""
from __future__ import annotations

import difflib
from collections.abc import Iterable


def did_you_mean(wrong: str, names: Iterable[str]) -> str:
    """"; did you mean X?" for the closest name (case aside), or "" when none is close."""
    by_lower = {name.lower(): name for name in names}
    close = difflib.get_close_matches(wrong.lower(), by_lower, n=1, cutoff=0.6)
    return f"; did you mean {by_lower[close[0]]}?" if close else ""
