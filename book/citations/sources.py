"""Read the booklet's bibliography file, BibTeX or CSL-JSON, into CSL data; a fault in it
is reported at its line."""
from __future__ import annotations

import io
import json
import logging
import re
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import bibtexparser
from citeproc.source import Date, DateRange
from citeproc.source.bibtex import BibTeX
from citeproc.string import MixedString
from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db
from pylatexenc.latexwalker import LatexGroupNode, LatexMacroNode, LatexWalker

from ..config import Settings
from ..errors import BookError, Problem, Problems
from ..model import Source

DEFAULT_FILES = ("references.bib", "references.json")


@dataclass(frozen=True)
class Sources:
    """The booklet's bibliography file, read and checked."""

    path: Path
    data: list[dict[str, Any]]
    lines: dict[str, int]
    warnings: tuple[Problem, ...] = ()  # what citeproc-py said reading it, at its places


# A value that ends, then another field's name without a comma between (`pages = {1--9}`
# and `doi = ...` on the next line): bibtexparser reads both as the first value.
RUN_ON = re.compile(r"[}\"]\s*\n\s*[A-Za-z][\w-]*\s*=\s*[{\"\w]")


def bibliography_path(settings: Settings) -> Path | None:
    """The bibliography file: from book.toml, else references.bib or .json if present."""
    if settings.bibliography:
        return settings.root / settings.bibliography
    return next((settings.root / name for name in DEFAULT_FILES
                 if (settings.root / name).is_file()), None)


def load_sources(path: Path) -> Sources:
    """Read a .bib or CSL-JSON file; syntax errors and duplicate keys say where they are."""
    text = path.read_text(encoding="utf-8-sig")
    if path.suffix == ".json":
        return _load_json(path, text)
    return _load_bibtex(path, text)


def _load_bibtex(path: Path, text: str) -> Sources:
    problems = Problems()
    details = _ParserLog()
    logger = logging.getLogger("bibtexparser")
    logger.addHandler(details)
    logger.propagate = False
    try:
        library = bibtexparser.parse_string(text)
    finally:
        logger.removeHandler(details)
        logger.propagate = True
    for block in library.failed_blocks:
        line = _line(block)
        if isinstance(block, bibtexparser.model.DuplicateBlockKeyBlock):
            problems.add(path, line, 1, f"the key {block.key!r} is used twice; give each "
                                        "entry its own key")
        else:
            reason = details.reason_for(line) or "this entry is not valid BibTeX"
            problems.add(path, line, 1, f"{reason}; check its braces, commas and quotes")
    for entry in library.entries:
        for field in entry.fields:
            if isinstance(field.value, str) and RUN_ON.search(field.value):
                problems.add(path, (field.start_line or 0) + 1, 1,
                             f"the field {field.key!r} runs on into the next field: put a "
                             "comma after its value")
            elif isinstance(field.value, str):
                # BibTeX reads a line break in a value as a space; citeproc-py does not,
                # and lost the names of authors listed over two lines.
                field.value = _latex_as_text(
                    " ".join(field.value.split()), field.key, (field.start_line or 0) + 1,
                    path, text, problems)
    problems.raise_if_any()
    lines = {entry.key.lower(): _line(entry) for entry in library.entries}
    # citeproc-py turns BibTeX into CSL data (names, LaTeX accents, dates) for us. It is
    # given only the checked entries: its own parser loops forever on some comments.
    checked = bibtexparser.write_string(bibtexparser.Library([*library.strings,
                                                              *library.entries]))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        data = [_csl_item(key, reference)
                for key, reference in BibTeX(io.StringIO(checked)).items()]
    fields = {entry.key.lower(): {field.key.lower(): field.value for field in entry.fields
                                  if isinstance(field.value, str)}
              for entry in library.entries}
    data = [{**item, **_fields_citeproc_skips(fields.get(item["id"], {}), item)}
            for item in data]
    messages = [str(w.message) for w in caught if not _read_here(str(w.message))]
    return Sources(path, data, lines, (*problems.warnings, *_said(path, text, messages)))


# What citeproc-py's BibTeX reader skips and we read, as Pandoc does: the address of a
# web page, the day it was looked at, and howpublished (a \url{...} in it is the address).
READ_HERE = ("url", "urldate", "howpublished")
URL_COMMAND = re.compile(r"\\url\s*\{([^{}]*)\}")
LATEX_ESCAPE = re.compile(r"\\([&%_#$~])")  # \& in a BibTeX address is &
ISO_DATE = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")


def _read_here(message: str) -> bool:
    """Whether citeproc-py's warning is of a field that _fields_citeproc_skips reads."""
    found = re.fullmatch(r"Unsupported BibTeX field '(.+)'", message)
    return found is not None and found[1].lower() in READ_HERE


def _fields_citeproc_skips(fields: dict[str, str], item: dict[str, Any]) -> dict[str, Any]:
    """The CSL variables of an entry's url, urldate and howpublished fields."""
    found: dict[str, Any] = {}
    url = fields.get("url", "").strip()
    howpublished = fields.get("howpublished", "").strip()
    if howpublished:
        address = URL_COMMAND.fullmatch(howpublished)
        if address:
            url = url or address[1].strip()
        else:  # Pandoc lists it with the publisher, before it
            found["publisher"] = "; ".join([howpublished, *filter(None, [item.get("publisher")])])
    if url:
        found["URL"] = LATEX_ESCAPE.sub(r"\1", URL_COMMAND.sub(r"\1", url))
    date = ISO_DATE.fullmatch(fields.get("urldate", "").strip())
    if date:
        found["accessed"] = {"date-parts": [[int(part) for part in date.groups() if part]]}
    return found


# Fields read as they are written: addresses and codes, where `%` and `_` are not LaTeX.
VERBATIM_FIELDS = {"url", "urldate", "howpublished", "doi", "eprint", "file", "isbn", "issn"}
# LaTeX commands that only style their words: the words are printed, without the style.
STYLING = {"emph", "textit", "textbf", "textsc", "texttt", "textsf", "textsl", "textup",
           "em", "it", "bf", "sc", "tt", "sf", "sl", "underline"}
# Commands that stand for something a bibliography cannot print.
UNPRINTABLE = {"cite", "ref", "label", "footnote", "index"}
# What citeproc-py's LaTeX reader takes as markup (and its commands for them print
# wrongly or fail): given to it as private-use characters, and put back after it.
CITEPROC_SPECIAL = {char: chr(0xE010 + number) for number, char in enumerate("\\{}$~")}
PUT_BACK = str.maketrans({code: char for char, code in CITEPROC_SPECIAL.items()})


def _latex_as_text(value: str, field: str, line: int, path: Path, text: str,
                             problems: Problems) -> str:
    """The field's LaTeX as Unicode text (pylatexenc: accents, dashes, `\\emph`), in the
    form citeproc-py reads: its own LaTeX reader stops on commands it does not know and
    on an accent written `\\"{u}`. Its {braced} parts stay braced, so their case is kept.
    A command that cannot be printed is an error at its place; lost style, a warning."""
    if field.lower() in VERBATIM_FIELDS or ("\\" not in value and "$" not in value):
        return value
    # In a bibliography file a `%` is a per cent sign, not the start of a comment.
    nodes = LatexWalker(re.sub(r"(?<!\\)%", r"\\%", value),
                        tolerant_parsing=True).get_latex_nodes()[0]
    for node in _walk(nodes):
        if not node.isNodeType(LatexMacroNode):
            continue
        name = node.macroname
        if name in STYLING:
            problems.warn(path, *_place_of(name, line, path, text),
                          f"the LaTeX command \\{name} in {field!r} is printed as plain "
                          "text: the citation formatter keeps its words but not their style")
        elif name in UNPRINTABLE or LATEX_TEXT.get_macro_spec(name) is None:
            problems.add(path, *_place_of(name, line, path, text),
                         f"the LaTeX command \\{name} in {field!r} is one the citation "
                         "formatter cannot print; write what it stands for as text (in "
                         "Unicode: é, –, “”)")
    return "".join("{" + _citeproc_text(node.nodelist) + "}"
                   if node.isNodeType(LatexGroupNode) and node.delimiters == ("{", "}")
                   else _citeproc_text([node]) for node in nodes)


LATEX_TEXT = get_default_latex_context_db()
# An address prints as itself, not between angle brackets.
LATEX_TEXT.add_context_category("bibliography", prepend=True, macros=[
    MacroTextSpec("url", simplify_repl="%s"), MacroTextSpec("nolinkurl", simplify_repl="%s")])
TO_TEXT = LatexNodes2Text(latex_context=LATEX_TEXT, math_mode="text")


def _citeproc_text(nodes: list) -> str:
    plain = TO_TEXT.nodelist_to_text(nodes)
    return "".join(CITEPROC_SPECIAL.get(char, char) for char in plain)


def strings_mapped(value: Any, change: Callable[[str], str],
                   verbatim: frozenset[str] = frozenset()) -> Any:
    """CSL data with `change` made to every string in it, but those of `verbatim` fields."""
    if isinstance(value, str):
        return change(value)
    if isinstance(value, list):
        return [strings_mapped(part, change, verbatim) for part in value]
    if isinstance(value, dict):
        return {key: part if key in verbatim else strings_mapped(part, change, verbatim)
                for key, part in value.items()}
    return value


def _walk(nodes: list) -> Iterator[Any]:
    """Every node of a pylatexenc node list, with those inside groups and arguments."""
    for node in nodes or ():
        if node is None:
            continue
        yield node
        yield from _walk(getattr(node, "nodelist", None) or [])
        if node.isNodeType(LatexMacroNode) and node.nodeargd is not None:
            yield from _walk(node.nodeargd.argnlist)


def _place_of(command: str, line: int, path: Path, text: str) -> tuple[int, int]:
    """(line, column) in the file of the LaTeX `command`, from the line of its field on;
    sought only for a command reported, as most (accents) are not."""
    start = sum(len(row) for row in text.splitlines(keepends=True)[: line - 1])
    found = re.compile(rf"\\{re.escape(command)}(?![A-Za-z])").search(text, start)
    return Source(path, text).position(found.start() if found else start)


def _line(block: bibtexparser.model.Block) -> int:
    """The line a block of the file starts on, counted from one: a parsed block knows it."""
    assert block.start_line is not None
    return block.start_line + 1


def _said(path: Path, text: str, messages: list[str]) -> tuple[Problem, ...]:
    """citeproc-py's warnings, as ours: a field it cannot read at each line that sets it."""
    problems = Problems()
    for message in dict.fromkeys(messages):
        found = re.fullmatch(r"Unsupported BibTeX field '(.+)'", message)
        if not found:
            problems.warn(path, 1, 1, f"the citation formatter said: {message}")
            continue
        for place in re.finditer(rf"^\s*({re.escape(found[1])})\s*=", text, re.M | re.I):
            problems.warn(path, *Source(path, text).position(place.start(1)),
                          f"the field {found[1]!r} is one the citation "
                          "formatter cannot read, so no style prints it; remove it, or put "
                          "what it says in a field it reads (such as note)")
    return tuple(problems.warnings)


class _ParserLog(logging.Handler):
    """Keeps bibtexparser's explanations, which it logs rather than attaches to blocks."""

    def __init__(self) -> None:
        super().__init__()
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())

    def reason_for(self, line: int) -> str | None:
        for message in self.messages:
            if f"(line {line - 1})" in message or f"(line {line})" in message:
                return re.sub(r"\s+", " ", message.split(":", 1)[-1]).strip().rstrip(".")
        return None


def _csl_item(key: str, reference: Any) -> dict[str, Any]:
    """A citeproc Reference as a plain CSL-JSON dict (so one code path serves both inputs)."""
    item: dict[str, Any] = {"id": key, "type": reference.type}
    for name, value in reference.items():
        if name in ("key", "type"):
            continue
        field = name.replace("_", "-")
        if isinstance(value, MixedString):  # text in parts; a {Braced} part keeps its case
            item[field] = "".join(str(part) for part in value)
        elif isinstance(value, list):  # names
            item[field] = [{part: str(getattr(person, part)) for part in ("family", "given")
                            if part in person} for person in value]
        elif isinstance(value, DateRange):  # year = {1991--1993}: from one date to another
            item[field] = {"date-parts": [_date_parts(value.begin), _date_parts(value.end)]}
        elif isinstance(value, Date):
            item[field] = {"date-parts": [_date_parts(value)]}
        elif isinstance(value, dict) and "first" in value:  # pages
            item[field] = "–".join(str(value[p]) for p in ("first", "last") if value.get(p))
        else:
            item[field] = str(value)
    return strings_mapped(item, lambda text: text.translate(PUT_BACK))


def _date_parts(date: Date) -> list[int]:
    return [int(date[part]) for part in ("year", "month", "day") if part in date]


def _load_json(path: Path, text: str) -> Sources:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise BookError.at(path, error.lineno, error.colno, f"this is not valid JSON: "
                                                            f"{error.msg}") from None
    if not isinstance(data, list) or not all(isinstance(i, dict) and "id" in i for i in data):
        raise BookError.at(path, 1, 1, "a CSL-JSON file holds a list of entries, each with an 'id'")
    lines = {}
    problems = Problems()
    for item in data:
        key = str(item["id"]).lower()
        line = _json_line(text, item["id"])
        if key in lines:
            problems.add(path, line, 1, f"the key {item['id']!r} is used twice; give each "
                                        "entry its own key")
        lines[key] = line
    problems.raise_if_any()
    return Sources(path, [{**item, "id": str(item["id"]).lower()} for item in data], lines)


def _json_line(text: str, key: str) -> int:
    found = re.search(r'"id"\s*:\s*"' + re.escape(str(key)) + '"', text)
    return text[: found.start()].count("\n") + 1 if found else 1
