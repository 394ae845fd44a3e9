"""Text for one medium: `[at the foot of the page]{.print}` and `[at the end of the
chapter]{.screen}` (Pandoc's bracketed spans), and `::: print` ... `:::` or `::: {.screen}`
... `:::` for whole blocks (blocks.py). Print is the PDF; the screen is the EPUB and the
web version. Each writer keeps its medium's text (keep_medium)."""
from __future__ import annotations

import xml.etree.ElementTree as etree

import lxml.html
from markdown import Markdown
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor

MEDIA = ("print", "screen")
# A span's text may hold brackets one deep: `[see [the notes](#notes)]{.screen}`.
SPAN = (r"\[(?P<text>(?:[^\[\]]|\[[^\[\]]*\])+)\]\{[ \t]*\.(?P<medium>"
        + "|".join(MEDIA) + r")[ \t]*\}")


def medium_class(medium: str) -> str:
    """The class of an element that holds text for `medium` alone."""
    return f"medium-{medium}"


class MediumSpanProcessor(InlineProcessor):
    """`[text]{.print}` -> <span class="medium-print">text</span>, its text read as
    Markdown (a citation, an index term or emphasis in it stays one)."""

    def handleMatch(self, m, data):  # noqa: N802 (Python-Markdown's name)
        span = etree.Element("span", {"class": medium_class(m["medium"])})
        span.text = m["text"]
        return span, m.start(0), m.end(0)


class MediumSpans(Extension):
    """Registers the span pattern."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        # After code spans (190) and escapes (180); before citations (171), links and
        # emphasis, which read the span's text after it.
        md.inlinePatterns.register(MediumSpanProcessor(SPAN, md), "book-medium", 175)


def keep_medium(root: lxml.html.HtmlElement, medium: str) -> None:
    """Leave out the text meant for the other medium. What points into it (an index
    entry, a cross-reference, a citation's way back) leads to where it was: its ids stay,
    each on an empty span, and a page-break marker in it (writers/page_markers.py) moves
    to where it began."""
    other = medium_class(next(m for m in MEDIA if m != medium))
    for element in root.xpath(f"//*[contains(concat(' ', @class, ' '), ' {other} ')]"):
        if not any(ancestor is root for ancestor in element.iterancestors()):
            continue  # inside one left out already
        for inner in [e for e in element.iter() if e.get("id")]:
            if inner is not element and inner.tag == "span" and not len(inner) \
                    and not inner.text:
                inner.tail = None  # the text after it goes with the rest
                element.addprevious(inner)  # an anchor of its own: moved as it is
            else:
                element.addprevious(lxml.html.Element("span", {"id": inner.get("id")}))
        element.drop_tree()
