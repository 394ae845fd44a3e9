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
# The elements that may hold only words and inline elements (the HTML standard's
# "phrasing content"), and those that hold what their parent may (a link around a <div>
# is right in a <div>, wrong in a <span>). A browser shows a block inside one, but no
# EPUB may hold it.
INLINE = FORMATTING - {"a"} | frozenset((
    "abbr", "bdi", "bdo", "cite", "data", "dfn", "kbd", "label", "mark", "q", "samp", "span",
    "sub", "sup", "time", "var"))
TRANSPARENT = frozenset(("a", "ins", "del"))
# Those that hold only words and inline elements too, but cannot be cut in two.
WORDS_ONLY = frozenset(("h1", "h2", "h3", "h4", "h5", "h6", "pre"))
# The blocks whose children must be of one kind (a list's items, a table's rows): an
# inline element goes around what each of those children holds.
CONTAINERS = frozenset(("ul", "ol", "menu", "dl", "table", "thead", "tbody", "tfoot", "tr",
                        "colgroup", "hgroup"))


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


def blocks_out_of_inline_elements(fragment: lxml.html.HtmlElement,
                                  source: Source) -> Iterator[tuple[int, int, str]]:
    """Cut each inline element that holds a block (`<span>a <div>b</div></span>`) around
    it, in place, its copies around the words before and after and inside the block, so
    that every output shows what a browser shows; yield (line, col, why) for each
    outermost one, at the first block's tag as written in `source`."""
    reported: set[lxml.html.HtmlElement] = set()
    searched_from = 0
    for block, chain, holder in _blocks_in_phrasing(fragment):
        inline = next((e for e in reversed(chain) if e.tag in INLINE), None)
        if holder.tag in WORDS_ONLY or inline is None or inline in reported:
            continue
        reported.add(inline)
        offset = _written_at(source.text, block, fragment, searched_from)
        searched_from = offset + 1
        line, col = source.position(offset)
        yield line, col, (f"the <{inline.tag}> element cannot hold the <{block.tag}> "
                          "block in it (only words and inline elements), so it is cut in "
                          "two around the block, as a web browser shows it; to write it "
                          f"so, put the <{inline.tag}> inside the <{block.tag}>, around its "
                          "words")
    while cut := [element for element in fragment.iter(*INLINE, *TRANSPARENT)
                  if _in_phrasing(element) and any(child.tag in CLOSE_A_PARAGRAPH
                                                   for child in element)]:
        _cut_around_blocks(cut[-1])  # the last holds no other: the innermost first


def blocks_in_headings(fragment: lxml.html.HtmlElement,
                       source: Source) -> Iterator[tuple[int, int, str]]:
    """(line, col, why) for each block inside a heading or preformatted text, which
    cannot be cut in two (a heading in two would be two headings): an error."""
    searched_from = 0
    for block, _, holder in _blocks_in_phrasing(fragment):
        if holder.tag not in WORDS_ONLY:
            continue
        offset = _written_at(source.text, block, fragment, searched_from)
        searched_from = offset + 1
        line, col = source.position(offset)
        what = "preformatted text" if holder.tag == "pre" else "a heading"
        yield line, col, (f"{what} cannot hold a <{block.tag}> (only words and inline "
                          f"elements); write the <{block.tag}> after the <{holder.tag}>")


def _blocks_in_phrasing(fragment: lxml.html.HtmlElement) -> Iterator[
        tuple[lxml.html.HtmlElement, list[lxml.html.HtmlElement], lxml.html.HtmlElement]]:
    """(block, the inline elements around it from the innermost, the element holding
    them) for each block in a place that may hold only inline elements."""
    for block in fragment.iter(*CLOSE_A_PARAGRAPH):
        chain = []
        holder = block.getparent()
        while holder is not None and holder.tag in INLINE | TRANSPARENT:
            chain.append(holder)
            holder = holder.getparent()
        if holder is None:
            continue
        if holder.tag in WORDS_ONLY or any(e.tag in INLINE for e in chain):
            yield block, chain, holder


def _in_phrasing(element: lxml.html.HtmlElement) -> bool:
    """Whether `element` may hold only inline elements: it is one, or holds what its
    parent may, and that is one."""
    while element is not None and element.tag in TRANSPARENT:
        element = element.getparent()
    return element is not None and element.tag in INLINE


def _cut_around_blocks(inline: lxml.html.HtmlElement) -> None:
    """Replace `inline`, whose children include blocks, by a copy of it around each run of
    its other children, each block between them with a copy of it inside."""
    pieces: list[lxml.html.HtmlElement] = []
    run = _copy(inline, keep_id=True)
    run.text = inline.text
    for child in list(inline):
        if child.tag not in CLOSE_A_PARAGRAPH:
            run.append(child)  # its tail goes with it
            continue
        pieces.append(run)
        run = _copy(inline)
        run.text, child.tail = child.tail, None
        _put_inside(child, inline)
        pieces.append(child)
    pieces.append(run)
    pieces = [piece for piece in pieces if piece.tag in CLOSE_A_PARAGRAPH
              or len(piece) or (piece.text or "").strip() or piece.get("id")]
    parent = inline.getparent()
    index = parent.index(inline)
    tail = inline.tail
    parent.remove(inline)
    for number, piece in enumerate(pieces):
        parent.insert(index + number, piece)
        if piece.tag == "a" and not (len(piece) or (piece.text or "").strip()):
            piece.attrib.pop("href", None)  # the place its id names stays, not the link
    pieces[-1].tail = tail  # a block is always among them; the last has no tail


def _put_inside(block: lxml.html.HtmlElement, inline: lxml.html.HtmlElement) -> None:
    """A copy of `inline` around what `block` holds (around what each of its items or
    rows holds, for a list or a table)."""
    if block.tag in CONTAINERS:
        for child in block:
            if isinstance(child.tag, str):
                _put_inside(child, inline)
        return
    if not (len(block) or (block.text or "").strip()):
        return
    wrapper = _copy(inline)
    wrapper.text, block.text = block.text, None
    for child in list(block):
        wrapper.append(child)
    block.append(wrapper)


def _copy(inline: lxml.html.HtmlElement, keep_id: bool = False) -> lxml.html.HtmlElement:
    """An empty copy of `inline`, with its attributes (its id only once)."""
    attributes = {k: v for k, v in inline.attrib.items() if keep_id or k != "id"}
    return lxml.html.html_parser.makeelement(inline.tag, attrib=attributes)


# What each container may hold, and what an element it may not hold is put in there.
LISTS = ("ul", "ol", "menu")
ITEMS = {**dict.fromkeys(LISTS, ("li",)), "dl": ("dt", "dd", "div"), "tr": ("td", "th")}
WRAPPER = {**dict.fromkeys(LISTS, "li"), "dl": "dd", "tr": "td"}
TABLE_PARTS = {"table": ("caption", "colgroup", "thead", "tbody", "tfoot", "tr"),
               "thead": ("tr",), "tbody": ("tr",), "tfoot": ("tr",)}
# Elements that any of them may hold.
ANYWHERE = ("script", "template")


def children_out_of_place(fragment: lxml.html.HtmlElement,
                          source: Source) -> Iterator[tuple[int, int, str]]:
    """Put each element a list, a definition list or a table holds outside its items or
    rows where HTML allows it, as a browser shows it: in an item of its own (`<ul><div>`
    -> `<ul><li><div>`), a list after an item in that item, cells in a row, anything else
    in a table before the table. Yield (line, col, why) for each, at its tag as written in
    `source`: no EPUB may hold it where it was."""
    searched_from = 0
    made_rows = set()  # rows made for cells outside one, which the cells after them join
    for container in list(fragment.iter(*ITEMS, *TABLE_PARTS)):
        allowed = (ITEMS.get(container.tag) or TABLE_PARTS[container.tag]) + ANYWHERE
        for child in list(container):
            if not isinstance(child.tag, str) or child.tag in allowed:
                continue
            offset = _written_at(source.text, child, fragment, searched_from)
            searched_from = offset + 1
            line, col = source.position(offset)
            previous = child.getprevious()
            if child.tag in ("ul", "ol") and previous is not None and previous.tag == "li":
                previous.append(child)  # a list after an item is that item's sub-list
                yield line, col, (
                    f"a <{container.tag}> holds only <li> items, so the <{child.tag}> after "
                    "an item is printed as that item's sub-list, as a web browser shows it; "
                    f"put the <{child.tag}> inside the <li> to write it so")
            elif container.tag in WRAPPER:
                wrapper = WRAPPER[container.tag]
                item = lxml.html.Element(wrapper)
                child.addprevious(item)
                item.append(child)  # its tail goes with it, inside the new item
                yield line, col, (
                    f"a <{container.tag}> holds only {_listed(allowed[:-2])}, so the "
                    f"<{child.tag}> is printed in a <{wrapper}> of its own; write the "
                    f"<{wrapper}> around it to say so, or move it out of the <{container.tag}>")
            elif child.tag in ("td", "th"):
                # A browser starts a row for cells outside one: the cells after it join it.
                if previous in made_rows:
                    previous.append(child)
                    continue
                row = lxml.html.Element("tr")
                made_rows.add(row)
                child.addprevious(row)
                row.append(child)
                yield line, col, (
                    f"a <{container.tag}> holds only {_listed(allowed[:-2])}, so the "
                    f"<{child.tag}> is printed in a row of its own, as a web browser shows "
                    f"it; write the <tr> around the cells")
            else:
                table = next(container.iterancestors("table"), container) \
                    if container.tag != "table" else container
                child.drop_tree()  # its tail, the words after it, stays where it was
                child.tail = None
                table.addprevious(child)
                yield line, col, (
                    f"a <{container.tag}> holds only {_listed(allowed[:-2])}, so the "
                    f"<{child.tag}> is printed before the table, as a web browser shows "
                    "it; move it there, or into a cell")


# A table's parts in the order HTML allows them (a caption, column groups, a head, the
# rows or bodies, a foot), each placed as a web browser shows it whatever its place.
TABLE_ORDER = ("caption", "colgroup", "thead", "body", "tfoot")


def table_parts_in_order(fragment: lxml.html.HtmlElement,
                         source: Source) -> Iterator[tuple[int, int, str]]:
    """Put the parts of each table in the order HTML allows, where a browser shows them:
    a caption on top, a head first, a foot last, rows outside a body in a body of their own
    when there are bodies (as a browser reads them). Yield (line, col, why) for a second
    caption, head or foot, which no browser shows as one: it is printed as rows where it
    is, at its tag as written in `source`."""
    searched_from = 0
    for table in list(fragment.iter("table")):
        parts: dict[str, list[lxml.html.HtmlElement]] = {kind: [] for kind in TABLE_ORDER}
        for child in table:
            if not isinstance(child.tag, str) or child.tag not in TABLE_PARTS["table"]:
                continue  # put before the table already (children_out_of_place)
            kind = child.tag if child.tag in parts else "body"
            if child.tag in ("caption", "thead", "tfoot") and parts[kind]:
                offset = _written_at(source.text, child, fragment, searched_from)
                searched_from = offset + 1
                yield *source.position(offset), (
                    f"a table has one <{child.tag}>, so a second is printed as rows where "
                    f"it is, as a web browser shows it; make it a <tbody>, or merge the two")
                child.tag, kind = "tbody", "body"
                if child.text and child.text.strip():  # a caption's words need a cell
                    _caption_as_row(child)
            parts[kind].append(child)
        if any(part.tag == "tbody" for part in parts["body"]):
            parts["body"] = _rows_in_bodies(parts["body"])
        placed = [part for kind in TABLE_ORDER for part in parts[kind]]
        if placed != [child for child in table if child in placed]:
            for part in placed:
                table.append(part)  # tails stay with their parts: white space only


def _caption_as_row(caption: lxml.html.HtmlElement) -> None:
    """A second caption, become a <tbody>, with its words in a row of one cell."""
    cell = lxml.html.Element("td")
    cell.text, caption.text = caption.text, None
    cell.extend(list(caption))
    row = lxml.html.Element("tr")
    row.append(cell)
    caption.append(row)


def _rows_in_bodies(parts: list[lxml.html.HtmlElement]) -> list[lxml.html.HtmlElement]:
    """The table's bodies, each run of rows outside one in a <tbody> of its own."""
    bodies: list[lxml.html.HtmlElement] = []
    made = None  # the body made for the run of rows being read
    for part in parts:
        if part.tag != "tr":
            made = None
            bodies.append(part)
            continue
        if made is None:
            made = lxml.html.Element("tbody")
            part.addprevious(made)
            bodies.append(made)
        made.append(part)
    return bodies


def items_out_of_lists(fragment: lxml.html.HtmlElement,
                       source: Source) -> Iterator[tuple[int, int, str]]:
    """Put each run of list items outside a list (`<div><li>a</li></div>`) in a list of
    its own, as a web browser shows them with their bullets; yield (line, col, why) for
    each run, at its first item's tag as written in `source`."""
    searched_from = 0
    for item in list(fragment.iter("li")):
        parent = item.getparent()
        if parent is None or parent.tag in LISTS:
            continue
        offset = _written_at(source.text, item, fragment, searched_from)
        searched_from = offset + 1
        run = [item]
        while (following := run[-1].getnext()) is not None and following.tag == "li" \
                and not (run[-1].tail or "").strip():
            run.append(following)
        listing = lxml.html.Element("ul")
        item.addprevious(listing)
        listing.tail, run[-1].tail = run[-1].tail, None
        listing.extend(run)
        yield *source.position(offset), (
            "a <li> item belongs in a list, so it is printed in a <ul> of its own, as a "
            "web browser shows it; write the <ul> (or <ol>) around the items")


def _listed(tags: tuple[str, ...]) -> str:
    names = [f"<{tag}>" for tag in tags]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]

