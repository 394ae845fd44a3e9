"""What WeasyPrint logs while it reads the stylesheets, lays the book out and writes the
PDF, heard instead of printed, and turned into the builder's own located warnings and
errors: a raw library line would tell an author neither where nor what to do."""
from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

from ..errors import Problems
from ..model import Book, Source

WEASYPRINT = "weasyprint"  # its logger; "weasyprint.progress" is a child of it
Place = tuple[Path, int, int]


@dataclass(frozen=True)
class Said:
    """One message of WeasyPrint's: its logging level and its text."""

    level: int
    text: str


class _Listener(logging.Handler):
    """Keeps WeasyPrint's warnings and errors."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.heard: list[Said] = []

    def emit(self, record: logging.LogRecord) -> None:
        text = record.getMessage()
        # Glyphs that no font has: the glyph check reports them with their file and line
        # (glyphs.py), so WeasyPrint's word would only repeat it.
        if not text.startswith(".notdef glyph rendered"):
            self.heard.append(Said(record.levelno, text))


@contextmanager
def listening() -> Iterator[list[Said]]:
    """WeasyPrint's warnings and errors while in the block, kept from the terminal."""
    logger = logging.getLogger(WEASYPRINT)
    listener, propagate = _Listener(), logger.propagate
    logger.addHandler(listener)
    logger.propagate = False
    try:
        yield listener.heard
    finally:
        logger.removeHandler(listener)
        logger.propagate = propagate


def report(heard: Iterable[Said], book: Book, sheets: dict[Path, str], problems: Problems,
           stylesheet: Path | None = None) -> None:
    """Each message once, as a warning or an error of ours at the place it is about;
    `sheets` are the stylesheets' paths and texts, `stylesheet` the one being read."""
    warned = {(p.path, p.line) for p in problems.warnings}
    for said in dict.fromkeys(heard):
        for pattern, explain in _KNOWN:
            found = pattern.search(said.text)
            if found:
                severity, place, message = explain(found, book, sheets, stylesheet)
                break
        else:
            severity = "error" if said.level >= logging.ERROR else "warning"
            place, message = None, f"the PDF writer said: {said.text}"
        if severity == "warning" and place is not None and (place[0], place[1]) in warned:
            continue  # our own checks warned there already (an image's missing alt text)
        path, line, col = place or (book.settings.root, 0, 0)
        (problems.add if severity == "error" else problems.warn)(path, line, col, message)


def _missing_alt(found: re.Match, book: Book, sheets: dict[Path, str],
                 stylesheet: Path | None) -> tuple[str, Place | None, str]:
    source = found["source"]
    if source == book.settings.classroom.get("logo"):
        return "warning", book.settings.origin("classroom.logo"), (
            "the classroom logo has no description for readers who cannot see it; add "
            'logo_alt = "..." beside logo in [classroom], saying what the logo shows')
    if source == book.settings.cover_image:
        return "warning", book.settings.origin("cover_image"), (
            "the cover image has no description for readers who cannot see it; add "
            'cover_image_alt = "..." beside cover_image, saying what it shows')
    # A warning, not an error: the image is printed, only its description is missing.
    return "warning", _source_place(book, sheets, [source]), (
        f"the image {source!r} has no alt text; describe what it shows, as in "
        f"![what it shows]({source}) or <img alt=\"...\">")


def _missing_anchor(found: re.Match, book: Book, sheets: dict[Path, str],
                    stylesheet: Path | None) -> tuple[str, Place | None, str]:
    anchor = found["anchor"]
    # A warning, as for a chapter's link that leads nowhere: the text is printed.
    return "warning", _link_place(book, sheets, anchor), (
        f"the link to #{anchor} leads nowhere in the PDF: nothing printed has that label; "
        "fix the label or link to something in the booklet")


def _undefined_target(found: re.Match, book: Book, sheets: dict[Path, str],
                      stylesheet: Path | None) -> tuple[str, Place | None, str]:
    anchor = found["anchor"]
    return "error", _link_place(book, sheets, anchor), (
        f"the page number of #{anchor} cannot be printed: nothing printed has that label; "
        "fix the label or the link")


def _link_place(book: Book, sheets: dict[Path, str], anchor: str) -> Place | None:
    """Where a link or cross-reference to `anchor` is written."""
    return _source_place(book, sheets, [f"(#{anchor})", f"#{anchor}", f"@{anchor}"])


def _twice(found: re.Match, book: Book, sheets: dict[Path, str],
           stylesheet: Path | None) -> tuple[str, Place | None, str]:
    anchor = found["anchor"]
    return "warning", _source_place(book, sheets, [f"#{anchor}", f'id="{anchor}"']), (
        f"the label {anchor!r} is used twice in the PDF; links lead to the first; give "
        "each its own label")


def _not_loaded(found: re.Match, book: Book, sheets: dict[Path, str],
                stylesheet: Path | None) -> tuple[str, Place | None, str]:
    shown = _relative(found["url"], book.settings.root)
    what = found["what"].lower()
    # WeasyPrint's reason is a library's (urllib's, cairosvg's): say it plainly instead.
    missing = not (book.settings.root / shown).is_file()
    why = ("does not exist (paths are relative to the file that names them)" if missing
           else f"is not {'an' if what == 'image' else 'a'} {what} the PDF writer can read")
    return "error", _source_place(book, sheets, [shown, Path(shown).name]), (
        f"the {what} {shown!r} {why}; fix the path or the file")


def _font_face(found: re.Match, book: Book, sheets: dict[Path, str],
               stylesheet: Path | None) -> tuple[str, Place | None, str]:
    family = found["family"]
    # A warning: the text is printed, in the next font of its font-family list.
    return "warning", _source_place(book, sheets, [family]), (
        f"the font {family!r} of an @font-face rule cannot be loaded, so another font is "
        "used; check its src url and that the file is a font")


def _css(found: re.Match, book: Book, sheets: dict[Path, str],
         stylesheet: Path | None) -> tuple[str, Place | None, str]:
    text = (found.string[:found.start()] + found.string[found.end():]).rstrip(".")
    ignored = re.match(r"Ignored `([^`]*)`,? *(.*)", text)
    message = (f"the PDF writer ignores `{ignored[1]}`: {ignored[2]}; fix it or remove it"
               if ignored else f"the PDF writer said: {text}")
    if stylesheet is not None:
        return "warning", (stylesheet, int(found["line"]), int(found["col"])), message
    # A style attribute or <style> element in a chapter's HTML: its line:col is its own.
    return "warning", _source_place(book, sheets, [ignored[1]] if ignored else []), message


Explain = Callable[[re.Match, "Book", dict[Path, str], "Path | None"],
                   tuple[str, "Place | None", str]]
_KNOWN: list[tuple[re.Pattern, Explain]] = [
    (re.compile(r'^Image "(?P<source>.*)" has no required alt description'), _missing_alt),
    (re.compile(r"^No anchor #(?P<anchor>\S+) for internal URI reference"), _missing_anchor),
    (re.compile(r"^Content discarded: target points to undefined anchor "
                r"'?(?P<anchor>[^']+)'?"), _undefined_target),
    (re.compile(r"^Anchor defined twice: '?(?P<anchor>[^']+)'?"), _twice),
    (re.compile(r"^Failed to (?:load|render) (?P<what>image|SVG image|stylesheet) "
                r"(?:at )?'?(?P<url>[^'\s]+)"), _not_loaded),
    (re.compile(r"^Font-face '?(?P<family>[^']+)'? cannot be loaded"), _font_face),
    (re.compile(r" at (?P<line>\d+):(?P<col>\d+)"), _css),
]


def _relative(url: str, root: Path) -> str:
    """A file URL as the author wrote it: relative to the booklet folder."""
    path = Path(unquote(urlparse(url).path)) if url.startswith("file:") else Path(url)
    try:
        return str(path.relative_to(root.resolve()))
    except ValueError:
        return url


def _source_place(book: Book, sheets: dict[Path, str], needles: list[str]) -> Place | None:
    """Where the first of `needles` is written: in a chapter, else in a stylesheet."""
    for needle in needles:
        for rendered in book.all_chapters:
            body = rendered.chapter.body
            if needle in body.text:
                return (body.path, *body.find(needle))
        for path, text in sheets.items():
            if needle in text:
                return (path, *Source(path, text).find(needle))
    return None


