"""Collect index hits into a grouped, sorted back-of-book index; merge pages into ranges."""
from __future__ import annotations

import difflib
import json
import re
from collections.abc import Callable
from itertools import groupby
from typing import Any

from ..errors import Problems
from ..model import IndexEntry, IndexGroup, ParsedChapter, sort_key


def build_index(chapters: list[ParsedChapter], problems: Problems) -> list[IndexGroup]:
    """Every index hit in book order, as entries grouped by initial letter."""
    top: dict[str, IndexEntry] = {}
    for parsed in chapters:
        for span in parsed.tree.xpath("//span[@data-index]"):
            hit = json.loads(span.attrib.pop("data-index"))
            entry = _entry(top, hit["path"], hit.get("sort"))
            if hit.get("see") or hit.get("see_also"):
                entry.see += [t for t in hit.get("see", []) if t not in entry.see]
                entry.see_also += [t for t in hit.get("see_also", []) if t not in entry.see_also]
            if not hit.get("see"):
                entry.anchors.append(span.get("id"))
    _check_cross_references(top, chapters, problems)
    _link_cross_references(top)
    entries = sorted(top.values(), key=lambda e: (sort_key(e.sort), e.term))
    return [IndexGroup(letter, list(group)) for letter, group in
            groupby(entries, key=lambda e: _initial(e.sort))]


def _entry(top: dict[str, IndexEntry], path: list[str], sort: str | None) -> IndexEntry:
    """The entry for a path of terms, made on first use; the same term in any case or
    accent is one entry."""
    level = top
    entry = None
    for depth, term in enumerate(path):
        key = sort_key(term)
        if key not in level:
            level[key] = IndexEntry(term=term, sort=term)
        entry = level[key]
        if sort and depth == len(path) - 1:
            entry.sort = sort
        level = entry.children
    assert entry is not None  # an index term has at least one level
    return entry


def _link_cross_references(top: dict[str, IndexEntry]) -> None:
    """Give every entry an id, and each "see" (also) the id of the entry it names: a
    sub-entry when it is written "Term, sub-entry" and there is one, else the main entry."""
    taken: set[str] = set()

    def name(entries: dict[str, IndexEntry], prefix: str) -> None:
        for key, entry in sorted(entries.items()):
            # Terms that differ only in punctuation ("Grain-monopoly", "Grain monopoly")
            # share a base and are numbered apart.
            base = prefix + (re.sub(r"\W+", "-", key).strip("-") or "entry")
            entry.id, number = base, 1
            while entry.id in taken:
                number += 1
                entry.id = f"{base}-{number}"
            taken.add(entry.id)
            name(entry.children, f"{entry.id}--")

    def target(written: str) -> IndexEntry | None:
        if sort_key(written) in top:
            return top[sort_key(written)]
        main, _, sub = written.partition(",")
        entry = top.get(sort_key(main))
        return entry and entry.children.get(sort_key(sub), entry)

    def link(entries: dict[str, IndexEntry]) -> None:
        for entry in entries.values():
            for written in entry.see + entry.see_also:
                found = target(written)
                if found is not None:  # else reported by _check_cross_references
                    entry.targets[written] = found.id
            link(entry.children)

    name(top, "index-")
    link(top)


def _initial(text: str) -> str:
    first = sort_key(text)[:1].upper()
    return first if first.isalpha() else "#"


def _check_cross_references(top: dict[str, IndexEntry], chapters: list[ParsedChapter],
                            problems: Problems) -> None:
    """A 'see' or 'see also' must name a main entry of the index."""
    def walk(entries):
        for entry in entries:
            yield entry
            yield from walk(entry.children.values())
    for entry in walk(top.values()):
        for target in entry.see + entry.see_also:
            if sort_key(target.split(",")[0]) not in top:
                # At the option's target, not where the words first appear.
                written = next((f"{option} {target}" for option in ("see also", "see")
                                if any(f"{option} {target}" in r.chapter.body.text
                                       for r in chapters)), target)
                chapter = next((r.chapter for r in chapters if written in r.chapter.body.text),
                               chapters[0].chapter)
                found = chapter.body.text.find(written)
                line, col = chapter.body.position(
                    found + len(written) - len(target) if found >= 0 else 0)
                close = difflib.get_close_matches(sort_key(target.split(",")[0]), top, n=1)
                problems.add(chapter.path, line, col,
                             f"the index refers to {target!r}, which is not an index entry"
                             + (f"; did you mean {top[close[0]].term!r}?" if close else ""))


def page_runs(anchors: list[str], pages: dict[str, int]) -> list[tuple[str, str | None]]:
    """Merge an entry's anchors by page: one per page, and consecutive pages as a range.

    Returns (first anchor, last anchor or None) pairs, so that the printed numbers can still
    come from the layout itself (target-counter) rather than from this computation.
    """
    on_page: dict[int, str] = {}
    for anchor in anchors:
        on_page.setdefault(pages[anchor], anchor)
    runs: list[list[int]] = []
    for page in sorted(on_page):
        if runs and page == runs[-1][-1] + 1:
            runs[-1].append(page)
        else:
            runs.append([page])
    return [(on_page[run[0]], on_page[run[-1]] if len(run) > 1 else None) for run in runs]


def arrow_locators() -> dict[str, Callable[..., Any]]:
    """The index template's locators for an output without print page numbers: an arrow
    linking to each place."""
    return {"runs": lambda anchors: [(anchor, None) for anchor in anchors],
            "locator": lambda anchor: "\u2192"}
