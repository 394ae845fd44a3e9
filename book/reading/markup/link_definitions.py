"""Link definitions (`[name]: address`) say once what a name means: a second one would
silently replace the first, so it is an error. A name with code in it (`` [`open()`][] ``,
as Node's READMEs write) is found too."""
from __future__ import annotations

import re
from collections import Counter
from typing import Any

from markdown import Markdown
from markdown.extensions import Extension
from markdown.util import INLINE_PLACEHOLDER_RE

from .context import MarkupContext


class Definitions(dict):
    """Python-Markdown's link definitions, reporting a name defined twice."""

    def __init__(self, md: Markdown, context: MarkupContext):
        super().__init__()
        self.md = md
        self.context = context
        self.defined: Counter[str] = Counter()

    def __contains__(self, name: object) -> bool:
        return super().__contains__(self._as_written(name))

    def __getitem__(self, name: str) -> Any:
        return super().__getitem__(self._as_written(name))

    def _as_written(self, name: object) -> object:
        """A link's text as written: Python-Markdown looks up `[`open()`][]` by its text,
        in which the code is by then a placeholder for the <code> element."""
        if not isinstance(name, str) or "inline" not in self.md.treeprocessors:
            return name
        stash = self.md.treeprocessors["inline"].stashed_nodes

        def written(placeholder: re.Match) -> str:
            node = stash.get(placeholder[1])
            if node is None or isinstance(node, str):
                return placeholder[0]
            # Python-Markdown keeps names in lower case.
            return f"`{''.join(node.itertext()).lower()}`" if node.tag == "code" \
                else placeholder[0]
        return INLINE_PLACEHOLDER_RE.sub(written, name)

    def __setitem__(self, name: str, value: Any) -> None:
        self.defined[name] += 1
        if self.defined[name] > 1:
            # Markdown keeps the name in lower case; find it as the author wrote it.
            text = self.context.chapter.body.text
            starts = [found.start() for found in
                      re.finditer(rf"^[ ]{{0,3}}\[{re.escape(name)}\]:", text, re.I | re.M)]
            number = self.defined[name] - 1
            # A definition in a quote or a list is not at a line's start: the last one found.
            start = text.index("[", starts[min(number, len(starts) - 1)]) if starts else None
            written = text[start:start + len(name) + 2] if start is not None else f"[{name}]"
            self.context.report(f"{written}:", f"the link name {written} is defined again "
                                               "here; give each address its own name",
                                occurrence=text[:start or 0].count(f"{written}:"))
        super().__setitem__(name, value)

    def clear(self) -> None:
        super().clear()
        self.defined.clear()


class LinkDefinitions(Extension):
    """Installs the reporting link definitions."""

    def __init__(self, context: MarkupContext, **kwargs):
        self.context = context
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        md.references = Definitions(md, self.context)
