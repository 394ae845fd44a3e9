"""The build pipeline, top to bottom, one stage per line."""
from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from .assemble import assemble
from .config import load_settings
from .errors import BookError, Problem, Problems
from .figures import make_figures
from .model import Book
from .epub import PrintPages, write_epub
from .pdf import anchor_pages, render_pdf, write_pdf
from .render import render_chapters
from .sources import read_chapters
from .themes import load_theme

FORMATS = ("pdf", "epub")
CACHE = ".cache"


@dataclass(frozen=True)
class BuildResult:
    """What a build wrote, and the warnings it found on the way."""

    written: list[Path]
    warnings: list[Problem]


def build(root: Path, out_dir: Path | None = None, formats: tuple[str, ...] = FORMATS,
          strict: bool = False) -> BuildResult:
    """Build the booklet in `root` into `out_dir` (default ROOT/build)."""
    report = Problems()
    book = read_book(root, report)
    settings = book.settings
    out_dir = (out_dir or settings.root / "build").resolve()
    book = replace(book, figure_files=make_figures(book.scripts, settings, book.theme,
                                                   out_dir / CACHE / "figures"))
    if strict and report.warnings:
        raise BookError([replace(warning, severity="error") for warning in report.warnings])
    # One print layout serves both: the EPUB's page numbers are the PDF's.
    document = render_pdf(book)
    written = []
    if "pdf" in formats:
        written.append(write_pdf(document, out_dir / f"{settings.name}.pdf"))
    if "epub" in formats:
        pages = PrintPages.from_layout(anchor_pages(document), len(document.pages),
                                       book.chapters[0].chapter.slug)
        written.append(write_epub(book, out_dir / f"{settings.name}.epub", pages))
    return BuildResult(written, report.warnings)


def read_book(root: Path, report: Problems) -> Book:
    """Everything up to the outputs: settings, theme, chapters, Markdown, resolution."""
    settings = load_settings(root)
    theme = load_theme(settings)
    chapters = read_chapters(settings)
    rendered = render_chapters(chapters, settings, report)
    book = assemble(settings, theme, rendered, report)
    report.raise_if_any()
    return book
