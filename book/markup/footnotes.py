"""Footnotes whose ids are unique across the book: derived from the chapter and the label."""
from __future__ import annotations

import re
from collections.abc import Iterator

import lxml.html
from markdown.extensions.footnotes import FootnoteExtension

from ..fragments import texts_outside_code

CALL = re.compile(r"\[\^([^\]\s]+)\]")


def _label(label: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", label).strip("-") or "note"


class BookFootnotes(FootnoteExtension):
    """Python-Markdown's footnotes, with ids like `famine-fn-1` instead of `fn:1`."""

    def makeFootnoteId(self, id: str) -> str:
        return f"{self.md.book_chapter.slug}-fn-{_label(id)}"

    def makeFootnoteRefId(self, id: str, found: bool = False) -> str:
        return self.unique_ref(f"{self.md.book_chapter.slug}-fnref-{_label(id)}", found)


def footnote_problems(fragment: lxml.html.HtmlElement) -> Iterator[tuple[str, str]]:
    """(markup, why) for calls without a note and notes that are never called."""
    for text in texts_outside_code(fragment):
        for call in CALL.finditer(text):
            yield call[0], (f"footnote {call[0]} has no text; add a line "
                            f"'{call[0]}: ...' to the chapter")
    called = {a.get("href", "").lstrip("#") for a in fragment.iterfind(".//a[@class='footnote-ref']")}
    for item in fragment.iterfind(".//div[@class='footnote']/ol/li"):
        if item.get("id") not in called:
            label = item.get("id").split("-fn-", 1)[1]
            yield f"[^{label}]:", f"footnote [^{label}] is never called; add [^{label}] in the text"
