"""Formulas drawn for print: WeasyPrint does not lay out MathML, so each formula is an SVG
of paths (ziamath), cached by its LaTeX and the font, and printed as a picture on the
text's baseline at the text's size.

ziamath draws every formula of the author's guide (fractions, roots, matrices, cases,
aligned equations, \\text, arrows that carry text) in pure Python, in an OpenType maths font
that matches the body text (DejaVu Math TeX Gyre beside DejaVu Serif); matplotlib's
mathtext knows none of pmatrix, cases, aligned, \\tfrac or \\xrightarrow, so it is no
fallback.
"""
from __future__ import annotations

import functools
import logging
import re
import xml.etree.ElementTree as ElementTree
from collections.abc import Mapping
from pathlib import Path

import lxml.html
import ziamath
from ziamath.tex import tex2mml

from ..cache import Store, cache_key, file_digest
from ..errors import Problems
from ..model import Chapter
from ..reading.glyphs import installed_font
from ..theming.themes import Theme
from .mathml import ARROW_UNDER_TEXT, MATH_CLASS, MATHML, formula_problems, supported_latex

log = logging.getLogger(__name__)

SVG = ".svg"
# What the print layout places: the drawing's size alone, without the paths that WeasyPrint
# would read at each of its places (layout/formula_drawings.py draws the paths).
SIZED = ".size.svg"
FORMULA_CLASS = "formula"  # a formula's picture in the print layout's HTML
# Beside each drawing, its PDF operators once the layout has made them
# (layout/formula_drawings.py).
PDF_OPERATORS = ".pdf-operators"
# The size formulas are drawn at, in the SVG's units: a length over SIZE is in ems.
SIZE = 20
VIEW_BOX = re.compile(rb'viewBox="([-\d. ]+)"')
SVG_TAG = re.compile(rb"(<svg\b[^>]*?)\s*/?>")

# The long form of each arrow that may carry text (\\xrightarrow and its kin).
LONG_ARROWS = {"&#x2192;": "&#x27F6;", "&#x2190;": "&#x27F5;", "&#x2194;": "&#x27F7;",
               "&#x21D2;": "&#x27F9;", "&#x21D0;": "&#x27F8;"}

Formula = tuple[str, bool]  # its LaTeX, and whether it is on display


def draw_formulas(formulas: Mapping[Formula, Chapter], theme: Theme, cache: Path,
                  report: Problems) -> dict[Formula, Path]:
    """Each formula's SVG, drawn or from the cache. One that cannot be drawn is an error
    (raised, once all are drawn) in the first chapter that has it (`formulas` maps each to
    it); a maths font that is not installed is a warning in `report`."""
    if not formulas:
        return {}
    family = theme.variables["math_font"]
    font = installed_font(family)
    if font is None:
        report.warn(*theme.origin("math_font"), f"the maths font {family!r} is not installed; "
                    "formulas are drawn in STIX Two Math: install it or name another")
    store = Store(cache)
    problems = Problems()
    font_key = file_digest(Path(font)) if font else "STIX Two Math"
    drawn = {}
    for (latex, display), chapter in formulas.items():
        supported = supported_latex(latex)
        key = cache_key(supported, str(display), font_key)
        if not (store.holds(key, SVG) and store.holds(key, SIZED)):
            if formula_problems(latex):  # an error at its place already
                continue
            try:
                svg = ziamath.Math(_as_tex_sets_it(tex2mml(supported, inline=not display)),
                                   size=SIZE, font=font, margin=0).svg()
            except Exception as error:  # any failure of the typesetter on an author's text
                line, col = chapter.body.find(latex, 0)
                problems.add(chapter.path, line, col,
                           "this formula cannot be drawn for print (ziamath: "
                             f"{error or type(error).__name__})")
                continue
            if _view_box(svg.encode())[3] <= 0:  # ziamath's sign of an empty line
                line, col = chapter.body.find(latex, 0)
                problems.add(chapter.path, line, col,
                             "this formula cannot be drawn for print: it draws nothing, or "
                             "one of its lines is empty; give it something to print, or take "
                             "out the \\\\ at its start or end, or the second of two in a row")
                continue
            store.write(key, SVG, svg.encode())
            store.write(key, SIZED, _sized(svg.encode()))
        drawn[latex, display] = store.path(key, SIZED)
    store.prune()
    problems.raise_if_any()
    log.info("%d formulas", len(drawn))
    return drawn


def _as_tex_sets_it(mathml: str) -> str:
    """The MathML that ziamath draws, where it sets a formula otherwise than TeX:

    - an arrow that carries text (`\\xrightarrow{\\text{light}}`) is the long arrow, as
      ziamath draws it at the arrow's own length, not its text's, and the short one stood
      under a word as a dash under a sentence;
    - a fraction's parts are never in display style, as TeX and MathML Core set them: a
      sum in a fraction on display had its limits over and under it, touching the bar.
    """
    math = ElementTree.fromstring(ARROW_UNDER_TEXT.sub(
        lambda m: f'<{m[1]}><mstyle scriptlevel="0"><mo>{LONG_ARROWS.get(m[2], m[2])}</mo>'
                  '</mstyle>', mathml))
    for fraction in math.iter(f"{{{MATHML}}}mfrac"):
        for place, part in enumerate(list(fraction)):
            style = ElementTree.Element(f"{{{MATHML}}}mstyle", {"displaystyle": "false"})
            fraction.remove(part)
            style.append(part)
            fraction.insert(place, style)
    return ElementTree.tostring(math, encoding="unicode")


def put_pictures(tree: lxml.html.HtmlElement, files: Mapping[Formula, Path]) -> None:
    """Replace each formula's text with its drawing, its LaTeX as its alt text, sized in
    ems so that it takes the text's size and sits on the text's baseline. An inline
    formula that nothing refers to is its drawing alone: in a chapter of formulas, the
    layout of a span around each took a tenth of the time the formulas add."""
    for span in tree.find_class(MATH_CLASS):
        latex = span.get("data-latex")
        display = "display" in span.get("class", "").split()
        file = files.get((latex, display))
        if file is None:
            continue
        height, depth = _extent(file)
        picture = lxml.html.Element("img", {
            "class": FORMULA_CLASS, "src": file.as_uri(), "alt": latex,
            "style": f"height: {height:.3f}em; vertical-align: {-depth:.3f}em"})
        if display or span.get("id") is not None:
            span.text = None
            span.insert(0, picture)
        else:
            picture.tail = span.tail
            span.getparent().replace(span, picture)


@functools.cache
def _extent(file: Path) -> tuple[float, float]:
    """A drawing's height and how far it reaches below the baseline (y = 0), in ems."""
    _, top, _, height = _view_box(file.read_bytes())
    return height / SIZE, (top + height) / SIZE


def outlines(sized: Path) -> Path:
    """The whole drawing, its paths too, of a formula's sized picture."""
    return sized.with_name(sized.name.removesuffix(SIZED) + SVG)


def _sized(svg: bytes) -> bytes:
    """A drawing's opening tag, closed: its size and viewBox."""
    found = SVG_TAG.search(svg)
    assert found is not None  # ziamath's drawings open with their <svg ...> tag
    return found[1] + b" />"


def _view_box(svg: bytes) -> tuple[float, ...]:
    """A drawing's left, top, width and height, in its own units."""
    found = VIEW_BOX.search(svg)
    assert found is not None  # ziamath gives every drawing its viewBox
    return tuple(map(float, found[1].split()))
