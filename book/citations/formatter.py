"""Format citations and the list of the works they cite with one CSL style (citeproc-py),
and keep the results in the cache."""
from __future__ import annotations

import functools
import json
import re
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from citeproc import (
    Citation,
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
    Locator,
    formatter,
)
from citeproc.source.json import CiteProcJSON

from ..cache import Store, cache_key
from ..words import typeset
from . import csl_fixes  # noqa: F401 (imported for its fixes to citeproc-py)
from .entries import finished_entry, prints_note
from .sources import Sources, strings_mapped
from .style import is_positional, without_names
from .year_suffixes import with_year_suffixes

CACHED = ".json"
# Around each work's part of a citation of several, so that each part links to its own
# entry: characters of Unicode's private use area, which no style prints.
PART_START, PART_KEY_END, PART_END = "\ue000", "\ue001", "\ue002"
PART = re.compile(f"{PART_START}(\\d+){PART_KEY_END}(.*?){PART_END}", re.S)
UNMARKED = re.compile(f"{PART_START}\\d+{PART_KEY_END}|{PART_END}")
# Fields printed exactly as the bibliography file has them: codes and addresses.
# (CSL's names; sources.py keeps BibTeX's from being read as LaTeX.)
VERBATIM = frozenset({"id", "type", "URL", "DOI", "ISBN", "ISSN", "PMID", "PMCID", "language",
                      "citation-key"})


@dataclass(frozen=True)
class Cite:
    """One citation as a chapter writes it: the works it cites, each with its key and any
    locator, prefix, suffix or suppress, and its mode ("normal" or "narrative")."""

    items: list[dict[str, str]]
    mode: str = "normal"


@dataclass(frozen=True)
class Formatted:
    """What the style made of some citations: the HTML of each, in order, and the list of
    the works they cite as key -> HTML, in the style's order. In a citation of several
    works, each work's part is an `<a data-source="key">`."""

    citations: list[str]
    bibliography: dict[str, str]


class Formatter:
    """Formats the book's citations and bibliography with one CSL style.

    citeproc-py takes about a second for a booklet's citations, so with a `store` a result
    is kept under the key of everything it depends on; a rebuild after an edit that
    changed no citation reads it back."""

    def __init__(self, style: Path, sources: Sources, locale: str, cited: set[str],
                 store: Store | None = None):
        # Year suffixes follow from everything the book cites, so that a chapter's own
        # list agrees with the text.
        self.data = with_year_suffixes(sources.data, cited)
        self.style_path, self.locale, self.store = style, locale, store
        # citeproc-py formats a citation from the works registered and, for a style with
        # position conditions (ibid, subsequent), from the citations before it. Without
        # those, equal citations come out equal and each is formatted once: most of the
        # time of a long book's citations.
        self.positional = is_positional(style)
        # Besides the citations themselves; the builder's code and citeproc-py's version
        # are in every cache key.
        self.inputs = (style.read_bytes(), locale,
                       json.dumps(self.data, sort_keys=True, default=str))

    @functools.cached_property
    def styles(self) -> tuple[CitationStylesStyle, CitationStylesStyle]:
        """The style, and the style without names; loaded only when something is formatted."""
        return (CitationStylesStyle(str(self.style_path), locale=self.locale, validate=False),
                without_names(self.style_path, self.locale))

    def render(self, citations: list[Cite]) -> Formatted:
        """HTML for each citation, and the bibliography of the works they cite."""
        if self.store is None:
            return self._format(citations)
        key = cache_key(*self.inputs, json.dumps([asdict(cite) for cite in citations],
                                                 sort_keys=True, default=str))
        try:
            texts, bibliography = json.loads(self.store.read(key, CACHED) or b"")
        except (ValueError, TypeError):
            pass  # none yet, or a damaged one: format again
        else:
            return Formatted(texts, bibliography)
        formatted = self._format(citations)
        self.store.write(key, CACHED, json.dumps([formatted.citations,
                                                  formatted.bibliography]).encode())
        return formatted

    def _format(self, citations: list[Cite]) -> Formatted:
        style, no_author = self.styles
        # With the text's typography (China’s, “Mao”), as Pandoc gives a bibliography:
        # here, so that a rebuild that reads its citations from the cache does without.
        data = strings_mapped(self.data, lambda text: typeset(text, self.locale), VERBATIM)
        # Every variant registers every citation, so numeric styles number alike.
        full = _Registered(style, data, citations, self.style_path)
        bare = _Registered(no_author, data, citations, self.style_path)
        texts = []
        formatted: dict[str, str] = {}
        for number, citation in enumerate(citations):
            same = json.dumps([citation.items, citation.mode], sort_keys=True)
            if same in formatted and not self.positional:
                texts.append(formatted[same])
                continue
            # Each variant formats in the order it is asked, as a positional style needs.
            text = full.cite(number)
            if citation.mode == "narrative":
                text = f"{_author_part(text, bare.cite(number), citation.items, data)} " \
                       f"{bare.cite(number)}"
            elif all(item.get("suppress") == "author" for item in citation.items):
                text = bare.cite(number)
            texts.append(formatted.setdefault(same, text))
        return Formatted(texts, full.entries())


class _Registered:
    """A style's bibliography with every citation registered and sorted."""

    def __init__(self, style: CitationStylesStyle, data: list[dict[str, Any]],
                 citations: list[Cite], path: Path):
        self.bibliography = CitationStylesBibliography(style, CiteProcJSON(data),
                                                       formatter.html)
        self.items = {item["id"]: item for item in data}
        self.path = path
        self.citations = citations
        self.cites = [_citation(citation.items, marked=_in_parts(citation))
                      for citation in citations]
        for cite in self.cites:
            self.bibliography.register(cite)
        self.bibliography.sort()

    def cite(self, number: int) -> str:
        """The HTML of the citation at `number`."""
        text = str(self.bibliography.cite(self.cites[number], _ignore))
        return _parts_linked(text, self.citations[number].items) \
            if _in_parts(self.citations[number]) else text

    def entries(self) -> dict[str, str]:
        """The cited works' entries, key -> HTML, in the style's order, with their notes
        and links (entries.py)."""
        note_printed = prints_note(self.path)
        return {key: finished_entry(str(entry), self.items[key], note_printed)
                for key, entry in zip(self.bibliography.keys, self.bibliography.bibliography())}


def _in_parts(citation: Cite) -> bool:
    """Whether each work of the citation gets a link of its own: a citation of several in
    brackets (a narrative citation names one work)."""
    return citation.mode != "narrative" and len(citation.items) > 1


def _parts_linked(text: str, items: list[dict[str, str]]) -> str:
    """The citation with each work's part (between the marks _citation put around it) as
    a link to be made to its entry; without the marks if the style did not keep the
    parts apart (one that merges works under one author, say)."""
    parts = PART.findall(text)
    left = PART.sub("", text)
    if len(parts) != len(items) or any(mark in left for mark in (PART_START, PART_END)):
        return UNMARKED.sub("", text)
    return PART.sub(lambda part: f'<a data-source="{items[int(part[1])]["key"].lower()}">'
                                 f"{part[2]}</a>", text)


def _ignore(item: Any) -> None:
    """citeproc-py reports unknown keys through a callback; ours are checked before."""


def _author_part(full: str, bare: str, items: list[dict[str, str]],
                 data: list[dict[str, Any]]) -> str:
    """The author as the style writes it: the full citation less its author-free form."""
    inner_full, inner_bare = full[1:-1], bare[1:-1]
    if full[:1] == bare[:1] and inner_full.endswith(inner_bare) and inner_full != inner_bare:
        return inner_full[: -len(inner_bare)].rstrip(" ,")
    # Numeric styles cite no names: name the authors as people say them.
    item = next(i for i in data if i["id"] == items[0]["key"].lower())
    people = [p.get("family") or p.get("literal", "") for p in
              item.get("author") or item.get("editor") or []]
    if not people:
        return str(item.get("title", ""))
    return people[0] if len(people) == 1 else (
        f"{people[0]} and {people[1]}" if len(people) == 2 else f"{people[0]} et al.")


def _citation(items: list[dict[str, str]], marked: bool = False) -> Citation:
    """The citeproc-py citation of a chapter's citation items; `marked`, with each item's
    part between marks (PART), its prefix and suffix outside."""
    cites = []
    for number, item in enumerate(items):
        options = {}
        if item.get("locator"):
            options["locator"] = Locator(item.get("label", "page"), item["locator"])
        prefix = item["prefix"] + " " if item.get("prefix") else ""
        suffix = ", " + item["suffix"] if item.get("suffix") else ""
        if marked:
            prefix, suffix = f"{prefix}{PART_START}{number}{PART_KEY_END}", PART_END + suffix
        if prefix:
            options["prefix"] = prefix
        if suffix:
            options["suffix"] = suffix
        cites.append(CitationItem(item["key"].lower(), **options))
    return Citation(cites)
