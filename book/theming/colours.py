"""Colours that stay readable however a reading system paints the page.

An EPUB is read on white, on a dark page the reader paints while it says it is dark
(prefers-color-scheme), and on a dark page with light text forced on the html and body
elements, which says nothing. Text that inherits its colour follows the reader in each case;
text or boxes with a colour of their own must work on both kinds of page. Contrast is WCAG's:
4.5:1 for text, 3:1 for large text (24 px, or 18.66 px bold).
"""
from __future__ import annotations

import jinja2

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


FILTERS = {"see_through": see_through, "for_any_page": for_any_page,
           "for_dark_page": for_dark_page}
