"""Links inside the book as authors write them: to a label (`#sec-x`), to a heading by the
id GitHub or Pandoc would give it (`#a-heading-here`), to another chapter's file
(`02-leap.md#intro`, `../chapters/x.md`). Each becomes a link to the real id; one that
leads nowhere is a warning and stays as plain text."""
from __future__ import annotations

import difflib
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import lxml.html

from ..errors import Problems
from ..model import ParsedChapter, Source
from ..reading.markup.headings import written_ids

HEADINGS = ("h2", "h3", "h4", "h5", "h6")


@dataclass(frozen=True)
class Places:
    """Where a link in the book can lead."""

    # {id a link may name anywhere in the book: the real id}.
    book: dict[str, str]
    # {chapter slug: {id a link may name within that chapter: the real id}}.
    chapters: dict[str, dict[str, str]]
    # {chapter file: its slug}.
    files: dict[Path, str]
    # What a link may be meant for, to suggest: headings, figures and tables.
    targets: set[str]

    def find(self, fragment: str, slug: str) -> str | None:
        """The real id of `#fragment` written in (or after the file of) chapter `slug`:
        that chapter's own ids and headings first, then the whole book's ids."""
        return self.chapters[slug].get(fragment) or self.book.get(fragment)


def places(chapters: list[ParsedChapter], part_ids: tuple[str, ...]) -> Places:
    """The ids of the book and of each chapter, with the ids written for its headings."""
    book = {id_: id_ for id_ in part_ids}
    own: dict[str, dict[str, str]] = {}
    for parsed in chapters:
        chapter = parsed.chapter
        ids = {chapter.slug: chapter.slug,
               **{e.get("id"): e.get("id") for e in parsed.tree.iter() if e.get("id")}}
        if chapter.label:
            ids[chapter.label] = chapter.slug
        book.update(ids)
        headings = [(chapter.title, chapter.slug),
                    *((_heading_text(h), h.get("id")) for h in parsed.tree.iter(*HEADINGS)
                      if h.get("id"))]
        # An id the chapter's name was put before (an `<a name="usage">` anchor's) is
        # found by the name as written, in its own chapter.
        prefixed = {id_.removeprefix(f"{chapter.slug}-"): id_ for id_ in ids
                    if id_.startswith(f"{chapter.slug}-")}
        own[chapter.slug] = {**prefixed, **written_ids(headings), **ids}
    return Places(book=book, chapters=own,
                  files={p.chapter.path.resolve(): p.chapter.slug for p in chapters},
                  targets={e.get("id") for p in chapters
                           for e in p.tree.iter(*HEADINGS, "figure", "table") if e.get("id")})


def _heading_text(heading: lxml.html.HtmlElement) -> str:
    """A heading's words as GitHub and Pandoc read them: without its footnote calls."""
    words = heading.text_content()
    for call in heading.xpath(".//*[contains(@class, 'footnote-ref')]"):
        words = words.replace(call.text_content(), "", 1)
    return words


def check_links(chapters: list[ParsedChapter], part_ids: tuple[str, ...],
                problems: Problems) -> None:
    """Point every link inside the book at a real id; warn of those that lead nowhere."""
    known = places(chapters, part_ids)
    for parsed in chapters:
        seen: Counter[str] = Counter()
        for link in parsed.tree.iter("a"):
            href = link.get("href", "")
            parts = urlsplit(href)
            if "xref" in link.get("class", "") or parts.scheme or parts.netloc or not href:
                continue
            seen[href] += 1
            found = _resolve(parsed, href, known)
            if found.startswith("#"):
                link.set("href", found)
                continue
            line, col = _link_place(parsed.chapter.body, href, seen[href] - 1)
            problems.warn(parsed.chapter.path, line, col, f"{found}; it is printed as plain text")
            del link.attrib["href"]


def _resolve(parsed: ParsedChapter, written: str, known: Places) -> str:
    """`#real-id` for a link written in a chapter, or why it leads nowhere."""
    parts = urlsplit(written)
    fragment = unquote(parts.fragment)  # `#café` is written as `#caf%C3%A9` in the HTML
    if not parts.path:
        found = known.find(fragment, parsed.chapter.slug)
        if found:
            return f"#{found}"
        close = _close_id(fragment, known, parsed.chapter.slug)
        return (f"the link {written} leads nowhere: no heading or figure has that label"
                + (f" (did you mean #{close}?)" if close else ""))
    slug = known.files.get((parsed.chapter.path.parent / unquote(parts.path)).resolve())
    if slug is None:
        # A file name, not a label: close as a whole, as a misspelt one is.
        files = difflib.get_close_matches(Path(parts.path).name,
                                          sorted(path.name for path in known.files), n=1,
                                          cutoff=0.8)
        return (f"the link {written!r} leads to a file that is not a chapter of the book"
                + (f" (did you mean {files[0]}?)" if files else ""))
    found = known.find(fragment, slug) if fragment else slug
    if found:
        return f"#{found}"
    close = _close_id(fragment, known, slug)
    return (f"the link {written!r} leads to no heading or figure of {parts.path} labelled "
            f"#{fragment}" + (f" (did you mean #{close}?)" if close else ""))


def _link_place(body: Source, written: str, occurrence: int) -> tuple[int, int]:
    """(line, col) of the nth place a link's address is written: `(href)`, `(<href>)`,
    `[name]: href` or `href="..."`; the start of the chapter if it cannot be found."""
    address = re.escape(written)
    forms = re.compile(rf"\]\(\s*<?({address})[\s>)]|^[ ]{{0,3}}\[[^\]\n]+\]:[ \t]*<?"
                       rf"({address})(?=[\s>]|$)|href\s*=\s*[\"']({address})[\"']", re.M)
    places = []
    for found in forms.finditer(body.text):
        assert found.lastindex is not None  # each form's address is a group
        places.append(found.start(found.lastindex))
    return body.position(places[min(occurrence, len(places) - 1)] if places else 0)


def _close_id(fragment: str, known: Places, slug: str) -> str | None:
    """The id as written (a heading's, as GitHub or Pandoc makes it) in chapter `slug`
    nearest to a misspelt `fragment`, else the nearest label of the book."""
    written = difflib.get_close_matches(fragment.casefold(), sorted(known.chapters[slug]),
                                        n=1, cutoff=0.8)
    return written[0] if written else close_name(fragment, known.targets)


def close_name(wanted: str, known: set[str]) -> str | None:
    """The known name nearest to `wanted`, ignoring case: one of the same kind (`fig-`)
    whose rest is close, else one of another kind with the same rest."""
    folded = {name.casefold(): name for name in known}
    kind, _, rest = wanted.casefold().partition("-")
    # By the rest alone: every label of a kind shares its first letters.
    same = {name.partition("-")[2]: name for name in folded if name.partition("-")[0] == kind}
    close = difflib.get_close_matches(rest, same, n=1)
    if close:
        return folded[same[close[0]]]
    return next((folded[name] for name in sorted(folded) if name.partition("-")[2] == rest),
                None)
