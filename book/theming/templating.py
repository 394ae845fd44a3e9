"""The Jinja2 environment shared by every output: theme overrides first, then ours."""
from __future__ import annotations

import functools
from pathlib import Path
from typing import Any, cast

import jinja2

from ..errors import BookError
from .themes import Theme

PACKAGE_TEMPLATES = Path(__file__).parent / "templates"


def render_template(theme: Theme, name: str, **context: Any) -> str:
    """Render template `name`; an error in a theme's template names its file and line."""
    folders = _folders(theme)
    # A template the theme adds (while `serve` runs) takes the place of ours: a new
    # environment, since an environment checks only the files it has loaded.
    own = tuple(sorted(str(path) for folder in theme.template_folders
                       for path in folder.rglob("*.*")))
    try:
        return _environment(tuple(folders), own).get_template(name).render(**context)
    except jinja2.TemplateSyntaxError as error:
        # A syntax error is always made with its message (only TemplateError's is optional).
        raise BookError.at(Path(error.filename or name), error.lineno, 1,
                           cast(str, error.message)) from None
    except jinja2.TemplateError as error:
        line, path = _template_position(error, folders)
        raise BookError.at(path, line, 1, str(error)) from None


@functools.lru_cache(maxsize=8)
def _environment(folders: tuple[Path, ...], own: tuple[str, ...]) -> jinja2.Environment:
    """One environment for each list of folders (and of the theme's own templates), so
    that a template is compiled once; it compiles again a template whose file changed."""
    return jinja2.Environment(loader=jinja2.FileSystemLoader(folders), autoescape=True,
                              undefined=jinja2.StrictUndefined)


def template_file(theme: Theme, name: str) -> Path:
    """The file template `name` comes from: the theme's own, or the built-in one."""
    return next(folder / name for folder in _folders(theme) if (folder / name).is_file())


def _folders(theme: Theme) -> list[Path]:
    """Where templates are looked for, first match first: theme overrides, then ours."""
    return [*theme.template_folders, PACKAGE_TEMPLATES]


def _template_position(error: Exception, folders: list[Path]) -> tuple[int, Path]:
    """The innermost template frame of a rendering error."""
    frame = error.__traceback__
    found = (1, folders[-1])
    while frame is not None:
        filename = frame.tb_frame.f_code.co_filename
        if any(filename.startswith(str(folder)) for folder in folders):
            found = (frame.tb_lineno, Path(filename))
        frame = frame.tb_next
    return found
