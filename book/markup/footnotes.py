"""Footnotes whose ids are unique across the book: derived from the chapter and the label."""
from __future__ import annotations

import re

from markdown.extensions.footnotes import FootnoteExtension


def _label(label: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", label).strip("-") or "note"


class BookFootnotes(FootnoteExtension):
    """Python-Markdown's footnotes, with ids like `famine-fn-1` instead of `fn:1`."""

    def makeFootnoteId(self, id: str) -> str:
        return f"{self.md.book_chapter.slug}-fn-{_label(id)}"

    def makeFootnoteRefId(self, id: str, found: bool = False) -> str:
        return self.unique_ref(f"{self.md.book_chapter.slug}-fnref-{_label(id)}", found)
