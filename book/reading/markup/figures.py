"""Numbered figures and tables: a lone image becomes a captioned <figure>, a table takes
the `: Caption {#tbl-label}` line that follows it (or Pandoc's `Table: Caption`, before
or after it)."""
from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown import Markdown
from markdown.blockprocessors import BlockProcessor
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from .context import MarkupContext

TABLE_CAPTION_LABEL = re.compile(r"\s*\{#(tbl-[\w-]+)\}\s*$")
# A `: Caption` line, as the definition-list extension reads it.
CAPTION_LINE = re.compile(r"^[ ]{0,3}:[ ]{1,3}\S")
SCRIPT_SUFFIX = ".py"
# Pandoc's caption line, which may also come before the table.
PANDOC_CAPTION = re.compile(r"^[ ]{0,3}[Tt]able:[ \t]+(?P<text>\S.*)$")
TABLE_SEPARATOR = re.compile(r"^[ ]{0,3}\|?[ \t]*:?-+:?[ \t]*(\|[ \t]*:?-*:?[ \t]*)*\|?[ \t]*$")


class FigureTreeprocessor(Treeprocessor):
    """Wraps lone images in numbered figures and captions tables, numbering per chapter."""

    def __init__(self, md: Markdown, context: MarkupContext):
        super().__init__(md)
        self.context = context

    def run(self, root: etree.Element) -> None:
        chapter = self.context.chapter
        figures = tables = 0
        # In reading order, each element replaced or removed where it is now: a figure in
        # a box is numbered before a later one outside it, and no sibling moves under us.
        parents = {child: parent for parent in root.iter() for child in parent}
        for element in list(root.iter()):
            image = _lone_image(element)
            if image is not None:
                figures += 1
                figure = self._figure(element, image, f"{chapter.number}.{figures}")
                parent = parents[element]
                parent[list(parent).index(element)] = figure
            elif element.tag == "table" and element in parents:
                caption = _table_caption(parents[element], element)
                if caption is not None:
                    tables += 1
                    self._caption_table(element, caption[0], f"{chapter.number}.{tables}")
                    caption.remove(caption[0])
                    if not len(caption):
                        parents[element].remove(caption)

    def _figure(self, paragraph: etree.Element, image: etree.Element,
                number: str) -> etree.Element:
        chapter = self.context.chapter
        caption_text = image.get("alt", "")
        # The paragraph's own {#id .class key=value}, if any, go to the figure that takes
        # its place.
        classes = " ".join(filter(None, ("figure", paragraph.attrib.pop("class", None))))
        label = image.attrib.pop("id", None) or paragraph.attrib.pop("id", None)
        figure = etree.Element("figure", {**paragraph.attrib, "class": classes,
                                          "data-number": number})
        figure.set("id", label or f"{chapter.slug}-figure-{number}")
        alt = image.attrib.pop("fig-alt", None)
        if not alt:
            # Its label, when it has one, says which figure it is; a script may draw several.
            # The label in its braces, not a link to it that comes first.
            text = chapter.body.text
            found = label and re.search(rf"\{{#{re.escape(label)}(?=[\s}}])", text)
            braces = found.start() if found else -1
            self.context.warn(f"#{label}" if label else image.attrib["src"],
                              "the figure has no alt text, so its caption is read out in "
                              "its place: add fig-alt=\"...\" describing what it shows",
                              occurrence=text[:braces].count(f"#{label}") if braces >= 0 else None)
        image.set("alt", alt or caption_text)
        if image.get("src", "").endswith(SCRIPT_SUFFIX):
            image.set("class", "figure-script")
        figure.append(image)
        caption = etree.SubElement(figure, "figcaption")
        prefix = etree.SubElement(caption, "span", {"class": "figure-label"})
        prefix.text = f"{self.context.words['figure']} {number}"
        prefix.tail = " " + caption_text
        self._inline(caption)
        return figure

    def _caption_table(self, table: etree.Element, text: etree.Element, number: str) -> None:
        # The label ends the caption line: `: Communes in 1958 {#tbl-communes}`.
        last = text[-1] if len(text) else None
        ending = (last.tail if last is not None else text.text) or ""
        found = TABLE_CAPTION_LABEL.search(ending)
        if found:
            ending = ending[: found.start()]
        if last is not None:
            last.tail = ending
        else:
            text.text = ending
        table.set("id", found[1] if found else f"{self.context.chapter.slug}-table-{number}")
        table.set("data-number", number)
        table.set("class", "numbered")
        caption = etree.Element("caption")
        prefix = etree.SubElement(caption, "span", {"class": "table-label"})
        prefix.text = f"{self.context.words['table']} {number}"
        prefix.tail = " " + (text.text or "").lstrip()
        for child in list(text):
            caption.append(child)
        table.insert(0, caption)

    def _inline(self, element: etree.Element) -> None:
        """Run the inline patterns (emphasis, citations ...) on text made after they ran."""
        holder = etree.Element("div")
        holder.append(element)
        self.md.treeprocessors["inline"].run(holder)


def _lone_image(element: etree.Element) -> etree.Element | None:
    """The image of a paragraph that holds one image and nothing else."""
    if element.tag != "p" or len(element) != 1 or (element.text or "").strip():
        return None
    image = element[0]
    if image.tag != "img" or (image.tail or "").strip():
        return None
    return image


def _table_caption(parent: etree.Element, table: etree.Element) -> etree.Element | None:
    """The `: Caption` line after a table, which Markdown reads as a <dl> opening with a
    <dd> (a definition list that follows goes into the same <dl>)."""
    children = list(parent)
    place = children.index(table) + 1
    following = children[place] if place < len(children) else None
    if following is None or following.tag != "dl" or not len(following):
        return None
    return following if following[0].tag == "dd" else None


class TableCaptionSplitter(BlockProcessor):
    """A `: Caption` line right after a table's last row, with no blank line between,
    is the table's caption and not one more row."""

    def test(self, parent: etree.Element, block: str) -> bool:
        return self._caption_start(parent, block) is not None

    def run(self, parent: etree.Element, blocks: list[str]) -> bool:
        lines = blocks[0].split("\n")
        start = self._caption_start(parent, blocks[0])
        blocks[0:1] = ["\n".join(lines[:start]), "\n".join(lines[start:])]
        return False  # the table and its caption are now read as if apart

    def _caption_start(self, parent: etree.Element, block: str) -> int | None:
        """The line where a table's caption starts inside one block, if it does."""
        lines = block.split("\n")
        # The header and the separator come first; a caption follows at least one row.
        start = next((number for number, line in enumerate(lines)
                      if number > 1 and CAPTION_LINE.match(line)), None)
        table = self.parser.blockprocessors["table"]
        return start if start and table.test(parent, "\n".join(lines[:start])) else None


class PandocTableCaptions(Preprocessor):
    """Pandoc's `Table: Caption {#tbl-label}` line, after a table or before it (a blank
    line between is allowed), as the `: Caption` line after the table that the caption
    reader takes; it would otherwise print as a paragraph, and its label would be lost."""

    def run(self, lines: list[str]) -> list[str]:
        lines = list(lines)
        for number, line in enumerate(lines):
            caption = PANDOC_CAPTION.match(line)
            if not caption:
                continue
            written = f": {caption['text']}"
            if _table_ends_at(lines, number - 1) or (
                    _table_ends_at(lines, number - 2) and not lines[number - 1].strip()):
                lines[number] = written
                continue
            start = number + 1 if number + 1 < len(lines) and lines[number + 1].strip() \
                else number + 2
            end = _table_from(lines, start)
            if end is not None:
                # Moved after the table (problems are placed by their text, not by line).
                lines[number] = ""
                lines[end:end] = ["", written]
        return lines


def _table_from(lines: list[str], start: int) -> int | None:
    """The line after the table that starts on line `start`, if one does."""
    if start + 1 >= len(lines) or "|" not in lines[start] \
            or not TABLE_SEPARATOR.match(lines[start + 1]):
        return None
    end = start + 2
    while end < len(lines) and lines[end].strip() and "|" in lines[end]:
        end += 1
    return end


def _table_ends_at(lines: list[str], last: int) -> bool:
    """Whether line `last` is a table's last row."""
    start = last
    while start > 0 and lines[start - 1].strip() and "|" in lines[start - 1]:
        start -= 1
    return last >= 0 and "|" in lines[last] and _table_from(lines, start) == last + 1


class Figures(Extension):
    """Registers the figure and table numbering."""

    def __init__(self, context: MarkupContext, **kwargs):
        self.context = context
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        # After the inline patterns (20) and attr_list (8): images exist by then and
        # carry their {#fig-...} ids.
        md.treeprocessors.register(FigureTreeprocessor(md, self.context), "book-figures", 7.5)
        # Before the tables (75), so a caption is never read as a row.
        md.parser.blockprocessors.register(TableCaptionSplitter(md.parser), "book-caption", 76)
        # After fenced code is put aside (fenced_code_block, 25), so that no line is code's.
        md.preprocessors.register(PandocTableCaptions(md), "book-pandoc-captions", 24)
