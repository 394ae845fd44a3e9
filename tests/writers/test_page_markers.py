"""Where a page-break marker goes: before the word that follows so many letters and digits
of an element (the count the print layout gives, layout/page_starts.py)."""
from __future__ import annotations

import lxml.html
import pytest
from lxml import etree

from book.layout.pages import PrintPages
from book.writers.page_markers import (
    Marker,
    insert_at_letter,
    may_hold_text,
    may_hold_text_in_nav,
    plan_markers,
)

XHTML = "http://www.w3.org/1999/xhtml"


def marked(html: str, letters: int) -> str:
    """The HTML with a marker <b/> placed `letters` letters and digits into its root."""
    root = lxml.html.fragment_fromstring(html)
    insert_at_letter(root, letters, lxml.html.Element("b"), may_hold_text)
    return lxml.html.tostring(root, encoding="unicode")


@pytest.mark.parametrize(("html", "letters", "expected"), [
    # The page begins at the element's start.
    ("<p>One two.</p>", 0, "<p><b></b>One two.</p>"),
    # ... after a sentence: after its full stop and the space.
    ("<p>End of it. Next page</p>", 8, "<p>End of it. <b></b>Next page</p>"),
    # ... in a word broken over the page ("infor-" / "mation"): before the word.
    ("<p>The information here</p>", 8, "<p>The <b></b>information here</p>"),
    # ... after a dash where the line broke: after the dash.
    ("<p>In 1958–1962 it fell</p>", 6, "<p>In 1958–<b></b>1962 it fell</p>"),
    # A footnote's call is generated in print: its number is not counted.
    ('<p>a million.<sup><a class="footnote-ref" href="#n">1</a></sup> For many</p>', 8,
     '<p>a million.<sup><a class="footnote-ref" href="#n">1</a></sup> <b></b>For many</p>'),
    # Where one element ends and the next begins, a word ends.
    ("<ul><li>advance</li><li>First</li></ul>", 7,
     "<ul><li>advance</li><li><b></b>First</li></ul>"),
    ("<ul><li>advance</li><li>“First”</li></ul>", 7,
     "<ul><li>advance</li><li><b></b>“First”</li></ul>"),
    # A list or a table holds no text of its own: the marker goes into its item or cell.
    ("<ol>\n<li>One</li>\n<li>Two</li>\n</ol>", 0,
     "<ol>\n<li><b></b>One</li>\n<li>Two</li>\n</ol>"),
    ("<table><thead><tr><th>Year</th></tr></thead><tbody><tr><td>1958</td></tr>"
     "<tr><td>1959</td></tr></tbody></table>", 8,
     "<table><thead><tr><th>Year</th></tr></thead><tbody><tr><td>1958</td></tr>"
     "<tr><td><b></b>1959</td></tr></tbody></table>"),
    # In the middle of inline markup, and after it.
    ("<p>See <em>Yang</em>, 2012, and more</p>", 7,
     "<p>See <em>Yang</em>, <b></b>2012, and more</p>"),
    ("<p>See <em>Yang Jisheng</em></p>", 7, "<p>See <em>Yang <b></b>Jisheng</em></p>"),
    # Beyond the text: at the end.
    ("<p>Short</p>", 40, "<p>Short<b></b></p>"),
])
def test_a_marker_goes_before_the_word_that_begins_the_page(html, letters, expected):
    assert marked(html, letters) == expected


def test_in_the_navigation_document_a_marker_goes_into_a_link_or_heading():
    nav = etree.fromstring(
        f'<nav xmlns="{XHTML}" id="toc"><h1>Contents</h1><ol><li><a href="a.xhtml">1. One</a>'
        f'<ol><li><a href="a.xhtml#s">Part</a></li></ol></li></ol></nav>')
    for letters in (0, 13):  # "Contents1One" has 12
        insert_at_letter(nav, letters, etree.Element(f"{{{XHTML}}}b"), may_hold_text_in_nav)
    assert etree.tostring(nav).decode().replace(f' xmlns="{XHTML}"', "") == (
        '<nav id="toc"><h1><b/>Contents</h1><ol><li><a href="a.xhtml">1. One</a>'
        '<ol><li><a href="a.xhtml#s"><b/>Part</a></li></ol></li></ol></nav>')


def test_a_marker_goes_into_the_innermost_element_the_epub_has():
    pages = PrintPages({}, ["i", "ii", "v", "1"], [
        (("cover", 0),), None, (("contents", 30),), (("print-only", 4), ("ch", 120))])
    owners = {"cover": "cover.xhtml", "toc": "nav.xhtml", "ch": "ch.xhtml"}
    assert plan_markers(pages, owners.get) == [
        Marker("i", "cover.xhtml", "cover", 0),  # a blank page (ii) has none
        Marker("v", "nav.xhtml", "toc", 30),  # the printed contents are the navigation's
        Marker("1", "ch.xhtml", "ch", 120)]
    assert plan_markers(pages, owners.get)[1].href == "nav.xhtml#page-v"
