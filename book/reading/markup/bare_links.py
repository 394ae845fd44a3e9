"""Bare URLs as links, as GitHub prints them (`see https://example.org.`), by pymdownx's
magiclink with only its URL patterns: no @mentions, repository shorthands or e-mail links."""
from __future__ import annotations

from markdown import Markdown
from pymdownx.magiclink import MagiclinkExtension


class BareLinks(MagiclinkExtension):
    """Magiclink for `https://...`, `ftp://...` and `www....` alone."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        super().extendMarkdown(md)
        # An e-mail address is printed as written; in print a mailto link adds nothing.
        md.inlinePatterns.deregister("magic-mail")
