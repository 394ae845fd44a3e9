"""Maths as Pandoc reads it: `$x^2$` inline, `$$ ... $$` on display, `$$ ... $$ {#eq-name}`
numbered; `\\$` is a dollar sign, and a `$$` that closes nothing is an error.

Pandoc's rules decide what is maths: the opening `$` has a non-space to its right, the
closing `$` a non-space to its left and no digit after it, so "a ticket costs $5 and a book
$10" stays text. (pymdown-extensions' arithmatex reads `$` otherwise: it has no rule for the
digit, and it takes `$$` only as a block of its own lines, without a label after it.)

Each formula becomes `<span class="math inline|display" data-latex="...">` holding what
the author wrote, checked here with the parser that makes its MathML (book/maths/mathml.py),
so that a formula that does not parse is an error at its place. Each output puts its own
form there later: MathML on screen, a drawing in print.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown import Markdown
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

from ...maths.mathml import MATH_CLASS, formula_problems, plain_text
from ...model import Chapter
from .context import MarkupContext

_BODY = r"(?:[^$\\]|\\.)"  # a formula's characters: no `$` unless escaped
DISPLAY = (rf"\$\$(?P<display>{_BODY}*?\S{_BODY}*?)\$\$"
           r"(?:[ \t]*\{#(?P<label>[^\s{}]*)\})?")
# The label of a numbered equation, and what another label after a formula is meant as
# (pandoc-crossref's `{#eq:name}`).
EQUATION_LABEL = re.compile(r"eq-[\w-]*\w")
BAD_LABEL = ("the label {{#{label}}} is no equation's label, so the equation has no number: "
             "write {{#{mended}}} (eq- and letters, digits or hyphens)")


def _mended_label(label: str) -> str:
    """`{#eq:speed}` as a numbered equation's label: `eq-speed`."""
    name = "-".join(re.findall(r"\w+", label.removeprefix("eq").lstrip(":-_"))) or "name"
    return f"eq-{name}"


# Not the second `$` of a `$$` that opens nothing (an escaped `\$` before it may be).
INLINE = rf"(?<!(?<!\\)\$)\$(?![\s$])(?P<inline>{_BODY}+?)(?<!\s)\$(?!\d)"
# `\$` and `\\`, passed over whole, so that neither a dollar after a backslash nor one
# after an escaped backslash is taken for the other: `\$5` is a dollar, `\\$x$` maths.
ESCAPE = r"(?P<escape>\\[\\$])"
# A `$$` that neither of them took: the rest of its line, to say where it is (not what
# Python-Markdown stashed there, which the source does not hold).
UNCLOSED = r"(?P<unclosed>\$\$[^\n\x02]*)"
MATHS = f"{ESCAPE}|{DISPLAY}|{INLINE}|{UNCLOSED}"
# A formula that holds the `](` between a link's text and its address took in a link,
# because of a dollar sign in it: the link would be lost without a word.
SWALLOWED_LINK = ("this formula takes in a link's `](`: a dollar sign in the link opened it. "
                  "Write \\$ for a dollar sign, and the link stays a link")
# An inline formula that opens with a number and holds words, which maths has only in
# \text{...}: two prices read as maths ("$12 a box; a set is 35$."), as Pandoc reads them.
PRICES = re.compile(r"\d.*?(?<![\\\w])(?:[A-Za-z]+\s+[A-Za-z]{3,}|[A-Za-z]{3,}\s+[A-Za-z]+)\b",
                    re.DOTALL)
TEXT = re.compile(r"\\(?:text\w*|mathrm|operatorname|mbox)\s*\{[^{}]*\}")
PRICES_TAKEN = ("this formula opens with a number and holds words, as two prices do: the "
                "dollar signs around them opened and closed it. Write \\$ for a dollar sign, "
                "and the text stays text")
# Code, which keeps its dollars, or maths.
CODE_OR_MATHS = rf"(?P<code>(?P<fence>`+).*?(?<!`)(?P=fence)(?!`))|{MATHS}"
# A paragraph of the source: a formula does not run over a blank line.
PARAGRAPH = re.compile(r"(?:[^\S\n]*\S[^\n]*(?:\n|$))+")
NOT_CLOSED = ("this display formula is not closed: end it with $$, with no blank line "
              "inside it (write \\$ for a dollar sign)")


def formulas_as_text(markdown: str) -> str:
    """A line of Markdown with each formula as its plain text, for where only text goes
    (a chapter's title in the contents, its running heads and the EPUB's navigation)."""
    def as_text(m: re.Match) -> str:
        if m["code"]:  # code keeps its dollars, as in the text
            return m[0]
        if m["escape"]:  # a dollar sign: the line's own Markdown knows no `\$`
            return "$" if m[0] == "\\$" else m[0]
        latex = m["inline"] if m["display"] is None else m["display"]
        if m["unclosed"] or formula_problems(latex.strip()):  # told where it is written
            return m[0]
        # Escaped, so that a bracket or a star is not read as Markdown.
        return re.sub(r"([\\`*_{}\[\]()#+\-.!>])", r"\\\1", plain_text(latex.strip()))
    return re.sub(CODE_OR_MATHS, as_text, markdown)


class MathsProcessor(InlineProcessor):
    """`$...$` and `$$...$$` -> a span that holds the formula as written."""

    def __init__(self, pattern: str, md: Markdown, context: MarkupContext):
        super().__init__(pattern, md)
        self.context = context
        # Where the chapter's `$$` that close nothing are, and how many were told of.
        self._places_in: Chapter | None = None
        self._places: list[int] = []
        self._told = 0

    def handleMatch(self, m, data):  # noqa: N802 (Python-Markdown's name)
        if m["escape"]:  # left for the escapes (after the formulas) to turn into text
            return None, m.start(0), m.end(0)
        if m["unclosed"]:  # printed as written, once the author has been told
            self.context.report(m[0].rstrip(), NOT_CLOSED,
                                occurrence=self._unclosed_occurrence(m[0].rstrip()))
            return None, m.start(0), m.start(0) + 2
        display = m["display"] is not None
        latex = (m["display"] if display else m["inline"]).strip()
        span = etree.Element("span", {"class": f"{MATH_CLASS} {'display' if display else 'inline'}",
                                      "data-latex": latex})
        if m["label"] and EQUATION_LABEL.fullmatch(m["label"]):
            span.set("id", m["label"])
        elif m["label"] is not None:  # the equation has no number, which the author wants
            self.context.report(m[0], BAD_LABEL.format(
                label=m["label"], mended=_mended_label(m["label"])))
        # As written, so that alt text made of the text around it (an image's) keeps it.
        span.text = AtomicString(m[0])
        problems = formula_problems(latex)
        if problems:
            self.context.report(m[0], *problems)
        if "](" in latex:
            self.context.warn(m[0], SWALLOWED_LINK)
        elif not display and PRICES.match(TEXT.sub("", latex)):
            self.context.warn(m[0], PRICES_TAKEN)
        return span, m.start(0), m.end(0)

    def _unclosed_occurrence(self, text: str) -> int | None:
        """Which occurrence of `text` in the chapter the next `$$` that closes nothing is:
        the text may be a bare `$$`, as closed formulas before it have too. They are
        found in the source's paragraphs in turn, as Python-Markdown reads them."""
        chapter = self.context.chapter
        if self._places_in is not chapter:
            self._places_in, self._told = chapter, 0
            source = chapter.body.text
            self._places = [block.start() + m.start() for block in PARAGRAPH.finditer(source)
                            for m in re.finditer(CODE_OR_MATHS, block[0]) if m["unclosed"]]
        if self._told >= len(self._places):
            return None  # not where the source's paragraphs have it: the first of its text
        place, self._told = self._places[self._told], self._told + 1
        # Counted as the chapter's `find` steps through them: overlapping ones too.
        return sum(chapter.body.text.startswith(text, start) for start in range(place))


class EquationNumbers(Treeprocessor):
    """Numbers the labelled display formulas of a chapter in reading order: 1.1, 1.2 ..."""

    def __init__(self, md: Markdown, context: MarkupContext):
        super().__init__(md)
        self.context = context

    def run(self, root: etree.Element) -> None:
        chapter = self.context.chapter
        equations = [span for span in root.iter("span")
                     if span.get("id", "").startswith("eq-")
                     and f"{MATH_CLASS} display" == span.get("class")]
        for count, span in enumerate(equations, start=1):
            number = f"{chapter.number}.{count}" if chapter.number else str(count)
            span.set("data-number", number)
            # Text, not a style's ::after, so that every reader shows it.
            etree.SubElement(span, "span", {"class": "equation-number"}).text = f"({number})"


class Maths(Extension):
    """Registers the formulas, the dollar's escape and the equation numbers."""

    def __init__(self, context: MarkupContext, **kwargs):
        self.context = context
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        md.ESCAPED_CHARS.append("$")
        # After code spans (190), so code keeps `$` as written; before the backslash line
        # break (185) and escapes (180), which would take a formula's `\\` and `\,`.
        md.inlinePatterns.register(MathsProcessor(MATHS, md, self.context), "book-maths", 186)
        # After the inline patterns (20), with the figures' numbering (7.5).
        md.treeprocessors.register(EquationNumbers(md, self.context), "book-equations", 7.4)
