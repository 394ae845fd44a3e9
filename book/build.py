"""The build pipeline, top to bottom, one stage per line."""
from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import BookError, Problem, Problems
from .files import located_write_faults
from .progress import Progress, quiet
from .cache import inputs_digest, record, up_to_date

if TYPE_CHECKING:
    from .config import Override
    from .model import Book

FORMATS = ("pdf", "epub", "html")
DEFAULT_FORMATS = ("pdf", "epub")
CACHE = ".cache"


@dataclass(frozen=True)
class Options:
    """What the command line asks of a build."""

    out_dir: Path | None = None  # default: the booklet's build/ folder (output_folder)
    formats: tuple[str, ...] = DEFAULT_FORMATS
    strict: bool = False
    overrides: tuple[Override, ...] = ()  # --set, --theme, --edition
    handout: tuple[str, ...] = ()
    impose: bool = False
    marks: bool = False
    one_pass: bool = False  # lay the book out in one piece, not in parts (print_layout.py)
    progress: Progress = quiet


@dataclass(frozen=True)
class BuildResult:
    """What a build wrote, and the warnings it found on the way."""

    written: list[Path]
    warnings: list[Problem]
    up_to_date: bool = False


def build(root: Path, options: Options = Options()) -> BuildResult:
    """Build the booklet in `root` into the output folder (default ROOT/build)."""
    # Checked before the heavy stages are even imported, so a no-op rebuild is quick.
    out_dir = output_folder(root, options)
    if out_dir.exists() and not out_dir.is_dir():
        raise BookError.at(out_dir, 0, 0, "the output folder is a file; choose a folder "
                                          "with -o, or move the file away")
    digest = inputs_digest(root.resolve(), out_dir, _options_key(options))
    if (previous := up_to_date(out_dir / CACHE, digest)) is not None:
        return BuildResult(previous, [], up_to_date=True)
    # Any write of the build's, its outputs' and its caches', that the disk refuses.
    with located_write_faults(out_dir):
        result = _build(root, options, out_dir)
        record(out_dir / CACHE, digest, result.written)
    return result


def output_folder(root: Path, options: Options) -> Path:
    """Where the outputs and their cache go: --output, or the booklet's build/ folder."""
    return (options.out_dir or root / "build").resolve()


def _options_key(options: Options) -> str:
    return repr((options.formats, options.strict, options.overrides, options.handout,
                 options.impose, options.marks, options.one_pass))


def _build(root: Path, options: Options, out_dir: Path) -> BuildResult:
    """The stages, top to bottom."""
    from .writers.epub import write_epub
    from .figures.drawing import make_figures
    from .figures.runners import early_runners
    from .commands.handout import select_chapters
    from .writers.web import write_html
    from .writers.impose import write_imposed
    from .files import write_atomically
    from .config import Override

    report = Problems()
    # A handout carries its own source list.
    own_list = Override("chapter_bibliographies", "true", (Path("handout"), 0, 0))
    overrides = options.overrides + ((own_list,) if options.handout else ())
    figures = out_dir / CACHE / "figures"
    with early_runners(root, figures) as runners:
        book = read_book(root, report, overrides, options.progress, out_dir / CACHE)
        report.raise_if_any()
        if options.handout:
            book = select_chapters(book, options.handout)
        settings = book.settings
        book = replace(book, figure_files=make_figures(book.scripts, settings, book.theme,
                                                       figures, options.progress, runners,
                                                       report))
    _stop_if_strict(report, options)
    name = _output_name(book)
    # One print layout serves both: the EPUB's page numbers are the PDF's, unless it is
    # to have none (epub_page_numbers). The index's own pages come last and carry no EPUB
    # page numbers, so an EPUB alone skips them.
    printed = "pdf" in options.formats or options.impose
    paged = settings.epub_page_numbers and not book.handout
    pages, data = None, None
    if printed or paged and "epub" in options.formats:
        from .layout.lost_in_layout import report_lost
        from .layout.print_layout import lay_out  # WeasyPrint takes most of a second to import

        printed_layout = lay_out(book, out_dir / CACHE / "layout", report, marks=options.marks,
                                 progress=options.progress, write=printed,
                                 in_parts=not options.one_pass)
        pages, data = printed_layout.pages, printed_layout.pdf
        report_lost(book, pages, report)
        _stop_if_strict(report, options)  # the layout may have found more to warn of
    written = []
    if "html" in options.formats:
        written.append(write_html(book, out_dir / f"{name}.html"))
    if "pdf" in options.formats:
        write_atomically(out_dir / f"{name}.pdf", data)
        written.append(out_dir / f"{name}.pdf")
    if options.impose:
        written.append(write_imposed(data, out_dir / f"{name}-saddle.pdf"))
    if "epub" in options.formats and not book.handout:
        written.append(write_epub(book, out_dir / f"{name}.epub", pages if paged else None))
    return BuildResult(written, report.warnings)


def _stop_if_strict(report: Problems, options: Options) -> None:
    """With --strict, warnings are errors: stop before anything is written."""
    if options.strict and report.warnings:
        raise BookError([replace(warning, severity="error") for warning in report.warnings])


def read_book(root: Path, report: Problems, overrides: tuple[Override, ...] = (),
              progress: Progress = quiet, cache: Path | None = None) -> Book:
    """Everything up to the outputs: settings, theme, chapters, Markdown, resolution.

    Problems in the sources go to `report`; the caller decides when they stop the build.
    `cache` is the build's cache folder, which keeps formatted citations."""
    from .assembly.assemble import assemble
    from .config import load_settings
    from .reading.glyphs import check_glyphs
    from .reading.render import render_chapters
    from .reading.sources import read_chapters
    from .theming.themes import load_theme

    settings = load_settings(root, overrides)
    theme = load_theme(settings)
    chapters = read_chapters(settings)
    check_glyphs(chapters, theme, report)
    rendered = render_chapters(chapters, settings, report, progress)
    return assemble(settings, theme, rendered, report,
                    None if cache is None else cache / "citations")


def _output_name(book: Book) -> str:
    from .commands.handout import handout_name

    name = handout_name(book) if book.handout else book.settings.name
    return f"{name}-teacher" if book.settings.readers == "teacher" else name
