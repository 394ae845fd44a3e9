"""Pandoc's citation syntax: `[see @becker1996, pp. 45-47; @banister1987]`, `@becker1996 says`,
`[-@becker1996]`. Each becomes a placeholder that the assembly stage formats with CSL."""
from __future__ import annotations

import json
import re
import xml.etree.ElementTree as etree

from markdown import Markdown
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.util import AtomicString

from .xrefs import KINDS as XREF_KINDS

KEY = r"[\w][\w:.#$%&+?<>~/-]*\w|\w"
# The locator labels Pandoc reads (its English terms, long and short, singular and
# plural), by the CSL locator type each stands for.
LOCATOR_TERMS = {
    "book": ("book", "books", "bk.", "bks."),
    "chapter": ("chapter", "chapters", "chap.", "chaps.", "ch."),
    "column": ("column", "columns", "col.", "cols."),
    "figure": ("figure", "figures", "fig.", "figs."),
    "folio": ("folio", "folios", "fol.", "fols."),
    "issue": ("issue", "issues"),
    "line": ("line", "lines", "l.", "ll."),
    "note": ("note", "notes", "n.", "nn."),
    "number": ("number", "numbers", "no.", "nos."),
    "opus": ("opus", "opera", "op.", "opp."),
    "page": ("page", "pages", "p.", "pp."),
    "paragraph": ("paragraph", "paragraphs", "para.", "paras.", "¶", "¶¶"),
    "part": ("part", "parts", "pt.", "pts."),
    "section": ("section", "sections", "sec.", "secs.", "§", "§§"),
    "sub-verbo": ("sub verbo", "sub verbis", "s.v.", "s.vv."),
    "verse": ("verse", "verses", "v.", "vv."),
    "volume": ("volume", "volumes", "vol.", "vols."),
}
LOCATORS = {term: label for label, terms in LOCATOR_TERMS.items() for term in terms}
# "45", "45-47", "iv, 3 & 5": more numbers after a comma, an ampersand or a dash, but not
# the words of a suffix ("45, my emphasis").
NUMBER = r"(?:\d\w*|[ivxlcdm]+\b)"
NUMBERS = r"[\w\u2013-]+(?:\s*[,&\u2013-]\s*" + NUMBER + ")*"
# A label that ends in a letter is a word of its own ("part 2", not "particular").
LOCATOR = re.compile(
    r"^\s*(?P<label>" + "|".join(re.escape(label) for label in
                                 sorted(LOCATORS, key=len, reverse=True))
    + r")(?:(?<=[.§¶])\s*|\s+)(?P<value>" + NUMBERS + r")(?P<rest>.*)$", re.S | re.I)
# Without a label, a locator that begins with a digit is a page, as in Pandoc.
PAGE = re.compile(r"^\s*(?P<value>\d+(?:\s*[,&\u2013-]\s*" + NUMBER + r")*)"
                  r"(?P<rest>(?:,.*)?)$", re.S | re.I)
ITEM = re.compile(r"^(?P<prefix>.*?)(?P<suppress>-?)@(?P<key>" + KEY + r")(?P<after>.*)$", re.S)
# The text of a link is never a citation: `[@scope/package](url)`, `[@a][ref]` are links;
# a footnote `[@a][^1]` or an index term `[@a](((Becker)))` may follow a citation.
LINK_TARGET = r"(?:\((?!\(\()|\[(?!\^))"
BRACKETED = r"\[(?P<body>[^\[\]]*?-?@(?:" + KEY + r")[^\[\]]*)\](?!" + LINK_TARGET + ")"
LINK_TEXT_END = re.compile(r"[^\[\]]*\]" + LINK_TARGET)
# A word that is a URL, up to an `@` in it (`https://medium.com/@user`).
URL_START = re.compile(r"(?:[a-z][a-z0-9+.-]*://|www\.)\S*$", re.I)
NARRATIVE = (r"(?<![\w@\[-])@(?P<key>(?!(?i:" + "|".join(XREF_KINDS) + r")-)(?:" + KEY
             + r"))(?:\s\[(?P<locator>[^\[\]@]*)\])?")


def parse_item(text: str) -> dict[str, str] | None:
    """One `prefix @key, locator suffix` part of a bracketed citation."""
    # A citation may run over a line break, as text is wrapped.
    found = ITEM.match(" ".join(text.split()))
    if not found:
        return None
    item = {"key": found["key"], "prefix": found["prefix"].strip()}
    if found["suppress"]:
        item["suppress"] = "author"
    item.update(parse_locator(found["after"].lstrip(",")))
    return item


def parse_locator(text: str) -> dict[str, str]:
    """`p. 45, my emphasis` -> a CSL locator and the suffix that follows it."""
    if found := LOCATOR.match(text):
        label = LOCATORS[found["label"].lower()]
    elif found := PAGE.match(text):
        label = "page"
    if found:
        return {"label": label, "locator": found["value"].strip(),
                "suffix": found["rest"].strip().removeprefix(",").strip()}
    return {"suffix": text.strip()} if text.strip() else {}


def _placeholder(written: str, items: list[dict[str, str]], mode: str) -> etree.Element:
    span = etree.Element("span", {"class": "citation", "data-mode": mode,
                                  "data-items": json.dumps(items, ensure_ascii=False)})
    span.text = AtomicString(written)  # not to be read as Markdown again
    return span


class BracketedCitation(InlineProcessor):
    """`[see @a, p. 4; @b]` and `[-@a]`."""

    ANCESTOR_EXCLUDES = ("a",)  # the text of a link is never a citation

    def handleMatch(self, m, data):  # noqa: N802 (Python-Markdown's name)
        items = [parse_item(part) for part in m["body"].split(";")]
        if not all(items):
            return None, None, None  # not a citation after all: leave the brackets as text
        return _placeholder(m[0], items, "normal"), m.start(0), m.end(0)


class NarrativeCitation(InlineProcessor):
    """`@becker1996 argues` and `@becker1996 [p. 45] argues`."""

    ANCESTOR_EXCLUDES = ("a",)

    def handleMatch(self, m, data):  # noqa: N802
        before = data[: m.start(0)]
        if URL_START.search(before):
            return None, None, None  # part of a URL, which magiclink makes a link
        if _unclosed_bracket(before):
            if "]" not in data[m.end(0):]:
                return None, None, None  # `[see @a` never closed: reported as such, not cited
            if LINK_TEXT_END.match(data, m.end(0)):
                return None, None, None  # `[ask @user](url)`: the text of a link
        item = {"key": m["key"], **(parse_locator(m["locator"]) if m["locator"] else {})}
        return _placeholder(m[0], [item], "narrative"), m.start(0), m.end(0)


def _unclosed_bracket(text: str) -> bool:
    """Whether `text` leaves a `[` open."""
    depth = 0
    for char in re.sub(r"\\.", "", text):
        depth = depth + 1 if char == "[" else max(depth - 1, 0) if char == "]" else depth
    return depth > 0


class Citations(Extension):
    """Registers the two citation patterns."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        # Before links (160) so `[@key]` is not read as a link reference, after code (190),
        # escapes (180) and cross-references (172), which claim `@fig-...` first.
        # `\@` is an @ that is no citation, as in Pandoc (escapes are read at 180).
        md.ESCAPED_CHARS.append("@")
        md.inlinePatterns.register(BracketedCitation(BRACKETED, md), "book-citation", 171)
        md.inlinePatterns.register(NarrativeCitation(NARRATIVE, md), "book-narrative", 170)
