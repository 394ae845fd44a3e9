"""A handout: the chapters picked by number, slug or range (`3`, `famine`, `2-3`), built
as a compact PDF with a source list for each chapter."""
from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import lxml.html

from ..build import BuildResult, Options, build
from ..config import TWO_UP, load_settings
from ..errors import BookError, counted
from ..model import Book, RenderedChapter
from ..names import did_you_mean
from ..overrides import Override
from ..reading import fragments


def build_handout(root: Path, options: Options) -> BuildResult:
    """Build the chapters that `options.handout` names, as build builds the whole book;
    two-up, on pages of half the booklet's paper (config.TWO_UP)."""
    if options.two_up:
        paper = load_settings(root, options.overrides).page_size
        half = Override.from_option("--two-up", "page_size", TWO_UP[paper][0])
        options = replace(options, overrides=(*options.overrides, half))
    left_out: set[Path] = set()

    def pick(book: Book) -> Book:
        chosen = select_chapters(book, options.handout)
        kept = {rendered.chapter.path for rendered in chosen.chapters}
        left_out.update(rendered.chapter.path for rendered in book.chapters)
        left_out.difference_update(kept)
        return chosen

    result = build(root, options, pick=pick)
    # A handout's warnings are about what it prints: the chapters left out are read (their
    # labels and sources count), but their own warnings are the booklet's.
    return replace(result, warnings=[warning for warning in result.warnings
                                     if warning.path not in left_out])


def select_chapters(book: Book, wanted: tuple[str, ...]) -> Book:
    """The book with only the chosen chapters, each with its own source list, and no
    index or book-wide back matter. Numbers stay as in the book (Figure 3.1 stays 3.1)."""
    numbers: list[int] = []
    by_slug = {r.chapter.slug: r.chapter.number for r in book.chapters}
    last = len(book.chapters)
    for item in wanted:
        found = re.fullmatch(r"(\d+)(?:-(\d+))?", item)
        if found:
            first, end = int(found[1]), int(found[2] or found[1])
            if not 1 <= first <= end <= last:
                raise _unknown(book, item)
            numbers += range(first, end + 1)
        elif item in by_slug:
            numbers.append(by_slug[item])
        else:
            raise _unknown(book, item)
    chosen = tuple(r for r in book.chapters if r.chapter.number in set(numbers))
    answer_key = tuple(a for a in book.answer_key if a.chapter.number in set(numbers))
    trees = [fragments.parse(r.html) for r in chosen]
    answer_trees = [fragments.parse(answers.html) for answers in answer_key]
    ids = _ids(chosen, [*trees, *answer_trees], bool(answer_key))
    outside = book.words["outside_handout"]
    for tree in [*trees, *answer_trees]:
        _unlink_outside(tree, ids, outside)
    return replace(book, chapters=tuple(replace(r, html=fragments.serialise(tree))
                                        for r, tree in zip(chosen, trees)),
                   front=(), back=(), handout=True, index=(), glossary=(),
                   figures=tuple(f for f in book.figures
                                 if f.chapter.number in set(numbers)),
                   equations=tuple(e for e in book.equations
                                   if e.chapter.number in set(numbers)),
                   answer_key=tuple(replace(answers, html=fragments.serialise(tree))
                                    for answers, tree in zip(answer_key, answer_trees)))


def _ids(chosen: tuple[RenderedChapter, ...], trees: list[lxml.html.HtmlElement],
         answers: bool) -> set[str]:
    """The ids a handout of these chapters holds: theirs, their sources', the answer key's."""
    ids = {e.get("id") for tree in trees for e in tree.iter() if e.get("id")}
    for rendered in chosen:
        ids |= {rendered.chapter.slug, f"{rendered.chapter.slug}--references",
                *(entry.id for entry in rendered.bibliography)}
    return ids | ({"answer-key"} if answers else set())


def _unlink_outside(tree: lxml.html.HtmlElement, ids: set[str], outside: str) -> None:
    """Links to what the handout does not hold become text, so that nothing points at a
    missing page; a cross-reference says where the figure or section is instead."""
    for link in list(tree.iter("a")):
        href = link.get("href", "")
        if not href.startswith("#") or href[1:] in ids:
            continue
        link.tag = "span"
        del link.attrib["href"]
        if "xref" in link.get("class", "").split():
            link.set("class", "xref outside")
            link.text = f"{link.text_content()} {outside}"


def _unknown(book: Book, item: str) -> BookError:
    chapters = ", ".join(f"{r.chapter.number} ({r.chapter.slug})" for r in book.chapters)
    # Blamed on the command that asked for it: `handout 4: error: ...`.
    return BookError.at(Path(f"handout {item}"), 0, 0,
                        f"there is no chapter {item!r}: the booklet has "
                        f"{counted(len(book.chapters), 'chapter')}: {chapters}"
                        f"{did_you_mean(item, [r.chapter.slug for r in book.chapters])}")
