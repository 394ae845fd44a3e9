"""The PDF's tags name the language of each element that says its own (`lang`), such as
the Chinese characters that han_language marks: WeasyPrint 70 writes the document's
language alone, so a screen reader would read 大跃进 as English. Its tag builder is
wrapped while one PDF is written."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pydyf
from weasyprint.formatting_structure import boxes
from weasyprint.layout.absolute import AbsolutePlaceholder
from weasyprint.pdf import tags


@contextmanager
def tagged_languages() -> Iterator[None]:
    """While it lasts, each tag of an element with a lang carries it as /Lang; the tags
    inside it take it from there, as PDF tags inherit their language."""
    build = tags._build_box_tree

    def with_languages(box, *args):
        own = box._box if isinstance(box, AbsolutePlaceholder) else box
        # The html and body elements and the pages give their children's tags, not
        # their own (the document's language is in the catalog).
        lang = None if own.element is None or isinstance(own, boxes.PageBox) \
            or own.element_tag in ("html", "body") else own.element.get("lang")
        for element in build(box, *args):  # calls with_languages for the children
            if lang and "Lang" not in element:
                element["Lang"] = pydyf.String(lang)
            yield element

    tags._build_box_tree = with_languages
    try:
        yield
    finally:
        tags._build_box_tree = build
