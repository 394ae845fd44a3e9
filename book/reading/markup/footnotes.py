"""Footnotes whose ids are unique across the book: derived from the chapter and the label."""
from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Iterator

import lxml.html
from markdown.extensions.footnotes import FootnoteExtension

from ..fragments import texts_outside_code
from .context import MarkupContext

CALL = re.compile(r"\[\^([^\]\s]+)\]")


def _label(label: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", label).strip("-") or "note"


class BookFootnotes(FootnoteExtension):
    """Python-Markdown's footnotes, with ids like `famine-fn-1` instead of `fn:1`."""

    def __init__(self, context: MarkupContext, **kwargs):
        self.context = context
        super().__init__(**kwargs)

    def reset(self) -> None:
        super().reset()
        # Each note's id -> its label as written, for messages about it.
        self.written: dict[str, str] = {}
        self.defined: Counter[str] = Counter()

    def setFootnote(self, id: str, text: str) -> None:  # noqa: N802 (Python-Markdown's name)
        """Store a note; a second note with the same label would silently replace the first."""
        self.defined[id] += 1
        if self.defined[id] > 1:
            self.context.report(f"[^{id}]:", f"footnote [^{id}] is defined again here, and "
                                             "only one text can be printed; give each note "
                                             "its own label", occurrence=self.defined[id] - 1)
        super().setFootnote(id, text)

    def makeFootnoteId(self, id: str) -> str:  # noqa: N802 (Python-Markdown's name)
        made = f"{self.context.chapter.slug}-fn-{_label(id)}"
        self.written[made] = id
        return made

    def makeFootnoteRefId(self, id: str, found: bool = False) -> str:  # noqa: N802
        return self.unique_ref(f"{self.context.chapter.slug}-fnref-{_label(id)}", found)


def footnote_problems(fragment: lxml.html.HtmlElement, written: dict[str, str],
                      source: str) -> Iterator[tuple[str, str]]:
    """(markup, why) for calls without a note and notes that are never called; `written`
    gives each note's label as the author wrote it, `source` the chapter's Markdown."""
    called = {a.get("href", "").lstrip("#")
              for a in fragment.iterfind(".//a[@class='footnote-ref']")}
    uncalled = {label.casefold(): label for made, label in written.items() if made not in called}
    for text in texts_outside_code(fragment):
        for call in CALL.finditer(text):
            close = difflib.get_close_matches(call[1].casefold(), uncalled, n=1)
            yield call[0], (f"footnote {call[0]} has no text; "
                            + (f"did you mean [^{uncalled[close[0]]}]?" if close else
                               f"add a line '{call[0]}: ...' to the chapter"))
    for item in fragment.iterfind(".//div[@class='footnote']/ol/li"):
        if item.get("id") not in called:
            label = written.get(item.get("id"), item.get("id").split("-fn-", 1)[1])
            marker = f"[^{label}]"
            if re.search(re.escape(marker) + r"(?!:)", source):
                yield marker, (f"footnote {marker} is called only where a call is not read: in "
                               "a figure's caption, an image's text or code; call it from the "
                               "text")
            else:
                yield (f"{marker}:",
                       f"footnote {marker} is never called; add {marker} in the text")
