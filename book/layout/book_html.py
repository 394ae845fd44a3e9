"""The book as the print layout reads it: one HTML document, and the index on its own."""
from __future__ import annotations

import re

import lxml.html

from ..citations.back_links import BackLinks, print_back_links
from ..errors import BookError
from ..maths.drawing import put_pictures
from ..model import Book
from ..reading.markup.blocks import HEIGHT, MOST_LINES, WHOLE_NUMBER
from ..reading.markup.han import mark_han
from ..reading.markup.media import keep_medium
from ..reading.resources import folder_file
from ..theming.templating import render_template, template_file
from .footnotes import inline_footnotes
from .link_codes import add_link_codes
from .pages import PrintPages

INDEX_ID = "index"  # the id of the index section (templates/index.html)
REFERENCE_ID = "reference-to-"  # + a number: the anchor of a reference to a figure or table
# A name: a capitalised word of six letters or more (shorter ones are never hyphenated)
# after a space that no full stop, question or exclamation mark comes before: mid-sentence.
NAME = re.compile(r"(?<![.!?:]\s)(?<=\s)[^\W\d_a-z][^\W\d_]{5,}(?:[-’'][^\W\d_]+)*")
# Where names are left as they are: text that is not hyphenated anyway, or not prose.
UNMARKED = ("self::h1 or self::h2 or self::h3 or self::h4 or self::h5 or self::h6 or "
            "self::code or self::pre or self::script or self::style or self::math or "
            "self::svg or self::head or contains(concat(' ', @class, ' '), ' name ')")


def book_tree(book: Book, pages: dict[str, int] | None = None) -> lxml.html.HtmlElement:
    """The whole book as one HTML document, with footnotes placed where they are called.

    What the print layout alone can tell comes from `pages`, the page each anchor starts
    on in an earlier layout of the book (print_layout.py lays it out again until they
    agree): the places that the list of sources points back to
    (back_links.print_places), and the references to a figure or table on another page.

    The index is only its heading here, on a page of its own at the end: `index_tree`
    makes the pages that take that page's place."""
    template = "handout.html" if book.handout else "book.html"
    tree = _document_tree(book, template, print_back_links(book.words, pages), runs=None)
    _mark_references_to_other_pages(tree, pages)
    index = tree.get_element_by_id(INDEX_ID, None)
    if index is not None:
        if index.xpath("following::*"):
            raise BookError.at(template_file(book.theme, template), 1, 1,
                               "the index must come last in the book; move what follows it")
        # A new page, on whichever side the theme opens the index.
        index.addprevious(lxml.html.Element("div", {"style": "break-after: page"}))
    return tree


def index_tree(book: Book, pages: PrintPages) -> lxml.html.HtmlElement:
    """The index on its own, its page numbers merged into runs (12, 14–16) and printed."""
    return _document_tree(book, "index-pages.html", print_back_links(book.words),
                          **pages.locators())


def _mark_references_to_other_pages(tree: lxml.html.HtmlElement, pages: dict[str, int] | None
                                    ) -> None:
    """Give each reference to a figure or table an anchor, so that the layout tells its
    page, and mark those on another page than their figure or table (`elsewhere`): the
    theme prints that page after them ("Figure 2.1, page 14")."""
    taken = set(tree.xpath("//@id"))
    references = tree.xpath("//a[contains(concat(' ', @class, ' '), ' xref ')]"
                            "[contains(concat(' ', @class, ' '), ' figure ')"
                            " or contains(concat(' ', @class, ' '), ' table ')]")
    for number, reference in enumerate(references, 1):
        anchor = f"{REFERENCE_ID}{number}"
        if anchor in taken:  # an author's own id; the reference then goes unmarked
            continue
        reference.set("id", anchor)
        target = reference.get("href", "").removeprefix("#")
        if pages is not None and anchor in pages and target in pages \
                and pages[anchor] != pages[target]:
            reference.set("class", reference.get("class", "") + " elsewhere")


def serialise(tree: lxml.html.HtmlElement) -> str:
    return lxml.html.tostring(tree, encoding="unicode", doctype="<!DOCTYPE html>")


def _document_tree(book: Book, template: str, back_links: BackLinks, **context
                   ) -> lxml.html.HtmlElement:
    html = render_template(book.theme, template, book=book, settings=book.settings,
                           back_links=back_links, **context)
    tree = lxml.html.document_fromstring(html)
    keep_medium(tree, "print")
    mark_han(tree, book.settings.han_language, book.settings.language)
    inline_footnotes(tree)
    add_link_codes(tree, book.settings.qr_codes, book.words)
    _draw_write_in_spaces(tree)
    _mark_names(tree)
    _list_numbers_as_counters(tree)
    for image in tree.find_class("figure-script"):
        image.set("src", book.figure_files[folder_file(image.get("src"), book.settings.root)]
                  .as_uri())
    put_pictures(tree, book.formula_files)
    return tree


def _mark_names(tree: lxml.html.HtmlElement) -> None:
    """Put each capitalised word in mid-sentence, a proper name as a rule ("Dikötter",
    "Zhengzhou"), in a span of class `name`, which the theme keeps from being hyphenated:
    WeasyPrint would break a name as it breaks any word, and a broken name is hard to read
    and to look up. Words too short to be broken are left alone."""
    # Found at once: asked of each element, the question took a tenth of a second in a
    # chapter of hundreds of formulas.
    unmarked = set(tree.body.xpath(f"descendant-or-self::*[ancestor-or-self::*[{UNMARKED}]]"))
    for element in list(tree.body.iter()):  # not the spans it adds
        if not isinstance(element.tag, str):
            continue
        if element not in unmarked:
            element.text = _names_in(element, element.text, as_text=True)
        if element.getparent() is not None and element.getparent() not in unmarked:
            element.tail = _names_in(element, element.tail, as_text=False)


def _names_in(element: lxml.html.HtmlElement, text: str | None, as_text: bool) -> str | None:
    """The text up to its first name; each name and the text after it in spans after
    `element`'s text (as_text) or after `element` itself."""
    if not text:
        return text
    # Each span starts with the space before its name (NAME finds one there): WeasyPrint
    # 70, when the words before a span fill the line but for their last space, breaks the
    # line at its first space instead ("By" alone on a line, the rest on the next).
    names = [name for name in NAME.finditer(text) if name[0][0].isupper()]
    if not names:
        return text
    before, spans = text[:names[0].start() - 1], []
    for number, name in enumerate(names):
        span = lxml.html.Element("span", {"class": "name"})
        span.text = text[name.start() - 1:name.end()]
        end = names[number + 1].start() - 1 if number + 1 < len(names) else len(text)
        span.tail = text[name.end():end]
        spans.append(span)
    if as_text:
        for position, span in enumerate(spans):
            element.insert(position, span)
    else:
        for span in reversed(spans):
            element.addnext(span)
    return before


def _list_numbers_as_counters(tree: lxml.html.HtmlElement) -> None:
    """A list that starts at another number than 1 (`3. Label the parts`, or a list taken up
    again after a code block), and an item given its own number, as CSS counters:
    WeasyPrint reads neither `start` nor `value` and would number them from 1."""
    for element, attribute, counter in (*((ol, "start", "counter-reset")
                                          for ol in tree.iter("ol")),
                                        *((li, "value", "counter-set")
                                          for li in tree.iter("li"))):
        number = element.get(attribute, "").strip()
        if re.fullmatch(r"-?\d+", number):
            # The counter is set before the item adds its one.
            style = element.get("style", "").strip().rstrip(";")
            element.set("style", "; ".join(filter(None, (
                style, f"{counter}: list-item {int(number) - 1}"))))


def _draw_write_in_spaces(tree: lxml.html.HtmlElement) -> None:
    """An exercise's space for the answer (blocks.py), as the page prints it: ruled lines
    one element each, so that they run on over a page break a whole line at a time, and a
    box or squared paper of its height. A space that holds the teacher's model answer is
    as tall as the answer."""
    for space in tree.find_class("write-in"):
        if "answered" in space.get("class", "").split():
            continue
        # As blocks.py checked them; raw HTML may say otherwise, and gets no space.
        lines, height = space.get("data-lines", ""), space.get("data-height", "")
        if WHOLE_NUMBER.fullmatch(lines):
            for _ in range(min(int(lines), MOST_LINES)):
                space.append(lxml.html.Element("div", {"class": "write-in-line"}))
        elif HEIGHT.fullmatch(height):
            space.set("style", f"height: {height}")
