"""A theme's templates take the place of the built-in ones of the same name; a mistake in
one is an error at its file and line."""
from __future__ import annotations

from pathlib import Path

import pytest
from conftest import write_book

from book.config import load_settings
from book.errors import BookError
from book.theming.templating import PACKAGE_TEMPLATES, render_template, template_file
from book.theming.themes import load_theme


def _theme(tmp_path: Path, templates: dict[str, str]):
    root = write_book(tmp_path / "templated", {
        "chapters/one.md": "# One\n\nText.\n", "book.toml": 'theme = "school"\n',
        "styles/school/theme.toml": 'extends = "classic"\n',
        **{f"styles/school/templates/{name}": text for name, text in templates.items()}})
    return load_theme(load_settings(root))


def test_a_themes_template_overrides_the_built_in_one(tmp_path):
    theme = _theme(tmp_path, {"cover.html": "<p>{{ motto }}</p>\n"})
    own = tmp_path / "templated" / "styles" / "school" / "templates" / "cover.html"
    assert template_file(theme, "cover.html") == own
    assert render_template(theme, "cover.html", motto="Learn & play") == "<p>Learn &amp; play</p>"


def test_a_template_the_theme_lacks_is_the_built_in_one(tmp_path):
    theme = _theme(tmp_path, {"cover.html": "<p>Ours</p>\n"})
    assert template_file(theme, "chapter.html") == PACKAGE_TEMPLATES / "chapter.html"
    assert template_file(theme, "epub/nav.xhtml") == PACKAGE_TEMPLATES / "epub" / "nav.xhtml"


def test_a_template_added_to_the_theme_after_the_built_in_one_was_used_wins(tmp_path):
    # As while `serve` runs: the built-in template was loaded, then the theme adds its own.
    theme = _theme(tmp_path, {"cover.html": "<p>Ours</p>\n"})
    assert render_template(theme, "epub/container.xml").startswith("<?xml")
    (theme.template_folders[0] / "epub").mkdir()
    (theme.template_folders[0] / "epub" / "container.xml").write_text("<container/>\n")
    assert render_template(theme, "epub/container.xml") == "<container/>"


def test_a_syntax_error_in_a_themes_template_is_an_error_at_its_line(tmp_path):
    theme = _theme(tmp_path, {"cover.html": "<p>\n{% if %}\n</p>\n"})
    with pytest.raises(BookError) as raised:
        render_template(theme, "cover.html")
    [problem] = raised.value.problems
    assert (problem.path, problem.line) == (template_file(theme, "cover.html"), 2)


def test_an_unknown_name_in_a_themes_template_is_an_error_at_its_line(tmp_path):
    theme = _theme(tmp_path, {"cover.html": "<p>\n{{ titel }}\n</p>\n"})
    with pytest.raises(BookError) as raised:
        render_template(theme, "cover.html", title="T")
    [problem] = raised.value.problems
    assert (problem.path, problem.line, problem.message) == (
        template_file(theme, "cover.html"), 2, "'titel' is undefined")
