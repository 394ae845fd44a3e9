"""Chinese characters in a book in another language: each run of them is marked with the
language that `han_language` names (`<span lang="zh-Hans">大跃进</span>`), so that the
PDF draws them with that language's forms of the characters, and reading systems and
screen readers read them as Chinese. Each writer marks its own document (mark_han)."""
from __future__ import annotations

import re

import lxml.html

# Han characters (the CJK blocks and their extensions), with the CJK punctuation and the
# full-width forms between them: 《人民日报》 is one run.
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_BETWEEN = "\u3000-\u303f\uff00-\uffef"
HAN_RUN = re.compile(rf"[{_HAN}](?:[{_HAN}{_BETWEEN}]*[{_HAN}])?")
# Text whose language is not the reader's own, or that is not read as text.
_LEFT_ALONE = {"script", "style", "head", "title", "math", "svg"}


def mark_han(root: lxml.html.HtmlElement, han_language: str, book_language: str) -> None:
    """Wrap each run of Han characters in a span of `han_language` (none when it is
    empty); text inside an element whose own lang differs from the book's (the author
    said which language it is) is left as it is."""
    if not han_language:
        return
    for element in list(root.iter()):
        if not isinstance(element.tag, str) or element.tag in _LEFT_ALONE \
                or not _book_language_at(element, book_language):
            continue
        if element.text and HAN_RUN.search(element.text):
            element.text = _split(element.text, han_language, element, 0)
        for child in list(element):
            if child.tail and HAN_RUN.search(child.tail):
                child.tail = _split(child.tail, han_language, element, element.index(child) + 1)


def _book_language_at(element: lxml.html.HtmlElement, book_language: str) -> bool:
    """Whether the element's text is in the book's language, as far as its lang says."""
    for ancestor in (element, *element.iterancestors()):
        if isinstance(ancestor.tag, str) and ancestor.tag in _LEFT_ALONE:
            return False
        lang = ancestor.get("lang")
        if lang is not None:
            return lang.casefold() == book_language.casefold()
    return True


def _split(text: str, han_language: str, parent: lxml.html.HtmlElement, at: int) -> str:
    """Put spans for the Han runs of `text` into `parent` at child position `at`; returns
    the text before the first run, to stay where `text` was."""
    runs = list(HAN_RUN.finditer(text))
    for number, run in enumerate(runs):
        span = lxml.html.Element("span", {"lang": han_language})
        span.text = run[0]
        end = runs[number + 1].start() if number + 1 < len(runs) else len(text)
        span.tail = text[run.end():end]
        parent.insert(at + number, span)
    return text[:runs[0].start()]
