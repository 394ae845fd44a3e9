"""Resolve across the book: ids unique book-wide, and the glossary from every chapter."""
from __future__ import annotations

from collections import Counter

import lxml.html

from .config import Settings
from .errors import Problems
from .model import Book, GlossaryEntry, RenderedChapter
from .themes import Theme

# Ids the templates give to the parts around the chapters.
PART_IDS = ("cover", "title-page", "colophon", "contents", "glossary")


def assemble(settings: Settings, theme: Theme, chapters: list[RenderedChapter]) -> Book:
    """Check ids across chapters and gather the glossary; report every clash."""
    problems = Problems()
    owners = {part: None for part in PART_IDS}
    for rendered in chapters:
        chapter = rendered.chapter
        ids = [chapter.slug]
        if rendered.html.strip():
            fragment = lxml.html.fragment_fromstring(rendered.html, create_parent="div")
            ids += [element.get("id") for element in fragment.iter() if element.get("id")]
        seen: Counter[str] = Counter()
        for id_ in ids:
            if id_ in owners:
                other = owners[id_]
                # Within one chapter the clash is the second label, not the first.
                line, col = chapter.body.find("#" + id_, seen[id_] if other is chapter else 0)
                where = f"in {other.path.name}" if other else "by the book's own pages"
                problems.add(chapter.path, line, col,
                             f"the id {id_!r} is already used {where}; choose another label")
            else:
                owners[id_] = chapter
            seen[id_] += 1
    problems.raise_if_any()
    return Book(settings=settings, theme=theme, chapters=tuple(chapters),
                glossary=_glossary(chapters))


def _glossary(chapters: list[RenderedChapter]) -> tuple[GlossaryEntry, ...]:
    """Key terms from every chapter, alphabetical; a term keeps its first definition."""
    entries: dict[str, GlossaryEntry] = {}
    for rendered in chapters:
        for term, definition in rendered.chapter.key_terms.items():
            entries.setdefault(term.casefold(), GlossaryEntry(term, definition, rendered.chapter))
    return tuple(entries[key] for key in sorted(entries))
