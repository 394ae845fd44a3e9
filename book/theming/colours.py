"""Colours that stay readable however a reading system paints the page.

An EPUB is read on white, on a dark page the reader paints while it says it is dark
(prefers-color-scheme), and on a dark page with light text forced on the html and body
elements, which says nothing. Text that inherits its colour follows the reader in each case;
text or boxes with a colour of their own must work on both kinds of page. Contrast is WCAG's:
4.5:1 for text, 3:1 for large text (24 px, or 18.66 px bold).
"""
from __future__ import annotations

import jinja2
import tinycss2
import tinycss2.color3

Rgb = tuple[float, float, float]

WHITE: Rgb = (1.0, 1.0, 1.0)
BLACK: Rgb = (0.0, 0.0, 0.0)
# The dark pages of common reading systems: #121212 (Material's dark surface, Foliate's
# and many epub.js themes') and a lighter grey some readers use, #1e1e1e.
DARK_PAGES: tuple[Rgb, ...] = ((18 / 255,) * 3, (30 / 255,) * 3)
# Large text in a colour of its own is kept at 3:1 on these pages, with a margin, and at
# 4.5:1 on white, so that it serves any text in light mode.
LARGE_ON_DARK = 3.2
TEXT_ON_WHITE = 4.6
# On a page known to be dark, coloured text is well above 4.5:1 even on the lighter grey,
# so that headings do not look dim beside the text.
TEXT_ON_DARK = 6.0


def rgb(colour: str) -> Rgb:
    """A theme colour (#rrggbb, or #rrggbbaa laid on white) as red, green, blue in 0..1."""
    digits = colour.lstrip("#")
    if len(digits) not in (6, 8) or any(c not in "0123456789abcdefABCDEF" for c in digits):
        raise jinja2.TemplateRuntimeError(f"{colour!r} is not a colour variable, such as "
                                          "{{ accent }}")
    red, green, blue = (int(digits[i:i + 2], 16) / 255 for i in (0, 2, 4))
    alpha = int(digits[6:8], 16) / 255 if len(digits) == 8 else 1.0
    return mix((red, green, blue), WHITE, alpha)


def luminance(colour: Rgb) -> float:
    """WCAG's relative luminance."""
    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4
    red, green, blue = (linear(c) for c in colour)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(one: Rgb, other: Rgb) -> float:
    lighter, darker = sorted((luminance(one), luminance(other)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def mix(colour: Rgb, other: Rgb, share: float) -> Rgb:
    """`share` of `colour`, the rest of `other`, channel by channel."""
    return tuple(share * a + (1 - share) * b for a, b in zip(colour, other))  # type: ignore[return-value]


def hex_colour(colour: Rgb) -> str:
    return "#" + "".join(f"{round(c * 255):02x}" for c in colour)


def see_through(colour: str) -> str:
    """The same colour on a white page, but see-through: on a dark page it is a faint tint
    of the dark, so that text the reader makes light stays readable on it. The least
    opaque such colour, for a box's background."""
    target = rgb(colour)
    alpha = max(1 - c for c in target)
    if alpha == 0:
        return "transparent"
    base = tuple(1 - (1 - c) / alpha for c in target)
    red, green, blue = (round(max(c, 0.0) * 255) for c in base)
    return f"rgba({red}, {green}, {blue}, {alpha:.3f})"


def for_any_page(colour: str) -> str:
    """The colour, lightened or darkened as little as needed, for large text that keeps its
    colour on a white page (4.5:1) and on a reader's dark page (3:1)."""
    start = rgb(colour)
    if min(contrast(start, page) for page in DARK_PAGES) < LARGE_ON_DARK:
        # Lightened just enough, it still has 4.5:1 on white: the two needs leave room
        # (luminance 0.152 to 0.178).
        return hex_colour(_closest(start, WHITE, lambda c: min(contrast(c, p) for p in
                                                               DARK_PAGES) >= LARGE_ON_DARK))
    if contrast(start, WHITE) < TEXT_ON_WHITE:
        return hex_colour(_closest(start, BLACK, lambda c: contrast(c, WHITE) >= TEXT_ON_WHITE))
    return hex_colour(start)


def for_dark_page(colour: str) -> str:
    """The colour lightened for any text on a reader's dark page (6:1)."""
    start = rgb(colour)
    return hex_colour(_closest(start, WHITE, lambda c: min(contrast(c, p) for p in DARK_PAGES)
                               >= TEXT_ON_DARK))


def _closest(start: Rgb, towards: Rgb, good) -> Rgb:
    """The mix of `start` with as little of `towards` as makes it `good` (by halving), as
    it will be written: in whole steps of 1/255."""
    def written(share: float) -> Rgb:
        return tuple(round(c * 255) / 255 for c in mix(towards, start, share))  # type: ignore[return-value]
    if good(start):
        return start
    low, high = 0.0, 1.0
    for _ in range(20):
        middle = (low + high) / 2
        if good(written(middle)):
            high = middle
        else:
            low = middle
    return written(high)


def for_reading_systems(css: str) -> str:
    """A booklet's own CSS for the EPUB, its colours used as the built-in themes use theirs.
    Text colours, made for a white page: large text keeps its colour, made for any page;
    smaller text takes the reader's text colour, and its own colour on a page the reader
    says is dark. Light backgrounds become see-through tints, and any background a dark
    tint on a page the reader says is dark. Pale text is kept: it is made for a dark box.
    A rule that gives both a text and a background colour paints its own box: it is kept,
    its text made to read on it, and made dark on a page the reader says is dark.
    Rules for print only are kept too."""
    rules = tinycss2.parse_stylesheet(css, skip_comments=False, skip_whitespace=False)
    on_dark: list[str] = []
    written = tinycss2.serialize(_rules_for_reading_systems(rules, on_dark))
    if not on_dark:
        return written
    return written + "\n@media (prefers-color-scheme: dark) {\n" + "".join(on_dark) + "}\n"


def _rules_for_reading_systems(rules: list, on_dark: list[str]) -> list:
    """The rules, changed in place; each smaller text's colour for a dark page is added to
    `on_dark`, as a rule."""
    for rule in rules:
        if rule.type == "qualified-rule":
            rule.content = _declarations_for_reading_systems(
                rule.content, tinycss2.serialize(rule.prelude).strip(), on_dark)
        elif (rule.type == "at-rule" and rule.content is not None
              and rule.lower_at_keyword in ("media", "supports")
              and "print" not in tinycss2.serialize(rule.prelude).lower()):
            inner: list[str] = []
            rule.content = _rules_for_reading_systems(tinycss2.parse_rule_list(
                rule.content, skip_comments=False, skip_whitespace=False), inner)
            if inner:
                on_dark.append(f"@{rule.at_keyword}{tinycss2.serialize(rule.prelude)}"
                               f"{{ {''.join(inner)}}}\n")
    return rules


def _declarations_for_reading_systems(content: list, selector: str,
                                      on_dark: list[str]) -> list:
    declarations = tinycss2.parse_declaration_list(content, skip_comments=False,
                                                   skip_whitespace=False)
    named = {d.lower_name: d for d in declarations if d.type == "declaration"}
    colours = {name: _colour_of(d.value) for name, d in named.items()}
    text = colours.get("color")
    page = colours.get("background-color") or colours.get("background")
    large = _is_large(named)
    written = []
    for declaration in declarations:
        name = getattr(declaration, "lower_name", "")
        colour = colours.get(name)
        if colour is None or name not in ("color", "background", "background-color") or (
                name == "color" and page is None and luminance(colour) >= PALE):
            written.append(tinycss2.serialize([declaration]))
            continue
        important = " !important" if declaration.important else ""
        if name == "color" and page is None and large:
            written.append(f"color: {for_any_page(hex_colour(colour))}{important};")
        elif name == "color":
            if page is not None:
                # On its own box, made to read on that box; on the reader's dark page, the
                # box turns dark too.
                needed = LARGE_ON_DARK if large else TEXT_ON_WHITE
                readable = _closest(colour, WHITE if _is_dark(page) else BLACK,
                                    lambda c: contrast(c, page) >= needed)  # noqa: B023
                written.append(f"color: {hex_colour(readable)}{important};")
            else:
                written.append(f"color: inherit{important};")
            on_dark.append(f"  {selector} {{ color: {for_dark_page(hex_colour(colour))}"
                           f"{important}; }}\n")
        else:
            # A pale box becomes a tint the reader's dark page shows through, unless it
            # has text of its own colour; on a page said to be dark, any box is dark.
            written.append(tinycss2.serialize([declaration]) if _is_dark(colour) or text
                           else f"{declaration.name}: {see_through(hex_colour(colour))}"
                                f"{important};")
            on_dark.append(f"  {selector} {{ background-color: {_dark_tint(colour)}"
                           f"{important}; }}\n")
    return tinycss2.parse_component_value_list("".join(written))


# On a page the reader says is dark, a box is no lighter than this, so that the colours
# made for that page (for_dark_page) keep 4.5:1 on it.
DARK_BOX = 0.03


def _dark_tint(colour: Rgb) -> str:
    """A box's colour on a page the reader says is dark: as much of it as keeps the box
    dark, over the lighter dark page."""
    share = 1.0
    while luminance(mix(colour, DARK_PAGES[1], share)) > DARK_BOX:
        share -= 0.01
    red, green, blue = (round(c * 255) for c in colour)
    return f"rgba({red}, {green}, {blue}, {share:.2f})"


def _colour_of(value: list) -> Rgb | None:
    """The colour a declaration's value is, when it is one colour and nothing else."""
    tokens = [t for t in value if t.type not in ("whitespace", "comment")]
    if len(tokens) != 1:
        return None
    colour = tinycss2.color3.parse_color(tokens[0])
    if not isinstance(colour, tinycss2.color3.RGBA):
        return None
    return mix((colour.red, colour.green, colour.blue), WHITE, colour.alpha)


# Text as pale as this (#cbcbcb) is written for a dark box, never for the page.
PALE = 0.6


def _is_dark(colour: Rgb) -> bool:
    """Whether white reads better on the colour than black."""
    return contrast(colour, WHITE) > contrast(colour, BLACK)


# CSS pixels of one unit, with the reading system's usual 16 px text.
PIXELS = {"px": 1, "pt": 4 / 3, "pc": 16, "em": 16, "rem": 16, "%": 0.16}
# Text is large from 24 px (WCAG). Relative sizes shrink in smaller text (a box's, a
# note's), so a rule's own size counts as large with room to spare: 32 px.
LARGE_TEXT_PIXELS = 32


def _is_large(declarations: dict) -> bool:
    """Whether the rule's own font-size makes its text large wherever it is."""
    size = declarations.get("font-size")
    tokens = [t for t in size.value if t.type in ("dimension", "percentage")] if size else []
    if len(tokens) != 1:
        return False
    unit = "%" if tokens[0].type == "percentage" else tokens[0].lower_unit
    return tokens[0].value * PIXELS.get(unit, 0) >= LARGE_TEXT_PIXELS


FILTERS = {"see_through": see_through, "for_any_page": for_any_page,
           "for_dark_page": for_dark_page}
