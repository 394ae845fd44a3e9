"""The build pipeline, top to bottom, one stage per line."""
from __future__ import annotations

from pathlib import Path

from .assemble import assemble
from .config import load_settings
from .pdf import write_pdf
from .render import render_chapters
from .sources import read_chapters
from .themes import load_theme

FORMATS = ("pdf",)


def build(root: Path, out_dir: Path | None = None, formats: tuple[str, ...] = FORMATS) -> list[Path]:
    """Build the booklet in `root` into `out_dir` (default ROOT/build); return the files written."""
    settings = load_settings(root)
    theme = load_theme(settings)
    chapters = read_chapters(settings)
    rendered = render_chapters(chapters, settings)
    book = assemble(settings, theme, rendered)
    out_dir = out_dir or settings.root / "build"
    written = []
    if "pdf" in formats:
        written.append(write_pdf(book, out_dir / f"{settings.name}.pdf"))
    return written
