"""Tables as GitHub and Pandoc read them, where Python-Markdown's tables extension differs:
`\\|` inside code in a cell is a pipe (GitHub), a header row of empty cells is no
header (Pandoc; GitHub prints it empty), and a row of more cells than the head keeps them,
with a warning (Python-Markdown and GitHub leave them out without a word: a `|` in a
formula, `$|x|$`, splits its cell, as Pandoc reads it too).

READMEs write `| | |` over the `---` line for a table of two columns without headings;
printed, it was an empty bordered row above the table.
"""
from __future__ import annotations

import xml.etree.ElementTree as etree
from collections.abc import Sequence

from markdown import Markdown
from markdown.blockparser import BlockParser
from markdown.extensions import Extension
from markdown.extensions.tables import TableProcessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

from .context import MarkupContext

TABLE_PRIORITY = 75  # Python-Markdown's tables' block processor
EXTRA_CELLS = ("this row has {cells} cells and its table's head {columns}: those beyond the "
               "head's are printed in columns of their own; write \\| for a | in a cell's text, "
               "\\vert in a formula ($\\vert x \\vert$), or add a column to the head and the "
               "--- line")


class AllCellsTable(TableProcessor):
    """Python-Markdown's tables, keeping the cells of a row beyond its head's columns in
    columns of their own, which the other rows get empty (a print layout shows only the
    columns of a table's first row)."""

    def __init__(self, parser: BlockParser, config: dict, context: MarkupContext):
        super().__init__(parser, config)
        self.context = context

    def run(self, parent: etree.Element, blocks: list[str]) -> None:
        super().run(parent, blocks)
        rows = list(parent[-1].iter("tr"))
        columns = max(len(row) for row in rows)
        for row in rows:
            for _ in range(columns - len(row)):
                etree.SubElement(row, row[0].tag)

    def _build_row(self, row: str, parent: etree.Element, align: Sequence[str | None]) -> None:
        super()._build_row(row, parent, align)
        cells = self._split_row(row)
        if len(cells) <= len(align):
            return
        self.context.warn(row, EXTRA_CELLS.format(cells=len(cells), columns=len(align)))
        for cell in cells[len(align):]:
            etree.SubElement(parent[-1], parent[-1][0].tag).text = cell.strip(" ")


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
    """Registers the tables that keep every cell in place of Python-Markdown's, and the
    table processor, after inline markup made the cells' code."""

    def __init__(self, context: MarkupContext, **kwargs):
        self.context = context
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        # In the place of Python-Markdown's, with its settings and its priority.
        tables = md.parser.blockprocessors["table"]
        md.parser.blockprocessors.register(
            AllCellsTable(md.parser, tables.config, self.context), "table", TABLE_PRIORITY)
        # After inline (20), before the figure processor (7.5) numbers tables.
        md.treeprocessors.register(GitHubTables(md), "book-tables", 9)
