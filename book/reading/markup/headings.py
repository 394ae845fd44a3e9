"""Headings as CommonMark reads them, their ids as GitHub and Pandoc make them, the levels
of a chapter's sections, and headings with no text (the contents and the EPUB's navigation
need a title for each)."""
from __future__ import annotations

import re
from collections.abc import Iterator

import lxml.html
from markdown import Markdown
from markdown.blockprocessors import HashHeaderProcessor
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from ...model import Source
from .attributes import ATTRIBUTES, HEADINGS

FENCE = re.compile(r"^[ \t>]*(```|~~~)")
# After any quote or list markers, as a heading is written inside them.
MARKERS = r"^(?:[ \t]*(?:>|[-*+]|\d+[.)])(?=[ \t]|$))*[ \t]*"
ATX = re.compile(MARKERS + r"(?P<hashes>#{1,6})(?P<text>(?:[ \t].*)?)$")
SETEXT = re.compile(MARKERS + r"(?:=+|-+)[ \t]*$")
RAW = re.compile(r"<h[1-6]\b[^>]*>\s*</h[1-6]\s*>", re.I)
# What leaves a heading without words: its attributes, closing #s, hidden index entries.
NO_WORDS = re.compile(rf"{ATTRIBUTES}|#+|\(\(\((?:\\.|[^()\\])+?\)\)\)|\s+")


def empty_headings(fragment: lxml.html.HtmlElement,
                   source: Source) -> Iterator[tuple[int, int, str]]:
    """(line, col, why) for each heading that has no text."""
    empty = [h for h in fragment.iter(*HEADINGS)
             if not h.text_content().strip() and h.find(".//img") is None]
    if not empty:
        return
    places = list(_written_without_words(source.text))
    for number in range(len(empty)):
        offset, written = places[number] if number < len(places) else (0, "")
        line, col = source.position(offset)
        label = re.search(ATTRIBUTES, written)
        where = (f" before {label[0]}" if label else
                 " after the #s" if ATX.match(written) else "")
        yield line, col, f"this heading has no text: write its title{where}"


def _written_without_words(text: str) -> Iterator[tuple[int, str]]:
    """(offset, line) of each heading line outside fenced code that holds no words."""
    offset, fenced, previous = 0, False, None
    for line in text.split("\n"):
        if FENCE.match(line):
            fenced = not fenced
        elif not fenced:
            atx = ATX.match(line)
            raw = RAW.search(line)
            if atx and not NO_WORDS.sub("", atx["text"]):
                yield offset + atx.start("hashes"), line
            elif raw:
                yield offset + raw.start(), line
            elif SETEXT.match(line) and previous and previous[1].strip() \
                    and not NO_WORDS.sub("", previous[1]):
                yield previous[0] + len(previous[1]) - len(previous[1].lstrip(" \t>")), \
                    previous[1]
        previous = (offset, line)
        offset += len(line) + 1


# What GitHub drops from a heading's text to make its id: all but letters of any script,
# digits, hyphens, underscores and spaces.
GITHUB_DROPPED = re.compile(r"[^\w\- ]")
# Pandoc keeps letters, digits, underscores, hyphens and full stops, and starts at a letter.
PANDOC_DROPPED = re.compile(r"[^\w\-.\s]")


def github_id(text: str) -> str:
    """The id GitHub gives a heading with this text: lower case, signs dropped, each space a
    hyphen (a repeated id is told apart by `written_ids`)."""
    return GITHUB_DROPPED.sub("", text.strip().lower()).replace(" ", "-")


def pandoc_id(text: str) -> str:
    """The id Pandoc gives a heading with this text: lower case, signs dropped, words joined by
    hyphens, from the first letter on; "section" if nothing is left."""
    words = PANDOC_DROPPED.sub("", text.lower()).split()
    joined = "-".join(words)
    start = next((i for i, char in enumerate(joined) if char.isalpha()), len(joined))
    return joined[start:] or "section"


def _github_id_as_typed(text: str) -> str:
    """GitHub's id for the heading as the author typed it: GitHub keeps the hyphens of
    `--` and `---`, which the booklet prints as dashes."""
    return github_id(text.replace("\u2014", "---").replace("\u2013", "--"))


def written_ids(headings: list[tuple[str, str]]) -> dict[str, str]:
    """{id an author may write: the heading's real id} for a chapter's (text, id) headings in
    reading order: the ids GitHub and Pandoc would give them, the second and later of a
    repeated one ending in -1, -2, ... as both number them. The first heading keeps an id
    both would give it."""
    found: dict[str, str] = {}
    for automatic in (github_id, pandoc_id, _github_id_as_typed):
        seen: dict[str, int] = {}
        for text, real in headings:
            written = automatic(text)
            if written in seen:
                seen[written] += 1
                written = f"{written}-{seen[written]}"
            else:
                seen[written] = 0
            found.setdefault(written, real)
    return found


class SpacedHashHeaderProcessor(HashHeaderProcessor):
    """Python-Markdown's `#` headings as CommonMark has them: a space after the opening #s
    (`#hashtag` and a script's `#!/bin/sh` line are text), and closing #s only after a
    space (`# C#` keeps its #)."""

    RE = re.compile(r"(?:^|\n)[ ]{0,3}(?P<level>#{1,6})(?=[ \t]|\n|$)"
                    r"(?P<header>(?:\\.|[^\\\n])*?)(?:[ \t]+#+)?[ \t]*(?=\n|$)\n?")


class SectionLevels(Treeprocessor):
    """A chapter's sections at level 2, under its title, however many #s they were written
    with: the contents, the EPUB's navigation and the PDF's outline list a chapter's
    level-2 headings. A chapter titled in its front matter whose sections are `# Heading`s,
    or whose sections are all `###`, would otherwise list none of them (and a second level-1
    heading would stand beside the chapter's title). The levels below keep their distance."""

    def run(self, root):
        # The chapter's own sections: a heading in a box or a list is not one.
        sections = [int(element.tag[1]) for element in root if element.tag in HEADINGS]
        if not sections:
            return
        shift = 2 - min(sections)
        for heading in [element for element in root.iter() if element.tag in HEADINGS]:
            heading.tag = f"h{min(6, int(heading.tag[1]) + shift)}"


class AtxHeadings(Extension):
    """Replaces Python-Markdown's `#` heading processor, at its priority, and puts a
    chapter's sections at level 2."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        md.parser.blockprocessors.register(SpacedHashHeaderProcessor(md.parser),
                                           "hashheader", 70)
        # Before the contents are gathered (toc, 5).
        md.treeprocessors.register(SectionLevels(md), "book-section-levels", 6)
