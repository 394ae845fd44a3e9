"""Nothing the author wrote may vanish from the PDF without a word: each paragraph, list
item, footnote, figure and table of the chapters, front and back matter must land on a
printed page.

The layout engine can drop an element without saying so (WeasyPrint 70 drops a footnote
whose call falls on a page's last line, unless `footnote-policy: line`), and so can a
stylesheet: the build checks what landed."""
from __future__ import annotations

import lxml.html

from ..assembly.assemble import BLOCKS
from ..errors import Problems
from ..model import Book
from ..reading import fragments
from .pages import PrintPages

# What an author writes is in the blocks that assembly gives ids; the page furniture
# around them is the theme's.
AUTHORED = BLOCKS
QUOTED_WORDS = 8


def report_lost(book: Book, pages: PrintPages, report: Problems) -> None:
    """Warn of each authored element with an id that no printed page holds."""
    for rendered in book.all_chapters:
        for lost in fragments.parse(rendered.html).iter(*AUTHORED):
            anchor = lost.get("id")
            if anchor and anchor not in pages.pages and _outermost_lost(lost, pages):
                words = lost.text_content().split()
                quoted = " ".join(words[:QUOTED_WORDS]) + \
                    ("…" if len(words) > QUOTED_WORDS else "")
                report.warn(rendered.chapter.path, 0, 0,
                            f"the PDF lost the {_kind(lost)} “{quoted}”: no page holds "
                            "it (a stylesheet hides it, or the layout engine dropped it, "
                            "when rewording the text around it usually helps)")


def _outermost_lost(element: lxml.html.HtmlElement, pages: PrintPages) -> bool:
    """Whether no enclosing authored element is lost too (one warning for a lost box),
    and the element is not inside a footnote: the print edition sets a footnote in one
    piece (footnotes.py), so the footnote's own id stands for its paragraphs."""
    return not any(_is_footnote(parent) or (parent.get("id") and parent.get("id") not in
                   pages.pages) for parent in element.iterancestors(*AUTHORED))


def _is_footnote(element: lxml.html.HtmlElement) -> bool:
    return "-fn-" in element.get("id", "")  # Python-Markdown's footnote items (footnotes.py)


def _kind(element: lxml.html.HtmlElement) -> str:
    if _is_footnote(element):
        return "footnote"
    return {"p": "paragraph", "li": "list item", "pre": "code block", "blockquote": "quotation",
            "dt": "term", "dd": "definition"}.get(
        element.tag, "heading" if element.tag[0] == "h" else element.tag)
