"""Index terms as in AsciiDoc: `((communes))` stays in the text and is indexed;
`(((Communes, Henan experiment)))` is a hidden entry with a sub-entry. After a `|` come
options: `see Term`, `see also Term`, `sort Key`."""
from __future__ import annotations

import json
import re
import xml.etree.ElementTree as etree
from typing import Any

from markdown import Markdown
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.util import AtomicString

from ...words import typeset
from .context import MarkupContext

HIDDEN = r"\(\(\((?P<body>(?:\\.|[^()\\])+?)\)\)\)"
VISIBLE = r"(?<!\()\(\((?P<body>(?:\\.|[^()\\])+?)\)\)(?!\))"
LEVELS = 3


def parse_term(body: str, language: str = "en") -> dict[str, Any] | str:
    """`Communes, Henan | see also Xushui | sort communes` -> the entry, its words with the
    typographic quotes of `language` (People’s Daily); a string if wrong."""
    body = " ".join(body.split())  # a term may run over a line break, as text is wrapped
    term, *options = [part.strip() for part in re.split(r"(?<!\\)\|", body)]
    path = [typeset(_unescape(level.strip()), language)
            for level in re.split(r"(?<!\\),", term)]
    if not all(path):
        return "an index term has an empty part; write ((term)) or (((Term, sub-term)))"
    if len(path) > LEVELS:
        return f"an index entry may have at most {LEVELS} levels, separated by commas"
    entry: dict[str, Any] = {"path": path}
    for option in options:
        found = re.fullmatch(r"(see also|see|sort)\s+(.+)", option, re.S)
        if not found:
            return (f"unknown index option {option!r}; write 'see Term', 'see also Term' "
                    "or 'sort Key'")
        name = found[1].replace(" ", "_")
        value = _unescape(found[2].strip())
        if name == "sort":
            entry["sort"] = value
        else:
            entry.setdefault(name, []).append(typeset(value, language))
    return entry


def _unescape(text: str) -> str:
    return re.sub(r"\\([,|()\\])", r"\1", text)


class IndexTermProcessor(InlineProcessor):
    """Turns index markup into an anchor that carries the entry."""

    def __init__(self, pattern: str, md: Markdown, terms: IndexTerms, visible: bool):
        super().__init__(pattern, md)
        self.terms = terms
        self.visible = visible

    def handleMatch(self, m, data):  # noqa: N802 (Python-Markdown's name)
        entry = parse_term(m["body"], self.terms.context.language)
        if isinstance(entry, str):
            self.terms.context.report(m[0], entry)
            return None, None, None
        span = etree.Element("span", {
            "class": "index-term" if self.visible else "index-marker",
            "id": self.terms.next_id(),
            "data-index": json.dumps(entry, ensure_ascii=False)})
        if self.visible:
            # The visible words are the term as written, less any options.
            span.text = AtomicString(typeset(
                _unescape(re.split(r"(?<!\\)\|", m["body"])[0].strip()),
                self.terms.context.language))
        return span, m.start(0), m.end(0)


class IndexTerms(Extension):
    """Registers the hidden and the visible index patterns, which number their entries
    in one sequence per chapter."""

    def __init__(self, context: MarkupContext, **kwargs):
        self.context = context
        self.count = 0  # entries so far in the chapter
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        md.registerExtension(self)
        # Hidden entries first, so `(((x)))` is never read as a visible `((x))`.
        md.inlinePatterns.register(IndexTermProcessor(HIDDEN, md, self, visible=False),
                                   "book-index-hidden", 169)
        md.inlinePatterns.register(IndexTermProcessor(VISIBLE, md, self, visible=True),
                                   "book-index", 168)

    def next_id(self) -> str:
        """The id of the chapter's next index entry."""
        self.count += 1
        return f"{self.context.chapter.slug}-ix-{self.count}"

    def reset(self) -> None:
        self.count = 0
