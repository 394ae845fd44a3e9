"""A booklet's theme resolved with its parents: variables, stylesheets in order, template
folders, and each mistake blamed on the place that made it."""
from __future__ import annotations

from pathlib import Path

import pytest
from conftest import write_book

from book.config import load_settings
from book.errors import BookError, Problems
from book.overrides import Override
from book.theming.themes import BUILT_IN, load_theme

# What a build adds to the variables (see layout/print_layout.py).
EXTRA = {"page_size": "A5", "page_label": "page"}


def _theme(tmp_path: Path, files: dict[str, str]):
    root = write_book(tmp_path / "themed", {"chapters/one.md": "# One\n\nText.\n", **files})
    return load_theme(load_settings(root))


def _problems(tmp_path: Path, files: dict[str, str]) -> list[tuple[str, int, int, str]]:
    with pytest.raises(BookError) as raised:
        _theme(tmp_path, files)
    root = tmp_path / "themed"
    return [(str(p.path.relative_to(root)) if p.path.is_relative_to(root) else str(p.path),
             p.line, p.col, p.message) for p in raised.value.problems]


def test_a_theme_inherits_its_parents_variables_and_the_child_wins(tmp_path):
    theme = _theme(tmp_path, {"book.toml": 'theme = "large-print"\n'})
    assert theme.folders == (BUILT_IN / "large-print", BUILT_IN / "modern", BUILT_IN / "classic")
    assert theme.variables["body_size"] == "16pt"  # large-print's own
    assert theme.variables["body_font"] == "Andika"  # large-print's own
    assert theme.variables["accent"] == "#0b6e69"  # from modern
    assert theme.variables["mono_font"] == "DejaVu Sans Mono"  # from classic
    assert theme.variables["line_height"] == 1.55  # a number, as its type makes it
    assert theme.origin("body_size") == (BUILT_IN / "large-print" / "theme.toml", 9, 13)


def test_book_toml_variables_win_over_the_themes(tmp_path):
    theme = _theme(tmp_path, {"book.toml": 'theme = "modern"\n\n[variables]\naccent = "red"\n'})
    assert theme.variables["accent"] == "#ff0000"
    assert theme.origin("accent") == (tmp_path / "themed" / "book.toml", 4, 10)


def test_stylesheets_come_parents_first_and_the_booklets_own_last(tmp_path):
    theme = _theme(tmp_path, {"book.toml": 'theme = "large-print"\ncss = ["own.css"]\n',
                              "own.css": "p { color: {{ accent }}; }\n"})
    classic = BUILT_IN / "classic"
    assert theme.sheets == (("stylesheets", classic / "book.css"),
                            ("print", classic / "print.css"), ("epub", classic / "epub.css"),
                            ("web", classic / "web.css"),
                            ("stylesheets", BUILT_IN / "large-print" / "large-print.css"),
                            ("print", BUILT_IN / "large-print" / "print.css"),
                            ("stylesheets", tmp_path / "themed" / "own.css"))
    sheets = theme.stylesheets("epub", {})
    assert [sheet.path.name for sheet in sheets] == ["book.css", "epub.css", "large-print.css",
                                                     "own.css"]
    assert theme.stylesheets("print", {"page_size": "A4", "page_label": "page"})[-1].css == \
        "p { color: #0b6e69; }"
    # In the EPUB, the booklet's own colours are made for every reading mode.
    assert sheets[-1].css.startswith("p { color: inherit; }")
    assert [sheet.path.name for sheet in theme.stylesheets("web", {})] == [
        "book.css", "web.css", "large-print.css", "own.css"]


def test_in_the_web_version_each_colour_is_a_custom_property_set_to_the_themes_colour(
        tmp_path):
    theme = _theme(tmp_path, {
        "book.toml": 'theme = "school"\n',
        "styles/school/theme.toml": 'extends = "classic"\nstylesheets = ["school.css"]\n\n'
                                    '[variables]\naccent = "#7a1f2b"\nstripe = "#f0e0c0"\n'
                                    'gap = "2mm"\n',
        "styles/school/school.css": "p { color: {{ accent }}; background: {{ stripe }}; "
                                    "margin: {{ gap }}; }"})
    [properties, *_, school] = theme.stylesheets("web", EXTRA, colours_as_properties=True)
    assert school.css == "p { color: var(--accent); background: var(--stripe); margin: 2mm; }"
    assert properties.css == (
        ":root {\n"
        "  --theme-text_colour: #1a1a1a;\n  --text_colour: var(--theme-text_colour);\n"
            "  --theme-text_colour_dark: #e6e6e6;\n"
            "  --text_colour_dark: var(--theme-text_colour_dark);\n"
        "  --theme-accent: #7a1f2b;\n  --accent: var(--theme-accent);\n"
        "  --theme-accent_light: #e9eff6;\n  --accent_light: var(--theme-accent_light);\n"
        "  --theme-rule_colour: #9fb3c8;\n  --rule_colour: var(--theme-rule_colour);\n"
        "  --theme-stripe: #f0e0c0;\n  --stripe: var(--theme-stripe);\n}")
    # The PDF and the EPUB keep the colours themselves.
    assert theme.stylesheets("print", EXTRA)[-1].css == (
        "p { color: #7a1f2b; background: #f0e0c0; margin: 2mm; }")


def test_a_booklets_theme_may_extend_the_built_in_theme_of_its_name(tmp_path):
    theme = _theme(tmp_path, {
        "book.toml": 'theme = "classic"\n',
        "styles/classic/theme.toml": 'extends = "classic"\n\n[variables]\nmotto = "5mm"\n'})
    assert theme.folders == (tmp_path / "themed" / "styles" / "classic", BUILT_IN / "classic")
    assert (theme.variables["motto"], theme.types["motto"]) == ("5mm", "length")


def test_template_folders_are_those_of_the_themes_that_have_one_most_specific_first(tmp_path):
    theme = _theme(tmp_path, {
        "book.toml": 'theme = "school"\n',
        "styles/school/theme.toml": 'extends = "term"\n',
        "styles/school/templates/cover.html": "<p>School</p>\n",
        "styles/term/theme.toml": 'extends = "modern"\n',
        "styles/term/templates/colophon.html": "<p>Term</p>\n"})
    styles = tmp_path / "themed" / "styles"
    assert theme.template_folders == (styles / "school" / "templates",
                                      styles / "term" / "templates")


def test_an_unknown_theme_is_blamed_on_the_line_that_names_it(tmp_path):
    assert _problems(tmp_path, {"book.toml": 'title = "T"\ntheme = "modrn"\n'}) == [
        ("book.toml", 2, 1, "there is no theme 'modrn'; the themes are: classic, ink-saver, "
                            "large-print, modern; did you mean modern?")]


def test_an_unknown_parent_is_blamed_on_the_themes_extends(tmp_path):
    [(path, line, _, message)] = _problems(tmp_path, {
        "book.toml": 'theme = "school"\n',
        "styles/school/theme.toml": 'description = "Ours"\nextends = "clasic"\n'})
    assert (path, line) == ("styles/school/theme.toml", 2)
    assert message == ("there is no theme 'clasic'; the themes are: classic, ink-saver, "
                       "large-print, modern, school; did you mean classic?")


def test_a_bad_value_from_book_toml_is_blamed_on_its_place(tmp_path):
    assert _problems(tmp_path, {"book.toml": '[variables]\naccent = "blau"\n'}) == [
        ("book.toml", 2, 10, "accent 'blau' is not a colour; write one such as \"#1f4e79\", "
                             "\"darkblue\" or \"rgb(31, 78, 121)\"")]


def test_an_unknown_variable_is_blamed_on_the_start_of_its_line(tmp_path):
    [(path, line, col, message)] = _problems(tmp_path, {"book.toml": '[variables]\nacent = 1\n'})
    assert (path, line, col) == ("book.toml", 2, 1)
    assert message.startswith("the theme 'classic' has no variable 'acent'; its variables "
                              "are: accent, accent_light, body_font, ")
    assert message.endswith("; did you mean accent?")


def test_a_themes_unknown_type_and_untyped_text_are_blamed_on_its_file(tmp_path):
    problems = _problems(tmp_path, {
        "book.toml": 'theme = "school"\n',
        "styles/school/theme.toml": 'extends = "classic"\n\n[variables]\nmotto = "Learn"\n'
                                    'tint = "red"\n\n[types]\ntint = "colur"\n'})
    assert [(path, line, message.split(";")[0].split("?")[0])
            for path, line, _, message in problems] == [
        ("styles/school/theme.toml", 4, "what kind of value is motto"),
        ("styles/school/theme.toml", 8, "'colur' is not a type of variable")]
    assert problems[1][3].endswith("; did you mean colour?")


def test_an_unknown_theme_setting_is_an_error_at_its_line(tmp_path):
    assert _problems(tmp_path, {"book.toml": 'theme = "school"\n',
                                "styles/school/theme.toml": 'extend = "classic"\n'}) == [
        ("styles/school/theme.toml", 1, 1, "unknown theme setting 'extend'; the settings are: "
                                           "description, extends, stylesheets, print, epub, "
                                           "web, keeps, variables, types; did you mean extends?")]


def test_a_stylesheet_using_an_unknown_variable_is_an_error_in_its_file(tmp_path):
    theme = _theme(tmp_path, {"book.toml": 'css = ["own.css"]\n',
                              "own.css": "p {}\nh1 { color: {{ acent }}; }\n"})
    with pytest.raises(BookError) as raised:
        theme.stylesheets("epub", EXTRA)
    [problem] = raised.value.problems
    assert problem.path == tmp_path / "themed" / "own.css"
    assert problem.message.startswith("'acent' is undefined; the theme's variables are: "
                                      "accent, accent_light, body_font, ")


def test_a_filter_given_what_it_cannot_use_is_an_error_at_its_line(tmp_path):
    theme = _theme(tmp_path, {"book.toml": 'css = ["own.css"]\n', "own.css":
                              "p {}\n\npre { background: {{ body_size | see_through }}; }\n"})
    with pytest.raises(BookError) as raised:
        theme.stylesheets("epub", EXTRA)
    [problem] = raised.value.problems
    assert (problem.path, problem.line) == (tmp_path / "themed" / "own.css", 3)
    assert problem.message.startswith("'10.5pt' is not a colour variable, such as "
                                      "{{ accent }}; the theme's variables are: ")
    assert problem.message.endswith("; its filters: for_any_page, for_dark_page, see_through")


def test_a_stylesheets_template_mistake_is_an_error_at_its_line(tmp_path):
    theme = _theme(tmp_path, {"book.toml": 'css = ["own.css"]\n',
                              "own.css": "p {}\nh1 { color: {{ accent }; }\n"})
    with pytest.raises(BookError) as raised:
        theme.stylesheets("epub", EXTRA)
    [problem] = raised.value.problems
    assert (problem.path, problem.line) == (tmp_path / "themed" / "own.css", 2)


def test_a_stylesheet_may_not_reach_outside_its_theme(tmp_path):
    theme = _theme(tmp_path, {"book.toml": 'css = ["own.css"]\n',
                              "own.css": "body {\n  background: url(../secret.png);\n}\n"})
    with pytest.raises(BookError) as raised:
        theme.stylesheets("print", EXTRA)
    [problem] = raised.value.problems
    assert (problem.path, problem.line, problem.col) == (tmp_path / "themed" / "own.css", 2, 15)
    assert problem.message.startswith("url(../secret.png) is outside the theme; ")


# A booklet's own style, built on modern, with a size of its own in book.toml.
OWN_STYLE = {
    "book.toml": 'theme = "house"\n\n[variables]\naccent = "#1b6b4a"\nbody_size = "11pt"\n',
    "styles/house/theme.toml": 'extends = "modern"\nstylesheets = ["house.css"]\n\n'
                               '[variables]\nrule_colour = "#9cc7b2"\n',
    "styles/house/house.css": ".key-terms dt { color: {{ accent }}; }\n",
    "styles/other/theme.toml": 'extends = "classic"\n',
}


def _theme_for(tmp_path: Path, files: dict[str, str], *options: Override):
    root = write_book(tmp_path / "themed", {"chapters/one.md": "# One\n\nText.\n", **files})
    return load_theme(load_settings(root, options))


def test_theme_naming_a_built_in_theme_puts_it_under_the_booklets_style(tmp_path):
    theme = _theme_for(tmp_path, OWN_STYLE, Override.from_option("--theme", "theme",
                                                                   "large-print"))
    root = tmp_path / "themed"
    assert theme.folders == (root / "styles" / "house", BUILT_IN / "large-print",
                             BUILT_IN / "modern", BUILT_IN / "classic")
    assert root / "styles" / "house" / "house.css" in [path for _, path in theme.sheets]
    # The style's and book.toml's colours stay; large print keeps its own sizes.
    assert (theme.variables["accent"], theme.variables["rule_colour"]) == ("#1b6b4a", "#9cc7b2")
    assert theme.variables["body_size"] == "16pt"
    assert theme.origin("body_size") == (BUILT_IN / "large-print" / "theme.toml", 9, 13)


def test_set_wins_over_the_base_and_a_style_name_replaces_the_style(tmp_path):
    larger = _theme_for(tmp_path, OWN_STYLE,
                        Override.from_option("--theme", "theme", "large-print"),
                        Override.from_set("variables.body_size=18pt"))
    assert larger.variables["body_size"] == "18pt"
    other = _theme_for(tmp_path, OWN_STYLE, Override.from_option("--theme", "theme", "other"))
    assert other.folders == (tmp_path / "themed" / "styles" / "other", BUILT_IN / "classic")
    assert other.variables["body_size"] == "11pt", "book.toml's variables are the booklet's"
    plain = _theme_for(tmp_path, {"book.toml": 'theme = "modern"\n'},
                       Override.from_option("--theme", "theme", "ink-saver"))
    assert plain.folders == (BUILT_IN / "ink-saver", BUILT_IN / "classic")


def test_an_unknown_base_is_blamed_on_the_option_that_named_it(tmp_path):
    with pytest.raises(BookError) as raised:
        _theme_for(tmp_path, OWN_STYLE, Override.from_option("--theme", "theme", "larg-print"))
    [problem] = raised.value.problems
    assert str(problem.path) == "--theme larg-print"
    assert problem.message == (
        "there is no theme 'larg-print': the built-in themes, to build the booklet's style "
        "'house' on, are: classic, ink-saver, large-print, modern; the booklet's styles are: "
        "house, other; did you mean large-print?")


def test_a_kept_variable_given_elsewhere_is_a_warning_where_it_was_given(tmp_path):
    root = write_book(tmp_path / "themed", {
        "chapters/one.md": "# One\n\nText.\n",
        "book.toml": 'theme = "large-print"\n\n[variables]\nbody_size = "11pt"\n'
                     'accent = "#1b6b4a"\n'})
    report = Problems()
    theme = load_theme(load_settings(root), report)
    assert (theme.variables["body_size"], theme.variables["accent"]) == ("16pt", "#1b6b4a")
    assert [(p.line, p.col, p.message) for p in report.warnings] == [
        (4, 13, "body_size stays '16pt': the theme 'large-print' keeps it (use --set "
                "variables.body_size=... to change it for one build)")]


def test_a_base_that_keeps_no_colours_leaves_the_styles_colours(tmp_path):
    theme = _theme_for(tmp_path, OWN_STYLE, Override.from_option("--theme", "theme", "classic"))
    assert theme.folders[:2] == (tmp_path / "themed" / "styles" / "house", BUILT_IN / "classic")
    assert (theme.variables["accent"], theme.variables["body_size"]) == ("#1b6b4a", "11pt")


def test_a_styles_colours_giving_way_to_the_base_asked_for_is_a_note(tmp_path):
    """Ink-saver asked for over a style keeps its greys: what was asked, said in a note
    (which `--strict` lets pass); book.toml's colour lost the same way is a warning."""
    report = Problems()
    theme = load_theme(load_settings(write_book(tmp_path / "themed", {
        "chapters/one.md": "# One\n\nText.\n", **OWN_STYLE}),
        [Override.from_option("--theme", "theme", "ink-saver")]), report)
    assert (theme.variables["accent"], theme.variables["rule_colour"]) == ("#000000", "#777777")
    style = tmp_path / "themed" / "styles" / "house" / "theme.toml"
    assert [(p.path, p.line) for p in report.notes] == [(style, 5)]
    assert [(p.path.name, p.line, p.message.split(":")[0]) for p in report.warnings] == [
        ("book.toml", 4, "accent stays '#000000'")]
