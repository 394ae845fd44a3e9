"""Resolve across the book: unique ids, numbered labels, cross-references, the list of
figures, the figure scripts to run and the glossary."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from pathlib import Path

import lxml.html

from ..citations.citing import cite_book
from ..config import Settings
from ..errors import Problems
from ..maths.mathml import MATH_CLASS, plain_text, text_content
from ..model import (
    PART_IDS,
    Answers,
    Book,
    Chapter,
    GlossaryEntry,
    Label,
    ParsedChapter,
    RenderedChapter,
    Source,
)
from ..reading import fragments
from ..reading.markup.blocks import TEACHER_ONLY, WHOLE_NUMBER
from ..reading.markup.figures import SCRIPT_SUFFIX
from ..reading.markup.headings import FENCE
from ..reading.resources import folder_file
from ..theming.themes import Theme
from ..words import quoted, words_for
from .indexing import build_index
from .links import HEADINGS, check_links, close_name
from .reference_words import mend_article, reference_word

# Ids the templates give to the parts around the chapters.
BLOCKS = ("p", "li", *HEADINGS, "dt", "dd", "pre", "blockquote", "figure", "table")


def assemble(settings: Settings, theme: Theme, chapters: list[RenderedChapter],
             problems: Problems, cache: Path | None = None) -> Book:
    """Check ids, number labels and resolve references across chapters; formatted
    citations are kept in `cache`, if given."""
    words = words_for(settings.language, settings.labels)
    parsed = [ParsedChapter(rendered, fragments.parse(rendered.html)) for rendered in chapters]
    for each in parsed:
        if settings.readers == "student":
            _remove_teacher_only(each.tree)
        else:
            _answers_in_their_spaces(each.tree)
    _check_ids(parsed, problems)
    check_links(parsed, PART_IDS, problems)
    labels = _all_labels(parsed)
    for each in parsed:
        _resolve_references(each, labels, words, settings.language, problems)
        _name_blocks(each.chapter.slug, each.tree)
    citations = cite_book(parsed, settings, problems, cache)
    index = build_index(parsed, problems)
    # Before the model answers leave their chapters for the answer key.
    formulas = [_formulas(each.tree) for each in parsed]
    answer_key = tuple(Answers(each.chapter, answers) for each in parsed
                       if (answers := _take_answers(each.tree)))

    everything = tuple(replace(each.rendered, html=fragments.serialise(each.tree),
                               bibliography=citations.by_chapter.get(each.chapter.slug, ()),
                               scripts=_scripts(settings, each.tree),
                               formulas=chapter_formulas, marks=_marks(each.tree))
                       for each, chapter_formulas in zip(parsed, formulas))
    return Book(
        settings=settings, theme=theme,
        chapters=tuple(r for r in everything if r.chapter.kind == "chapter"),
        front=tuple(r for r in everything if r.chapter.kind == "front"),
        back=tuple(r for r in everything if r.chapter.kind == "back"),
        bibliography=citations.bibliography,
        index=tuple(index),
        glossary=_glossary(chapters),
        # Read again now that citations in captions are formatted.
        figures=tuple(label for label in _all_labels(parsed).values()
                      if label.kind == "figure"),
        equations=tuple(replace(label, text=plain_text(label.text))
                        for label in _all_labels(parsed).values()
                        if label.kind == "equation" and settings.list_of_equations),
        words=words,
        answer_key=answer_key,
    )


def _scripts(settings: Settings, tree: lxml.html.HtmlElement) -> tuple[Path, ...]:
    """The figure scripts a chapter's images point at."""
    return tuple(dict.fromkeys(folder_file(image.get("src"), settings.root)
                               for image in tree.iter("img")
                               if image.get("src", "").endswith(SCRIPT_SUFFIX)))


def _formulas(tree: lxml.html.HtmlElement) -> tuple[tuple[str, bool], ...]:
    """A chapter's formulas (reading/markup/maths.py), each once."""
    return tuple(dict.fromkeys((span.get("data-latex"), "display" in span.get("class").split())
                               for span in tree.find_class(MATH_CLASS)
                               if span.get("data-latex") is not None))


def _remove_teacher_only(tree: lxml.html.HtmlElement) -> None:
    """The student edition holds no model answers and no teacher's notes, nor the footnotes
    called only from them."""
    for kind in TEACHER_ONLY:
        for block in tree.xpath(f"//div[contains(concat(' ', @class, ' '), ' block {kind} ')]"):
            block.drop_tree()
    ids = {element.get("id") for element in tree.iter() if element.get("id")}
    called = {link.get("href", "")[1:] for link in tree.xpath("//a[@class='footnote-ref']")}
    for note in tree.xpath("//div[@class='footnote']/ol/li"):
        if note.get("id") not in called:
            note.drop_tree()
            continue
        for backref in note.xpath(".//a[@class='footnote-backref']"):
            if backref.get("href", "")[1:] not in ids:
                backref.drop_tree()
    # The notes left are numbered on, without the gaps of those taken out.
    for number, note in enumerate(tree.xpath("//div[@class='footnote']/ol/li"), start=1):
        for link in tree.xpath(f"//a[@class='footnote-ref'][@href='#{note.get('id')}']"):
            link.text = str(number)
    for notes in tree.xpath("//div[@class='footnote'][not(ol/li)]"):
        notes.drop_tree()


def _answers_in_their_spaces(tree: lxml.html.HtmlElement) -> None:
    """In the teacher's edition, the model answer right after an exercise with write-in
    space is printed in that space, where the student writes, instead of in the key."""
    for space in tree.xpath("//div[contains(concat(' ', @class, ' '), ' block exercise ')]"
                            "/div[contains(concat(' ', @class, ' '), ' write-in ')]"):
        answer = space.getparent().getnext()
        if answer is None or not {"block", "answer"} <= set(answer.get("class", "").split()):
            continue
        space.set("class", space.get("class") + " answered")
        space.extend(answer)  # its title too: "Model answers", or the author's own
        answer.drop_tree()


def _marks(tree: lxml.html.HtmlElement) -> int:
    """The total of the marks of a chapter's exercises (blocks.py gives each its own)."""
    return sum(int(exercise.get("data-marks")) for exercise in tree.xpath(
        "//div[contains(concat(' ', @class, ' '), ' block exercise ')][@data-marks]")
        if WHOLE_NUMBER.fullmatch(exercise.get("data-marks")))


def _take_answers(tree: lxml.html.HtmlElement) -> str:
    """Move a chapter's model answers out of it, for the answer key at the back."""
    blocks = tree.xpath("//div[contains(concat(' ', @class, ' '), ' block answer ')]")
    html = "".join(lxml.html.tostring(block, encoding="unicode", with_tail=False)
                   for block in blocks)
    for block in blocks:
        block.drop_tree()
    return html


def _check_ids(chapters: list[ParsedChapter], problems: Problems) -> None:
    """Every id once in the whole book; a clash is reported where the label is written."""
    owners: dict[str, Chapter | None] = {part: None for part in PART_IDS}
    for parsed in chapters:
        chapter = parsed.chapter
        seen: Counter[str] = Counter()
        label = [chapter.label] if chapter.label else []
        for id_ in [chapter.slug, *label,
                    *(e.get("id") for e in parsed.tree.iter() if e.get("id"))]:
            if id_ in owners:
                other = owners[id_]
                # Within one chapter the clash is the second label, not the first.
                line, col = _label_place(chapter.body, id_,
                                         seen[id_] if other is chapter else 0)
                where = f"in {other.path.name}" if other else "by the book's own pages"
                problems.add(chapter.path, line, col,
                             f"the id {id_!r} is already used {where}; choose another label")
            else:
                owners[id_] = chapter
            seen[id_] += 1


def _label_place(body: Source, label: str, occurrence: int) -> tuple[int, int]:
    """(line, col) of the nth `#label` written in an attribute list `{...}`, else of the
    nth `#label` anywhere (a link to it, say)."""
    places = [found.start(1) for found in
              re.finditer(rf"\{{[^}}\n]*?(#{re.escape(label)})(?=[\s}}])", body.text)]
    if occurrence < len(places):
        return body.position(places[occurrence])
    return body.find("#" + label, occurrence)


def _name_blocks(slug: str, tree: lxml.html.HtmlElement) -> None:
    """Give every block an id, so the print layout can tell on which page each one starts
    (the EPUB's page-list marks those places)."""
    for number, block in enumerate(tree.iter(*BLOCKS), start=1):
        if not block.get("id"):
            block.set("id", f"{slug}-b{number}")


def _all_labels(chapters: list[ParsedChapter]) -> dict[str, Label]:
    return {label.id: label for parsed in chapters for label in _labels(parsed)}


def _labels(parsed: ParsedChapter) -> list[Label]:
    """The numbered figures and tables and the labelled sections of a chapter."""
    chapter = parsed.chapter
    labels = []
    for element in parsed.tree.iter("figure", "table"):
        if element.get("data-number"):
            caption = element.find("figcaption" if element.tag == "figure" else "caption")
            # A formula in it is its plain text, as in the list of figures only text goes.
            text = (text_content(caption).split(" ", 2)[-1].strip() if caption is not None
                    else "")
            kind = "figure" if element.tag == "figure" else "table"
            labels.append(Label(element.get("id"), kind, element.get("data-number"), text,
                                chapter))
    for span in parsed.tree.find_class(MATH_CLASS):
        if span.get("data-number"):
            labels.append(Label(span.get("id"), "equation", span.get("data-number"),
                                span.get("data-latex", ""), chapter))
    if chapter.label:
        labels.append(Label(chapter.label, "chapter", str(chapter.number), chapter.title,
                            chapter))
    for heading in parsed.tree.iter(*HEADINGS):
        if heading.get("id", "").startswith("sec-"):
            labels.append(Label(heading.get("id"), "section", "", text_content(heading),
                                chapter))
    return labels


def _resolve_references(parsed: ParsedChapter, labels: dict[str, Label],
                        words: dict[str, str], language: str, problems: Problems) -> None:
    """Give each `@label` link its text; report the labels that do not exist."""
    chapter = parsed.chapter
    seen: Counter[str] = Counter()
    for link in parsed.tree.find_class("xref"):
        written = link.text
        label = labels.get(link.get("href", "").lstrip("#"))
        if label is None:
            line, col = _reference_place(chapter.body, written, seen[written])
            problems.add(chapter.path, line, col,
                         f"{written} refers to no figure, table, equation or section; "
                         + _known_labels(written.lstrip("@"), sorted(labels)))
        elif label.kind == "section" and label.chapter is chapter:
            link.text = quoted(label.text, language)
            link.set("class", "xref section")
        elif label.kind == "chapter" and not label.chapter.number:
            # The chapter's own label stands for its title, the chapter's start.
            link.set("href", f"#{label.chapter.slug}")
            link.text = quoted(label.text, language)
        else:
            # "Figure 2", "Chapter 3", "Chapter 3, “Title”": a word, then a number.
            kind = "chapter" if label.kind == "section" else label.kind
            word = reference_word(link, kind, words, language)
            number = label.chapter.number if label.kind == "section" else label.number
            warning = mend_article(link, kind, word, words, language, written)
            if warning:
                line, col = _reference_place(chapter.body, written, seen[written])
                problems.warn(chapter.path, line, col, warning)
            link.text = f"{word} {number}"
            if label.kind == "section":
                link.text += f", {quoted(label.text, language)}"
            if label.kind == "chapter":
                link.set("href", f"#{label.chapter.slug}")
            else:
                link.set("class", f"xref {label.kind}")
        seen[written] += 1


def _reference_place(body: Source, written: str, occurrence: int) -> tuple[int, int]:
    """(line, col) of the nth `@label` written as a whole word in prose: code keeps it as
    text, so it is skipped."""
    places, offset, fenced = [], 0, False
    for line in body.text.split("\n"):
        if FENCE.match(line):
            fenced = not fenced
        elif not fenced:
            code = [span.span() for span in re.finditer(r"(`+).+?\1", line)]
            places += [offset + found.start() for found in
                       re.finditer(rf"(?<![\w@]){re.escape(written)}(?![\w-]*\w)", line)
                       if not any(start <= found.start() < end for start, end in code)]
        offset += len(line) + 1
    return body.position(places[occurrence]) if occurrence < len(places) \
        else body.find(written, occurrence)


def _known_labels(wanted: str, known: list[str]) -> str:
    """How to fix a reference to a label that does not exist: the nearest, or the list."""
    close = close_name(wanted, set(known))
    if close:
        return f"did you mean @{close}?"
    if known:
        return f"the labels are: {', '.join(known)}"
    return "label one with {#fig-...}, {#tbl-...}, {#eq-...} or {#sec-...}"


def _glossary(chapters: list[RenderedChapter]) -> tuple[GlossaryEntry, ...]:
    """Key terms from every chapter, alphabetical; a term keeps its first definition."""
    entries: dict[str, GlossaryEntry] = {}
    for rendered in chapters:
        for term, definition in rendered.chapter.key_terms.items():
            entries.setdefault(term.casefold(), GlossaryEntry(term, definition, rendered.chapter))
    return tuple(entries[key] for key in sorted(entries))
