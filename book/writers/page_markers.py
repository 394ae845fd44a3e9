"""The EPUB's page-break markers, one where each printed page begins, and its page list.

The print layout tells where each page begins (layout/page_starts.py): in an element with
an id, after so many of its letters and digits. The marker goes into the same element of
the EPUB before the word that follows them: the word broken over the page, if any, is
the one the reader sees first. Text the printed page does not hold is skipped in the
EPUB: a footnote's call is a number here and generated in print, and text for the screen
alone is not in print."""
from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from lxml import etree

from ..layout.pages import PrintPages
from ..reading.markup.media import medium_class

log = logging.getLogger(__name__)
# The print layout's contents (templates/contents.html) is the EPUB's navigation document.
ALIASES = {"contents": "toc"}
# Elements that may not hold text of their own, or a marker: it goes into their children.
NO_TEXT = frozenset({"ol", "ul", "dl", "menu", "table", "thead", "tbody", "tfoot", "tr",
                     "colgroup", "hgroup", "select", "picture", "audio", "video", "head",
                     "html", "nav"})
# The navigation document's lists hold links and headings only (EPUB 3, 5.4.2).
NAV_TEXT = frozenset({"a", "span", "h1", "h2", "h3", "h4", "h5", "h6"})


@dataclass(frozen=True)
class Marker:
    """A page-break marker to place: the page's label, and where it goes."""

    label: str
    document: str  # the EPUB file
    anchor: str  # the id of the element that holds it
    letters: int  # the letters and digits of that element before it

    @property
    def id(self) -> str:
        return f"page-{self.label}"

    @property
    def href(self) -> str:
        return f"{self.document}#{self.id}"


def plan_markers(print_pages: PrintPages, owner: Callable[[str], str | None]) -> list[Marker]:
    """A marker for each printed page that begins with text or a picture, in page order,
    in the innermost element around its beginning that the EPUB has (`owner` names the
    file that holds an id, or None)."""
    markers = []
    for page, start in enumerate(print_pages.starts):
        label = print_pages.printed_numbers[page]
        if start is None:
            continue  # a blank page
        found = next(((ALIASES.get(anchor, anchor), letters) for anchor, letters in start
                      if owner(ALIASES.get(anchor, anchor))), None)
        if found is None:
            log.info("page %s begins in no element that the EPUB has: it has no marker",
                     label)
            continue
        anchor, letters = found
        markers.append(Marker(label, owner(anchor) or "", anchor, letters))
    return markers


@dataclass(frozen=True)
class MarkedDocument:
    """An EPUB file's elements, and how its markers are made: the chapters' elements have
    no namespace before serialising, the navigation document's are XHTML."""

    roots: list[etree._Element]
    make_marker: Callable[[Marker], etree._Element]
    may_hold_text: Callable[[etree._Element], bool]


def place_markers(markers: Iterable[Marker], documents: dict[str, MarkedDocument]) -> None:
    """Put each marker in its document, before the word that begins its page."""
    for marker in markers:
        document = documents[marker.document]
        element = next(e for root in document.roots for e in root.iter()
                       if e.get("id") == marker.anchor)
        insert_at_letter(element, marker.letters, document.make_marker(marker),
                         document.may_hold_text)


def insert_at_letter(element: etree._Element, letters: int, marker: etree._Element,
                     may_hold_text: Callable[[etree._Element], bool]) -> None:
    """Insert `marker` into `element` before the word that follows its first `letters`
    letters and digits: at the start of a word broken over the page, after the
    punctuation and space that end the page before."""
    slots = list(_slots(element))
    # Where one run of text ends and the next begins, a word ends: "advance</li><li>First".
    text = "".join(slot.text + BOUNDARY for slot in slots)
    position = _word_position(text, letters)
    starts = 0
    for slot in slots:
        ends = starts + len(slot.text)
        if position <= ends and may_hold_text(slot.holder()):
            slot.insert(marker, max(0, position - starts))
            return
        starts = ends + len(BOUNDARY)
    element.append(marker)  # the text ended before: at the end


BOUNDARY = "\0"  # between two runs of text (insert_at_letter)


def _word_position(text: str, letters: int) -> int:
    """Where the word after the first `letters` letters and digits of `text` begins."""
    if letters == 0:
        return 0
    seen = 0
    position = len(text)  # fewer letters than that: at the end
    for index, character in enumerate(text):
        seen += character.isalnum()
        if seen == letters:
            position = index + 1
            break
    if position < len(text) and text[position].isalnum():  # a word broken over the page
        while position > 0 and not (text[position - 1].isspace()
                                    or text[position - 1] == BOUNDARY):
            position -= 1
        return position
    # The punctuation that ends the page before, then the space ...
    after_boundary = None
    while position < len(text) and not (text[position].isspace() or text[position].isalnum()):
        if text[position] == BOUNDARY:
            after_boundary = position + 1
        position += 1
    if position < len(text) and text[position].isalnum() and after_boundary is not None:
        return after_boundary  # ... but "advance</li><li>“First" begins a new word at “
    while position < len(text) and (text[position].isspace() or text[position] == BOUNDARY):
        position += 1
    return position


@dataclass
class _Slot:
    """A run of text in the tree: an element's text, or the tail after it."""

    element: etree._Element
    is_tail: bool
    text: str

    def holder(self) -> etree._Element:
        """The element that the text is in."""
        return self.element.getparent() if self.is_tail else self.element

    def insert(self, marker: etree._Element, at: int) -> None:
        before, after = self.text[:at], self.text[at:]
        if self.is_tail:
            self.element.tail = before
            self.element.addnext(marker)
        else:
            self.element.text = before
            self.element.insert(0, marker)
        marker.tail = after or None


def _slots(element: etree._Element) -> Iterator[_Slot]:
    """The text of an element in reading order, less what the printed page does not
    count (skipped)."""
    yield _Slot(element, False, element.text or "")
    for child in element:
        if isinstance(child.tag, str) and not skipped(child):
            yield from _slots(child)
        yield _Slot(child, True, child.tail or "")


def skipped(element: etree._Element) -> bool:
    """Whether the printed page leaves the element's text out: a footnote's call, which
    print generates (layout/footnotes.py), and text for the screen alone (the EPUB's
    text for print alone is left out after the markers are placed)."""
    classes = (element.get("class") or "").split()
    return "footnote-ref" in classes or medium_class("screen") in classes


def may_hold_text(element: etree._Element) -> bool:
    """Whether an element of a chapter may hold a marker as text of its own."""
    return etree.QName(element).localname not in NO_TEXT


def may_hold_text_in_nav(element: etree._Element) -> bool:
    """Whether an element of the navigation document may hold a marker."""
    return etree.QName(element).localname in NAV_TEXT
