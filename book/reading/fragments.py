"""A chapter's HTML as a tree: read it, write it back, and walk the text outside code."""
from __future__ import annotations

from collections.abc import Iterator

import lxml.html

CODE = ("code", "pre")


def parse(html: str) -> lxml.html.HtmlElement:
    """Chapter HTML (any number of top-level elements) inside one <div>."""
    return lxml.html.fragment_fromstring(html or "", create_parent="div")


def serialise(tree: lxml.html.HtmlElement) -> str:
    """The HTML inside the <div> that `parse` made."""
    return (tree.text or "") + "".join(lxml.html.tostring(child, encoding="unicode")
                                       for child in tree)


def texts_outside_code(tree: lxml.html.HtmlElement) -> Iterator[str]:
    """Every run of text the author wrote as prose: code, a formula, and a citation until
    it is formatted, keep their markup as written."""
    if tree.tag in CODE or tree.get("class") == "citation" \
            or "math" in tree.get("class", "").split():
        return
    if tree.text:
        yield tree.text
    for child in tree:
        if isinstance(child.tag, str):  # not a comment
            yield from texts_outside_code(child)
        if child.tail:
            yield child.tail
