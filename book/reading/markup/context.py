"""What the book's Markdown extensions share: the chapter being read, the book's words, and
where problems go. Each extension takes it in its constructor, so any one of them works
alone in a plain `markdown.Markdown(extensions=[TheExtension(context)])`."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from ...errors import Problems
from ...model import Chapter

# What smarty writes in place of what the author typed.
TYPESET = "[\u2018\u2019\u201a\u201c\u201d\u201e\u2013\u2014\u2026\u00ab\u00bb\u202f]"


@dataclass
class MarkupContext:
    """The chapter being read, set with `begin` before each one, and the book's words
    (book/words.py: the titles of boxes, "Figure", "Table"). Problems are placed in the
    chapter's file by the text they are about, as Markdown keeps no positions."""

    words: dict[str, str]
    problems: Problems
    language: str = "en"  # the book's, for the typographic quotes of text not read as Markdown
    _chapter: Chapter | None = field(default=None, init=False, repr=False)
    # How often each text was reported and warned about in this chapter so far.
    reported: Counter[str] = field(default_factory=Counter)
    warned: Counter[str] = field(default_factory=Counter)

    @property
    def chapter(self) -> Chapter:
        """The chapter being read: the extensions run only after `begin`."""
        if self._chapter is None:
            raise RuntimeError("no chapter is being read: begin() comes first")
        return self._chapter

    def begin(self, chapter: Chapter) -> None:
        """Read `chapter` next."""
        self._chapter = chapter
        self.reported = Counter()
        self.warned = Counter()

    def occurrence(self, text: str) -> int:
        """Which occurrence of `text` in the file the next report about it is about (the
        nth report is about the nth); counted, so that several reports can share it."""
        text = self._as_written(text)
        self.reported[text] += 1
        return self.reported[text] - 1

    def report(self, text: str, *messages: str, occurrence: int | None = None,
               offset: int = 0) -> None:
        """Record problems at the place in the chapter where `text` was written, or
        `offset` characters into its first line.

        The nth report about the same text is placed at its nth occurrence in the file,
        unless the `occurrence` is known.
        """
        text = self._as_written(text)
        if occurrence is None:
            occurrence = self.occurrence(text)
        line, col = self.chapter.body.find(text, occurrence)
        for message in messages:
            self.problems.add(self.chapter.path, line, col + offset, message)

    def warn(self, text: str, message: str, occurrence: int | None = None) -> None:
        """Record a warning at the place in the chapter where `text` was written; the nth
        warning about the same text is placed at its nth occurrence, unless it is known."""
        text = self._as_written(text)
        if occurrence is None:
            occurrence = self.warned[text]
            self.warned[text] += 1
        line, col = self.chapter.body.find(text, occurrence)
        self.problems.warn(self.chapter.path, line, col, message)

    def _as_written(self, text: str) -> str:
        """`text` as it is in the source: up to the first character the typographer made
        (curly quotes, dashes, ellipses), when it made any."""
        if text in self.chapter.body.text:
            return text
        return re.split(TYPESET, text, maxsplit=1)[0] or text
