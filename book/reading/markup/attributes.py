"""`{#id .class key=value}` where authors write it: at the end of a paragraph's last line
(Python-Markdown's attr_list wants a line of its own) and as all of a heading's line."""
from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

_ATTRIBUTE = r"""(?:[#.][\w:-]+|[\w:-]+=(?:"[^"\n]*"|'[^'\n]*'|[^\s"'}]+))"""
# Only a list of real attributes, so prose such as "the set {1, 2}" stays as written.
ATTRIBUTES = rf"\{{:?[ ]*{_ATTRIBUTE}(?:[ ]+{_ATTRIBUTE})*[ ]*\}}"
AT_LINE_END = re.compile(rf"[ \t]+(?={ATTRIBUTES}[ \t]*$)")
WHOLE = re.compile(rf"^{ATTRIBUTES}[ \t]*$")
HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")


class AttributePlacer(Treeprocessor):
    """Moves attributes where attr_list reads them: onto a line of their own after a
    paragraph, after a space in a heading."""

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            if element.tag not in ("p", *HEADINGS):
                continue
            last = element[-1] if len(element) else None
            text = (last.tail if last is not None else element.text) or ""
            if element.tag == "p":
                placed = AT_LINE_END.sub("\n", text, count=1)
            else:
                placed = " " + text if WHOLE.match(text) else text
            if placed == text:
                continue
            if last is not None:
                last.tail = placed
            else:
                element.text = placed


class Attributes(Extension):
    """Registers the attribute placer."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        # After the inline patterns (20), before attr_list (8) reads the attributes.
        md.treeprocessors.register(AttributePlacer(md), "book-attributes", 8.5)
