"""Lists nested as CommonMark and GitHub read them: by two, three or four spaces.

Python-Markdown nests a list only when it is indented by four spaces (its tab length);
CommonMark nests it under the item whose content column it starts at (`- a` has content
column 2, `1. a` has 3, `10. a` has 4). This preprocessor moves every line that belongs to
a list item by the CommonMark rule to where Python-Markdown looks for it: four spaces per
level. Fenced code inside an item is handed to the fenced_code extension as if it stood at
the margin, so it is read as code. Where CommonMark starts an item that Python-Markdown
would read as part of the text before it (a list right after a paragraph's line, an item
after an item's later paragraph or its code), a blank line is put before it. Everything
outside lists is left as it is.
"""
from __future__ import annotations

import itertools
import re
import xml.etree.ElementTree as etree
from collections import deque
from dataclasses import dataclass, field

from markdown import Markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

# The list markers, up to three spaces in; `1)` is written as `1.`, which Python-Markdown
# reads.
MARKER = re.compile(r"^(?P<indent> {0,3})(?P<marker>[-*+]|\d{1,9}[.)])(?P<gap> +)(?=\S)")
# A line of a paragraph outside lists, which a list may interrupt: not raw HTML, a table's
# row, a heading or a quote, which end otherwise.
PARAGRAPH_LINE = re.compile(r"^ {0,3}[^\s<|#>]")
THEMATIC_BREAK = re.compile(r"^ {0,3}([-*_])(?: *\1){2,} *$")
FENCE = re.compile(r"^(?P<indent> {0,3})(?P<fence>`{3,}|~{3,})")
# CommonMark's HTML blocks, in which no line is a list's: `<pre>` and the like to their
# closing tag, a comment to its end, any other block-level element to a blank line.
HTML_TO_ITS_END = {
    re.compile(r"^ {0,3}<(?:pre|script|style|textarea)(?=[\s>]|$)", re.I):
        re.compile(r"</(?:pre|script|style|textarea)\s*>", re.I),
    re.compile(r"^ {0,3}<!--"): re.compile(r"-->"),
}
BLANK_LINE = re.compile(r"^\s*$")
HTML_TO_A_BLANK = re.compile(
    r"^ {0,3}</?(?:address|article|aside|blockquote|body|caption|center|col|colgroup|dd|"
    r"details|dialog|dir|div|dl|dt|fieldset|figcaption|figure|footer|form|h[1-6]|header|hr|"
    r"li|main|menu|nav|ol|p|section|summary|table|tbody|td|tfoot|th|thead|tr|ul)"
    r"(?=[\s/>]|$)", re.I)
# The ::: box fences of blocks.py: a box's edge ends any list inside it.
BOX_EDGE = re.compile(r"^:{3,}")
TAB_LENGTH = 4  # Python-Markdown's indentation of a nested block


def closes_fence(line: str, opened: str) -> bool:
    """Whether `line` closes fenced code opened by `opened`, as CommonMark has it: the same
    character, at least as many, and nothing after them."""
    closing = FENCE.match(line)
    return bool(closing and closing["fence"][0] == opened[0]
                and len(closing["fence"]) >= len(opened) and not line[closing.end():].strip())


@dataclass
class ListRead:
    """A list as CommonMark reads it: loose (its items' paragraphs spaced as paragraphs)
    when a blank line stands between two of its items, or between two blocks of one."""

    loose: bool = False


@dataclass
class Item:
    """An open list item: where its content starts as written, and where it goes."""

    written: int  # the content column in the source
    placed: int  # the content column Python-Markdown reads: four spaces a level
    ordered: bool = False  # whether it is numbered (1.) or bulleted (-)
    list: ListRead = field(default_factory=ListRead)  # the list it is an item of


@dataclass
class Fence:
    """A fenced code block being read: its fence, and the lines inside it so far."""

    indent: int  # how far the opening fence is in from its item's content column
    fence: str
    lines: list[str] = field(default_factory=list)

    def closed_by(self, line: str) -> bool:
        return closes_fence(line, self.fence)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _interrupts(marker: re.Match) -> bool:
    """Whether a list starting with this marker may interrupt a paragraph: a bullet list
    may, a numbered one only from 1 (so that "in\n1984. ..." stays a sentence)."""
    number = marker["marker"].rstrip(".)")
    return not number.isdigit() or int(number) == 1


class ListIndenter(Preprocessor):
    """Re-indents list items' lines by the CommonMark content-column rule, and notes each
    item's first line and its list, for ListSpacing."""

    def __init__(self, md: Markdown):
        super().__init__(md)
        # (an item's first line after its marker, its list) for each item, in the order
        # read: the chapter's, then each quote's.
        self.read: list[tuple[str, ListRead]] = []

    def run(self, lines: list[str]) -> list[str]:
        self.out: list[str] = []
        self.items: list[Item] = []  # the open items, outermost first
        self.fence: Fence | None = None  # the fenced code being read, in an item or not
        self.blank = True  # whether the line before was blank
        self.code = False  # whether the last line that was not blank was an item's code
        # How far in the first line since the last blank was placed: Python-Markdown gives
        # all of such a block to the last item at that depth.
        self.opened_at = 0
        self.later_paragraph = False  # whether that line is an item's later paragraph
        self.after_text = False  # whether the line before was a paragraph's, outside lists
        # What ends the HTML block being read, if one is: its lines are left as they are.
        self.html_end: re.Pattern | None = None
        for line in lines:
            if self.html_end is not None:
                self._in_html(line)
            elif self.fence is None or not self._in_fence(line):
                self._line(line)
            self.blank = not line.strip()
        if self.fence is not None and self.items:
            self._code()
        return self.out

    def _in_fence(self, line: str) -> bool:
        """Take `line` as a line of the fenced code being read, unless it ends the item
        that the fence is in."""
        assert self.fence is not None
        if not self.items:  # fenced code outside lists: left as it is
            if self.fence.closed_by(line):
                # A longer fence closes it too (CommonMark); fenced_code wants the same.
                line = line[:_indent(line)] + self.fence.fence
                self.fence = None
            self.out.append(line)
            return True
        column = self.items[-1].written
        if line.strip() and _indent(line) < column:  # the item ends, and the fence with it
            self._code()
            return False
        if self.fence.closed_by(line[column:]):
            self._code()
        else:
            self.fence.lines.append(line[column:])
        return True

    def _in_html(self, line: str) -> None:
        """Leave a line of an HTML block as it is; note where the block ends."""
        assert self.html_end is not None
        self.out.append(line)
        if self.html_end.search(line):
            self.html_end = None

    def _line(self, line: str) -> None:
        """Place one line outside fenced code and HTML blocks."""
        after_text, self.after_text = self.after_text, False
        after_blank = self.blank  # as written: the blank lines put in below are not
        if not line.strip():
            self.out.append(line)
            return
        if not self.items and self._starts_html(line):
            return
        indent = _indent(line)
        if BOX_EDGE.match(line):  # a box's edge closes the lists in it, and starts a block
            self.items.clear()
            self.blank = True
        inside = [item for item in self.items if item.written <= indent]
        parent = inside[-1] if inside else None
        column, placed = (parent.written, parent.placed) if parent else (0, 0)
        rest = line[column:]
        marker = None if THEMATIC_BREAK.match(rest) else MARKER.match(rest)
        if marker and not self.items and after_text and not _interrupts(marker):
            marker = None  # more of the paragraph: "the questions in\n2) the workbook"
        if not marker and not self.blank and not self.code and self.items and \
                indent < self.items[-1].written:
            # A paragraph's lazy continuation line stays in its item, as written:
            # Python-Markdown reads it there too.
            self.out.append(line)
            return
        in_list = bool(self.items)
        # The item at this depth that a new one follows.
        sibling = self.items[len(inside)] if len(self.items) > len(inside) else None
        del self.items[len(inside):]
        ordered = marker is not None and marker["marker"][0].isdigit()
        same_list = sibling is not None and sibling.ordered == ordered
        if after_blank and marker and sibling is not None and same_list:
            sibling.list.loose = True  # a blank line between two items
        elif after_blank and parent:
            parent.list.loose = True  # a blank line before another block of the item
        fence = FENCE.match(rest)
        code = bool(parent) and not marker and _indent(rest) >= TAB_LENGTH and \
            (self.blank or self.code)
        if not self.blank and ((self.code and not code) or
                               (marker and in_list and (placed < self.opened_at or
                                                        self.later_paragraph))):
            # Python-Markdown reads on in the code, in the block of a deeper item, or in
            # an item's later paragraph, up to a blank line: CommonMark ends them here.
            self.out.append("")
            self.blank = True
        if marker and sibling and not same_list and not self.blank:
            # A numbered item after a bulleted one, or the other way round, starts a new
            # list (CommonMark); Python-Markdown reads it as more of the item's text.
            self.out.append("")
            self.blank = True
        if marker and not in_list and after_text and _interrupts(marker):
            # A list may start right under a paragraph's line (CommonMark); Python-Markdown
            # would read it as more of the paragraph.
            self.out.append("")
            self.blank = True
        if self.blank:
            self.opened_at = placed if parent else 0
            self.later_paragraph = bool(parent) and not marker
        self.code = code
        if marker:
            gap = len(marker["gap"])
            written = column + marker.end() - (gap - 1 if gap > 4 else 0)
            item = Item(written=written, placed=placed + TAB_LENGTH, ordered=ordered,
                        list=sibling.list if sibling and same_list else ListRead())
            self.items.append(item)
            self.read.append((rest[marker.end():].strip(), item.list))
            number = marker["marker"].replace(")", ".")
            self.out.append(" " * placed + number + rest[marker.end("marker"):])
        elif fence and parent:
            self.fence = Fence(indent=len(fence["indent"]), fence=fence["fence"],
                               lines=[rest[len(fence["indent"]):]])
        elif parent:
            # Up to three spaces more than the item's content column mean nothing
            # (CommonMark); four or more after a blank line make code.
            if not self.blank and not code and rest.lstrip(" ").startswith(">"):
                # A quote right under the item's text: Python-Markdown sees a quote only
                # up to three spaces in from where it reads the item's content.
                placed = placed - TAB_LENGTH + 2
            self.out.append(" " * placed + (rest if code else rest.lstrip(" ")))
        else:
            if fence:
                self.fence = Fence(indent=indent, fence=fence["fence"])
            self.after_text = not fence and bool(PARAGRAPH_LINE.match(line))
            self.out.append(line)

    def _starts_html(self, line: str) -> bool:
        """Whether `line` opens an HTML block, which is then left as it is."""
        ends = [end for start, end in HTML_TO_ITS_END.items() if start.match(line)]
        if HTML_TO_A_BLANK.match(line):
            ends.append(BLANK_LINE)
        if ends:
            self.html_end = ends[0]
            self._in_html(line)
        return bool(ends)

    def _code(self) -> None:
        """The fenced code of the innermost item, read by fenced_code as if it stood at
        the margin, and placed in the item. A fence the item ends before it is closed
        is closed there, as in CommonMark."""
        assert self.fence is not None
        fence, self.fence = self.fence, None
        # CommonMark takes the opening fence's indentation off each line inside.
        body = [fence.lines[0]] + [line[min(_indent(line), fence.indent):]
                                   for line in fence.lines[1:]]
        body.append(fence.fence)
        if "fenced_code_block" in self.md.preprocessors:
            body = self.md.preprocessors["fenced_code_block"].run(body)
        self.out.extend(" " * self.items[-1].placed + line if line else line
                        for line in body)


class ListSpacing(Treeprocessor):
    """Each list tight or loose as a whole, as CommonMark reads it. Python-Markdown decides
    item by item, from the blocks between blank lines: after a loose list nested in a
    tight one's item (`- b` then `    1. c`, a blank line, `    2. d`, `- e`) it spaced
    that item and the ones after it as paragraphs, and the items before it not."""

    def __init__(self, md: Markdown, indenter: ListIndenter):
        super().__init__(md)
        self.indenter = indenter

    def run(self, root: etree.Element) -> None:
        lists: dict[str, deque[ListRead]] = {}
        for first_line, read in self.indenter.read:
            lists.setdefault(first_line, deque()).append(read)
        for item in list(root.iter("li")):
            # An item the re-indenter did not read (in a footnote, say) is left as it is.
            waiting = lists.get(_first_line(item))
            if waiting:
                if waiting.popleft().loose:
                    self._words_in_a_paragraph(item)
                else:
                    _paragraphs_unwrapped(item)

    def _words_in_a_paragraph(self, item: etree.Element) -> None:
        """The words an item opens with, before its first block, in a paragraph."""
        leading = list(itertools.takewhile(lambda child: not self.md.is_block_level(child.tag),
                                           item))
        if not (item.text or "").strip() and not leading:
            return
        paragraph = etree.Element("p")
        paragraph.text, item.text = item.text, None
        for child in leading:
            item.remove(child)
            paragraph.append(child)
        item.insert(0, paragraph)


def _first_line(item: etree.Element) -> str:
    """An item's first line as written after its marker (the tree is not yet inline)."""
    text = item.text
    if not (text or "").strip() and len(item) and item[0].tag == "p":
        text = item[0].text
    return (text or "").split("\n")[0].strip()


def _paragraphs_unwrapped(item: etree.Element) -> None:
    """An item's paragraphs as plain text in it, where no other paragraph stands beside
    (whose words would run on into these)."""
    for index, child in reversed(list(enumerate(item))):
        beside = [item[i].tag for i in (index - 1, index + 1) if 0 <= i < len(item)]
        if child.tag == "p" and "p" not in beside and not child.attrib:
            _unwrapped(item, index)


def _unwrapped(parent: etree.Element, index: int) -> None:
    """The element at `index` in `parent` replaced by its text and children."""
    child = parent[index]
    before = parent[index - 1] if index else None
    inside = list(child)
    parent.remove(child)
    for offset, grandchild in enumerate(inside):
        parent.insert(index + offset, grandchild)
    _append_text(parent, before, child.text)
    _append_text(parent, inside[-1] if inside else before, child.tail)


def _append_text(parent: etree.Element, after: etree.Element | None, text: str | None) -> None:
    """Text put after the element `after` of `parent` (at its start, if None)."""
    if after is None:
        parent.text = (parent.text or "") + (text or "")
    else:
        after.tail = (after.tail or "") + (text or "")


class Lists(Extension):
    """Registers the list re-indenter, before fenced_code reads the fences, and the
    spacing of lists as CommonMark has it."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        md.registerExtension(self)
        self.indenter = ListIndenter(md)
        # After normalize_whitespace (30), which expands tabs; before fenced_code (25).
        md.preprocessors.register(self.indenter, "book-lists", 27)
        # On the items' text as written: before task lists (25) and inline markup (20).
        md.treeprocessors.register(ListSpacing(md, self.indenter), "book-list-spacing", 30)

    def reset(self) -> None:
        self.indenter.read.clear()
