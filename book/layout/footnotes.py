"""Footnotes where WeasyPrint wants them: its `float: footnote` takes the note's text at
the place of its call, where Python-Markdown puts a numbered link to a list at the end."""
from __future__ import annotations

import re

import lxml.html

# A line break in the source: WeasyPrint (70) breaks a footnote's line there, where HTML
# reads it as a space.
SOURCE_LINE_BREAK = re.compile(r"[ \t]*\n[ \t]*")


def inline_footnotes(tree: lxml.html.HtmlElement) -> None:
    """Move each footnote's text to its call."""
    notes = {item.get("id"): item for item in tree.xpath("//div[@class='footnote']/ol/li")}
    for reference in tree.xpath("//sup[a[@class='footnote-ref']]"):
        target = reference[0].get("href", "").lstrip("#")
        item = notes.pop(target, None)
        if item is None:
            continue  # a second call of the same note keeps its plain link
        note = lxml.html.Element("span", {"class": "footnote", "id": target})
        for backref in item.xpath(".//a[@class='footnote-backref']"):
            _drop_keeping_tail(backref)
        for number, paragraph in enumerate(item):
            if number:
                note.append(lxml.html.Element("br"))
            _append_content(note, paragraph)
        _join_source_lines(note)
        note.tail = reference.tail
        reference.getparent().replace(reference, note)
        _with_the_word_before(note)
    for container in tree.xpath("//div[@class='footnote']"):
        container.getparent().remove(container)


# The last word of a text, up to its end.
LAST_WORD = re.compile(r"(\S+)$")


def _with_the_word_before(note: lxml.html.HtmlElement) -> None:
    """Put the word the note's call follows in one unbreakable span with the note: where
    the word ends a full line, WeasyPrint 70 breaks between the word and the call, and the
    call starts the next line on its own."""
    previous = note.getprevious()
    before = previous.tail if previous is not None else note.getparent().text
    word = LAST_WORD.search(before or "")
    if word is None:
        return  # the call follows a space or an element: there is no word to keep it with
    rest = before[: word.start()]
    if previous is not None:
        previous.tail = rest
    else:
        note.getparent().text = rest
    joined = lxml.html.Element("span", {"class": "footnoted"})
    joined.text = word[1]
    note.addprevious(joined)
    joined.tail = note.tail
    note.tail = None
    joined.append(note)


def _join_source_lines(note: lxml.html.HtmlElement) -> None:
    """Make each line break of the note's Markdown a space, as a paragraph's are (a note
    holds its paragraphs' text and inline markup only)."""
    for element in note.iter():
        if element.text:
            element.text = SOURCE_LINE_BREAK.sub(" ", element.text)
        if element is not note and element.tail:
            element.tail = SOURCE_LINE_BREAK.sub(" ", element.tail)


def _drop_keeping_tail(element: lxml.html.HtmlElement) -> None:
    """Remove an element and the non-breaking space Markdown put before it."""
    parent = element.getparent()
    previous = element.getprevious()
    tail = element.tail or ""
    if previous is not None:
        previous.tail = (previous.tail or "").rstrip("\u00a0 ") + tail
    else:
        parent.text = (parent.text or "").rstrip("\u00a0 ") + tail
    parent.remove(element)


def _append_content(note: lxml.html.HtmlElement, paragraph: lxml.html.HtmlElement) -> None:
    """Append a paragraph's text and children to the note (a note is inline: no <p>)."""
    if len(note):
        note[-1].tail = (note[-1].tail or "") + (paragraph.text or "")
    else:
        note.text = (note.text or "") + (paragraph.text or "")
    for child in list(paragraph):
        note.append(child)
