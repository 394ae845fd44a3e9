"""MyST's Markdown, as Jupyter Book and Sphinx manuals write it: admonitions fenced as code,
```` ```{note} ````, are the booklet's boxes (blocks.py reads them as `:::{note}`), a
```` ```{code-block} python ```` fence is code, and a role, `` {ref}`pip freeze` ``, prints
its text.

Without this, a note was printed as a block of code, and each role's name in braces was
read as an attribute.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown import Markdown
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.preprocessors import Preprocessor
from markdown.util import AtomicString

from .blocks import KINDS, OTHER_KINDS
from .context import MarkupContext
from .lists import FENCE, closes_fence

# The options that open a directive's content (`:linenos:`, `:caption: Example`).
OPTION = re.compile(r"^\s*:[\w-]+:")
# A directive fenced with backticks or tildes, its name and what follows it.
DIRECTIVE = re.compile(r"^(?P<indent> {0,3})(?P<fence>`{3,}|~{3,})\{(?P<name>[A-Za-z][\w-]*)\}"
                       r"[ \t]*(?P<argument>.*)$")
CODE_DIRECTIVES = ("code-block", "code", "sourcecode", "code-cell")
# `{role}`text``: the roles whose text is prose (a cross-reference's words); any other's
# is code, as it was written in backticks.
ROLE = r"\{(?P<role>[A-Za-z][\w:.-]*)\}`(?P<text>[^`\n]+)`"
PROSE_ROLES = ("ref", "doc", "term", "numref", "eq", "abbr", "download", "any")
# Inline code, as CommonMark delimits it: a run of backticks closed by as many.
CODE_SPAN = re.compile(r"(?<![\\`])(`+)(?!`).+?(?<!`)\1(?!`)", re.S)
# `text <target>` in a cross-reference role: the text is what prints.
TARGET = re.compile(r"\s*<[^<>]*>\s*$")


class DirectiveFences(Preprocessor):
    """Writes each admonition fenced as code as a `:::{kind}` box, each code directive's
    fence as a plain fence with its language (its options left out), and any other
    directive's as a plain fence, its content printed as code, with a warning: fenced as
    code, it is code to a reader that does not know MyST. Ordinary fenced code is left as
    it is, directives written inside it too."""

    def __init__(self, md: Markdown, context: MarkupContext):
        super().__init__(md)
        self.context = context

    def run(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        # The fences open, innermost last: each as written, and what closes it in `out`.
        open_fences: list[tuple[str, str]] = []
        options = False  # whether the lines are a code directive's options
        for line in lines:
            fence = FENCE.match(line)
            if open_fences:
                opened, closing = open_fences[-1]
                if fence and closes_fence(line, opened):
                    open_fences.pop()
                    out.append(fence["indent"] + closing)
                    options = False
                    continue
                if options and OPTION.match(line):
                    continue  # `:linenos:`, `:caption: ...` print nothing
                options = False
                if closing != ":::":  # code: a directive written in it is code too
                    out.append(line)
                    continue
            found = DIRECTIVE.match(line) if fence else None
            name = found["name"].lower() if found else ""
            if fence is None:
                out.append(line)
            elif found is None:
                open_fences.append((fence["fence"], fence["fence"]))
                out.append(line)
            elif name in KINDS or name in OTHER_KINDS:
                out.append(f"{found['indent']}:::{{{name}}} {found['argument']}".rstrip())
                open_fences.append((found["fence"], ":::"))
            elif name in CODE_DIRECTIVES:
                out.append(f"{found['indent']}{found['fence']}{found['argument']}".rstrip())
                open_fences.append((found["fence"], found["fence"]))
                options = True
            else:
                # fenced_code would read the braces as attributes, and lose the content.
                self.context.warn(f"{{{found['name']}}}",
                                  f"MyST's directive {{{found['name']}}} is not one the "
                                  "booklet has, so its content is printed as code")
                out.append(found["indent"] + found["fence"])
                if found["argument"].strip():  # `{versionadded} 10.0`: kept as written
                    out.append(found["indent"] + found["argument"].strip())
                open_fences.append((found["fence"], found["fence"]))
                options = True
        return out


class RoleProcessor(InlineProcessor):
    """`{ref}`the guide <target>`` -> "the guide"; `{command}`ls`` -> <code>ls</code>."""

    def handleMatch(self, m, data):  # noqa: N802 (Python-Markdown's name)
        if any(code.start() <= m.start() < code.end()
               for code in CODE_SPAN.finditer(data)):
            return None, None, None  # `{name}` inside code, read before code is
        if m["role"].lower() in PROSE_ROLES:
            return TARGET.sub("", m["text"]) or m["text"], m.start(0), m.end(0)
        code = etree.Element("code")
        code.text = AtomicString(m["text"])
        return code, m.start(0), m.end(0)


class MyST(Extension):
    """Registers the directive fences and the roles."""

    def __init__(self, context: MarkupContext, **kwargs):
        self.context = context
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        # After normalize_whitespace (30), before lists (27) and fenced_code (25).
        md.preprocessors.register(DirectiveFences(md, self.context), "book-myst-directives",
                                  28)
        # Before inline code (190), which would take the backticks first.
        md.inlinePatterns.register(RoleProcessor(ROLE, md), "book-myst-role", 195)
