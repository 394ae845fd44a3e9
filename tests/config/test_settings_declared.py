"""Each setting is declared once, with its check and its doc; an override carries the
place it was given, which its errors name."""
from __future__ import annotations

from pathlib import Path

import pytest
from conftest import write_book

from book.cli import main
from book.config import FIELDS, load_settings
from book.errors import BookError
from book.overrides import Override
from book.settings_docs import settings_reference


def _book(tmp_path: Path, files: dict[str, str] | None = None) -> Path:
    return write_book(tmp_path / "declared", {"chapters/one.md": "# One\n\nText.\n",
                                              **(files or {})})


def _problems(root: Path, *overrides: Override) -> list[tuple[str, int, int, str]]:
    with pytest.raises(BookError) as raised:
        load_settings(root, overrides)
    return [(str(p.path), p.line, p.col, p.message) for p in raised.value.problems]


def test_the_reference_lists_the_settings_book_toml_accepts(tmp_path):
    listed = [line.split("`")[1] for line in settings_reference().splitlines()
              if line.startswith("| `")]
    assert listed == list(FIELDS)
    [(_, _, _, message)] = _problems(_book(tmp_path, {"book.toml": "colour = 1\n"}))
    assert message.endswith(f"the settings are: {', '.join(listed)}")


def test_the_reference_gives_each_default_as_settings_have_it(tmp_path):
    settings = load_settings(_book(tmp_path))
    rows = {line.split("`")[1]: line.split(" | ")[1]
            for line in settings_reference().splitlines() if line.startswith("| `")}
    assert rows["theme"] == f"`{settings.theme}`" == "`classic`"
    assert rows["figure_timeout"] == f"`{settings.figure_timeout}`"
    assert rows["epub_page_numbers"] == "`true`" and settings.epub_page_numbers is True
    assert rows["classroom"] == "(none)" and settings.classroom == {}


def test_a_flag_is_checked_alike_in_book_toml_and_in_a_theme(tmp_path):
    from book.theming.themes import load_theme

    root = _book(tmp_path, {"book.toml": "chapter_bibliographies = 1\n"})
    [(_, _, _, in_book)] = _problems(root)
    root = _book(tmp_path / "themed", {
        "book.toml": 'theme = "t"\n',
        "styles/t/theme.toml": 'extends = "classic"\n[types]\nbig = "flag"\n'
                               '[variables]\nbig = 1\n'})
    with pytest.raises(BookError) as raised:
        load_theme(load_settings(root))
    in_theme = raised.value.problems[0].message
    assert in_book == "chapter_bibliographies must be true or false"
    assert in_theme.endswith("must be true or false"), in_theme


def test_every_override_error_is_named_at_the_option_that_gave_it(tmp_path):
    problems = _problems(_book(tmp_path), Override.from_set("nokey"),
                         Override.from_set("page_size=B5"),
                         Override.from_option("--edition", "readers", "parent"))
    assert sorted(problems) == [
        ("--edition parent", 0, 0, "readers 'parent' is not an edition; use student or teacher"),
        ("--set nokey", 0, 0, "'nokey' is not KEY=VALUE"),
        ("--set page_size=B5", 0, 0, "page_size 'B5' is not a page size; use one of A4, A5, "
                                     "Letter, Half-Letter")]


def test_an_override_from_a_file_is_named_at_its_line(tmp_path):
    classes = tmp_path / "classes.toml"
    [problem] = _problems(_book(tmp_path), Override("page_size", '"B5"', (classes, 3, 13)))
    assert problem == (str(classes), 3, 13, "page_size 'B5' is not a page size; use one of "
                                            "A4, A5, Letter, Half-Letter")


def test_a_theme_given_with_set_is_named_as_set_not_as_the_theme_option(tmp_path, capsys):
    root = _book(tmp_path)
    assert main(["build", "-C", str(root), "--set", 'theme="nosuch"']) == 1
    assert capsys.readouterr().err.startswith(
        "--set theme=\"nosuch\": error: there is no theme 'nosuch'")
    assert main(["build", "-C", str(root), "--theme", "nosuch"]) == 1
    assert capsys.readouterr().err.startswith("--theme nosuch: error: there is no theme")


def test_a_theme_named_like_toml_is_taken_as_its_name(tmp_path, capsys):
    assert main(["build", "-C", str(_book(tmp_path)), "--theme", "[1, 2]"]) == 1
    assert capsys.readouterr().err.startswith(
        "--theme [1, 2]: error: there is no theme '[1, 2]'")


def test_chapters_given_with_set_are_checked_and_named_at_the_option(tmp_path):
    root = _book(tmp_path, {"book.toml": 'title = "T"\n'})
    given = Override.from_set('chapters=["chapters/one.md", "nope.md"]')
    [problem] = _problems(root, given)
    assert problem == ('--set chapters=["chapters/one.md", "nope.md"]', 0, 0,
                       "chapter file 'nope.md' does not exist")
    settings = load_settings(root, (Override.from_set('chapters=["chapters/one.md"]'),))
    assert settings.chapters == (root.resolve() / "chapters" / "one.md",)
