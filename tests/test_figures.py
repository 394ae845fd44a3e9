"""Figures drawn by scripts: numbered, referenced, vector, themed, cached; and their errors."""
from __future__ import annotations

import json
import logging
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pdfplumber
import pypdf
import pytest
from conftest import BOOKS, messages, page_texts, png, write_book
from invariants import unreadable_figure_text

from book.cli import main


@pytest.fixture
def figures_book(tmp_path):
    root = tmp_path / "figures"
    shutil.copytree(BOOKS / "figures", root)
    return root


def build(root, caplog, *args):
    """Build and return how many figures were drawn (the builder logs it): two for each
    script drawn, one for print and one for the screen."""
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="book.figures.drawing"):
        assert main(["build", "-C", str(root), *args]) == 0
    drawn = [r.getMessage() for r in caplog.records if r.name == "book.figures.drawing"]
    # No message: the build found nothing changed and did not reach the figure stage.
    return int(re.match(r"drew (\d+) of \d+ figures", drawn[-1])[1]) if drawn else 0


def test_numbering_references_and_the_list_of_figures(figures_book, caplog):
    build(figures_book, caplog)
    pdf = figures_book / "build" / "figures.pdf"
    text = re.sub(r"\s+", " ", "".join(page_texts(pdf)))
    assert "as Figure 1.1 shows" in text
    assert "Figure 1.1 Grain harvest by year, in tonnes" in text
    assert "Figure 2.1 Stalls in each market" in text
    assert "Figure 2.2 The harvest again, drawn a second time" in text
    assert "Table 1.1 Grain prices in the market town" in text
    assert "Prices are in Table 1.1." in text
    # A figure on another page than its reference gives its page, one on the same page not.
    assert ("Compare Figure 2.1 with Figure 1.1 (page 1), and read Chapter 1, “Prices” (page 1) "
            "again." in text)
    with zipfile.ZipFile(figures_book / "build" / "figures.epub") as epub:
        markets = epub.read("EPUB/markets.xhtml").decode()
    assert "#fig-harvest\">Figure 1.1</a>, and read" in markets  # the page is for print
    assert "Code keeps @fig-harvest as written." in text
    # The leader's dots start where they fall on their grid: a space before them or none.
    assert re.search(r"1\.1 Grain harvest by year, in tonnes ?\.+ 1 ", text), "list of figures"
    assert re.search(r"2\.2 The harvest again, drawn a second time ?\.+ 3 ", text)
    # Each reference is a link to the figure's page.
    reader = pypdf.PdfReader(pdf)
    names = reader.named_destinations
    links = {a.get_object()["/Dest"] for page in reader.pages for a in page.get("/Annots", [])
             if "/Dest" in a.get_object()}
    assert {"fig-harvest", "fig-markets", "tbl-prices", "sec-prices"} <= links
    figure_page = reader.get_destination_page_number(names["fig-harvest"])
    assert "Tonnes of grain" in reader.pages[figure_page].extract_text()


def test_figures_are_vector_in_the_theme_font(figures_book, caplog):
    build(figures_book, caplog)
    pdf = figures_book / "build" / "figures.pdf"
    listing = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True,
                             text=True).stdout
    assert len(listing.splitlines()) == 2, "no raster image in the PDF: " + listing
    with pdfplumber.open(pdf) as document:
        words = [w for page in document.pages
                 for w in page.extract_words(extra_attrs=["fontname", "size"])]
    # The figure's words are set smaller than the body, in the body's font.
    body = next(w for w in words if w["text"] == "shows.")
    # "Harvest year" is an axis label of one figure, the markets are tick labels of another.
    labels = [w for w in words if w["text"].replace(" ", "") in
              ("Harvestyear", "North", "South", "River")]
    assert len(labels) == 5, labels
    assert all(w["size"] < body["size"] * 0.9 for w in labels)
    for label in labels:
        assert label["fontname"].split("+")[-1] == body["fontname"].split("+")[-1] \
            == "Linux-Libertine-O"


def test_cache_draws_only_what_changed(figures_book, caplog):
    assert build(figures_book, caplog) == 4
    cache = figures_book / "build" / ".cache" / "figures"
    before = {svg.name: svg.read_bytes() for svg in cache.glob("*.svg")}
    assert build(figures_book, caplog) == 0, "nothing changed, so no script runs"
    data = figures_book / "figures" / "data" / "markets.csv"
    data.write_text(data.read_text().replace("River,21", "River,25"))
    assert build(figures_book, caplog) == 2, "only the figure whose data changed"
    after = {svg.name: svg.read_bytes() for svg in cache.glob("*.svg")}
    assert set(after) == set(before) and len(after) == 4
    for name in after:
        changed = after[name] != before[name]
        assert changed == name.startswith("markets"), name
    # The fonts are among what a figure is drawn from: outlines of theirs are in the SVG.
    for entry in cache.glob("*.json"):
        fonts = [name for name in json.loads(entry.read_text())["inputs"]
                 if name.endswith((".ttf", ".otf"))]
        assert any(Path(font).name == "LinLibertine_R.otf" for font in fonts), entry.name


@pytest.mark.skipif(shutil.which("chromium") is None, reason="Debian's chromium is not installed")
def test_figure_text_is_readable_on_a_phone_in_any_font(figures_book, caplog):
    """The EPUB's figures are drawn for a phone: shown in a column of 390 CSS px, no text
    is under 10 px, and every text is drawn as outlines, the same on a device without the
    theme's font. The PDF keeps its figures' text as text (test above)."""
    build(figures_book, caplog)
    epub = figures_book / "build" / "figures.epub"
    assert unreadable_figure_text(epub) == []
    # A size a script sets itself is its own to keep readable; the check finds it.
    script = figures_book / "figures" / "harvest.py"
    script.write_text(script.read_text().replace('"Harvest year"', '"Harvest year", fontsize=5'))
    build(figures_book, caplog)
    assert [re.sub(r"-\w+\.svg", ".svg", problem) for problem in unreadable_figure_text(epub)] \
        == ["images/harvest.svg: 'Harvest year' is 6.7 px"] * 2  # the book shows it twice


def test_a_greyscale_theme_gives_grey_figures_with_a_second_encoding(figures_book, caplog):
    write_book(figures_book, {
        "styles/ink/theme.toml": 'extends = "classic"\n[variables]\nfigure_greyscale = true\n'
                                 'figure_palette = ["#000000", "#666666", "#aaaaaa"]\n',
        "book.toml": (figures_book / "book.toml").read_text() + 'theme = "ink"\n'})
    build(figures_book, caplog)
    for svg in (figures_book / "build" / ".cache" / "figures").glob("*.svg"):
        text = svg.read_text()
        colours = re.findall(r"#([0-9a-fA-F]{6})\b", text)
        assert colours and all(c[0:2] == c[2:4] == c[4:6] for c in colours), svg.name
        if svg.name.startswith("markets"):
            assert "<pattern" in text, "bars carry hatching"
        else:
            assert '<use xlink:href="#m' in text, "lines carry markers"


def test_missing_alt_text_is_a_warning_and_an_error_when_strict(figures_book, caplog, capsys):
    chapter = figures_book / "chapters" / "02-markets.md"
    chapter.write_text(chapter.read_text().replace(' fig-alt="Bars for three markets"', ""))
    assert main(["build", "-C", str(figures_book)]) == 0
    err = capsys.readouterr().err
    assert "02-markets.md:5:46: warning: the figure has no alt text" in err
    assert main(["build", "-C", str(figures_book), "--strict"]) == 1
    assert "02-markets.md:5:46: error: the figure has no alt text" in capsys.readouterr().err


BROKEN = {
    "book.toml": 'figure_timeout = 3\n',
    "chapters/01-broken.md": (
        "# Broken\n\n"
        "![Raises](figures/raises.py){#fig-raises fig-alt=\"x\"}\n\n"
        "![Slow](figures/slow.py){#fig-slow fig-alt=\"x\"}\n\n"
        "![No draw](figures/nodraw.py){#fig-nodraw fig-alt=\"x\"}\n\n"
        "![No data](figures/nodata.py){#fig-nodata fig-alt=\"x\"}\n\n"
        "![Missing](figures/missing.py){#fig-missing fig-alt=\"x\"}\n\n"
        "See @fig-nowhere and @fig-raises.\n\n"
        "![Twice](figures/raises.py){#fig-raises fig-alt=\"x\"}\n"),
    "figures/raises.py": (
        "import matplotlib.pyplot as plt\n\n\ndef draw(style):\n"
        "    figure = plt.figure()\n    total = 0\n    return 1 / total\n"),
    "figures/slow.py": ("import time\n\n\ndef draw(style):\n    while True:\n"
                        "        time.sleep(0.1)\n"),
    "figures/nodraw.py": "value = 1\n",
    "figures/nodata.py": ("import matplotlib.pyplot as plt\n\n\ndef draw(style):\n"
                          "    rows = style.table('absent.csv')\n    return plt.figure()\n"),
}


def test_figure_errors_point_at_their_lines(make_book, tmp_path):
    run = make_book("broken", root=write_book(tmp_path / "broken", BROKEN))
    assert run.code == 1
    err = run.err
    assert "01-broken.md:11:12: error: 'figures/missing.py' does not exist" in err
    # The labels are checked before any script runs.
    assert "01-broken.md:13:5: error: @fig-nowhere refers to no figure" in err
    assert "01-broken.md:15:29: error: the id 'fig-raises' is already used" in err
    assert "Traceback" not in err


def test_figure_script_errors_point_into_the_script(make_book, tmp_path):
    files = dict(BROKEN)
    files["chapters/01-broken.md"] = "\n\n".join(BROKEN["chapters/01-broken.md"].split(
        "\n\n")[:5]) + "\n"
    run = make_book("broken", root=write_book(tmp_path / "broken", files))
    assert run.code == 1
    err = run.err
    assert "raises.py:7:1: error: the figure script failed: ZeroDivisionError" in err
    assert "slow.py:6:1: error: the figure script ran longer than 3 s" in err
    assert "nodraw.py:1:1: error: the script defines no draw(style) function" in err
    assert "nodata.py:5:1: error: the figure script failed: FileNotFoundError" in err
    assert "absent.csv" in err
    assert "Traceback" not in err


def test_citations_in_captions_and_references_in_footnotes(make_book, tmp_path):
    root = write_book(tmp_path / "notes", {
        "chapters/one.md": ('# One\n\n![Output by year [@becker1996]](figures/harvest.py)'
                            '{#fig-a fig-alt="x"}\n\nText.[^n]\n\n[^n]: See @fig-a for more.\n'),
        "references.bib": (BOOKS / "citations" / "references.bib").read_text()})
    shutil.copytree(BOOKS / "figures" / "figures", root / "figures")
    run = make_book("notes", "--format", "pdf", root=root)
    assert run.code == 0, run.err
    text = re.sub(r"\s+", " ", "".join(page_texts(root / "build" / "notes.pdf")))
    assert re.search(r"1\.1 Output by year \(Becker, 1996\) \.+ 1", text), "list of figures"
    assert "See Figure 1.1 for more." in text


def test_a_script_imports_modules_kept_in_the_booklet_folder(figures_book, caplog, tmp_path,
                                                             monkeypatch):
    monkeypatch.chdir(tmp_path)  # built from another folder
    (figures_book / "plotting.py").write_text('LABEL = "Tonnes (shared label)"\n')
    script = figures_book / "figures" / "harvest.py"
    script.write_text(script.read_text().replace(
        'axes.set_ylabel("Tonnes of grain")',
        'from plotting import LABEL\n    axes.set_ylabel(LABEL)'))
    assert build(figures_book, caplog) == 4
    svgs = list((figures_book / "build" / ".cache" / "figures").glob("harvest-*.svg"))
    assert len(svgs) == 2 and all("Tonnes (shared label)" in svg.read_text() for svg in svgs)


def test_a_module_named_book_in_the_booklet_folder_does_not_stand_in_for_the_builder(
        figures_book, caplog):
    (figures_book / "book.py").write_text('raise SystemExit("the author\'s own book.py")\n')
    assert build(figures_book, caplog) == 4
    assert list((figures_book / "build" / ".cache" / "figures").glob("harvest-*.svg"))


CSV_SCRIPT = ("import matplotlib.pyplot as plt\n\n\ndef draw(style):\n"
              "    rows = style.table('harvest.csv', numbers=['year', 'tonnes'])\n"
              "    figure, axes = plt.subplots()\n"
              "    axes.plot([r['year'] for r in rows], [r['{column}'] for r in rows])\n"
              "    return figure\n")
CSV_FAULTS = {
    # data file, column the script reads -> what the error says, at the CSV's place
    "missing column": ("# source: a note\nyear,tonnes\n1950,100\n", "bubbles",
                       "harvest.csv:2:1: error: there is no column 'bubbles'; the columns "
                       "are: year, tonnes"),
    "misspelt column": ("year,Tonnes\n1950,100\n", "tonnes",
                        "harvest.csv:1:1: error: there is no column 'tonnes'; the columns "
                        "are: year, Tonnes; did you mean Tonnes?"),
    "short row": ("# a note\n\nyear,tonnes\n1950,100\n1951\n", "tonnes",
                  "harvest.csv:5:5: error: this row has 1 value, but the header (line 3) "
                  "names 2 columns: year, tonnes"),
    "long row": ("year,tonnes\n1950,100,7\n", "tonnes",
                 "harvest.csv:2:10: error: this row has 3 values, but the header"),
    "text for a number": ('year,tonnes\n1950,100\n"1951",12O\n', "tonnes",
                          "harvest.csv:3:8: error: '12O' in the column 'tonnes' is not a "
                          "number"),
}


@pytest.mark.parametrize("fault", sorted(CSV_FAULTS))
def test_faults_in_a_data_file_are_reported_at_its_line(fault, make_book, tmp_path):
    data, column, expected = CSV_FAULTS[fault]
    root = write_book(tmp_path / "data", {
        "chapters/one.md": '# One\n\n![Harvest](figures/harvest.py){#fig-h fig-alt="x"}\n',
        "figures/harvest.py": CSV_SCRIPT.replace("{column}", column),
        "figures/data/harvest.csv": data})
    run = make_book("data", root=root)
    assert run.code == 1
    assert f"figures/data/{expected}" in run.err, run.err
    assert "Traceback" not in run.err and "KeyError" not in run.err


def test_read_csv_gives_numbers_and_keeps_text(make_book, tmp_path):
    root = write_book(tmp_path / "data", {
        "chapters/one.md": '# One\n\n![Harvest](figures/harvest.py){#fig-h fig-alt="x"}\n',
        "figures/harvest.py": (
            "import matplotlib.pyplot as plt\nfrom book.data import read_csv\n\n\n"
            "def draw(style):\n"
            "    rows = read_csv('figures/data/harvest.csv', numbers=['year', 'tonnes'],\n"
            "                    columns=['note'])\n"
            "    assert rows[0] == {'year': 1950, 'tonnes': 1.5, 'note': 'a, b'}, rows[0]\n"
            "    assert rows[1]['tonnes'] is None and rows[1]['note'] == ''\n"
            "    figure, axes = plt.subplots()\n"
            "    axes.set_xlabel(rows[0]['note'])\n"
            "    return figure\n"),
        "figures/data/harvest.csv": '# source: a note\nyear,tonnes,note\n1950,1.5,"a, b"\n'
                                    '\n1951,,\n'})
    run = make_book("data", "--format", "pdf", root=root)
    assert run.code == 0, run.err


def test_a_missing_script_or_image_suggests_the_file_meant(make_book, tmp_path):
    root = write_book(tmp_path / "typos", {
        "chapters/one.md": ('# One\n\n![Leaves](figures/leaf_area.py){#fig-l fig-alt="x"}\n\n'
                            '![Logo](images/Logo.PNG){#fig-logo fig-alt="x"}\n\n'
                            '![Far](figures/nothing_like_it.py){#fig-n fig-alt="x"}\n'),
        "figures/leaf-area.py": "def draw(style):\n    pass\n",
        "images/logo.png": b"not looked at"})
    run = make_book("typos", root=root)
    assert run.code == 1
    assert ("one.md:3:11: error: 'figures/leaf_area.py' does not exist (a path is relative "
            "to the chapter's file or to the booklet folder); did you mean "
            "figures/leaf-area.py?") in run.err
    assert "'images/Logo.PNG' does not exist (a path is relative to the chapter's file or " \
           "to the booklet folder); " \
           "did you mean images/logo.png?" in run.err
    assert "'figures/nothing_like_it.py' does not exist (a path is relative to the " \
           "chapter's file or to the booklet folder)\n" in run.err


def test_matplotlib_messages_are_warnings_at_the_script(make_book, tmp_path):
    root = write_book(tmp_path / "noisy", {
        "chapters/one.md": '# One\n\n![W](figures/noisy.py){#fig-w fig-alt="x"}\n',
        "figures/noisy.py": (
            "import matplotlib.pyplot as plt\n\n\ndef draw(style):\n"
            "    figure, axes = plt.subplots()\n"
            "    axes.set_title('Title', fontfamily='No Such Font')\n"
            "    figure.tight_layout()\n"
            "    return figure\n")})
    for title in ("One", "Again"):  # drawn, then from the cache: the same warnings
        run = make_book("noisy", "--format", "pdf", "--set", f"title={title}", root=root)
        assert run.code == 0, run.err
        warnings = [line.split("noisy/")[-1] for line in messages(run.err)]
        assert warnings == [
            "figures/noisy.py:7:1: warning: matplotlib: findfont: Font family 'No Such Font' "
            "not found.",
            "figures/noisy.py:7:1: warning: UserWarning: The figure layout has changed to "
            "tight"], run.err


def test_read_csv_takes_the_columns_from_any_iterable(tmp_path):
    from book.data import DataError, read_csv
    data = tmp_path / "harvest.csv"
    data.write_text("year,tonnes\n1950,100\n")
    assert read_csv(data, numbers=(name for name in ["year"])) == [{"year": 1950, "tonnes": "100"}]
    with pytest.raises(DataError, match="there is no column 'bubbles'"):
        read_csv(data, numbers=(name for name in ["year", "bubbles"]))


def test_a_picture_s_path_may_be_relative_to_its_chapter_as_on_github(make_book, tmp_path):
    root = write_book(tmp_path / "paths", {
        "chapters/one.md": "# One\n\n![A map](../img/map.png)\n\n![The map again](img/map.png)\n",
        "img/map.png": png()})
    run = make_book("paths", "--format", "epub", root=root)
    assert run.code == 0, run.err
    with zipfile.ZipFile(root / "build" / "paths.epub") as archive:
        chapter = archive.read("EPUB/one.xhtml").decode()
        pictures = [name for name in archive.namelist() if "map" in name]
    assert len(pictures) == 1 and chapter.count(pictures[0].removeprefix("EPUB/")) == 2


def test_a_syntax_error_points_at_its_column(make_book, tmp_path):
    root = write_book(tmp_path / "syntax", {
        "chapters/one.md": '# One\n\n![A chart](figures/chart.py){#fig-chart fig-alt="A chart."}\n',
        "figures/chart.py": "def draw(style)\n    return None\n"})
    run = make_book("syntax", root=root)
    assert run.code == 1
    assert "chart.py:1:16: error: the script has a syntax error: expected ':'" in run.err
