"""Read a TOML file (book.toml, theme.toml, classes.toml): its data, where each key is,
and mistakes told in plain words at their line and column."""
from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from .errors import BookError

# A key as TOML writes it: bare, "quoted" or 'literal', joined by dots.
KEY_PART = r"""(?:[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|'[^']*')"""
DOTTED_KEY = rf"{KEY_PART}(?:\s*\.\s*{KEY_PART})*"
TABLE_LINE = re.compile(rf"\s*\[\[?\s*({DOTTED_KEY})\s*\]")
KEY_LINE = re.compile(rf"\s*({DOTTED_KEY})\s*=\s*")
QUOTE_HINT = "text goes in quotes"


def parse_toml(path: Path, text: str) -> dict[str, Any]:
    """Parse TOML; a mistake is an error at its place, in plain words."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        line, col, message = _explain(text, str(error))
        raise BookError.at(path, line, col, f"{message} (this is not valid TOML)") from None


def key_positions(text: str) -> dict[str, tuple[int, int]]:
    """(line, column of the value) of each key, by its dotted name ("variables.accent");
    a table heading gives its own name the line of the heading (tomllib keeps no
    positions). Keys inside an inline table or a multi-line value are not found."""
    positions: dict[str, tuple[int, int]] = {}
    table: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        heading = TABLE_LINE.match(line)
        found = None if heading else KEY_LINE.match(line)
        if heading:
            table = _key_names(heading[1])
            positions.setdefault(".".join(table), (number, 1))
        elif found:
            name = ".".join(table + _key_names(found[1]))
            positions.setdefault(name, (number, found.end() + 1))
    return positions


# tomllib's words for a key or table given a value a second time.
SET_TWICE = ("Duplicate inline table key", "Cannot overwrite", "Cannot declare", "Cannot mutate",
             "Cannot redefine")


def _key_names(dotted: str) -> list[str]:
    return [part.strip().strip("\"'") for part in re.findall(KEY_PART, dotted)]


def _explain(text: str, raw: str) -> tuple[int, int, str]:
    """Line, column and plain words for a tomllib message."""
    found = re.search(r"line (\d+), column (\d+)", raw)
    message = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)$", "", raw)
    if found:
        line, col = int(found[1]), int(found[2])
    else:
        # "At end of document" says nothing of where: the first lines that fail to
        # parse on their own end at the line the trouble starts on.
        line, col = _first_failing_line(text), 1
    lines = text.splitlines() or [""]
    source = lines[min(line, len(lines)) - 1]
    if message.startswith(SET_TWICE):
        # tomllib stops after the value; what is set twice is the key the line begins with.
        col = len(source) - len(source.lstrip()) + 1
    return line, col, _plain(message, source, col)


def _first_failing_line(text: str) -> int:
    lines = text.splitlines()
    for count in range(1, len(lines) + 1):
        try:
            tomllib.loads("\n".join(lines[:count]))
        except tomllib.TOMLDecodeError:
            return count
    return max(len(lines), 1)


def _plain(message: str, source: str, col: int) -> str:
    """What a tomllib message means, and how to fix it."""
    key = KEY_LINE.match(source)
    name = key[1] if key else "the key"
    value = source[key.end():].strip() if key else ""
    if message == "Invalid value" and key and not value:
        return f"the value of {name} is missing: write {name} = \"...\""
    if message == "Invalid value" and (key is None or col - 1 < key.end()):
        # A value was wanted where a line starts: the list before it is still open.
        return "a list ('[') before this is not closed: add ']' after its last item"
    if message == "Invalid value":
        word = source[col - 1:].strip()
        return (f"{word!r} is not a value TOML knows: a missing quote? {QUOTE_HINT}, as "
                f"in {name} = \"{word.strip(chr(34) + chr(39))}\"; numbers, true/false, "
                "dates (2026-09-01) and [lists] go without")
    if message.startswith("Illegal character") and "\\n" in message:
        return ("a missing quote: the text is not closed before the end of the line; add "
                "the closing \" (text over several lines goes in \"\"\"triple quotes\"\"\")")
    if message.startswith("Illegal character"):
        return (f"the character U+{ord(source[col - 1:col] or '?'):04X} cannot be in a TOML "
                "file; remove it")
    if message.startswith("Expected \"'\"") or message.startswith("Expected '\"'"):
        return "a missing quote: the text is not closed before the end of the line; add it"
    if message == "Unterminated string":
        return 'a missing quote: the text opened with """ here is never closed; add """'
    if message == "Expected '=' after a key in a key/value pair":
        return (f"expected '=' after the key: write key = value, one per line; a key with "
                f"spaces or other signs goes in quotes, as in \"{source[:col - 1].strip()}\" = ...")
    if message == "Expected newline or end of document after a statement":
        return ("there is more on this line after the value: put each setting on its own "
                "line; text that holds a \" goes in single quotes ('...') or writes it as "
                "\\\"; a date is written as 2026-09-01")
    if message == "Unclosed array":
        return "the list opened with '[' is not closed: add ']', with commas between the items"
    if message == "Unclosed inline table":
        return "the table opened with '{' is not closed on its line: add '}'"
    if message.startswith(SET_TWICE):
        heading = TABLE_LINE.match(source)
        return f"{f'[{heading[1]}]' if heading else name} is set twice; keep one"
    if message == "Invalid date or datetime":
        return "this is not a date: write it as 2026-09-01"
    if message in ("Invalid hex value", "Escaped character is not a Unicode scalar value",
                   "Unescaped '\\' in a string") or message.startswith("Found invalid character"):
        return ("a backslash (\\) in \"text\" starts an escape such as \\n: write \\\\ for "
                "one backslash, or put the text in single quotes ('...')")
    if message == "Invalid initial character for a key part":
        return ("a key is a name of letters, digits, '_' and '-', or text in quotes; it is "
                "followed by '=' and its value")
    if message.startswith("Expected ']'") or message.startswith("Expected ']]'"):
        return "the table heading is not closed: write it as [name] on a line of its own"
    return "each line must be key = value or a [table] heading; text goes in quotes"
