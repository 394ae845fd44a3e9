"""A booklet without blank pages (`blank_pages = false`): every break to a left or a right
page, which leaves a blank page before it when the page before is on that side already,
becomes a break to the next page.

The stylesheets themselves are changed, not a rule added after them: a theme's own breaks
(`.unit { break-before: right }`) go the same way as the built-in ones, and every rule
keeps its place and weight among the others."""
from __future__ import annotations

from typing import Any

import tinycss2

# The break properties and what each writes for "the next page".
NEXT_PAGE = {"break-before": "page", "break-after": "page",
             "page-break-before": "always", "page-break-after": "always"}
SIDES = {"left", "right", "recto", "verso"}
# At-rules whose blocks hold style rules.
GROUPING = {"media", "supports"}


def without_blank_pages(css: str) -> str:
    """The stylesheet with each break to a side made a break to the next page; the rest is
    as written, line for line, so that WeasyPrint's messages still point at its lines."""
    lines = css.split("\n")
    # From the last to the first, so that a change leaves the columns before it as they are.
    for line, column, length, value in sorted(_sided_breaks(tinycss2.parse_stylesheet(
            css, skip_comments=True, skip_whitespace=True)), reverse=True):
        text = lines[line - 1]
        lines[line - 1] = text[:column - 1] + value + text[column - 1 + length:]
    return "\n".join(lines)


def _sided_breaks(rules: list[Any]) -> list[tuple[int, int, int, str]]:
    """(line, column, length, replacement) of each side named by a break property."""
    found = []
    for rule in rules:
        if rule.type == "at-rule" and rule.lower_at_keyword in GROUPING and rule.content:
            found += _sided_breaks(tinycss2.parse_rule_list(rule.content, skip_comments=True,
                                                            skip_whitespace=True))
        elif rule.type == "qualified-rule":
            for declaration in tinycss2.parse_declaration_list(rule.content):
                if declaration.type != "declaration" or declaration.lower_name not in NEXT_PAGE:
                    continue
                found += [(token.source_line, token.source_column, len(token.value),
                           NEXT_PAGE[declaration.lower_name])
                          for token in declaration.value
                          if token.type == "ident" and token.lower_value in SIDES]
    return found
