"""Warn about characters that no font of the theme can draw (WeasyPrint would print boxes)."""
from __future__ import annotations

import functools
import re
import subprocess
import unicodedata

from fontTools.ttLib import TTFont

from ..errors import Problems
from ..files import read_text
from ..model import Chapter, Source
from ..theming.themes import Theme

FONT_VARIABLES = ("body_font", "heading_font", "mono_font")
# The fonts the built-in stylesheets (classic's book.css) name after a theme's own and its
# fallback_fonts, for the characters these lack.
LAST_RESORT_FONTS = ("DejaVu Sans", "DejaVu Sans Mono")
# The Debian package of each font the built-in themes, the fonts setting and the guides
# name, for the warning that one is missing (debian-packages.txt lists them).
DEBIAN_PACKAGES = {
    "DejaVu Sans": "fonts-dejavu-core", "DejaVu Serif": "fonts-dejavu-core",
    "DejaVu Sans Mono": "fonts-dejavu-core",
    "Linux Libertine O": "fonts-linuxlibertine", "Linux Biolinum O": "fonts-linuxlibertine",
    "Inter": "fonts-inter", "Andika": "fonts-sil-andika",
    "OpenDyslexic": "fonts-opendyslexic", "OpenDyslexicMono": "fonts-opendyslexic",
    "Noto Sans CJK SC": "fonts-noto-cjk",
}


def check_glyphs(chapters: list[Chapter], theme: Theme, report: Problems) -> None:
    """One warning for each run of such characters, at its place in the file."""
    # Each family with the variable that names it first, whose place a warning gives.
    named: dict[str, str] = {}
    for name in FONT_VARIABLES:
        if name in theme.variables:
            named.setdefault(theme.variables[name], name)
    for family in theme.variables.get("fallback_fonts", []):
        named.setdefault(family, "fallback_fonts")
    families = list(named)
    covered: set[int] = set()
    for family, variable in named.items():
        found, codepoints = _font(family)
        if found is None:
            report.warn(*theme.origin(variable), _missing(family))
        covered |= codepoints
    for family in LAST_RESORT_FONTS:
        covered |= _font(family)[1]
    names = ", ".join(dict.fromkeys(families))

    def undrawable(char: str) -> bool:
        return ord(char) not in covered and _drawn(char)

    for chapter in chapters:
        text = read_text(chapter.path)
        if not any(map(undrawable, set(text))):
            continue  # most chapters: no need to find where
        for match in re.finditer(r"[^\s]+", text):
            missing = [i for i, char in enumerate(match[0]) if undrawable(char)]
            if not missing:
                continue
            run = match[0][missing[0]:missing[-1] + 1]
            line, col = Source(chapter.path, text).position(match.start() + missing[0])
            first = run[0]
            report.warn(chapter.path, line, col,
                        f"no font of the theme ({names}) can draw {run!r} (such as U+"
                        f"{ord(first):04X} {unicodedata.name(first, 'unnamed')}); it would "
                        "print as boxes: add a font that has it to fallback_fonts")


def _missing(family: str) -> str:
    """The warning for a font that is not installed: the text would be printed in
    another, so say which package has it."""
    package = DEBIAN_PACKAGES.get(family)
    where = (f"install it (on Debian or Ubuntu: apt-get install {package})" if package
             else "install it")
    return (f"the font {family!r} is not installed, so its text is printed in another "
            f"font; {where} or name another")


def _drawn(char: str) -> bool:
    """Whether a character needs a glyph (not a space, a control or a joiner)."""
    return not (char.isspace() or unicodedata.category(char) in ("Cc", "Cf", "Zs"))


def font_file(pattern: str) -> str:
    """The font file fontconfig picks for a pattern such as "DejaVu Sans:bold"."""
    return subprocess.run(["fc-match", "--format=%{file}", pattern], capture_output=True,
                          text=True).stdout


def installed_font(family: str) -> str | None:
    """The file of the installed font of this family; None when there is none."""
    return _font(family)[0]


@functools.cache
def _font(family: str) -> tuple[str | None, frozenset[int]]:
    """The font file fontconfig picks for a family, and the characters it covers."""
    answer = subprocess.run(["fc-match", "--format=%{family}\n%{file}\n%{index}", family],
                            capture_output=True, text=True).stdout.split("\n")
    if len(answer) < 3 or family.lower() not in answer[0].lower().split(","):
        return None, frozenset()
    with TTFont(answer[1], fontNumber=int(answer[2] or 0), lazy=True) as font:
        return answer[1], frozenset(font.getBestCmap() or {})
