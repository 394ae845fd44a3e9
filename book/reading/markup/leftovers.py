"""Markup that Markdown left as text because it was not closed or not in its place."""
from __future__ import annotations

import re
from collections.abc import Iterator

import lxml.html

from ..fragments import texts_outside_code
from .blocks import KINDS as BOX_KINDS
from .blocks import NOT_A_BOX, OTHER_KINDS
from .xrefs import KINDS

# (pattern, why): each would otherwise be printed as it was typed. Index markers may run
# over lines, as they do when they are read; the others end with their line.
TERM = r"(?:\\.|[^()\\])+?"
# A line that opens or closes one of the booklet's boxes (blocks.py); a line of another
# word is another tool's (AS_WRITTEN).
BOX_FENCE = rf':{{3,}}[ \t]*(?:(?:{"|".join([*BOX_KINDS, *OTHER_KINDS])})(?![\w-]).*|\{{.*)?'

INDEX_LEFTOVERS = (
    (rf"\({{3}}{TERM}\){{2}}(?!\))|(?<!\()\({{2}}(?!\(){TERM}\){{3}}",
     "this index marker opens and closes with different numbers of brackets; write "
     "((term)) for a term shown in the text or (((Term))) for a hidden entry"),
    (r"(?<!\()\({2,3}(?!\()(?![^()]*\)\))[^()]*",
     "this index marker is not closed; end it with '))' (or ')))' for a hidden entry)"),
)
LINE_LEFTOVERS = (
    (r"\{#[^}\s]*\}?",
     "this label is not attached to anything: put {#label} at the end of a heading's line, "
     "right after an image, or close its brace"),
    (r"\[[^\[\]]*?(?<!\w)-?@\w[^\]]*$",
     "this citation is not closed; end it with ']'"),
    (rf"^{BOX_FENCE}$",
     "this ::: line is inside a paragraph; leave a blank line before and after it"),
    (r"\[\^[^\]\s]*(?=\s|$)",
     "this footnote call is not closed; write [^label] with its ']'"),
    (rf"(?<![\w@])@(?i:{'|'.join(KINDS)})-(?![\w-]*\w)",
     "this cross-reference has no label; write it as @fig-name, @tbl-name, @eq-name or "
     "@sec-name"),
)


# (pattern, why) for markup printed as written, with a warning: another tool's, what other
# tools read otherwise, or a link whose name may be misspelt (not `grid[1][2]` or a
# citation's `[1][2]`).
AS_WRITTEN = (
    (r"(?<![\w\]])\[(?!\d+\]\[\d*\])[^\[\]]+\]\[[^\[\]^]*\]",
     "this link's name is not defined, so it is printed as written: add a line "
     "'[name]: address' to the chapter, or check the name's spelling"),
    (rf"^(?!{BOX_FENCE}$):{{3,}}[ \t]*\S.*", NOT_A_BOX),
    (r"\\[,;:!](?![^\s\w])|\\q?quad\b",
     "this space of a formula's (\\, \\; \\quad) is printed as written outside one: put "
     "the number and its unit in a formula ($3400\\,\\mathrm{K}$), or write a space"),
    (r"^#{1,6}(?=[^\W\d_])",
     "this line starts with # and no space, so it is printed as text, as GitHub prints it; "
     "for a heading, put a space after the #s"),
)


def printed_as_written(fragment: lxml.html.HtmlElement) -> Iterator[tuple[str, str]]:
    """(markup, why) for each piece of AS_WRITTEN's markup in the text, outside code."""
    for text in texts_outside_code(fragment):
        for line in text.splitlines():
            for pattern, why in AS_WRITTEN:
                yield from ((found[0], why) for found in re.finditer(pattern, line))


def leftover_markup(fragment: lxml.html.HtmlElement) -> Iterator[tuple[str, str]]:
    """(markup, why) for each piece of our markup left in the text, outside code."""
    for text in texts_outside_code(fragment):
        for pattern, why in INDEX_LEFTOVERS:
            for found in re.finditer(pattern, text):
                # Its first line, as it is in the source, to find where it was written.
                yield found[0].split("\n", 1)[0], why
        for line in text.splitlines():
            for pattern, why in LINE_LEFTOVERS:
                for found in re.finditer(pattern, line):
                    yield found[0], why
