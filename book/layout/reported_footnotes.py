"""Keep the footnotes WeasyPrint (70) moves to the next page when it lays the pages out again.

A footnote whose call is near the foot of a page may be moved to the next page (to keep a
paragraph's last lines together). WeasyPrint remembers such a note only while it makes the
page that moved it: when it lays the pages out again (for a page number printed by
`target-counter()`), it keeps that page as it was, makes the next one again, and the note,
no longer remembered, is printed nowhere. So each page's moved notes are kept here, and
given back when WeasyPrint keeps the page."""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import weasyprint.layout
from weasyprint.layout.page import make_all_pages

# The notes each page moved to the next one, by page index, on WeasyPrint's layout context.
MOVED_NOTES = "_booklet_moved_footnotes"


def _make_all_pages_keeping_notes(context: Any, root_box: Any, html: Any,
                                  pages: list[Any]) -> Iterator[Any]:
    moved: dict[int, list[Any]] = context.__dict__.setdefault(MOVED_NOTES, {})
    for index, page in enumerate(make_all_pages(context, root_box, html, pages)):
        if index < len(pages) and page is pages[index]:  # kept from the last layout
            context.reported_footnotes = list(moved.get(index, []))
        else:
            moved[index] = list(context.reported_footnotes)
        yield page


def keep_moved_footnotes() -> None:
    """Make WeasyPrint's layout keep the footnotes it moves (once per process)."""
    weasyprint.layout.make_all_pages = _make_all_pages_keeping_notes
