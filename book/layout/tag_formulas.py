"""The PDF's tags name each formula a Formula, its alt text its LaTeX: WeasyPrint tags
every picture a Figure, and a formula's drawing is a picture (book/maths/drawing.py). Its
tag builder is wrapped while one PDF is written, as tag_languages.py does."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from weasyprint.layout.absolute import AbsolutePlaceholder
from weasyprint.pdf import tags

from ..maths.drawing import FORMULA_CLASS


@contextmanager
def tagged_formulas() -> Iterator[None]:
    """While it lasts, the Figure tag of a formula's drawing is a Formula tag; its Alt
    (the LaTeX) and bounding box stay, as a Formula has them too."""
    build = tags._build_box_tree

    def with_formulas(box, *args):
        own = box._box if isinstance(box, AbsolutePlaceholder) else box
        formula = own.element is not None and own.element_tag == "img" \
            and FORMULA_CLASS in own.element.get("class", "").split()
        for element in build(box, *args):  # calls with_formulas for the children
            if formula and element.get("S") == "/Figure":
                element["S"] = "/Formula"
            yield element

    tags._build_box_tree = with_formulas
    try:
        yield
    finally:
        tags._build_box_tree = build
