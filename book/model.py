"""The data passed between the stages of a build."""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .config import Settings
from .theming.themes import Theme
from .words import counted_marks

# The ids of the book's own pages (the templates), and with them the EPUB's own file names
# (writers/epub.py): a chapter never takes one as its name (sources.chapter_slug).
PART_IDS = ("cover", "title-page", "colophon", "contents", "list-of-figures",
            "list-of-equations", "answer-key", "glossary", "references", "index")
OWN_PAGE_NAMES = frozenset({*PART_IDS, "figures", "nav"})

if TYPE_CHECKING:
    import lxml.html


@dataclass(frozen=True)
class Source:
    """A text file and the line its text starts on, so positions map back to the file."""

    path: Path
    text: str
    first_line: int = 1

    def position(self, offset: int) -> tuple[int, int]:
        """(line, column) in the file of an offset into `text`."""
        before = self.text[:offset]
        line = before.count("\n")
        col = offset - (before.rfind("\n") + 1)
        return self.first_line + line, col + 1

    def find(self, needle: str, occurrence: int = 0) -> tuple[int, int]:
        """(line, column) of the nth occurrence of `needle`; the start of the text if absent."""
        offset = -1
        for _ in range(occurrence + 1):
            found = self.text.find(needle, offset + 1)
            if found < 0:
                break
            offset = found
        return self.position(max(offset, 0))


@dataclass(frozen=True)
class Chapter:
    """One chapter file: its place in the book and its Markdown body."""

    number: int
    slug: str
    title: str
    body: Source
    objectives: tuple[str, ...] = ()
    key_terms: dict[str, str] = field(default_factory=dict)
    # "chapter", or "front" / "back" for an unnumbered part such as "How to use this booklet".
    kind: str = "chapter"
    # The `{#sec-...}` written on the chapter's title, for `@sec-...`; "" if none.
    label: str = ""
    # The line the title is written on, for problems with it.
    title_line: int = 1

    @property
    def path(self) -> Path:
        """The chapter's file."""
        return self.body.path


@dataclass(frozen=True)
class Heading:
    """A heading inside a chapter, for the contents and the outline."""

    level: int
    id: str
    text: str


@dataclass(frozen=True)
class BibliographyEntry:
    """One entry of a bibliography, formatted by the citation style; `id` is its anchor.
    `cited_by` holds the places that cite it, in reading order: the id of each citation's
    link, and the slug of its chapter."""

    id: str
    key: str
    html: str
    cited_by: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class RenderedChapter:
    """A chapter after Markdown: its HTML body and what the book needs from it."""

    chapter: Chapter
    html: str
    headings: tuple[Heading, ...]
    bibliography: tuple[BibliographyEntry, ...] = ()  # its own (chapter_bibliographies)
    scripts: tuple[Path, ...] = ()
    # Its formulas, model answers' too: (LaTeX, whether on display), each once.
    formulas: tuple[tuple[str, bool], ...] = ()
    marks: int = 0  # the total of its exercises' marks, for "Total: 12 marks"


@dataclass(frozen=True)
class ParsedChapter:
    """A rendered chapter with its HTML parsed, which the book-wide stages change in place."""

    rendered: RenderedChapter
    tree: lxml.html.HtmlElement

    @property
    def chapter(self) -> Chapter:
        return self.rendered.chapter


@dataclass(frozen=True)
class Label:
    """A place a cross-reference can point at: a figure, a table, an equation or a section."""

    id: str
    kind: str
    number: str
    text: str
    chapter: Chapter


@dataclass(frozen=True)
class GlossaryEntry:
    """A key term with its definition and the chapter that defines it."""

    term: str
    definition: str
    chapter: Chapter


@dataclass(frozen=True)
class Answers:
    """A chapter's model answers, moved out of it for the answer key at the back."""

    chapter: Chapter
    html: str


@dataclass
class IndexEntry:
    """A term with the places it is marked, its sub-entries and its cross-references."""

    term: str
    sort: str
    anchors: list[str] = field(default_factory=list)
    see: list[str] = field(default_factory=list)
    see_also: list[str] = field(default_factory=list)
    children: dict[str, IndexEntry] = field(default_factory=dict)
    # The entry's id in the index, and the id of the entry each "see" (also) names.
    id: str = ""
    targets: dict[str, str] = field(default_factory=dict)

    @property
    def sub_entries(self) -> list[IndexEntry]:
        """Sub-entries in index order."""
        return sorted(self.children.values(), key=lambda e: (sort_key(e.sort), e.term))

    def places(self) -> set[str]:
        """The anchors of the term and of its sub-entries."""
        return set(self.anchors).union(*(child.places() for child in self.children.values()))


@dataclass(frozen=True)
class IndexGroup:
    """The entries under one initial letter."""

    letter: str
    entries: list[IndexEntry]


def sort_key(text: str) -> str:
    """Index order is case- and accent-insensitive: 'Dikötter' sorts with 'Dikotter'."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().strip()


@dataclass(frozen=True)
class Book:
    """Everything the writers need, resolved across the whole book."""

    settings: Settings
    theme: Theme
    chapters: tuple[RenderedChapter, ...]
    glossary: tuple[GlossaryEntry, ...]
    front: tuple[RenderedChapter, ...] = ()
    back: tuple[RenderedChapter, ...] = ()
    bibliography: tuple[BibliographyEntry, ...] = ()
    index: tuple[IndexGroup, ...] = ()
    figures: tuple[Label, ...] = ()
    # The numbered equations, each with its formula as plain text, if the settings list them.
    equations: tuple[Label, ...] = ()
    # Each figure script -> its SVG: in print (the PDF), and on screen (the EPUB and the web
    # page), where it is drawn for a phone's column (book/figures/style.py).
    figure_files: dict[Path, Path] = field(default_factory=dict)
    screen_figure_files: dict[Path, Path] = field(default_factory=dict)
    # Each formula (LaTeX, whether on display) -> its SVG for print (book/maths/drawing.py).
    formula_files: dict[tuple[str, bool], Path] = field(default_factory=dict)
    words: dict[str, str] = field(default_factory=dict)  # the builder's words (words.py)
    answer_key: tuple[Answers, ...] = ()

    handout: bool = False

    @property
    def all_chapters(self) -> tuple[RenderedChapter, ...]:
        """Front matter, chapters and back matter, in reading order."""
        return (*self.front, *self.chapters, *self.back)

    @property
    def scripts(self) -> tuple[Path, ...]:
        """The figure scripts the book's chapters use, each once."""
        return tuple(dict.fromkeys(s for rendered in self.all_chapters for s in rendered.scripts))

    @property
    def formulas(self) -> dict[tuple[str, bool], Chapter]:
        """Each formula of the book -> the first chapter that has it."""
        first: dict[tuple[str, bool], Chapter] = {}
        for rendered in self.all_chapters:
            for formula in rendered.formulas:
                first.setdefault(formula, rendered.chapter)
        return first

    @property
    def title(self) -> str:
        """The book's title: from book.toml, else the first chapter's title."""
        return self.settings.title or self.chapters[0].chapter.title

    def marks(self, count: int) -> str:
        """"1 mark", "12 marks", in the book's words (for templates)."""
        return counted_marks(count, self.words)
