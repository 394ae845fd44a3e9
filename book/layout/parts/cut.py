"""The book cut into parts that WeasyPrint can lay out apart: the front matter, each
chapter, the back matter and the index. Each opens a new page, so a part's pages do not
depend on the text of the others, only on where it starts and on the page numbers of what
it points at in them (contents, "see page 12").

A part's document has what it needs for that, on pages left out of the book afterwards:
- a copy of the cover, for the running heads it sets (string-set);
- a page numbered for each other part's page it points at, holding those anchors, so
  that target-counter() finds them;
- an empty page if needed, so that the part's first page falls on the side (left or
  right) that it has in the book;
- a page numbered one less than the part's first page, so the part numbers on from it;
- an empty copy of the next part's first element: the pages before it that the part
  ends with are the blank pages the book has there.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass

import lxml.html
from lxml import etree

# Part names, which no chapter slug can be (they have spaces).
FRONT, BACK, INDEX = "front matter", "back matter", "the index"
COVER = "cover"  # the cover's id (templates/cover.html)
# Ids that only help laying a part out (module docstring): the page before the part's
# first, the part's first element when it has no id of its own, the next part's.
NUMBERING, START, NEXT = "book-part-numbering", "book-part-start", "book-part-next"
# The helper pages' running heads and folios would be laid out only to be thrown away: a
# named page outranks the theme's :left, :right and :first rules (not its !important ones,
# which cost only the time).
_NO_MARGIN_BOXES = " ".join(f"@{side}-{place} {{ content: none }}" for side, places in (
    ("top", "left-corner left center right right-corner"),
    ("bottom", "left-corner left center right right-corner"),
    ("left", "top middle bottom"), ("right", "top middle bottom")) for place in places.split())


@dataclass(frozen=True)
class Part:
    name: str  # FRONT, a chapter's slug, BACK or INDEX
    elements: tuple[lxml.html.HtmlElement, ...]  # the body's children it is made of
    ids: frozenset[str]  # the anchors in it
    links: frozenset[str]  # the anchors it links to in other parts
    numbered: frozenset[str]  # those of them whose page numbers it prints
    # The elements that begin the next part: its first, or the page break and the
    # stand-in that book_html.book_tree puts at the index's place.
    next: tuple[lxml.html.HtmlElement, ...]


@dataclass(frozen=True)
class Numbering:
    """Where a part goes in the book: whether its first page is a left-hand page, that
    page's number and the numbers of the pages it points at."""

    on_left: bool
    number: int
    links: tuple[tuple[str, int], ...]


def cut(tree: lxml.html.HtmlElement, chapters: list[str], index: lxml.html.HtmlElement | None,
        printing: dict[lxml.html.HtmlElement, str]) -> list[Part] | None:
    """The book's parts in book order, but for the index, which is made once the others
    are laid out: `index` is its stand-in (book_html.book_tree). None when the chapters are not
    all children of the body (a theme's own book template): the book is laid out in one
    piece. `printing` maps each element that prints a page number to its anchor
    (printed_page_numbers.py)."""
    body = tree.body
    opening = () if index is None else (index.getprevious(), index)
    children = [child for child in body if child not in opening]
    starts = [tree.get_element_by_id(slug, None) for slug in chapters]
    if not starts or any(start is None or start.getparent() is not body for start in starts):
        return None
    positions = [children.index(start) for start in starts]
    bounds = [(FRONT, 0, positions[0])]
    bounds += [(slug, begin, end) for slug, begin, end
               in zip(chapters, positions, positions[1:] + [positions[-1] + 1])]
    bounds.append((BACK, positions[-1] + 1, len(children)))
    groups = [(name, children[begin:end]) for name, begin, end in bounds if end > begin]
    all_ids = {element.get("id"): name for name, elements in groups
               for top in elements for element in top.iter() if element.get("id")}
    if index is not None:
        all_ids[index.get("id")] = INDEX
    parts = []
    for number, (name, elements) in enumerate(groups):
        ids = frozenset(i for i, owner in all_ids.items() if owner == name)
        others = all_ids.keys() - ids  # the anchors of the other parts
        links = _links(elements) & others
        numbered = {printing[element] for top in elements for element in top.iter()
                    if element in printing} & others
        following = (groups[number + 1][1][0],) if number + 1 < len(groups) else opening
        parts.append(Part(name, tuple(elements), ids, frozenset(links), frozenset(numbered),
                          following))
    return parts


def index_part(section: lxml.html.HtmlElement) -> Part:
    """The index, made once the other parts are laid out (book_html.index_tree). It prints
    their page numbers as text, so it needs none of them."""
    ids = frozenset(element.get("id") for element in section.iter() if element.get("id"))
    return Part(INDEX, (section,), ids, frozenset(_links([section]) - ids), frozenset(), ())


def _links(elements: list[lxml.html.HtmlElement]) -> set[str]:
    """The anchors that links in the elements lead to."""
    return {link.get("href")[1:] for top in elements
            for link in top.iterfind(".//a[@href]") if link.get("href").startswith("#")}


def part_html(tree: lxml.html.HtmlElement, part: Part, numbering: Numbering,
              flip: bool = False) -> str:
    """A part as a document of its own (module docstring), with its page rules.

    The pages before the part's own come to an even count for a right-hand first page
    and an odd one for a left-hand one, reckoning one page for the cover; `flip` corrects
    that for a cover of another length (lay_out_part tries both)."""
    document = lxml.html.Element("html", dict(tree.attrib))
    document.append(copy.deepcopy(tree.head))
    body = etree.SubElement(document, "body", dict(tree.body.attrib))
    cover = tree.get_element_by_id(COVER, None)
    if cover is not None:
        body.append(_without_ids(cover))
    pages = 1 if cover is not None else 0
    rules = []
    by_number: dict[int, list[str]] = {}
    for anchor, number in numbering.links:
        by_number.setdefault(number, []).append(anchor)
    for number, anchors in sorted(by_number.items()):
        page = etree.SubElement(body, "div", {"style": f"page: book-page-{number}"})
        for anchor in anchors:
            etree.SubElement(page, "div", {"id": anchor})
        rules.append(f"@page book-page-{number} {{ counter-reset: page {number}; "
                     f"{_NO_MARGIN_BOXES} }}")
        pages += 1
    # The part's first page comes after the page that numbers it: the (pages + 1)th.
    lands_on_left = (pages + 1) % 2 == 1
    if flip:
        lands_on_left = not lands_on_left
    if lands_on_left != numbering.on_left:
        etree.SubElement(body, "div", {"style": "page: book-page-pad"})
    etree.SubElement(body, "div", {"id": NUMBERING, "style": "page: book-page-start"})
    rules.append(f"@page book-page-start {{ counter-reset: page {numbering.number - 1}; "
                 f"{_NO_MARGIN_BOXES} }}")
    rules.append(f"@page book-page-pad {{ {_NO_MARGIN_BOXES} }}")
    body.extend(copy.deepcopy(element) for element in part.elements)
    if body[len(body) - len(part.elements)].get("id") is None:
        body[len(body) - len(part.elements)].set("id", START)
    for element in part.next:
        body.append(lxml.html.Element(element.tag, {
            **{key: value for key, value in element.attrib.items() if key != "id"},
            **({"id": NEXT} if element is part.next[-1] else {})}))
    etree.SubElement(document.head, "style").text = "\n".join(rules)
    return lxml.html.tostring(document, encoding="unicode", doctype="<!DOCTYPE html>")


def _without_ids(element: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    """A copy whose anchors do not clash with the original's."""
    copied = copy.deepcopy(element)
    for descendant in copied.iter():
        descendant.attrib.pop("id", None)
    return copied
