"""Markdown inside an author's HTML blocks, where GitHub and CommonMark read it: after a
blank line.

A README folds a section away in `<details><summary>More</summary>`, a blank line, then
Markdown: lists, code, links. CommonMark ends the raw HTML at the blank line and reads what
follows as Markdown; Python-Markdown keeps everything up to `</details>` as raw HTML, so the
lists and links were printed as their bare text. This preprocessor marks such an element
`markdown="1"` for the md_in_html extension, which then reads its content as Markdown. An
element with no blank line inside stays raw HTML, as in CommonMark: `<div align="center">`
round an indented `<img>` is not code.
"""
from __future__ import annotations

import re

from markdown import Markdown
from markdown.extensions import Extension
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor

# CommonMark's block-level tags whose content authors write as Markdown; tables and lists
# written in HTML keep their cells and items as HTML.
CONTAINERS = ("details", "div", "section", "article", "aside", "center", "figure",
              "header", "footer", "main", "nav", "blockquote")
OPENING = re.compile(r"^ {0,3}<(?P<tag>" + "|".join(CONTAINERS) + r")(?=[\s>/])(?P<rest>.*)$",
                     re.I)
INDENTED_HTML = re.compile(r"^(?: {4}|\t)\s*<")
# A paragraph of nothing but line breaks, as md_in_html makes of the `<br>` that often
# follows `<summary>...</summary>`.
BREAKS_ALONE = re.compile(r"<p>\s*((?:<br\s*/?>\s*)+)</p>")


class MarkdownInHtml(Preprocessor):
    """Adds markdown="1" to each container element with Markdown after a blank line inside
    it. Fenced code is already put aside (fenced_code runs first), so no line here is
    code's."""

    def run(self, lines: list[str]) -> list[str]:
        lines = list(lines)
        for number, line in enumerate(lines):
            element = OPENING.match(line)
            if (element and "markdown=" not in element["rest"]
                    and self._markdown_inside(lines, number, element["tag"])):
                start = element.start("rest")
                lines[number] = f'{line[:start]} markdown="1"{line[start:]}'
        return lines

    @staticmethod
    def _markdown_inside(lines: list[str], start: int, tag: str) -> bool:
        """Whether the element opened on line `start` has a blank line before its end, and
        after it text, not HTML indented as a whole (which md_in_html would read as
        code, from the element's first line on)."""
        opened = re.compile(rf"<{tag}(?=[\s>/])", re.I)
        closed = re.compile(rf"</{tag}\s*>", re.I)
        depth = 0
        for number, line in enumerate(lines[start:], start=start):
            if not line.strip():
                after = next((later for later in lines[number:] if later.strip()), "")
                return depth > 0 and not INDENTED_HTML.match(after)
            depth += len(opened.findall(line)) - len(closed.findall(line))
            if depth <= 0:
                return False
        return False


class LooseBreaks(Postprocessor):
    """Leaves an author's `<br>` on its own outside a paragraph, where CommonMark has it:
    a paragraph would add its spacing to the break's."""

    def run(self, text: str) -> str:
        return BREAKS_ALONE.sub(r"\1", text)


class HtmlBlocks(Extension):
    """Registers the preprocessor and md_in_html, which reads the marked elements."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        md.registerExtensions(["md_in_html"], {})
        # Before the raw HTML is taken out (html_block, 20), after lists are re-indented
        # (book-lists, 27) so that an element inside an item is seen where it is read.
        md.preprocessors.register(MarkdownInHtml(md), "book-html-blocks", 21)
        # After the raw HTML is put back (raw_html, 30).
        md.postprocessors.register(LooseBreaks(md), "book-loose-breaks", 25)
