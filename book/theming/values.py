"""The types of theme variables: each value is checked as one CSS value of its type, and
written into the stylesheets so that it cannot end its declaration or add rules."""
from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Any

import tinycss2
import tinycss2.color4
from tinycss2.serializer import serialize_identifier

from ..checks import flag

# CSS Values 4 length units; a length may also be 0 without one.
LENGTH_UNITS = {"em", "rem", "ex", "rex", "cap", "rcap", "ch", "rch", "ic", "ric", "lh", "rlh",
                "vw", "vh", "vi", "vb", "vmin", "vmax", "cm", "mm", "q", "in", "pt", "pc", "px"}
LIST_OF = "list of "


class CssList(list):
    """A list of values already written as CSS; in a stylesheet it reads "a, b, c"."""

    def __str__(self) -> str:
        return ", ".join(map(str, self))


def _one_value(value: Any, example: str) -> Any:
    """The single CSS component value that `value` (a string) holds."""
    if not isinstance(value, str):
        raise ValueError(f"must be text, such as {example}")
    token = tinycss2.parse_one_component_value(value, skip_comments=True)
    if token.type == "error":
        raise ValueError(f"{value!r} is not one CSS value; write one such as {example}")
    return token


def _colour(value: Any) -> str:
    token = _one_value(value, '"#1f4e79"')
    colour = tinycss2.color4.parse_color(token)
    if colour is None or isinstance(colour, str):
        raise ValueError(f"{value!r} is not a colour; write one such as \"#1f4e79\", "
                         "\"darkblue\" or \"rgb(31, 78, 121)\"")
    try:
        red, green, blue = (min(max(c, 0.0), 1.0) for c in colour.to("srgb").coordinates)
    except NotImplementedError:
        raise ValueError(f"{value!r}: the figures and the EPUB cover cannot use this kind of "
                         "colour; write it as \"#1f4e79\", a colour name, rgb() or hsl()") from None
    alpha = "" if colour.alpha >= 1 else f"{round(colour.alpha * 255):02x}"
    return "#" + "".join(f"{round(c * 255):02x}" for c in (red, green, blue)) + alpha


def _length(value: Any) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if value == 0:
            return "0"
        raise ValueError(f"{value} has no unit; write it with one, such as \"{value}pt\"")
    token = _one_value(value, '"10pt" or "20mm"')
    if (token.type == "dimension" and token.lower_unit in LENGTH_UNITS) or (
            token.type == "number" and token.value == 0):
        return f"{token.representation}{token.lower_unit if token.type == 'dimension' else ''}"
    raise ValueError(f"{value!r} is not a length; write a number with a unit, such as "
                     "\"10pt\", \"20mm\" or \"1.2em\"")


def _number(value: Any) -> int | float:
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise ValueError("must be a number, such as 1.45")
    if isinstance(value, str):
        token = _one_value(value, "1.45")
        if token.type != "number":
            raise ValueError(f"{value!r} is not a number; write one such as 1.45")
        value = token.int_value if token.is_integer else token.value
    if not math.isfinite(value):
        raise ValueError("must be a finite number, such as 1.45")
    return value


def _font(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError("must be the name of a font family, such as \"DejaVu Serif\"")
    tokens = [t for t in tinycss2.parse_component_value_list(value, skip_comments=True)]
    words = [t for t in tokens if t.type != "whitespace"]
    if len(words) == 1 and words[0].type == "string":
        name = words[0].value
    elif words and all(t.type == "ident" for t in words):
        name = " ".join(t.value for t in words)
    elif any(t.type == "literal" and t.value == "," for t in words):
        raise ValueError(f"{value!r} names several fonts; name one, and list the others "
                         "in fallback_fonts")
    else:
        raise ValueError(f"{value!r} is not a font family name; write one such as "
                         "\"DejaVu Serif\" (letters, digits, spaces and '-')")
    return _text(name)


def _keyword(value: Any) -> str:
    token = _one_value(value, '"bold"')
    if token.type != "ident":
        raise ValueError(f"{value!r} is not one CSS keyword, such as \"bold\" or \"none\"")
    return token.value


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError("must be text in quotes")
    if any(ord(char) < 32 or ord(char) == 127 for char in value):
        raise ValueError(f"{value!r} holds a control character (a line break, say); remove it")
    return value


# Each type: how a value is checked (giving the value the builder uses, such as a colour
# as #rrggbb) and how it is written into CSS. Text is written escaped as a CSS
# identifier, which reads the same inside quotes ("{{ body_font }}") and outside them.
TYPES: dict[str, tuple[Callable[[Any], Any], Callable[[Any], Any]]] = {
    "colour": (_colour, str),
    "length": (_length, str),
    "number": (_number, lambda n: format(n, "g")),
    "font": (_font, serialize_identifier),
    "keyword": (_keyword, serialize_identifier),
    "text": (_text, lambda t: serialize_identifier(t) if t else ""),
    "flag": (flag, bool),
}


def type_names() -> list[str]:
    """Every type a variable can have, lists included."""
    return [*TYPES, *(LIST_OF + name for name in TYPES if name != "flag")]


def check_value(kind: str, value: Any) -> Any:
    """The value as the builder uses it; ValueError says what is wrong and how to fix it."""
    if kind.startswith(LIST_OF):
        if not isinstance(value, list):
            raise ValueError(f"must be a list, such as [{_example(kind[len(LIST_OF):])}]")
        item_check = TYPES[kind[len(LIST_OF):]][0]
        checked = []
        for number, item in enumerate(value, start=1):
            try:
                checked.append(item_check(item))
            except ValueError as error:
                raise ValueError(f"item {number}: {error}") from None
        return checked
    return TYPES[kind][0](value)


def css_value(kind: str, value: Any) -> Any:
    """A checked value as it goes into a stylesheet."""
    if kind.startswith(LIST_OF):
        write = TYPES[kind[len(LIST_OF):]][1]
        return CssList(write(item) for item in value)
    return TYPES[kind][1](value)


def infer_type(value: Any) -> str | None:
    """The type of a variable a theme adds without declaring one: a flag, a number, a
    length, a colour, or a list of these (of text when empty); None for other text."""
    if isinstance(value, list):
        item = infer_type(value[0]) if value else "text"
        # Lists hold single values: no flags, no lists of lists.
        return LIST_OF + item if item and item != "flag" and LIST_OF not in item else None
    for kind in ("flag", "number", "length", "colour"):
        try:
            TYPES[kind][0](value)
        except ValueError:
            continue
        return kind
    return None


def _example(kind: str) -> str:
    return {"colour": '"#0072B2", "#E69F00"', "font": '"Noto Sans CJK SC"',
            "length": '"10pt", "12pt"', "number": "1, 2"}.get(kind, '"a", "b"')


# Absolute lengths in millimetres: the page's geometry, worked out before layout (the text
# block's width, a figure's size), needs them as numbers.
UNITS_MM = {"mm": 1.0, "cm": 10.0, "q": 0.25, "in": 25.4, "pt": 25.4 / 72, "pc": 25.4 / 6,
            "px": 25.4 / 96}


def millimetres(length: Any) -> float:
    """An absolute length (a plain 0 too) in millimetres, or ValueError."""
    found = re.fullmatch(r"\s*(\d*\.?\d+)\s*(mm|cm|q|in|pt|pc|px)?\s*", str(length))
    if not found or (found[2] is None and float(found[1]) != 0):
        raise ValueError(f"{length!r} is not a length such as 20mm")
    return float(found[1]) * UNITS_MM.get(found[2] or "mm", 1.0)

