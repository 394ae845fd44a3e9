"""The build pipeline: its stages, top to bottom, each a function of what the stage before
gave. `build` runs them all; check, serve, batch and handout run the same stages.

    read_book      the folder -> Book (settings, theme, chapters, Markdown, resolution)
    draw_figures   Book -> Book with its figures' SVGs
    lay_out_book   Book -> PrintLayout (where each element landed, and the PDF's bytes)
    write_formats  Book and PrintLayout -> the output files
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from .cache import inputs_digest, record, recorded_warnings, up_to_date
from .errors import BookError, Problem, Problems
from .files import located_write_faults
from .overrides import Override
from .progress import Progress, quiet

if TYPE_CHECKING:
    from .figures.runners import Runners
    from .layout.pages import PrintLayout
    from .model import Book

FORMATS = ("pdf", "epub", "html")
DEFAULT_FORMATS = ("pdf", "epub")
CACHE = ".cache"
FORMULAS = "formulas"  # the cache's folder of formulas: their drawings and MathML

# What a command does to the book between reading it and drawing its figures (a handout
# keeps the chapters it was asked for: commands/handout.py).
Pick = Callable[["Book"], "Book"]


@dataclass(frozen=True)
class Options:
    """What the command line asks of a build."""

    out_dir: Path | None = None  # default: the booklet's build/ folder (output_folder)
    formats: tuple[str, ...] = DEFAULT_FORMATS
    strict: bool = False
    overrides: tuple[Override, ...] = ()  # --set, --theme, --edition
    handout: tuple[str, ...] = ()  # the chapters of a handout (commands/handout.py picks them)
    impose: bool = False
    two_up: bool = False  # two pages to a sheet side, in reading order (a handout's)
    marks: bool = False
    one_pass: bool = False  # lay the book out in one piece, not in parts (print_layout.py)
    progress: Progress = quiet


@dataclass(frozen=True)
class BuildResult:
    """What a build wrote, and the warnings it found on the way."""

    written: list[Path]
    warnings: list[Problem]
    up_to_date: bool = False


@dataclass(frozen=True)
class Job:
    """One run of the stages: the booklet, what is asked of it, where its outputs and
    caches go, and the report that every stage's problems go to."""

    root: Path
    options: Options
    out_dir: Path
    report: Problems = field(default_factory=Problems)

    @classmethod
    def of(cls, root: Path, options: Options) -> Job:
        return cls(root, options, output_folder(root, options))

    @property
    def cache(self) -> Path:
        return self.out_dir / CACHE

    @property
    def overrides(self) -> tuple[Override, ...]:
        # A handout carries its own source list.
        own_list = Override("chapter_bibliographies", "true", (Path("handout"), 0, 0))
        return self.options.overrides + ((own_list,) if self.options.handout else ())


def build(root: Path, options: Options = Options(), pick: Pick | None = None) -> BuildResult:
    """Build the booklet in `root` into the output folder (default ROOT/build)."""
    # Checked before the heavy stages are even imported, so a no-op rebuild is quick.
    out_dir = output_folder(root, options)
    if out_dir.exists() and not out_dir.is_dir():
        raise BookError.at(out_dir, 0, 0, "the output folder is a file; choose a folder "
                                          "with -o, or move the file away")
    digest = inputs_digest(root.resolve(), out_dir, _options_key(options))
    if (previous := up_to_date(out_dir / CACHE, digest)) is not None:
        return BuildResult(previous, recorded_warnings(out_dir / CACHE), up_to_date=True)
    # Any write of the build's, its outputs' and its caches', that the disk refuses.
    with located_write_faults(out_dir):
        result = _build(Job(root, options, out_dir), pick)
        record(out_dir / CACHE, digest, result.written, result.warnings)
    return result


def output_folder(root: Path, options: Options) -> Path:
    """Where the outputs and their cache go: --output, or the booklet's build/ folder."""
    return (options.out_dir or root / "build").resolve()


def _options_key(options: Options) -> str:
    return repr((options.formats, options.strict, options.overrides, options.handout,
                 options.impose, options.two_up, options.marks, options.one_pass))


def _build(job: Job, pick: Pick | None) -> BuildResult:
    """The stages, top to bottom; with --strict, a warning stops the build before
    anything is written."""
    book = read_and_draw(job, pick)
    stop_if_strict(job)
    layout = lay_out_book(job, book)
    stop_if_strict(job)  # the layout may have found more to warn of
    written = write_formats(book, layout, job.out_dir, job.options.formats, job.options.impose,
                            job.options.two_up)
    return BuildResult(written, job.report.warnings)


def stop_if_strict(job: Job) -> None:
    """With --strict, warnings are errors."""
    if job.options.strict and job.report.warnings:
        raise BookError([replace(warning, severity="error") for warning in job.report.warnings])


def read_and_draw(job: Job, pick: Pick | None = None, keep_going: bool = False) -> Book:
    """The first two stages, with the figure runners started before the reading, so that
    their second of starting passes beside it (early_runners). An error in the sources
    stops before the drawing, unless `keep_going` (check: it lists every problem; then an
    error in drawing goes to the report too, and the book is returned without figures)."""
    from .figures.runners import early_runners

    with early_runners(job.root, job.cache / "figures") as runners:
        book = read_book(job.root, job.report, job.overrides, job.options.progress, job.cache)
        if not keep_going:
            job.report.raise_if_any()
        if pick is not None:
            book = pick(book)
        try:
            return draw_figures(job, book, runners)
        except BookError as error:
            if not keep_going:
                raise
            job.report.extend(error)
            return book


def read_book(root: Path, report: Problems, overrides: tuple[Override, ...] = (),
              progress: Progress = quiet, cache: Path | None = None) -> Book:
    """Everything up to the figures: settings, theme, chapters, Markdown, resolution.

    Problems in the sources go to `report`; the caller decides when they stop the build.
    `cache` is the build's cache folder, which keeps formatted citations and the
    formulas' MathML."""
    from .assembly.assemble import assemble
    from .config import load_settings
    from .maths.mathml import kept_between_builds
    from .reading.glyphs import check_glyphs
    from .reading.render import render_chapters
    from .reading.sources import read_chapters
    from .theming.themes import load_theme

    settings = load_settings(root, overrides)
    theme = load_theme(settings, report)
    chapters = read_chapters(settings, report)
    check_glyphs(chapters, theme, report)
    with kept_between_builds(None if cache is None else cache / FORMULAS):
        rendered = render_chapters(chapters, settings, report, progress)
        return assemble(settings, theme, rendered, report,
                        None if cache is None else cache / "citations")


def draw_figures(job: Job, book: Book, runners: Runners | None = None) -> Book:
    """The book with an SVG for each figure script and for each formula, drawn or from
    the cache; a script that fails is an error (raised), matplotlib's warnings go to the
    report; a formula that cannot be drawn is an error (raised) too."""
    from .figures.drawing import make_figures
    from .maths.drawing import draw_formulas

    drawn = make_figures(book.scripts, book.settings, book.theme, job.cache / "figures",
                         job.options.progress, runners, job.report)
    formulas = draw_formulas(book.formulas, book.theme, job.cache / FORMULAS, job.report)
    return replace(book, figure_files=drawn["print"], screen_figure_files=drawn["screen"],
                   formula_files=formulas)


def lay_out_book(job: Job, book: Book) -> PrintLayout | None:
    """The print layout, when an output needs it; then the check that nothing the author
    wrote was lost from the pages (lost_in_layout.py). One layout serves both formats:
    the EPUB's page numbers are the PDF's, unless it is to have none (epub_page_numbers).
    An EPUB alone lays the pages out all the same, the index's too, for those numbers."""
    options = job.options
    printed = "pdf" in options.formats or options.impose
    if not (printed or (_paged(book) and "epub" in options.formats)):
        return None
    from .layout.lost_in_layout import report_lost
    from .layout.print_layout import lay_out  # WeasyPrint takes most of a second to import

    layout = lay_out(book, job.cache / "layout", job.report, marks=options.marks,
                     progress=options.progress, write=printed, in_parts=not options.one_pass)
    report_lost(book, layout.pages, job.report)
    return layout


def write_formats(book: Book, layout: PrintLayout | None, out_dir: Path,
                  formats: tuple[str, ...], impose: bool = False, two_up: bool = False
                  ) -> list[Path]:
    """Write each format asked for into `out_dir`, each file whole or not at all; the
    files written. `layout` holds the PDF when "pdf" or `impose` asked for it (that is,
    it was laid out for print). With `two_up` the PDF is written two pages to a sheet
    side, as NAME-two-up.pdf. A handout has no EPUB."""
    from .config import PAGE_SIZES, TWO_UP
    from .files import write_atomically
    from .writers.epub import write_epub
    from .writers.impose import write_imposed, write_two_up
    from .writers.web import write_html

    name = output_name(book)
    written = []
    if "html" in formats:
        written.append(write_html(book, out_dir / f"{name}.html"))
    pdf = layout.pdf if layout else None
    if "pdf" in formats and pdf is not None and two_up:
        paper = PAGE_SIZES[TWO_UP[book.settings.page_size][1]]
        written.append(write_two_up(pdf, out_dir / f"{name}-two-up.pdf",
                                    (paper.width_mm, paper.height_mm)))
    elif "pdf" in formats and pdf is not None:
        write_atomically(out_dir / f"{name}.pdf", pdf)
        written.append(out_dir / f"{name}.pdf")
    if impose and pdf is not None:
        written.append(write_imposed(pdf, out_dir / f"{name}-saddle.pdf"))
    if "epub" in formats and not book.handout:
        written.append(write_epub(book, out_dir / f"{name}.epub",
                                  layout.pages if layout and _paged(book) else None))
    return written


def _paged(book: Book) -> bool:
    """Whether the EPUB carries the printed edition's page numbers."""
    return book.settings.epub_page_numbers and not book.handout


def student_slug(student: str) -> str:
    """A student's name as it is in file names: "Ana Li" -> ana-li; a name with no Latin
    letters keeps its own ("李华")."""
    from markdown.extensions.toc import slugify, slugify_unicode

    return slugify(student, "-") or slugify_unicode(student, "-")


def output_name(book: Book) -> str:
    """The outputs' name: the booklet's, a handout's (`great-leap-forward-famine`, or
    `...-background-to-famine` for a range); then what this build changes from book.toml,
    so that variants built into one folder keep their own files: the class's details
    (`-ms-lin`; not when the build is given its name, as a batch class is), the theme or
    the built-in theme under the booklet's style (`-large-print`), the page size (`-a5`)
    and the fonts (`-dyslexic`); the student a handout is for (`-ana-li`); and `-teacher`
    for the answer key's edition."""
    from markdown.extensions.toc import slugify

    from .config import CLASS_LINE

    settings = book.settings
    parts = [settings.name]
    if book.handout:
        slugs = [r.chapter.slug for r in book.chapters]
        parts += [slugs[0]] + ([f"to-{slugs[-1]}"] if len(slugs) > 1 else [])
    # A build given its name (a batch class, --set name=) is named for its class so.
    own_name = "name" in settings.changed
    variant = [settings.classroom[key] for key in CLASS_LINE
               if not own_name and f"classroom.{key}" in settings.changed]
    # --theme naming a built-in theme under the booklet's own style changes its base.
    variant += [getattr(settings, key) for key in ("theme", "base_theme", "page_size", "fonts")
                if key in settings.changed]
    # In plain lower case: "Ms Lin" -> ms-lin, "A5" -> a5.
    parts += filter(None, (slugify(text, "-") for text in variant))
    # A named handout is named for its student too, even in a batch (its roster).
    if student := settings.classroom.get("student"):
        parts.append(student_slug(student))
    if settings.readers == "teacher":
        parts.append("teacher")
    return "-".join(parts)
