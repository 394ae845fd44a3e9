"""One configured Markdown instance: chapter text -> RenderedChapter."""
from __future__ import annotations

import html
from dataclasses import replace

import lxml.html
import markdown
from markdown.extensions.smarty import SmartyExtension
from markdown.extensions.toc import slugify
from pymdownx.tasklist import TasklistExtension
from pymdownx.tilde import DeleteSubExtension

from ..config import Settings
from ..errors import Problems
from ..maths.mathml import MATH_CLASS, text_content
from ..model import Chapter, Heading, RenderedChapter
from ..progress import Progress, quiet
from ..words import quotes_for, words_for
from . import fragments
from .markup.admonitions import Admonitions
from .markup.alerts import Alerts
from .markup.attributes import Attributes
from .markup.bare_links import BareLinks
from .markup.blocks import FencedBlocks
from .markup.citations import Citations
from .markup.context import MarkupContext
from .markup.figures import Figures
from .markup.footnotes import BookFootnotes, footnote_problems
from .markup.headings import AtxHeadings, empty_headings
from .markup.html_blocks import HtmlBlocks
from .markup.index import IndexTerms
from .markup.leftovers import leftover_markup, printed_as_written
from .markup.line_breaks import LineBreaks
from .markup.link_definitions import LinkDefinitions
from .markup.lists import Lists
from .markup.maths import Maths, formulas_as_text
from .markup.media import MediumSpans
from .markup.myst import MyST
from .markup.quotes import Quotes
from .markup.tables import Tables
from .markup.xrefs import CrossReferences
from .nesting import (
    blocks_in_headings,
    blocks_out_of_inline_elements,
    blocks_out_of_paragraphs,
    children_out_of_place,
    items_out_of_lists,
    table_parts_in_order,
)
from .resources import relative_to_the_folder, resource_problems, web_pictures
from .sanitise import anchors_as_ids, not_tags, sanitise, too_deep


class ChapterRenderer:
    """Renders chapters one after another with one Markdown instance, reset between them."""

    def __init__(self, settings: Settings, report: Problems):
        self.settings = settings
        # The book's words, for the titles of boxes and the words before figure and table
        # numbers.
        self.context = MarkupContext(words=words_for(settings.language, settings.labels),
                                     problems=report, language=settings.language)
        self.footnotes = BookFootnotes(self.context, SEPARATOR="-")
        self.md = markdown.Markdown(
            extensions=[
                self.footnotes,
                "tables", "attr_list", "def_list", "abbr", "fenced_code", "sane_lists",
                SmartyExtension(substitutions=quotes_for(settings.language)),
                Attributes(), FencedBlocks(self.context), Figures(self.context),
                CrossReferences(), Citations(), Maths(self.context), IndexTerms(self.context),
                MediumSpans(), LinkDefinitions(self.context), Lists(),
                # Where GitHub and CommonMark read Markdown otherwise than Python-Markdown:
                # Markdown inside HTML, one quote after another, `#` headings, tables and
                # a backslash that breaks a line; MyST's and MkDocs' admonitions, MyST's
                # roles.
                HtmlBlocks(), Quotes(), AtxHeadings(), Tables(self.context), LineBreaks(),
                MyST(self.context), Admonitions(self.context),
                # GitHub's Markdown: task lists, ~~struck out~~ (one ~ stays a tilde, not
                # subscript), bare URLs as links, and `> [!NOTE]` alerts as boxes.
                TasklistExtension(), DeleteSubExtension(subscript=False), BareLinks(),
                Alerts(self.context),
                # Heading ids are prefixed by the chapter, so they are unique book-wide
                # and do not change when another chapter is added.
                markdown.extensions.toc.TocExtension(
                    slugify=lambda text, sep: f"{self.context.chapter.slug}-{slugify(text, sep)}"),
            ],
            output_format="html",
        )
        self.typographer = markdown.Markdown(
            extensions=[SmartyExtension(substitutions=quotes_for(settings.language))])

    def render(self, chapter: Chapter) -> RenderedChapter:
        """Chapter Markdown -> HTML plus its headings; problems go to the report."""
        self.md.reset()
        self.context.begin(chapter)
        body = self.md.convert(chapter.body.text)
        # Front matter gets the same typographic quotes and dashes as the text.
        chapter = replace(chapter, title=self._title(chapter),
                          objectives=tuple(map(self._typeset, chapter.objectives)),
                          key_terms={self._typeset(term): self._typeset(text)
                                     for term, text in chapter.key_terms.items()})
        fragment = fragments.parse(body)
        with_formulas = {element.get("id"): text_content(element)
                         for element in fragment.iter("h2", "h3", "h4", "h5", "h6")
                         if element.find_class(MATH_CLASS)}
        headings = tuple(Heading(level=token["level"], id=token["id"],
                                 text=with_formulas.get(token["id"])
                                 or html.unescape(token["name"]))
                         for token in _flatten(self.md.toc_tokens))
        if body.strip():
            for line, col, message in blocks_in_headings(fragment, chapter.body):
                self.context.problems.add(chapter.path, line, col, message)
            for line, col, message in [*blocks_out_of_paragraphs(fragment, chapter.body),
                                       *blocks_out_of_inline_elements(fragment, chapter.body),
                                       *children_out_of_place(fragment, chapter.body),
                                       *table_parts_in_order(fragment, chapter.body),
                                       *items_out_of_lists(fragment, chapter.body)]:
                self.context.problems.warn(chapter.path, line, col, message)
            for needle, message in sanitise(fragment):
                self.context.warn(needle, message)
            for needle, message in not_tags(fragment, chapter.body.text):
                self.context.report(needle, message)
            anchors_as_ids(fragment, chapter.slug)
            for needle, message in [*web_pictures(fragment), *printed_as_written(fragment)]:
                self.context.warn(needle, message)
            relative_to_the_folder(fragment, chapter.path, self.settings.root)
            body = fragments.serialise(fragment)
            notes = footnote_problems(fragment, self.footnotes.written, chapter.body.text)
            for needle, message in [*resource_problems(fragment, self.settings.root), *notes,
                                    *leftover_markup(fragment), *too_deep(fragment)]:
                self.context.report(needle, message)
            for line, col, message in empty_headings(fragment, chapter.body):
                self.context.problems.add(chapter.path, line, col, message)
        return RenderedChapter(chapter=chapter, html=body, headings=headings)

    def _typeset(self, text: str) -> str:
        """A front-matter string as plain text with curly quotes and real dashes."""
        return self._plain_text(self._markup(text)) if text.strip() else text

    def _title(self, chapter: Chapter) -> str:
        """The chapter's title as plain text, as the contents and running heads print it:
        a link in it prints its text, and a picture (a README's badges) is left out."""
        title = self._markup(chapter.title, self.md.references)
        text = " ".join(self._plain_text(title).split())
        if not text:
            self.context.problems.add(
                chapter.path, chapter.title_line, 1,
                "the chapter's title has no words, only a picture: write the title in words, "
                "or give it as 'title:' in the front matter")
        elif title.xpath(".//a|.//img"):
            self.context.problems.warn(
                chapter.path, chapter.title_line, 1,
                "the chapter's title is printed as plain text: its links print as their "
                "text and its pictures are left out; put them in the chapter's first "
                "paragraph to keep them")
        return text or chapter.title

    def _markup(self, text: str, references: dict | None = None) -> lxml.html.HtmlElement:
        """A line of Markdown as HTML, with the chapter's link definitions if given."""
        self.typographer.reset()
        self.typographer.references.update(references or {})
        return fragments.parse(self.typographer.convert(formulas_as_text(text)))

    @staticmethod
    def _plain_text(fragment: lxml.html.HtmlElement) -> str:
        return html.unescape(fragment.text_content())


def render_chapters(chapters: list[Chapter], settings: Settings, report: Problems,
                    progress: Progress = quiet) -> list[RenderedChapter]:
    """Render every chapter; problems of all of them go to the report."""
    renderer = ChapterRenderer(settings, report)
    rendered = []
    for done, chapter in enumerate(chapters, start=1):
        rendered.append(renderer.render(chapter))
        progress("chapters", done, len(chapters))
    return rendered


def _flatten(tokens: list[dict]) -> list[dict]:
    flat = []
    for token in tokens:
        flat.append(token)
        flat.extend(_flatten(token.get("children", [])))
    return flat
