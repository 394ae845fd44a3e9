"""Year suffixes: works by the same authors in the same year cited as 1996a, 1996b."""
from __future__ import annotations

from collections import defaultdict
from typing import Any


def with_year_suffixes(data: list[dict[str, Any]], cited: set[str]) -> list[dict[str, Any]]:
    """Give cited works by the same authors in the same year the suffixes a, b, ...

    citeproc-py does not disambiguate; styles print the `year-suffix` variable after the
    year, so setting it is enough.
    """
    groups: dict[tuple, list[dict[str, Any]]] = defaultdict(list)
    for item in data:
        if item["id"] in cited:
            authors = tuple((p.get("family", ""), p.get("given", "")) for p in
                            item.get("author") or item.get("editor") or [])
            year = (item.get("issued", {}).get("date-parts") or [[None]])[0][0]
            if authors and year:
                groups[(authors, year)].append(item)
    suffixes = {}
    for items in groups.values():
        if len(items) > 1:
            for letter, item in zip("abcdefghijklmnopqrstuvwxyz",
                                    sorted(items, key=lambda i: str(i.get("title", "")).lower())):
                suffixes[item["id"]] = letter
    return [{**item, "year-suffix": suffixes[item["id"]]} if item["id"] in suffixes else item
            for item in data]
