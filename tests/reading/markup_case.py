"""Literal Markdown in, literal HTML and problems out, for one of the book's extensions at
a time, as Python-Markdown tests its own (`markdown.test_tools.TestCase`)."""
from __future__ import annotations

from pathlib import Path

from markdown.extensions import Extension
from markdown.test_tools import TestCase

from book.errors import Problems
from book.model import Chapter, Source
from book.reading.markup.context import MarkupContext
from book.words import words_for

# Every case is read as the body of this chapter, so its ids start with "famine".
PATH = Path("chapters/03-famine.md")


def chapter_context(source: str, language: str = "en") -> MarkupContext:
    """A context for reading `source` as chapter 3, "famine", of a book in `language`."""
    context = MarkupContext(words=words_for(language, {}), problems=Problems(),
                            language=language)
    context.begin(Chapter(number=3, slug="famine", title="Famine",
                          body=Source(PATH, source)))
    return context


class ExtensionTestCase(TestCase):
    """A test case for the extensions that `extensions` names."""

    maxDiff = None  # a failure shows the whole of both texts

    def extensions(self, context: MarkupContext) -> list[Extension | str]:
        """The extensions that read each case, the book's own given `context`."""
        raise NotImplementedError

    def assertRenders(self, source: str, expected: str,  # noqa: N802 (as assertMarkdownRenders)
                      problems: tuple[str, ...] = (), warnings: tuple[str, ...] = (),
                      language: str = "en") -> None:
        """`source` becomes exactly `expected` and reports exactly these problems and
        warnings, each as `path:line:col: severity: message`."""
        context = chapter_context(source, language)
        self.assertMarkdownRenders(source, expected, extensions=self.extensions(context))
        self.assertEqual([str(problem) for problem in context.problems.items], list(problems))
        self.assertEqual([str(warning) for warning in context.problems.warnings],
                         list(warnings))
