"""The types of theme variables: what each accepts (and as what), what it refuses and in
what words, how a value is written into CSS, and the type a value without one is given."""
from __future__ import annotations

import pytest

from book.theming.values import check_value, css_value, infer_type, type_names

NOT_A_COLOUR = 'is not a colour; write one such as "#1f4e79", "darkblue" or "rgb(31, 78, 121)"'
NOT_A_LENGTH = 'is not a length; write a number with a unit, such as "10pt", "20mm" or "1.2em"'


@pytest.mark.parametrize("kind, given, used", [
    ("colour", "#1f4e79", "#1f4e79"),
    ("colour", "#FFF", "#ffffff"),
    ("colour", "darkblue", "#00008b"),
    ("colour", "rgb(31, 78, 121)", "#1f4e79"),
    ("colour", "rgba(0, 0, 0, 0.5)", "#00000080"),
    ("length", "10pt", "10pt"),
    ("length", "20MM", "20mm"),
    ("length", "-2.5mm", "-2.5mm"),
    ("length", 0, "0"),
    ("length", "0", "0"),
    ("number", 1.45, 1.45),
    ("number", "1.45", 1.45),
    ("number", "2", 2),
    ("font", "DejaVu Serif", "DejaVu Serif"),
    ("font", '"Noto Sans CJK SC"', "Noto Sans CJK SC"),
    ("keyword", "bold", "bold"),
    ("text", "Ms Lin's class", "Ms Lin's class"),
    ("flag", False, False),
    ("list of colour", ["red", "#00FF00"], ["#ff0000", "#00ff00"]),
    ("list of font", [], []),
])
def test_each_type_accepts_its_values_as_the_builder_uses_them(kind, given, used):
    assert check_value(kind, given) == used
    assert type(check_value(kind, given)) is type(used)


@pytest.mark.parametrize("kind, given, message", [
    ("colour", "blau", f"'blau' {NOT_A_COLOUR}"),
    ("colour", 12, 'must be text, such as "#1f4e79"'),
    ("colour", "red; }", "'red; }' is not one CSS value; write one such as \"#1f4e79\""),
    ("colour", "lab(50% 40 59)", "'lab(50% 40 59)': the figures and the EPUB cover cannot "
                                 "use this kind of colour; write it as \"#1f4e79\", a colour "
                                 "name, rgb() or hsl()"),
    ("length", 10, '10 has no unit; write it with one, such as "10pt"'),
    ("length", "10", f"'10' {NOT_A_LENGTH}"),
    ("length", "10deg", f"'10deg' {NOT_A_LENGTH}"),
    ("number", True, "must be a number, such as 1.45"),
    ("number", "1.4pt", "'1.4pt' is not a number; write one such as 1.45"),
    ("number", float("inf"), "must be a finite number, such as 1.45"),
    ("font", "A, B", "'A, B' names several fonts; name one, and list the others in "
                     "fallback_fonts"),
    ("font", 3, 'must be the name of a font family, such as "DejaVu Serif"'),
    ("keyword", "10pt", "'10pt' is not one CSS keyword, such as \"bold\" or \"none\""),
    ("keyword", "bold italic", "'bold italic' is not one CSS value; write one such as \"bold\""),
    ("text", "a\nb", "'a\\nb' holds a control character (a line break, say); remove it"),
    ("text", 1, "must be text in quotes"),
    ("flag", "true", "must be true or false"),
    ("list of colour", "red", 'must be a list, such as ["#0072B2", "#E69F00"]'),
    ("list of colour", ["red", "x"], f"item 2: 'x' {NOT_A_COLOUR}"),
])
def test_each_type_refuses_other_values_in_plain_words(kind, given, message):
    with pytest.raises(ValueError) as raised:
        check_value(kind, given)
    assert str(raised.value) == message


@pytest.mark.parametrize("kind, value, css", [
    ("colour", "#1f4e79", "#1f4e79"),
    ("length", "10pt", "10pt"),
    ("number", 1.5, "1.5"),
    ("number", 2, "2"),
    ("keyword", "bold", "bold"),
    ("font", "DejaVu Serif", "DejaVu\\ Serif"),
    ("text", "", ""),
    ("list of colour", ["#ff0000", "#00ff00"], "#ff0000, #00ff00"),
    ("list of text", ["", "//"], ", \\/\\/"),
])
def test_each_checked_value_is_written_into_css(kind, value, css):
    assert str(css_value(kind, value)) == css


def test_text_written_into_css_cannot_end_its_declaration():
    assert css_value("text", "red; } x {") == "red\\;\\ \\}\\ x\\ \\{"


@pytest.mark.parametrize("value, kind", [
    (True, "flag"), (1.5, "number"), (3, "number"), ("1.45", "number"), ("10pt", "length"),
    ("#fff", "colour"), ("red", "colour"), ([], "list of text"), (["10pt"], "list of length"),
    (["#fff", "red"], "list of colour"),
    ("hello", None), (["a"], None), ([True], None), ([[1]], None),
])
def test_a_value_without_a_declared_type_is_given_the_type_it_reads_as(value, kind):
    assert infer_type(value) == kind


def test_every_type_but_flag_has_a_list_of_it():
    assert type_names() == ["colour", "length", "number", "font", "keyword", "text", "flag",
                            "list of colour", "list of length", "list of number",
                            "list of font", "list of keyword", "list of text"]
