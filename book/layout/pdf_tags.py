"""What the PDF's tags say beyond WeasyPrint's (70): the language of each element that says
its own (`lang`), such as the Chinese characters that han_language marks, where WeasyPrint
writes the document's language alone and a screen reader would read 大跃进 as English; and
a Formula tag for each formula's drawing, which WeasyPrint tags a Figure, as it tags every
picture (book/maths/drawing.py). Its tag builder is wrapped while one PDF is written."""
from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pydyf
from weasyprint.formatting_structure import boxes
from weasyprint.layout.absolute import AbsolutePlaceholder
from weasyprint.pdf import tags

from ..maths.drawing import FORMULA_CLASS

# Given a box, what to do to each tag made for it and the boxes inside it (or None).
TagChange = Callable[[Any], Callable[[dict], None] | None]


@contextmanager
def tagged_languages() -> Iterator[None]:
    """While it lasts, each tag of an element with a lang carries it as /Lang; the tags
    inside it take it from there, as PDF tags inherit their language."""
    def language(own: Any) -> Callable[[dict], None] | None:
        # The html and body elements and the pages give their children's tags, not
        # their own (the document's language is in the catalog).
        lang = None if own.element is None or isinstance(own, boxes.PageBox) \
            or own.element_tag in ("html", "body") else own.element.get("lang")
        if not lang:
            return None
        return lambda element: element.setdefault("Lang", pydyf.String(lang))

    with _tag_builder_changed(language):
        yield


@contextmanager
def tagged_formulas() -> Iterator[None]:
    """While it lasts, the Figure tag of a formula's drawing is a Formula tag; its Alt
    (the LaTeX) and bounding box stay, as a Formula has them too."""
    def formula(own: Any) -> Callable[[dict], None] | None:
        if own.element is None or own.element_tag != "img" \
                or FORMULA_CLASS not in own.element.get("class", "").split():
            return None

        def retag(element: dict) -> None:
            if element.get("S") == "/Figure":
                element["S"] = "/Formula"
        return retag

    with _tag_builder_changed(formula):
        yield


@contextmanager
def _tag_builder_changed(change: TagChange) -> Iterator[None]:
    """While it lasts, WeasyPrint's tag builder passes each tag it makes for a box (and the
    boxes inside it) through what `change` gives for that box."""
    build = tags._build_box_tree

    def changed(box, *args):
        own = box._box if isinstance(box, AbsolutePlaceholder) else box
        apply = change(own)
        for element in build(box, *args):  # calls `changed` for the children
            if apply is not None:
                apply(element)
            yield element

    tags._build_box_tree = changed
    try:
        yield
    finally:
        tags._build_box_tree = build
