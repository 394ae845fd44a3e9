"""Values from outside: theme variables typed and checked, SOURCE_DATE_EPOCH, TOML and YAML
mistakes in plain words, each error blamed on where the value came from."""
from __future__ import annotations

import shutil

import pypdf
import pytest
from conftest import BOOKS, write_book

from book.cli import main

INJECTION = "red; } @page { size: 20mm 20mm; } x {"


def _book(tmp_path, files: dict[str, str] | None = None):
    root = tmp_path / "values"
    shutil.copytree(BOOKS / "no-config", root)
    return write_book(root, files or {})


@pytest.mark.parametrize("variable", ["accent", "body_font", "body_size", "line_height",
                                      "margin_top", "figure_palette", "fallback_fonts"])
def test_no_variable_from_book_toml_can_add_rules(variable, make_book, tmp_path):
    value = f"[{INJECTION!r}]" if variable in ("figure_palette", "fallback_fonts") \
        else repr(INJECTION)
    root = _book(tmp_path, {"book.toml": f'title = "T"\n\n[variables]\n{variable} = {value}\n'})
    run = make_book("values", root=root)
    assert run.code == 1
    column = len(variable) + 4
    assert f"book.toml:4:{column}: error: {variable} " in run.err, run.err
    assert "Traceback" not in run.err and not (root / "build").exists()


def test_a_value_from_set_is_blamed_on_the_option(make_book, tmp_path):
    run = make_book("values", "--set", f"variables.accent={INJECTION}", root=_book(tmp_path))
    assert run.code == 1
    assert f"--set variables.accent={INJECTION}: error: accent " in run.err


def test_a_theme_value_is_blamed_on_its_theme_file(make_book, tmp_path):
    root = _book(tmp_path, {
        "styles/school/theme.toml": f'extends = "classic"\n[variables]\nrule_colour = '
                                    f'"{INJECTION}"\n',
        "book.toml": 'theme = "school"\n'})
    run = make_book("values", root=root)
    assert run.code == 1
    assert "styles/school/theme.toml:3:15: error: rule_colour " in run.err, run.err


def test_a_class_value_is_blamed_on_its_line_of_classes_toml(tmp_path, capsys):
    root = _book(tmp_path, {"classes.toml": '[classes.7a]\nteacher = "Ms Lin"\n\n[classes.7b]\n'
                                            f'variables.accent = "{INJECTION}"\n'})
    assert main(["batch", "classes.toml", "-C", str(root), "--format", "pdf"]) == 1
    err = capsys.readouterr().err
    assert "classes.toml:5:20: error: accent " in err, err
    assert not (root / "build").exists()


def test_a_label_cannot_add_rules_and_good_values_are_used(make_book, tmp_path):
    root = _book(tmp_path, {"book.toml": f'[labels]\npage = "{INJECTION}"\n\n[variables]\n'
                                         'accent = "rgb(170, 0, 0)"\nbody_font = "DejaVu Sans"\n'
                                         'margin_top = 0\n'})
    run = make_book("values", "--format", "pdf", root=root)
    assert run.code == 0, run.err
    page = pypdf.PdfReader(root / "build" / "values.pdf").pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)


def test_types_are_told_in_plain_words(make_book, tmp_path):
    root = _book(tmp_path, {"book.toml": '[variables]\nbody_size = 12\nline_height = "1.5em"\n'
                                         'accent = "reddish"\nbody_font = "A, B"\n'})
    run = make_book("values", root=root)
    assert run.code == 1
    assert 'book.toml:2:13: error: body_size 12 has no unit; write it with one, such as "12pt"' \
        in run.err
    assert "book.toml:3:15: error: line_height '1.5em' is not a number" in run.err
    assert "book.toml:4:10: error: accent 'reddish' is not a colour" in run.err
    assert "fallback_fonts" in run.err


@pytest.mark.parametrize("epoch", ["", "abc", "1e9", "-1", "1.5", " 12", "99999999999999"])
def test_a_bad_source_date_epoch_is_named(epoch, make_book, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    run = make_book("values", "--format", "epub", root=_book(tmp_path))
    assert run.code == 1
    assert run.err.startswith(f"SOURCE_DATE_EPOCH: error: {epoch!r} is not a time"), run.err


def test_an_unknown_theme_from_the_option_is_blamed_on_it(make_book, tmp_path):
    run = make_book("values", "--theme", "Largeprint", root=_book(tmp_path))
    assert run.code == 1
    assert run.err.startswith("--theme Largeprint: error: there is no theme 'Largeprint'")
    assert "did you mean large-print?" in run.err
    run = make_book("values", "--theme", 'large"print', root=run.root)
    assert run.err.startswith("--theme large\"print: error: there is no theme 'large\"print'")


def test_a_font_from_set_is_warned_about_at_the_option(make_book, tmp_path):
    run = make_book("values", "--format", "html", "--set", 'variables.body_font="Nosuch Font"',
                    root=_book(tmp_path))
    assert run.code == 0, run.err
    assert "--set variables.body_font=\"Nosuch Font\": warning: the font 'Nosuch Font' is not " \
           "installed" in run.err


@pytest.mark.parametrize("text, where, words", [
    ('title = The Leap\n', "book.toml:1:9:", "a missing quote?"),
    ('title = "The Leap\n', "book.toml:1:18:", "a missing quote"),
    ('authors = ["a",\nlanguage = "en"\n', "book.toml:2:1:", "is not closed"),
    ('title = "A"\ntitle = "B"\n', "book.toml:2:1:", "title is set twice"),
    ('[classroom]\nteacher = "A"\n[classroom]\n', "book.toml:3:1:", "[classroom] is set twice"),
    ('key term = "x"\n', "book.toml:1:5:", "goes in quotes"),
    ('title = "He said "hi""\n', "book.toml:1:19:", "single quotes"),
])
def test_toml_mistakes_in_plain_words(text, where, words, make_book, tmp_path):
    run = make_book("values", root=_book(tmp_path, {"book.toml": text}))
    assert run.code == 1
    assert where in run.err and words in run.err, run.err
    assert "Invalid value" not in run.err and "Expected" not in run.err


def test_a_colon_in_a_key_term_asks_for_quotes(make_book, tmp_path):
    root = _book(tmp_path, {"chapters/01-first.md": "---\nkey_terms:\n  Commune: a unit: of "
                                                    "work\n---\n# First\n\nText.\n"})
    run = make_book("values", root=root)
    assert run.code == 1
    assert ("01-first.md:3:18: error: front matter is not valid YAML: a colon (:) inside the "
            "text of 'Commune': put the text in quotes") in run.err, run.err


@pytest.mark.parametrize("files, expected", [
    ({"book.toml": "theme = {}\n"}, "book.toml:1:1: error: theme must be a string, not a table"),
    ({"book.toml": "chapters = {}\n"}, "book.toml:1:1: error: chapters must be a list of strings"),
    ({"book.toml": 'theme = "t"\n', "styles/t/theme.toml": 'extends = "classic"\n[types]\nx = 5\n'},
     "theme.toml:3:5: error: 5 is not a type of variable"),
    ({"book.toml": 'theme = "t"\n',
      "styles/t/theme.toml": 'extends = "classic"\n[variables]\nnest = [[1]]\n'},
     "theme.toml:3:8: error: what kind of value is nest?"),
])
def test_settings_of_the_wrong_shape_are_errors(make_book, tmp_path, files, expected):
    root = write_book(tmp_path / "shape", {"chapters/one.md": "# One\n\nText.\n", **files})
    run = make_book("shape", root=root)
    assert run.code == 1 and expected in run.err, run.err
