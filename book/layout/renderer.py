"""WeasyPrint as the layout uses it: the book's stylesheets, only local files, PDF/UA."""
from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

import weasyprint
from weasyprint.urls import FatalURLFetchingError

from ..errors import BookError
from .fetcher import LocalFetcher
from .formula_drawings import drawn_once
from .image_ids import name_pictures_by_content
from .pdf_tags import tagged_formulas, tagged_languages
from .reported_footnotes import keep_moved_footnotes

keep_moved_footnotes()
name_pictures_by_content()


class Renderer:
    """Lays out HTML documents with the book's stylesheets, loading files only through
    `fetcher` (which records what each layout read: print_layout's cache needs it).
    `formulas` are the formulas' drawings, which its PDFs draw once (formula_drawings.py)."""

    def __init__(self, root: Path, fetcher: LocalFetcher, stylesheets: list[weasyprint.CSS],
                 formulas: Collection[Path] = ()):
        self.root, self.fetcher, self.stylesheets = root, fetcher, stylesheets
        self.formulas = frozenset(formulas)

    def render(self, html: str, *extra: weasyprint.CSS) -> weasyprint.Document:
        document = weasyprint.HTML(string=html, base_url=self.root.as_uri() + "/",
                                   url_fetcher=self.fetcher)
        try:
            return document.render(stylesheets=[*self.stylesheets, *extra])
        except FatalURLFetchingError as error:
            raise BookError.at(self.root, 0, 0, f"refused to load {error}") from None

    def pdf_bytes(self, document: weasyprint.Document) -> bytes:
        """The laid-out pages as PDF bytes."""
        # PDF/UA-1 gives a tagged PDF with the document language and title in its catalog.
        with tagged_languages(), tagged_formulas(), drawn_once(self.formulas):
            return document.write_pdf(pdf_variant="pdf/ua-1")
