"""Fenced blocks `::: kind "Title"` ... `:::` for exercises, answers, sources and callouts,
and Quarto's callouts and Pandoc's divs written the same way: `::: {.callout-tip
title="Title"}`, `::: {.note}`; `::: print` and `::: screen` hold text for one medium
(media.py). An exercise may say what it is worth and leave space for the answer:
`::: exercise "Title" {marks=2 lines=5}`, `{box=4cm}`, `{squares=6cm}`."""
from __future__ import annotations

import re
import textwrap
import xml.etree.ElementTree as etree

from markdown import Markdown
from markdown.blockprocessors import BlockProcessor
from markdown.extensions import Extension
from markdown.util import AtomicString

from ...words import counted_marks
from .context import MarkupContext
from .media import MEDIA, medium_class

# The kinds an author can write; a block without a title gets its kind's word (words.py).
KINDS = ("note", "tip", "warning", "source", "exercise", "answer", "discussion", "teacher")
# Kinds for the teacher's edition only.
TEACHER_ONLY = ("answer", "teacher")
CODE_INDENT = re.compile(r"\t| {4}")  # where Markdown reads an indented code block
# `::: kind "Title"`, or as other tools write it: `:::tip[Title]` and `:::tip Title`
# (Docusaurus), `::: {.callout-tip title="Title"}` (Quarto, Pandoc), `:::{note} Title`
# (MyST, whose ```{note} fences myst.py writes so).
OPEN = re.compile(r'^:{3,}[ \t]*(?:(?P<kind>[A-Za-z][\w-]*)(?:[ \t]*"(?P<title>[^"]*)"'
                  r'|\[(?P<bracketed>[^\]]*)\]|[ \t]+(?P<words>[^\s"\[{:][^{}]*?))?'
                  r'(?:[ \t]*\{(?P<options>[^{}]*)\})?'
                  r'|\{(?P<directive>[A-Za-z][\w-]*)\}(?:[ \t]+(?P<directive_title>.+?))?'
                  r'|\{(?P<attributes>[^{}]*)\})'
                  r'[ \t]*:*[ \t]*$')
NOT_A_BOX = ("this ::: line does not open one of the booklet's boxes (such as '::: note'), so "
             "it is printed as written; it may be another tool's (mkdocstrings' "
             "'::: module.name')")
# In Pandoc's and Quarto's attributes: the first class, and the title.
CLASS = re.compile(r"(?:^|\s)\.(?P<name>[A-Za-z][\w-]*)")
LABEL = re.compile(r"(?:^|\s)#(?P<id>[A-Za-z][\w:-]*)")
TITLE = re.compile(r"""(?:^|\s)title=(?:"(?P<quoted>[^"]*)"|'(?P<single>[^']*)'|(?P<bare>\S+))""")
# Other tools' boxes (Quarto's callouts, the admonitions of Docusaurus, MkDocs and MyST),
# by the box each is printed as: as for GitHub's alerts (alerts.py), those that ask the
# reader to take care are warnings.
OTHER_KINDS = {
    "callout-note": "note", "callout-tip": "tip", "callout-warning": "warning",
    "callout-important": "warning", "callout-caution": "warning",
    "info": "note", "seealso": "note", "admonition": "note", "hint": "tip",
    "important": "warning", "caution": "warning", "danger": "warning",
    "attention": "warning", "error": "warning",
    # Material for MkDocs' further kinds.
    "abstract": "note", "summary": "note", "question": "note", "example": "note",
    "success": "tip", "failure": "warning", "bug": "warning", "quote": "source",
    # sphinx-exercise's and others' solutions, for the teacher's edition only.
    "solution": "answer",
}
# A Quarto callout's title may be the heading it opens with.
FIRST_HEADING = re.compile(r"^\s*#{1,6}[ \t]+(?P<title>.+?)(?:[ \t]+#+)?[ \t]*(?:\n|$)")
CLOSE = re.compile(r"^:{3,}[ \t]*$")
# The options that open a MyST directive's content (`:class: tip`), which print nothing.
MYST_OPTIONS = re.compile(r"\A(?:\s*\n)*(?:[ \t]*:[\w-]+:.*(?:\n|\Z))+")
LIST_ITEM = re.compile(r"^(?:[-*+]|\d+[.)])[ \t]+\S")
# An exercise's options, `{marks=2 lines=5}` after its kind and title (or among Pandoc's
# attributes): the marks it is worth and the space left for the answer, ruled lines, an
# empty box or squared paper (writers draw it: layout/book_html.py for print).
OPTION = re.compile(r'(?P<key>[\w-]+)=(?:"(?P<quoted>[^"]*)"|(?P<bare>[^\s"]*))|(?P<other>\S+)')
SPACES = ("lines", "box", "squares")
EXERCISE_OPTIONS = ("marks", *SPACES)
WHOLE_NUMBER = re.compile(r"[0-9]+")
HEIGHT = re.compile(r"(?P<number>[0-9]+(?:\.[0-9]+)?)(?P<unit>cm|mm|in)")
CENTIMETRES = {"cm": 1, "mm": 0.1, "in": 2.54}
# No more than two A4 pages of lines, and no box taller than A4's text: beyond, a number
# is a slip of the keyboard.
MOST_LINES = 50
TALLEST = 25  # cm
HOW_TO_WRITE = ("the options are marks=N and one of lines=N, box=HEIGHT or squares=HEIGHT, "
                "such as {marks=2 lines=5}")


class FencedBlockProcessor(BlockProcessor):
    """Turns a fenced block into <div class="block KIND"> with a title; blocks may nest."""

    def __init__(self, md: Markdown, context: MarkupContext):
        super().__init__(md.parser)
        self.context = context

    def test(self, parent: etree.Element, block: str) -> bool:
        return bool(OPEN.match(block.split("\n", 1)[0]))

    def run(self, parent: etree.Element, blocks: list[str]) -> None:
        head, _, rest = blocks.pop(0).partition("\n")
        opener = OPEN.match(head)
        assert opener is not None  # test() matched it
        kind, title = _kind_and_title(opener)
        following = blocks[:]
        text = "\n\n".join([rest, *blocks])
        blocks.clear()

        inner, remainder = _split_at_close(text)
        if kind in MEDIA:
            self._medium(parent, head, kind, title, opener, inner, remainder)
            if remainder:
                blocks.extend(remainder.split("\n\n"))
            return
        if remainder is None and kind not in KINDS:
            # Neither a box of the booklet's nor closed: another tool's directive, such
            # as mkdocstrings' `::: module.name`, printed as written (and reported by
            # leftovers.py, as any such line in the text).
            paragraph = etree.SubElement(parent, "p")
            paragraph.text = f"{head}\n{rest}".strip()
            blocks.extend(following)
            return
        if opener["directive"]:
            inner = MYST_OPTIONS.sub("", inner)
            if kind not in KINDS and remainder is not None:
                # Another of MyST's directives (a dropdown, a figure): its content is read
                # as the text around it is.
                self.context.warn(head, f"MyST's directive {{{kind}}} is not a box of the "
                                        "booklet; its content is printed as text")
                self.parser.parseBlocks(parent, [b for b in inner.split("\n\n") if b.strip()])
                blocks.extend(remainder.split("\n\n"))
                return
        if opener["attributes"] is not None and not kind:
            # A div of Pandoc's with no class (`::: {#refs}`): its content, in a div with
            # its id, and no box round it.
            div = etree.SubElement(parent, "div")
            if label := LABEL.search(opener["attributes"]):
                div.set("id", label["id"])
            self.parser.parseBlocks(div, [b for b in inner.split("\n\n") if b.strip()])
            blocks.extend((remainder or "").split("\n\n"))
            return
        if opener["attributes"] and title is None and (opening := FIRST_HEADING.match(inner)):
            title, inner = opening["title"], inner[opening.end():]
        problems = []
        if remainder is None:
            problems.append("this ::: block is never closed; end it with a line ':::'")
        if kind not in KINDS:
            problems.append(f"unknown block kind {kind!r}; the kinds are: {', '.join(KINDS)}")
        occurrence = self.context.occurrence(head)
        self.context.report(head, *problems, occurrence=occurrence)
        options = self._options(opener, kind, occurrence)
        div = etree.SubElement(parent, "div", {"class": f"block {kind}"})
        if opener["attributes"] and (label := LABEL.search(opener["attributes"])):
            div.set("id", label["id"])
        heading = etree.SubElement(div, "p", {"class": "block-title"})
        heading.text = title if title is not None else self.context.words.get(
            kind, kind.capitalize())
        if "marks" in options:
            div.set("data-marks", options["marks"])
            heading.text += " "
            marks = etree.SubElement(heading, "span", {"class": "marks"})
            marks.text = AtomicString(
                f"[{counted_marks(int(options['marks']), self.context.words)}]")
        # Content indented as a whole inside its fences is read as if it were not.
        outdented = textwrap.dedent(inner)
        first = next((line for line in outdented.split("\n") if line.strip()), "")
        if outdented != inner and CODE_INDENT.match(inner.lstrip("\n")) and \
                not LIST_ITEM.match(first):
            # Markdown would have read it as code: say that it is read as text instead.
            self.context.warn(first, "this box's content is indented as a whole, so it is "
                                     "read as text, not as code; to show code, fence it "
                                     "with ``` lines")
        inner = outdented
        self.parser.parseBlocks(div, [b for b in inner.split("\n\n") if b.strip()])
        for code in div.findall("pre/code"):
            first = (code.text or "").split("\n", 1)[0]
            if LIST_ITEM.match(first):
                # As written: a list with the same words at the margin is not this one.
                written = next((indent + first for indent in ("\t", " " * 4)
                                if indent + first in self.context.chapter.body.text),
                               first)
                self.context.report(written, "this list is indented by a tab or four spaces, so "
                                           "it is read as code; start its lines at the margin")
        for space in SPACES:
            if space in options:
                size = "data-lines" if space == "lines" else "data-height"
                etree.SubElement(div, "div", {"class": f"write-in {space}",
                                              size: options[space]})
        if remainder:
            blocks.extend(remainder.split("\n\n"))

    def _options(self, opener: re.Match, kind: str, occurrence: int) -> dict[str, str]:
        """An exercise's marks and write-in space, {key: value}, less each option that is
        wrong, which is reported where it is written (in the `occurrence` of the opener)."""
        group = "options" if opener["options"] is not None else "attributes"
        found = [option for option in OPTION.finditer(opener[group] or "")
                 # Pandoc's attributes hold others too (`title=`, `#id`): only ours count.
                 if group == "options" or option["key"] in EXERCISE_OPTIONS]

        def report(option: re.Match, problem: str) -> None:
            self.context.report(opener[0], problem, occurrence=occurrence,
                                offset=opener.start(group) + option.start())
        if found and kind != "exercise":
            report(found[0], f"only an exercise has marks and write-in space, not a {kind}; "
                             f"{HOW_TO_WRITE}")
            return {}
        options: dict[str, str] = {}
        for option in found:
            key, value = option["key"], option["quoted"] or option["bare"] or ""
            problem = _option_problem(key, value) if key else \
                f"{option['other']!r} is not an option; {HOW_TO_WRITE}"
            if key in options:
                problem = f"{key} is given twice; keep one"
            elif key in SPACES and options.keys() & set(SPACES):
                problem = ("an exercise has one write-in space: choose lines=, box= or "
                           "squares=")
            if problem:
                report(option, problem)
            else:  # as a number is printed: marks=02 is 2 marks
                options[key] = str(int(value)) if key in ("marks", "lines") else value
        return options


    def _medium(self, parent: etree.Element, head: str, medium: str, title: str | None,
                opener: re.Match, inner: str, remainder: str | None) -> None:
        """Text for one medium (media.py): a block without a box around it."""
        if remainder is None:
            self.context.report(head, "this ::: block is never closed; end it with a line ':::'")
        if title is not None:
            self.context.warn(head, f"a ::: {medium} block has no title, so {title!r} is not "
                                    "printed; put it in the block as a heading or in bold")
        div = etree.SubElement(parent, "div", {"class": medium_class(medium)})
        if opener["attributes"] and (label := LABEL.search(opener["attributes"])):
            div.set("id", label["id"])
        self.parser.parseBlocks(div, [b for b in textwrap.dedent(inner).split("\n\n")
                                      if b.strip()])


def _option_problem(key: str, value: str) -> str | None:
    """What is wrong with an exercise's option `key=value`; None if nothing is."""
    whole = int(value) if WHOLE_NUMBER.fullmatch(value) else 0
    if key == "marks" and not whole >= 1:
        return f"marks={value} is not a number of marks: write a whole number from 1, such " \
               "as marks=2"
    if key == "lines" and not 1 <= whole <= MOST_LINES:
        return f"lines={value} is not a number of ruled lines: write a whole number from 1 " \
               f"to {MOST_LINES}, such as lines=5"
    if key in ("box", "squares"):
        height = HEIGHT.fullmatch(value)
        if not height or not 0 < float(height["number"]) * CENTIMETRES[height["unit"]] \
                <= TALLEST:
            return f"{key}={value} is not a height: write a length in cm, mm or in, up to " \
                   f"{TALLEST}cm, such as {key}=4cm"
    if key not in EXERCISE_OPTIONS:
        return f"{key!r} is not an exercise's option; {HOW_TO_WRITE}"
    return None


def _kind_and_title(opener: re.Match) -> tuple[str, str | None]:
    """The box's kind and its title (None for its kind's word), from any form of OPEN."""
    if opener["attributes"] is not None:
        name = CLASS.search(opener["attributes"])
        written = TITLE.search(opener["attributes"])
        kind = name["name"] if name else ""  # `::: {#refs}`: a div of Pandoc's, no box
        title = written and (written["quoted"] or written["single"] or written["bare"])
    elif opener["directive"]:
        kind, title = opener["directive"], opener["directive_title"]
    else:
        kind = opener["kind"]
        title = opener["title"] if opener["title"] is not None else (
            opener["bracketed"] or opener["words"])
    return OTHER_KINDS.get(kind.lower(), kind), title


def _split_at_close(text: str) -> tuple[str, str | None]:
    """Split at the ':::' that closes the block, counting nested openers."""
    depth = 1
    lines = text.split("\n")
    for number, line in enumerate(lines):
        if OPEN.match(line):
            depth += 1
        elif CLOSE.match(line):
            depth -= 1
            if depth == 0:
                return "\n".join(lines[:number]), "\n".join(lines[number + 1:])
    return text, None


class FencedBlocks(Extension):
    """Registers the fenced-block processor."""

    def __init__(self, context: MarkupContext, **kwargs):
        self.context = context
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        # Before the paragraph and list processors, so a fence is never read as text.
        md.parser.blockprocessors.register(FencedBlockProcessor(md, self.context),
                                           "book-blocks", 105)
