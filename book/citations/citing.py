"""Cite across the book: check every citation's keys, format them all with the style, and
write each into its placeholder as a link to its entry in the bibliography."""
from __future__ import annotations

import difflib
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import lxml.html

from ..cache import Store
from ..config import Settings
from ..errors import Problems
from ..model import BibliographyEntry, ParsedChapter
from .formatter import Cite, Formatter
from .sources import DEFAULT_FILES, Sources, bibliography_path, load_sources
from .style import locale_for, style_path


@dataclass(frozen=True)
class BookCitations:
    """The book's bibliography, and with chapter_bibliographies each chapter's own, by the
    chapter's slug."""

    bibliography: tuple[BibliographyEntry, ...] = ()
    by_chapter: dict[str, tuple[BibliographyEntry, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class _Placeholder:
    """A citation's placeholder in a chapter's tree, and the citation it holds."""

    parsed: ParsedChapter
    span: lxml.html.HtmlElement
    cite: Cite


def cite_book(chapters: list[ParsedChapter], settings: Settings, problems: Problems,
              cache: Path | None = None) -> BookCitations:
    """Format every citation placeholder in the chapters' trees, in place; formatted
    results are kept in the `cache` folder, if given."""
    placeholders = [_Placeholder(parsed, span, Cite(json.loads(span.get("data-items")),
                                                    span.get("data-mode")))
                    for parsed in chapters for span in parsed.tree.find_class("citation")]
    path = bibliography_path(settings)
    if not placeholders and not settings.nocite:
        return BookCitations()
    sources = load_sources(path) if path is not None and path.is_file() else None
    if sources is not None:
        problems.warnings.extend(sources.warnings)
    placeholders = _check_keys(placeholders, settings, sources, problems)
    if not placeholders and not settings.nocite:
        return BookCitations()  # only @words that name no source, printed as written
    if sources is None:
        where = settings.origin("bibliography") if settings.bibliography \
            else (settings.root / DEFAULT_FILES[0], 0, 0)
        problems.add(*where, "the booklet cites sources but has no "
                     "bibliography: add references.bib (BibTeX) or references.json (CSL-JSON)")
        return BookCitations()
    if problems.items:
        return BookCitations()

    citations = [placeholder.cite for placeholder in placeholders]
    listed = [Cite([{"key": key}]) for key in settings.nocite]
    cited = {item["key"].lower() for cite in citations + listed for item in cite.items}
    store = None if cache is None else Store(cache)
    formatter = Formatter(style_path(settings), sources, locale_for(settings.language), cited,
                          store)
    formatted = formatter.render(citations + listed)
    places = _fill_all(placeholders, formatted.citations, settings.chapter_bibliographies)
    by_chapter = _chapter_bibliographies(chapters, placeholders, formatter, places) \
        if settings.chapter_bibliographies else {}
    if store is not None:
        store.prune()
    return BookCitations(_entries(formatted.bibliography, None, places), by_chapter)


def _fill_all(placeholders: list[_Placeholder], texts: list[str], own_lists: bool
              ) -> dict[str, list[tuple[str, str]]]:
    """Put each formatted citation into its placeholder; the places that cite each work
    (the id of each link to it, and its chapter's slug), in reading order. A link's id is
    its chapter's slug and its number there."""
    places: dict[str, list[tuple[str, str]]] = {}
    numbers: Counter[str] = Counter()  # the links of each chapter so far
    for placeholder, text in zip(placeholders, texts):
        chapter = placeholder.parsed.chapter.slug
        for key, link in _fill(placeholder.span, text, placeholder.cite.items[0]["key"],
                               chapter if own_lists else None):
            numbers[chapter] += 1
            link.set("id", f"{chapter}-cite-{numbers[chapter]}")
            places.setdefault(key, []).append((link.get("id"), chapter))
    return places


def _check_keys(placeholders: list[_Placeholder], settings: Settings, sources: Sources | None,
                problems: Problems) -> list[_Placeholder]:
    """The citations that stand. As in Pandoc, an `@word` in the text that names no source
    (an @username, an npm scope) is printed as written, with a warning; a missing key in
    brackets, or listed under nocite, is an error, reported where it is written with the
    keys it may have been meant for. Without a bibliography only the first are checked."""
    known = {item["id"] for item in sources.data} if sources is not None else set()
    seen: Counter[str] = Counter()
    bibliography = sources.path if sources is not None else Path()
    standing = []
    for placeholder in placeholders:
        chapter = placeholder.parsed.chapter
        items = placeholder.cite.items
        if placeholder.cite.mode == "narrative" and items[0]["key"].lower() not in known:
            key = items[0]["key"]
            line, col = chapter.body.find("@" + key, seen["@" + key])
            where = f"in {sources.path.name}" if sources is not None else "(no bibliography)"
            problems.warn(chapter.path, line, col, f"@{key} names no source {where}, so it is "
                                                   "printed as written")
            placeholder.span.drop_tag()
        else:
            standing.append(placeholder)
            unknown = [item["key"] for item in items if item["key"].lower() not in known]
            for key in unknown if sources is not None else ():
                line, col = chapter.body.find("@" + key, seen["@" + key])
                problems.add(chapter.path, line, col, f"unknown citation key {key!r}; "
                             f"{_closest(key, known, bibliography)}")
        for item in items:  # counted once the whole citation is checked
            seen["@" + item["key"]] += 1
    for key in settings.nocite:
        if sources is not None and key.lower() not in known:
            problems.add(*settings.origin("nocite"),
                         f"nocite lists {key!r}, which is not in {sources.path.name}")
    return standing


def _chapter_bibliographies(chapters: list[ParsedChapter], placeholders: list[_Placeholder],
                            formatter: Formatter, places: dict[str, list[tuple[str, str]]]
                            ) -> dict[str, tuple[BibliographyEntry, ...]]:
    """Each chapter's own list of the works it cites."""
    lists = {}
    for parsed in chapters:
        own = [p.cite for p in placeholders if p.parsed is parsed]
        entries = formatter.render(own).bibliography if own else {}
        lists[parsed.chapter.slug] = _entries(entries, parsed.chapter.slug, places)
    return lists


def _entries(bibliography: dict[str, str], slug: str | None,
             places: dict[str, list[tuple[str, str]]]) -> tuple[BibliographyEntry, ...]:
    """The entries of the book's list (`slug` None) or of a chapter's, each with the
    places in the book, or in the chapter, that cite it."""
    return tuple(BibliographyEntry(_anchor(key, slug), key, html, tuple(
        place for place in places.get(key, []) if slug in (None, place[1])))
        for key, html in bibliography.items())


def _anchor(key: str, slug: str | None) -> str:
    """The id of a work's entry: in its chapter's own list, or in the book's."""
    return f"ref-{slug}-{key}" if slug is not None else f"ref-{key}"


def _closest(key: str, known: set[str], path: Path) -> str:
    close = difflib.get_close_matches(key.lower(), sorted(known), n=3)
    return f"did you mean {', '.join(close)}?" if close else f"add it to {path.name}"


def _fill(span: lxml.html.HtmlElement, html: str, first_key: str, slug: str | None
          ) -> list[tuple[str, lxml.html.HtmlElement]]:
    """Put the formatted citation into its placeholder, as a link to the entry, or with
    each work's part a link to its own entry (formatter.Formatted); its links, with the
    key of the work each leads to. `slug` is the chapter's with chapter_bibliographies."""
    for attribute in ("data-items", "data-mode"):
        span.attrib.pop(attribute, None)
    span.text = None
    whole = lxml.html.fragment_fromstring(html, create_parent="span")
    parts = whole.xpath(".//a[@data-source]")
    if not parts:
        whole.tag = "a"
        parts = [whole]
        whole.set("data-source", first_key.lower())
        span.append(whole)
    else:
        span.text = whole.text
        span.extend(whole)
    found = []
    for link in parts:
        key = link.attrib.pop("data-source")
        link.set("href", f"#{_anchor(key, slug)}")
        found.append((key, link))
    return found
