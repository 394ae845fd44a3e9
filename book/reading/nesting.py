"""An author's HTML nested as HTML allows it, as a browser reads it.

A README's sponsor line is often `<p>Thanks to <a href="..."><div><img ...></div></a></p>`.
No paragraph may hold a `<div>`: a browser (and WeasyPrint, for the PDF) ends the
paragraph where the `<div>` opens and carries the open link on around the rest. Python's
HTML parser keeps the `<div>` inside, so the EPUB was invalid and differed from the PDF.
Such a paragraph is read again here by the HTML standard's own parser (tinyhtml5, which
WeasyPrint uses), so that every output holds what a browser shows.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

import lxml.html
from tinyhtml5.parser import HTMLParser

from ..model import Source

# The elements whose start tag ends an open paragraph (the HTML standard, "in body").
CLOSE_A_PARAGRAPH = frozenset((
    "address", "article", "aside", "blockquote", "center", "details", "dialog", "dir", "div",
    "dl", "fieldset", "figcaption", "figure", "footer", "header", "hgroup", "main", "menu",
    "nav", "ol", "p", "search", "section", "summary", "ul", "h1", "h2", "h3", "h4", "h5", "h6",
    "pre", "listing", "form", "table", "hr", "xmp", "li", "dd", "dt"))
# The elements a browser opens again after the block, around the rest of the paragraph;
# where one then holds nothing, it is left out.
FORMATTING = frozenset(("a", "b", "big", "code", "em", "font", "i", "nobr", "s", "small",
                        "strike", "strong", "tt", "u"))


def blocks_out_of_paragraphs(fragment: lxml.html.HtmlElement,
                             source: Source) -> Iterator[tuple[int, int, str]]:
    """Read each paragraph that holds a block again as a browser does, in place; yield
    (line, col, why) for each, at the block's tag as written in `source`."""
    searched_from = 0
    for paragraph in list(fragment.iter("p")):
        if paragraph.getparent() is None:  # inside a paragraph read again before
            continue
        block = next((element for element in paragraph.iterdescendants()
                      if element.tag in CLOSE_A_PARAGRAPH), None)
        if block is None:
            continue
        offset = _written_at(source.text, block, fragment, searched_from)
        searched_from = offset + 1
        line, col = source.position(offset)
        yield line, col, (f"a paragraph cannot hold a <{block.tag}>, so it ends where the "
                          f"<{block.tag}> begins, as a web browser shows it; to keep the "
                          f"<{block.tag}> with the text around it, put them in a <div>")
        _read_as_a_browser(paragraph)


def _read_as_a_browser(paragraph: lxml.html.HtmlElement) -> None:
    """Replace `paragraph` by what the HTML standard's parser makes of it."""
    written = lxml.html.tostring(paragraph, encoding="unicode", with_tail=False)
    read = HTMLParser(namespace_html_elements=False).parse_fragment(written, container="div")
    nodes = [_as_lxml(node) for node in read]  # the paragraph comes first: no text before
    nodes[-1].tail = (nodes[-1].tail or "") + (paragraph.tail or "")
    parent, index = paragraph.getparent(), paragraph.getparent().index(paragraph)
    parent.remove(paragraph)
    for number, node in enumerate(nodes):
        parent.insert(index + number, node)
    _leave_out_empty_copies(nodes)


def _as_lxml(node) -> lxml.html.HtmlElement:
    """An ElementTree node from tinyhtml5 as an lxml HTML element (or comment)."""
    if not isinstance(node.tag, str):
        comment = lxml.html.HtmlComment(node.text or "")
        comment.tail = node.tail
        return comment
    element = lxml.html.html_parser.makeelement(node.tag.rpartition("}")[2],
                                                attrib=dict(node.attrib))
    element.text = node.text
    for child in node:
        element.append(_as_lxml(child))
    element.tail = node.tail
    return element


def _leave_out_empty_copies(nodes: list[lxml.html.HtmlElement]) -> None:
    """Without the empty paragraphs and links a browser's reading leaves (the paragraph's
    closing tag opens one; a link around a block is split into its parts), and without a
    second copy of an id."""
    seen: set[str] = set()
    for node in nodes:
        if not isinstance(node.tag, str):
            continue
        for element in list(node.iter()):
            if not isinstance(element.tag, str):
                continue
            if element.get("id") in seen:
                del element.attrib["id"]
            elif element.get("id"):
                seen.add(element.get("id"))
    for node in nodes:
        if not isinstance(node.tag, str):
            continue
        for element in reversed(list(node.iter("p", *FORMATTING))):
            if len(element) or (element.text or "").strip():
                continue
            if element.get("id") is None and element.get("name") is None:
                element.drop_tag()
            elif element.tag == "a":
                # The place its id names stays; a link with no words to click does not.
                element.attrib.pop("href", None)


def _written_at(text: str, block: lxml.html.HtmlElement, fragment: lxml.html.HtmlElement,
                start: int) -> int:
    """Where the block's tag is written: the first `<tag` after the last words before it."""
    before = ""
    ancestors = set(block.iterancestors())
    for element in fragment.iter():  # each element before its children
        if element is block:
            break
        # An ancestor's tail comes after the block; another's, before it.
        for piece in (element.text, None if element in ancestors else element.tail):
            if piece and piece.strip():
                before = piece.strip()
    found = text.find(before[-30:], start) if before else -1
    tag = re.compile(rf"<{block.tag}(?=[\s/>])", re.I)
    written = tag.search(text, max(found, start))
    return written.start() if written else max(found, 0)
