"""Find a theme and its parents; give their variables, CSS and template folders."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import tinycss2

from .config import Settings, key_lines, parse_toml
from .errors import BookError, Problems
from .textfile import read_text

BUILT_IN = Path(__file__).parent / "themes"
BOOKLET_THEMES = "styles"
THEME_FILE = "theme.toml"
# Stylesheets for every output, then those for print (the PDF) or for the EPUB only.
SHEET_KEYS = ("stylesheets", "print", "epub")
THEME_KEYS = ("description", "extends", *SHEET_KEYS, "variables")


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
    # "stylesheets" (every output), "print" or "epub".
    sheets: tuple[tuple[str, Path], ...]

    @property
    def template_folders(self) -> tuple[Path, ...]:
        """Template override folders, the most specific first."""
        return tuple(folder / "templates" for folder in self.folders
                     if (folder / "templates").is_dir())

    def stylesheets(self, output: str, extra: dict[str, Any]) -> list[Stylesheet]:
        """The shared stylesheets and those of `output` ("print" or "epub"), parents first,
        with the theme variables (and `extra`) filled in."""
        context = {**self.variables, **extra}
        sheets = []
        problems = Problems()
        for path in (path for kind, path in self.sheets if kind in ("stylesheets", output)):
            env = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=False)
            try:
                css = env.from_string(read_text(path)).render(context)
            except jinja2.TemplateError as error:
                problems.add(path, getattr(error, "lineno", None) or 1, 1,
                             f"{error.message}; the theme's variables are: "
                             f"{', '.join(sorted(context))}")
                continue
            # A booklet's own CSS may use its folder; a theme's, the themes beside it.
            allowed = self.root if path.is_relative_to(self.root) else path.parent.parent
            _check_urls(path, css, allowed, problems)
            sheets.append(Stylesheet(path, css))
        problems.raise_if_any()
        return sheets


def theme_names(root: Path) -> list[str]:
    """Every theme a booklet can use: its own and the built-in ones."""
    folders = [root / BOOKLET_THEMES, BUILT_IN]
    return sorted({p.parent.name for folder in folders for p in folder.glob(f"*/{THEME_FILE}")})


def load_theme(settings: Settings) -> Theme:
    """Resolve the booklet's theme with the themes it extends."""
    root = settings.root
    chain: list[tuple[Path, dict[str, Any]]] = []
    wanted, asked_by, line = settings.theme, settings.path, settings.line_of("theme")
    while wanted:
        folder = _find(root, wanted, skip=[f for f, _ in chain])
        if folder is None:
            raise BookError.at(asked_by, line, 1, f"there is no theme {wanted!r}; the themes "
                                                  f"are: {', '.join(theme_names(root))}")
        data, lines = _read_theme_file(folder / THEME_FILE)
        chain.append((folder, data))
        wanted, asked_by, line = data.get("extends"), folder / THEME_FILE, lines.get("extends", 1)

    variables: dict[str, Any] = {}
    sheets: list[tuple[str, Path]] = []
    for folder, data in reversed(chain):
        variables.update(data.get("variables", {}))
        sheets += [(key, folder / sheet) for key in SHEET_KEYS for sheet in data.get(key, [])]
    unknown = sorted(set(settings.variables) - set(variables))
    if unknown:
        raise BookError.at(settings.path, settings.line_of("variables"), 1,
                           f"the theme {settings.theme!r} has no variable "
                           f"{', '.join(map(repr, unknown))}; its variables are: "
                           f"{', '.join(sorted(variables))}")
    variables.update(settings.variables)
    # The booklet's own stylesheets come last, so they win.
    sheets += [("stylesheets", root / sheet) for sheet in settings.css]
    return Theme(name=settings.theme, root=root, folders=tuple(f for f, _ in chain),
                 variables=variables, sheets=tuple(sheets))


def _find(root: Path, name: str, skip: list[Path]) -> Path | None:
    # A booklet's own theme may share a built-in theme's name and extend it.
    for base in (root / BOOKLET_THEMES, BUILT_IN):
        folder = base / name
        if (folder / THEME_FILE).is_file() and folder not in skip:
            return folder
    return None


def _read_theme_file(path: Path) -> tuple[dict[str, Any], dict[str, int]]:
    """A theme.toml's settings and the line of each."""
    text = read_text(path)
    data = parse_toml(path, text)
    lines = key_lines(text)
    problems = Problems()
    for key in data:
        if key not in THEME_KEYS:
            problems.add(path, lines.get(key, 1), 1, f"unknown theme setting {key!r}; the "
                                                     f"settings are: {', '.join(THEME_KEYS)}")
    for key in SHEET_KEYS:
        for sheet in data.get(key, []):
            if not (path.parent / sheet).is_file():
                problems.add(path, lines.get(key, 1), 1,
                             f"stylesheet {sheet!r} does not exist in {path.parent}")
    problems.raise_if_any()
    return data, lines


def _check_urls(path: Path, css: str, allowed: Path, problems: Problems) -> None:
    """Refuse url()s that reach the network or leave the `allowed` folder."""
    def walk(tokens: list[Any]) -> None:
        for token in tokens:
            url = None
            if token.type == "url":
                url = token.value
            elif token.type == "function" and token.lower_name == "url" and token.arguments:
                url = getattr(token.arguments[0], "value", None)
            if url is not None:
                target = (path.parent / url).resolve()
                remote = ":" in url.split("/")[0] and not url.startswith("data:")
                if remote or not (url.startswith("data:") or target.is_relative_to(allowed)):
                    problems.add(path, token.source_line, token.source_column,
                                 f"url({url}) is outside the theme; copy the file into "
                                 f"{path.parent} and refer to it by a relative path")
            for child in ("prelude", "content", "arguments"):
                if isinstance(getattr(token, child, None), list):
                    walk(getattr(token, child))
    walk(tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True))
