"""Tables as GitHub and Pandoc read them, where Python-Markdown's tables extension differs:
`\\|` inside code in a cell is a pipe (GitHub), and a header row of empty cells is no
header (Pandoc; GitHub prints it empty).

READMEs write `| | |` over the `---` line for a table of two columns without headings;
printed, it was an empty bordered row above the table.
"""
from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString


class GitHubTables(Treeprocessor):
    """Unescapes pipes in cells' code, and drops header rows with nothing in them."""

    def run(self, root: etree.Element) -> None:
        for table in root.iter("table"):
            for cell in [*table.iter("td"), *table.iter("th")]:
                for code in cell.iter("code"):
                    if code.text and "\\|" in code.text:
                        # A pipe in a cell must be escaped even inside code (GitHub).
                        code.text = AtomicString(code.text.replace("\\|", "|"))
            head = table.find("thead")
            if head is not None and not any(
                    "".join(cell.itertext()).strip() or len(cell) for cell in head.iter("th")):
                table.remove(head)


class Tables(Extension):
    """Registers the table processor, after inline markup made the cells' code."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        # After inline (20), before the figure processor (7.5) numbers tables.
        md.treeprocessors.register(GitHubTables(md), "book-tables", 9)
