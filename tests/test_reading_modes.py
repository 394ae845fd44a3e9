"""The sample's EPUB as reading systems show it: every text at WCAG AA contrast, and every
link in the text standing out from it, in light mode, on a dark page the reader paints
when it says it is dark, and on a dark page with light text it forces while saying
nothing; in each built-in theme. Measured by a real
browser (Debian's chromium), all documents in one run (reading_modes.js says how).

The sample is built once: a built-in theme changes only the stylesheet of the documents,
so each theme is measured on the same documents with its own stylesheet in place."""
from __future__ import annotations

import html
import json
import shutil
import subprocess
import zipfile
from dataclasses import replace
from pathlib import Path

import lxml.html
import pytest
from browser import Browser

from book.cli import main
from book.config import load_settings
from book.theming.themes import classes_used, load_theme
from book.words import words_for
from book.writers.epub import stylesheet

REPOSITORY = Path(__file__).parent.parent
CHROMIUM = shutil.which("chromium")
THEMES = ("classic", "modern", "large-print", "ink-saver")
MODES = ("light", "dark-signalled", "dark-forced")
# In a dark-signalled frame the document's prefers-color-scheme is dark: the browser
# takes it from the frame's color-scheme.
FRAME_SCHEME = {"light": "light", "dark-signalled": "dark", "dark-forced": "light"}

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed")


def measuring_page(folder: Path, documents: list[Path], themes: dict[str, str]) -> Path:
    """A page with a frame for each document in each mode, each theme's stylesheet, and
    the script that measures."""
    frames = "\n".join(
        f'<iframe data-mode="{mode}" data-file="{html.escape(str(document))}" '
        f'src="{document.as_uri()}" style="width: 800px; height: 1000px; '
        f'color-scheme: {FRAME_SCHEME[mode]}"></iframe>'
        for document in documents for mode in MODES)
    script = (Path(__file__).parent / "reading_modes.js").as_uri()
    page = folder / "measure.html"
    # In a script element only "</" could end it early: JSON may write it "<\/".
    stylesheets = json.dumps(themes).replace("</", "<\\/")
    page.write_text(f'<!DOCTYPE html>\n<html><head><meta charset="utf-8"></head><body>\n'
                    f'<pre id="results"></pre>\n{frames}\n'
                    f'<script>const THEMES = {stylesheets};</script>\n'
                    f'<script src="{script}"></script>\n</body></html>\n')
    return page


def measure(page: Path, profile: Path) -> list[dict]:
    """The results the page wrote, once chromium loaded every frame."""
    dom = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--allow-file-access-from-files", f"--user-data-dir={profile}", "--dump-dom",
         page.as_uri()], capture_output=True, text=True, timeout=120, check=True).stdout
    return json.loads(lxml.html.fromstring(dom).get_element_by_id("results").text_content())


@pytest.fixture(scope="module")
def contrast(tmp_path_factory):
    """{(theme, mode): results of each document} for the sample's EPUB in each theme."""
    folder = tmp_path_factory.mktemp("reading-modes")
    root = folder / "sample"
    shutil.copytree(REPOSITORY, root, ignore=shutil.ignore_patterns(".git", "build", "tests"))
    assert main(["build", "-C", str(root), "--format", "epub",
                 "--set", "epub_page_numbers=false"]) == 0
    with zipfile.ZipFile(root / "build" / "great-leap-forward.epub") as archive:
        archive.extractall(folder / "unzipped")
    settings = load_settings(root)
    words = words_for(settings.language, settings.labels)
    documents = sorted((folder / "unzipped" / "EPUB").glob("*.xhtml"))
    classes = classes_used(lxml.html.parse(str(document)).getroot() for document in documents)
    # The sample's own style on each built-in theme, as --theme builds it.
    themes = {theme: stylesheet(load_theme(themed), themed, words, classes=classes)
              for theme in THEMES for themed in [replace(settings, base_theme=theme)]}
    assert themes["classic"] == (folder / "unzipped" / "EPUB" / "style.css").read_text()
    results = measure(measuring_page(folder, documents, themes), folder / "profile")
    by_mode: dict[tuple[str, str], list[dict]] = {}
    for result in results:
        by_mode.setdefault((result["theme"], result["mode"]), []).append(result)
    return by_mode


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("theme", THEMES)
def test_every_text_of_the_epub_keeps_aa_contrast(contrast, theme, mode):
    results = contrast[theme, mode]
    assert len(results) >= 15, "every document was measured"
    assert sum(r["measured"] for r in results) > 1500, "the text was measured"
    below = [f"{Path(r['file']).name}: {b}" for r in results for b in r["below"]]
    assert not below, f"{len(below)} texts below AA, such as {below[:5]}"


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("theme", THEMES)
def test_links_in_the_text_stand_out(contrast, theme, mode):
    results = contrast[theme, mode]
    assert sum(r["links"] for r in results) > 300, "citations, cross-references, the index"
    unmarked = [f"{Path(r['file']).name}: {text}" for r in results for text in r["unmarked"]]
    assert not unmarked, f"{len(unmarked)} links look like the text, such as {unmarked[:5]}"


# A booklet's own colours, written for print as teachers write them: headings and labels in
# dark colours of every size, pale boxes, a dark box with light text, text given a colour
# and a background at once (too faint on it), a colour that must win, colours for the
# screen and for print.
OWN_COLOURS = """
h2 { color: #8b0000; }
.chapter-title { font-size: 2.4em; color: #2e8b57; }
.chapter-number { color: rgb(46, 139, 87); }
.objectives { background: #fff3c4; }
.objectives li { color: #7a4b00 !important; }
.key-terms { background-color: #1f3a5f; color: #f0f0f0; }
.block.note { color: #999999; background: #eeeeee; }
.block.warning .block-title { color: darkorange; font-weight: bold; font-size: 1.2em; }
table.numbered th { color: navy; }
@media screen { .figure-label { color: #1b6b4a; } }
@media print { .table-label { color: #9cc7b2; } }
"""


@pytest.fixture(scope="module")
def own_colours(tmp_path_factory):
    """{mode: results of each document} for a booklet with its own theme (acids' lab-green)
    and stylesheet of colours."""
    folder = tmp_path_factory.mktemp("own-colours")
    root = folder / "acids"
    shutil.copytree(REPOSITORY / "tests" / "books" / "acids", root)
    (root / "colours.css").write_text(OWN_COLOURS)
    assert main(["build", "-C", str(root), "--format", "epub",
                 "--set", 'css=["colours.css"]']) == 0
    with zipfile.ZipFile(next((root / "build").glob("*.epub"))) as archive:
        archive.extractall(folder / "unzipped")
    epub = folder / "unzipped" / "EPUB"
    results = measure(measuring_page(folder, sorted(epub.glob("*.xhtml")),
                                     {"own": (epub / "style.css").read_text()}),
                      folder / "profile")
    by_mode: dict[str, list[dict]] = {}
    for result in results:
        by_mode.setdefault(result["mode"], []).append(result)
    return by_mode


@pytest.mark.parametrize("mode", MODES)
def test_a_booklets_own_colours_keep_aa_contrast(own_colours, mode):
    results = own_colours[mode]
    assert sum(r["measured"] for r in results) > 400, "the text was measured"
    below = [f"{Path(r['file']).name}: {b}" for r in results for b in r["below"]]
    assert not below, f"{len(below)} texts below AA, such as {below[:5]}"


# A phone's text column in a paginated reader (390 px, less the reader's margins).
PHONE_COLUMN = 335


def test_no_document_of_the_epub_is_wider_than_a_phones_column(tmp_path):
    """Paginated readers cannot scroll sideways: what is wider runs past the margin."""
    root = tmp_path / "acids"
    shutil.copytree(REPOSITORY / "tests" / "books" / "acids", root)
    assert main(["build", "-C", str(root), "--format", "epub",
                 "--set", "epub_page_numbers=false"]) == 0
    with zipfile.ZipFile(next((root / "build").glob("*.epub"))) as archive:
        archive.extractall(tmp_path / "unzipped")
    documents = sorted((tmp_path / "unzipped" / "EPUB").glob("*.xhtml"))
    too_wide = {}
    with Browser(tmp_path / "profile") as browser:
        for document in documents:
            browser.open(document.as_uri(), PHONE_COLUMN, phone=False)
            width = browser.evaluate("document.documentElement.scrollWidth")
            if width > PHONE_COLUMN:
                too_wide[document.name] = width
    assert len(documents) > 5
    assert not too_wide, f"wider than {PHONE_COLUMN} px: {too_wide}"
