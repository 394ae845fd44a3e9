"""The theme's look for figures (book/figures/runner.py's FigureStyle), sized to the text
width of the page; the theme's lengths in millimetres."""
from __future__ import annotations

from typing import Any

from ..config import PAGE_SIZES, Settings
from ..errors import BookError
from ..theming.themes import THEME_FILE, Theme
from ..theming.values import UNITS_MM, millimetres
from .runner import FigureStyle

# The theme's lengths that size a figure, in print and on screen.
FIGURE_LENGTHS = {"print": ("margin_inner", "margin_outer", "figure_font_size",
                            "figure_min_font_size"),
                  "screen": ("screen_figure_width", "screen_figure_font_size")}


def figure_style(settings: Settings, theme: Theme, medium: str = "print") -> FigureStyle:
    """The theme's look for figures: in print, sized to the width of the text on the page;
    on screen (the EPUB, the web page), to a phone's column, so that a reading system
    that shrinks the figure to the screen leaves its text readable."""
    try:
        lengths = {name: _length_mm(theme, name) for name in FIGURE_LENGTHS[medium]}
        return _figure_style(settings, theme.variables, lengths, medium)
    except KeyError as missing:
        message = f"the theme has no variable {missing}, which figures need"
    except ValueError as error:
        message = f"a figure variable is wrong: {error}"
    raise BookError.at(theme.folders[0] / THEME_FILE, 1, 1, message)


def _length_mm(theme: Theme, name: str) -> float:
    """A theme length in millimetres, or an error where the theme variable was set."""
    try:
        return millimetres(theme.variables[name])
    except ValueError as error:
        # Figures are drawn to size: a length relative to the text cannot be used.
        raise BookError.at(*theme.origin(name), f"{name}: {error}, which figures "
                                                "need in mm, cm, q, in, pt, pc or px") from None


def _figure_style(settings: Settings, variables: dict[str, Any],
                  lengths: dict[str, float], medium: str) -> FigureStyle:
    if medium == "screen":
        width_mm, font_size_mm = lengths["screen_figure_width"], \
            lengths["screen_figure_font_size"]
        aspect = float(variables["screen_figure_aspect"])
    else:
        width_mm = (PAGE_SIZES[settings.page_size].width_mm - lengths["margin_inner"]
                    - lengths["margin_outer"])
        font_size_mm, aspect = lengths["figure_font_size"], float(variables["figure_aspect"])
    # On screen the reader chooses the size of the text, and the figure's is set for a phone.
    min_font_size_mm = lengths["figure_min_font_size"] if medium == "print" else 0.0
    width = round(width_mm / 25.4, 3)
    return FigureStyle(
        font_family=variables["body_font"],
        font_size=float(font_size_mm / UNITS_MM["pt"]),
        text_colour=variables["text_colour"],
        palette=list(variables["figure_palette"]),
        greyscale=bool(variables["figure_greyscale"]),
        markers=list(variables["figure_markers"]),
        hatches=list(variables["figure_hatches"]),
        line_width=float(variables["figure_line_width"]),
        width=width,
        height=round(width * aspect, 3),
        medium=medium,
        min_font_size=round(min_font_size_mm / UNITS_MM["pt"], 3),
    )
