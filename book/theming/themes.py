"""Find a theme and its parents; give their variables, CSS and template folders."""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
import tinycss2
from tinycss2.serializer import serialize_string_value, serialize_url

from ..config import (
    BOOKLET_THEMES,
    FONT_CHOICES,
    PAGE_SIZES,
    THEME_FILE,
    CssValue,
    Origin,
    Settings,
)
from ..errors import BookError, Problems
from ..files import read_text
from ..names import did_you_mean
from ..tomlfile import key_positions, parse_toml
from .colours import FILTERS, for_reading_systems
from .values import check_value, css_value, infer_type, millimetres, type_names

BUILT_IN = Path(__file__).parent / "built_in"
# The theme variable that caps the text block's width in print, so that a line holds 65 to
# 80 characters: on a wider page the outer margin grows.
MAX_TEXT_WIDTH = "max_text_width"
# The `fonts` choices whose readers need the text set otherwise too.
READER_SHEETS = {"dyslexic": Path(__file__).parent / "readers" / "dyslexic.css"}
# Stylesheets for every output, then those for print (the PDF), the EPUB or the web version
# only.
SHEET_KEYS = ("stylesheets", "print", "epub", "web")
# `keeps`: variables the theme holds to whatever a style or book.toml says (large print
# its sizes, ink-saver its greys), so that it keeps its promise; only --set changes them.
THEME_KEYS = ("description", "extends", *SHEET_KEYS, "keeps", "variables", "types")


@dataclass(frozen=True)
class Stylesheet:
    """A theme's CSS file after its variables were filled in."""

    path: Path
    css: str


@dataclass(frozen=True)
class Theme:
    """A theme resolved with its parents: the child's choices win."""

    name: str
    root: Path
    folders: tuple[Path, ...]
    variables: dict[str, Any]
    # (kind, path) from the most general theme to the booklet's own CSS, where kind is
    # "stylesheets" (every output), "print", "epub" or "web".
    sheets: tuple[tuple[str, Path], ...]
    types: dict[str, str] = field(default_factory=dict)
    # Where each variable's value was given (theme.toml, book.toml or an option).
    origins: dict[str, Origin] = field(default_factory=dict, repr=False, compare=False)

    def origin(self, name: str) -> Origin:
        """Where variable `name` got its value; the theme's file when it is not known."""
        return self.origins.get(name) or (self.folders[0] / THEME_FILE, 1, 1)

    @property
    def template_folders(self) -> tuple[Path, ...]:
        """Template override folders, the most specific first."""
        return tuple(folder / "templates" for folder in self.folders
                     if (folder / "templates").is_dir())

    def stylesheets(self, output: str, extra: dict[str, Any],
                    colours_as_properties: bool = False,
                    file_address: Callable[[Path], str] | None = None,
                    classes: set[str] | None = None) -> list[Stylesheet]:
        """The shared stylesheets and those of `output` ("print", "epub" or "web"), parents
        first, with the theme variables (and `extra`) filled in.

        With `colours_as_properties` (the web version), a colour variable is written as a
        custom property, var(--NAME), so that a stylesheet can change it for dark mode; a
        first sheet sets each to the theme's colour, which --theme-NAME keeps.

        With `file_address`, each url() of a file (a picture a sheet draws, such as the
        warning sign) becomes file_address(file): the address of the copy that an output
        whose CSS is not beside its files (the EPUB, the web page) keeps. Given the
        `classes` the output's documents use, a rule that draws a file and whose selectors
        each name a class none of them has is left out, so that its file is not shipped
        (the warning sign in a book without a warning box)."""
        # Every value is written safely: none can end its declaration and add rules (a
        # CssValue is the builder's own).
        context = {**{name: css_value(self.types[name], value)
                      for name, value in self.variables.items()},
                   **{name: value if isinstance(value, CssValue) else css_value("text", value)
                      for name, value in extra.items()}}
        sheets = []
        if colours_as_properties:
            # Only a name a stylesheet can use ({{ name }}) is one a property can have.
            colours = [name for name in self.variables
                       if self.types.get(name) == "colour" and name.isidentifier()]
            sheets.append(Stylesheet(self.folders[0] / THEME_FILE, ":root {\n" + "".join(
                f"  --theme-{name}: {context[name]};\n  --{name}: var(--theme-{name});\n"
                for name in colours) + "}"))
            context.update({name: f"var(--{name})" for name in colours})
        problems = Problems()
        for kind, path in ((k, p) for k, p in self.sheets if k in ("stylesheets", output)):
            env = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=False)
            env.filters.update(FILTERS)
            try:
                css = env.from_string(read_text(path)).render(context)
            except jinja2.TemplateError as error:
                problems.add(path, _stylesheet_line(error), 1,
                             f"{error.message}; the theme's variables are: "
                             f"{', '.join(sorted(context))}; its filters: "
                             f"{', '.join(sorted(FILTERS))}")
                continue
            # A booklet's own CSS may use its folder; a theme's, the themes beside it.
            allowed = self.root if path.is_relative_to(self.root) else path.parent.parent
            if _check_urls(path, css, allowed, problems) and file_address:
                css = _with_file_addresses(path, css, file_address, classes)
            if output == "epub" and kind == "stylesheets" and not path.is_relative_to(BUILT_IN):
                # Built-in and EPUB sheets choose their EPUB colours; others were written
                # for print.
                css = for_reading_systems(css)
            sheets.append(Stylesheet(path, css))
        problems.raise_if_any()
        return sheets


def _stylesheet_line(error: jinja2.TemplateError) -> int:
    """The stylesheet's line of a template error: a syntax error knows it; an error while
    filling in (an unknown variable, a filter given what it cannot use) is found in the
    traceback, where Jinja puts the template's own line numbers."""
    line = getattr(error, "lineno", None)
    frame = error.__traceback__
    while frame is not None:
        if frame.tb_frame.f_code.co_filename == "<template>":
            line = frame.tb_lineno
        frame = frame.tb_next
    return line or 1


def theme_names(root: Path) -> list[str]:
    """Every theme a booklet can use: its own and the built-in ones."""
    folders = [root / BOOKLET_THEMES, BUILT_IN]
    return sorted({p.parent.name for folder in folders for p in folder.glob(f"*/{THEME_FILE}")})


@dataclass(frozen=True)
class _ThemeFile:
    """One theme of a chain: its folder, its theme.toml's data, where each key is."""

    folder: Path
    data: dict[str, Any]
    positions: dict[str, tuple[int, int]]


def load_theme(settings: Settings, report: Problems | None = None) -> Theme:
    """Resolve the booklet's theme with the themes it extends; every variable is checked
    against its type, and every error is blamed on where the value was given. A variable
    a theme keeps, given another value elsewhere, is a warning in `report`."""
    root = settings.root
    chain = _theme_chain(settings)
    problems = Problems()
    variables: dict[str, Any] = {}
    types: dict[str, str] = {}
    origins: dict[str, Origin] = {}
    sheets: list[tuple[str, Path]] = []
    for theme_file in reversed(chain):
        folder, data, positions = theme_file.folder, theme_file.data, theme_file.positions
        path = folder / THEME_FILE
        for name, kind in data.get("types", {}).items():
            where: Origin = (path, *positions.get(f"types.{name}", (1, 1)))
            if kind not in type_names():
                problems.add(*where, f"{kind!r} is not a type of variable; the types are: "
                                     f"{', '.join(type_names())}"
                                     f"{did_you_mean(str(kind), type_names())}")
            else:
                types[name] = kind
        for name, value in data.get("variables", {}).items():
            variables[name] = value
            origins[name] = (path, *positions.get(f"variables.{name}", (1, 1)))
        sheets += [(key, folder / sheet) for key in SHEET_KEYS for sheet in data.get(key, [])]
    for name in variables:
        kind = types.get(name) or infer_type(variables[name])
        if kind is None:
            problems.add(*origins[name], f"what kind of value is {name}? declare it under "
                                         f"[types] as one of: {', '.join(type_names())}")
        else:
            types[name] = kind
    for name in sorted(set(settings.variables) - set(variables)):
        path, line, _ = settings.origin(f"variables.{name}")
        # The name is wrong, not the value: point at the start of its line.
        problems.add(path, line, min(line, 1),
                     f"the theme {settings.theme!r} has no variable {name!r}; its variables "
                     f"are: {', '.join(sorted(variables))}{did_you_mean(name, variables)}")
    for name, value in settings.variables.items():
        if name in variables:
            variables[name], origins[name] = value, settings.origin(f"variables.{name}")
    for theme_file in chain:
        _keep_promised_variables(theme_file, settings, variables, origins, report)
    for name, family in FONT_CHOICES[settings.fonts].items():
        # Chosen for the readers, over the theme's and book.toml's fonts; not over --set.
        if not str(origins[name][0]).startswith("--set"):
            variables[name], origins[name] = family, settings.origin("fonts")
    for name in [n for n in variables if n in types]:
        try:
            variables[name] = check_value(types[name], variables[name])
        except ValueError as error:
            problems.add(*origins[name], f"{name} {error}")
    problems.raise_if_any()
    _keep_the_measure(variables, settings)
    # A set of fonts for one kind of reader may set the text otherwise too, in any theme.
    if settings.fonts in READER_SHEETS:
        sheets.append(("stylesheets", READER_SHEETS[settings.fonts]))
    # The booklet's own stylesheets come last, so they win.
    sheets += [("stylesheets", root / sheet) for sheet in settings.css]
    return Theme(name=settings.theme, root=root, folders=tuple(f.folder for f in chain),
                 variables=variables, sheets=tuple(sheets), types=types, origins=origins)


def _keep_promised_variables(theme_file: _ThemeFile, settings: Settings,
                             variables: dict[str, Any], origins: dict[str, Origin],
                             report: Problems | None) -> None:
    """The variables `theme_file` keeps, set back to its values; saying so where another
    value was given (not by --set, which wins)."""
    path = theme_file.folder / THEME_FILE
    own = theme_file.data.get("variables", {})
    for name in theme_file.data.get("keeps", []):
        given = origins[name]
        if str(given[0]).startswith("--set") or variables[name] == own[name]:
            continue
        if report is not None and given[0] != path:
            # A style's colours giving way to the base the build asked for is what was
            # asked: a note. A colour book.toml or a class gives is lost: a warning.
            say = report.note if Path(given[0]).name == THEME_FILE else report.warn
            say(*given, f"{name} stays {own[name]!r}: the theme {theme_file.folder.name!r} "
                        f"keeps it (use --set variables.{name}=... to change it for one build)")
        variables[name] = own[name]
        origins[name] = (path, *theme_file.positions.get(f"variables.{name}", (1, 1)))


def _theme_chain(settings: Settings) -> list[_ThemeFile]:
    """The booklet's theme, then the one it extends, and so on."""
    chain: list[_ThemeFile] = []
    wanted: str | None = settings.theme
    asked_by = settings.origin("theme")
    base = settings.base_theme
    while wanted:
        folder = _find(settings.root, wanted, skip=[f.folder for f in chain])
        if base and folder is not None and folder.is_relative_to(BUILT_IN):
            # The first built-in theme of the chain gives way to the base asked for.
            wanted, asked_by, base = base, settings.origin("base_theme"), ""
            folder = BUILT_IN / wanted if (BUILT_IN / wanted / THEME_FILE).is_file() else None
            if folder is None:
                built_in = sorted(p.parent.name for p in BUILT_IN.glob(f"*/{THEME_FILE}"))
                own = sorted(set(theme_names(settings.root)) - set(built_in))
                raise BookError.at(*asked_by, f"there is no theme {wanted!r}: the built-in "
                                              f"themes, to build the booklet's style "
                                              f"{settings.theme!r} on, are: "
                                              f"{', '.join(built_in)}; the booklet's styles "
                                              f"are: {', '.join(own)}"
                                              f"{did_you_mean(wanted, built_in + own)}")
        if folder is None:
            names = theme_names(settings.root)
            raise BookError.at(*asked_by, f"there is no theme {wanted!r}; the themes are: "
                                          f"{', '.join(names)}{did_you_mean(wanted, names)}")
        data, positions = _read_theme_file(folder / THEME_FILE)
        chain.append(_ThemeFile(folder, data, positions))
        wanted = data.get("extends")
        asked_by = (folder / THEME_FILE, *positions.get("extends", (1, 1)))
        if not wanted and base:  # a style that extends nothing is built on the base
            wanted, asked_by = base, settings.origin("base_theme")
    return chain


def _find(root: Path, name: str, skip: list[Path]) -> Path | None:
    # A booklet's own theme may share a built-in theme's name and extend it.
    for base in (root / BOOKLET_THEMES, BUILT_IN):
        folder = base / name
        if (folder / THEME_FILE).is_file() and folder not in skip:
            return folder
    return None


def _read_theme_file(path: Path) -> tuple[dict[str, Any], dict[str, tuple[int, int]]]:
    """A theme.toml's settings and the (line, column) of each key."""
    text = read_text(path)
    data = parse_toml(path, text)
    positions = key_positions(text)
    problems = Problems()

    def where(key: str) -> tuple[Path, int, int]:
        return path, positions.get(key, (1, 1))[0], 1

    for key in data:
        if key not in THEME_KEYS:
            problems.add(*where(key), f"unknown theme setting {key!r}; the settings are: "
                                      f"{', '.join(THEME_KEYS)}{did_you_mean(key, THEME_KEYS)}")
    for key in ("variables", "types"):
        if not isinstance(data.get(key, {}), dict):
            problems.add(*where(key), f"{key} must be a table: [{key}]")
    for key in SHEET_KEYS:
        sheets = data.get(key, [])
        if not (isinstance(sheets, list) and all(isinstance(s, str) for s in sheets)):
            problems.add(*where(key), f"{key} must be a list of file names, such as "
                                      "[\"school.css\"]")
            continue
        for sheet in sheets:
            if not (path.parent / sheet).is_file():
                problems.add(*where(key), f"stylesheet {sheet!r} does not exist in "
                                          f"{path.parent}")
    keeps = data.get("keeps", [])
    if not (isinstance(keeps, list) and all(isinstance(k, str) for k in keeps)):
        problems.add(*where("keeps"), "keeps must be a list of variable names, such as "
                                      "[\"body_size\"]")
    else:
        for name in keeps:
            if name not in data.get("variables", {}):
                problems.add(*where("keeps"), f"keeps names {name!r}, which this theme does "
                                              "not set under [variables]")
    if not isinstance(data.get("extends", ""), str):
        problems.add(*where("extends"), "extends must be a theme's name in quotes")
    problems.raise_if_any()
    return data, positions


def _check_urls(path: Path, css: str, allowed: Path, problems: Problems) -> bool:
    """Refuse url()s that reach the network, leave the `allowed` folder or name no file;
    whether there were none such."""
    before = len(problems.items)

    def check(token: Any, url: str) -> None:
        if not _names_a_file(url):
            return
        target = _url_file(path, url)
        if ":" in url.split("/")[0] or not target.is_relative_to(allowed):
            problems.add(path, token.source_line, token.source_column,
                         f"url({url}) is outside the theme; copy the file into "
                         f"{path.parent} and refer to it by a relative path")
        elif not target.is_file():
            problems.add(path, token.source_line, token.source_column,
                         f"url({url}) names no file in {target.parent}")
    _each_url(tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True),
              check)
    return len(problems.items) == before


def _with_file_addresses(path: Path, css: str, address: Callable[[Path], str],
                         classes: set[str] | None = None) -> str:
    """The sheet's CSS with each url() of a file replaced by address(file); without the
    rules drawing a file that cannot apply to documents using only `classes`."""
    rules = tinycss2.parse_stylesheet(css)  # with its comments and spaces, to write it back
    if classes is not None:
        rules = _rules_that_can_apply(rules, classes)

    def replace(token: Any, url: str) -> None:
        if not _names_a_file(url):
            return
        written = address(_url_file(path, url))
        if token.type == "url":
            token.value, token.representation = written, f"url({serialize_url(written)})"
        else:  # url("...")
            string = token.arguments[0]
            string.value = written
            string.representation = f'"{serialize_string_value(written)}"'
    _each_url(rules, replace)
    return tinycss2.serialize(rules)


def _rules_that_can_apply(rules: list[Any], classes: set[str]) -> list[Any]:
    """The rules, less those that draw a file (a url()) for selectors that each name a class
    the documents do not use, in @media and @supports blocks too."""
    kept = []
    for rule in rules:
        if rule.type == "at-rule" and rule.content and rule.lower_at_keyword in (
                "media", "supports"):
            rule.content = _rules_that_can_apply(tinycss2.parse_rule_list(rule.content),
                                                 classes)
        elif rule.type == "qualified-rule" and _draws_a_file(rule.content) and not any(
                _can_apply(selector, classes)
                for selector in tinycss2.serialize(rule.prelude).split(",")):
            continue
        kept.append(rule)
    return kept


def classes_used(roots: Iterable[Any]) -> set[str]:
    """Every class an element of the documents (lxml elements) has."""
    return {name for root in roots for element in root.iter()
            if isinstance(element.tag, str) for name in (element.get("class") or "").split()}


def _draws_a_file(tokens: list[Any]) -> bool:
    found = []
    _each_url(tokens, lambda token, url: found.append(url) if _names_a_file(url) else None)
    return bool(found)


def _can_apply(selector: str, classes: set[str]) -> bool:
    """Whether a selector could match in documents that use only these classes: not if it
    needs a class none has (one it excludes, in :not(), needs nothing)."""
    needed = re.findall(r"\.(-?[A-Za-z_][\w-]*)", re.sub(r":not\([^)]*\)", "", selector))
    return set(needed) <= classes


def _names_a_file(url: str) -> bool:
    """Whether a url() names a file, not data in itself or a place in the document."""
    return not url.startswith(("data:", "#"))


def _url_file(sheet: Path, url: str) -> Path:
    """The file a url() of a sheet names: relative to the sheet, less any #fragment."""
    return (sheet.parent / url.split("#", 1)[0].split("?", 1)[0]).resolve()


def _each_url(tokens: list[Any], visit: Callable[[Any, str], None]) -> None:
    """Call visit(token, url) for each url() among the tokens, however deep."""
    for token in tokens:
        if token.type == "url":
            visit(token, token.value)
        elif token.type == "function" and token.lower_name == "url" and token.arguments \
                and token.arguments[0].type == "string":
            visit(token, token.arguments[0].value)
        for child in ("prelude", "content", "arguments"):
            if isinstance(getattr(token, child, None), list):
                _each_url(getattr(token, child), visit)


def _keep_the_measure(variables: dict[str, Any], settings: Settings) -> None:
    """Widen the outer margin where the page would make the text block wider than the
    theme's max_text_width: the print CSS and the figures, drawn to the text's width, both
    read the margin from here. A relative length (in em) is left as it is."""
    try:
        widest = millimetres(variables[MAX_TEXT_WIDTH])
        inner = millimetres(variables["margin_inner"])
        outer = millimetres(variables["margin_outer"])
    except (KeyError, ValueError):
        return
    text_width = PAGE_SIZES[settings.page_size].width_mm - inner - outer
    if widest and text_width > widest:
        variables["margin_outer"] = f"{outer + text_width - widest:.1f}mm"

