"""Classroom products: themes, overrides, editions, handouts, imposition, batch, languages."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import numpy
import pdfplumber
import pytest
from conftest import BOOKS, page_texts, pdf_page_png, png, write_book
from PIL import Image

from book.cli import main

REPOSITORY = Path(__file__).parent.parent


def text_of(pdf: Path) -> str:
    return re.sub(r"\s+", " ", "".join(page_texts(pdf)))


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    root = tmp_path_factory.mktemp("sample") / "sample"
    shutil.copytree(REPOSITORY, root, ignore=shutil.ignore_patterns(".git", "build", "tests"))
    return root


@pytest.mark.parametrize("theme", ["classic", "modern", "large-print", "ink-saver"])
def test_each_theme_builds_the_sample(sample, theme, tmp_path):
    assert main(["build", "-C", str(sample), "--theme", theme, "--format", "pdf",
                 "-o", str(tmp_path)]) == 0
    # A theme other than book.toml's names the file.
    # The sample's own style on each built-in theme, named for the theme asked for (even
    # classic, the style's own base).
    pdf = tmp_path / f"great-leap-forward-{theme}.pdf"
    with pdfplumber.open(pdf) as document:
        chapter_page = next(p for p in document.pages if "Taking control" in (
            text := p.extract_text() or "") and "Contents" not in text)
        sizes = [round(c["size"], 1) for c in chapter_page.chars if c["text"].isalpha()]
        fonts = {c["fontname"].split("+")[-1] for c in chapter_page.chars}
    body_size = max(set(sizes), key=sizes.count)
    if theme == "large-print":
        assert body_size >= 16, body_size
        assert not any("Oblique" in f or "Italic" in f for f in fonts), "bold, not italics"
    else:
        assert 9 <= body_size <= 11
    if theme in ("modern", "large-print"):
        assert all("Serif" not in f for f in fonts), fonts
    if theme == "ink-saver":
        pictures = tmp_path / "page"
        subprocess.run(["pdftoppm", "-png", "-r", "20", str(pdf), str(pictures)], check=True)
        for picture in sorted(tmp_path.glob("page-*.png")):
            pixels = numpy.asarray(Image.open(picture).convert("RGB"), dtype=int)
            coloured = int(((pixels.max(axis=2) - pixels.min(axis=2)) > 24).sum())
            assert not coloured, f"{picture.name} has {coloured} coloured pixels"


def test_theme_inheritance_and_overrides(make_book, tmp_path):
    root = tmp_path / "themed"
    shutil.copytree(BOOKS / "no-config", root)
    write_book(root, {
        "styles/school/theme.toml": 'extends = "modern"\n[variables]\naccent = "#aa0000"\n',
        "styles/extra.css": ".chapter-number { letter-spacing: 0; }\n",
        "book.toml": 'theme = "school"\ncss = ["styles/extra.css"]\n\n[variables]\n'
                     'body_size = "12pt"\n'})
    run = make_book("themed", "--format", "pdf", "--set", 'variables.text_colour="#202020"',
                    root=root)
    assert run.code == 0, run.err
    with pdfplumber.open(root / "build" / "themed.pdf") as document:
        chars = [c for p in document.pages if "CHAPTER 1" in (p.extract_text() or "")
                 for c in p.chars]
    heading = next(c for c in chars if c["text"] == "F" and c["size"] > 18)
    assert heading["non_stroking_color"] == pytest.approx((0.667, 0, 0), abs=0.01)
    body = next(c for c in chars if c["text"] == "l" and 11.5 < c["size"] < 12.5)
    assert "Inter" in body["fontname"]  # modern's sans-serif
    assert body["non_stroking_color"] == pytest.approx((0.125, 0.125, 0.125), abs=0.01)


def test_unknown_variable_lists_the_valid_names(make_book, tmp_path):
    root = tmp_path / "bad"
    shutil.copytree(BOOKS / "no-config", root)
    (root / "book.toml").write_text('title = "T"\n\n[variables]\naccnet = "#000"\n')
    run = make_book("bad", root=root)
    assert run.code == 1
    assert "book.toml:4:1: error: the theme 'classic' has no variable 'accnet'" in run.err
    assert "did you mean accent?" in run.err
    assert "accent" in run.err


def test_student_edition_has_no_answers_and_teacher_edition_all(make_book, tmp_path):
    student = make_book("editions")
    assert student.code == 0, student.err
    build = student.root / "build"
    text = text_of(build / "editions.pdf")
    assert "Why did the harvest fail?" in text
    assert "ANSWERTEXT" not in text and "TEACHERNOTE" not in text
    with zipfile.ZipFile(build / "editions.epub") as archive:
        epub = b"".join(archive.read(n) for n in archive.namelist())
    assert b"ANSWERTEXT" not in epub and b"TEACHERNOTE" not in epub
    teacher = make_book("editions", "--edition", "teacher", root=student.root)
    assert teacher.code == 0, teacher.err
    text = text_of(build / "editions-teacher.pdf")
    key = text.split("Answer key")[-1]
    assert "ANSWERTEXT-ONE" in key and "ANSWERTEXT-TWO" in key
    assert "Chapter 1: Questions" in key and "Chapter 2: More questions" in key
    assert "TEACHERNOTE" in text


def test_handout_holds_its_chapter_and_its_sources(tmp_path):
    root = tmp_path / "handout"
    shutil.copytree(BOOKS / "citations", root)
    write_book(root, {"chapters/02-more.md": "# More\n\nOnly Becker here [@becker1996].\n",
                      "book.toml": 'title = "Sources"\n[classroom]\nschool = "Hill School"\n'
                                   'teacher = "Ms Lin"\n'})
    assert main(["handout", "2", "-C", str(root)]) == 0
    pdf = root / "build" / "handout-more.pdf"
    text = text_of(pdf)
    assert "Only Becker here (Becker, 1996)." in text
    assert "Banister" not in text and "plain citation" not in text
    assert re.search(r"References Becker, J\. \(1996\)\. Hungry Ghosts", text)
    assert "Hill School · Ms Lin" in text and "Name:" in text and "Date:" in text
    assert not list((root / "build").glob("*.epub"))


def test_a_handout_warns_only_of_the_chapters_it_prints(tmp_path, capsys):
    root = write_book(tmp_path / "warned", {
        "chapters/01-one.md": "# One\n\nA picture ![Map](https://example.org/map.png).\n",
        "chapters/02-two.md": "# Two\n\nA badge ![Build](https://example.org/badge.svg).\n"})
    assert main(["handout", "2", "-C", str(root)]) == 0
    err = capsys.readouterr().err
    assert "02-two.md:3:18: warning: 'https://example.org/badge.svg'" in err
    assert "01-one.md" not in err, "chapter 1 is not in the handout"


def test_an_unknown_handout_chapter_lists_the_chapters(capsys):
    assert main(["handout", "9", "-C", str(BOOKS / "no-config"), "-o", "/tmp/unused"]) == 1
    assert "handout 9: error: there is no chapter '9': the booklet has 3 chapters: 1 (first), " \
        "2 (second), 3 (third)" in capsys.readouterr().err


def test_saddle_stitch_imposition(make_book):
    run = make_book("basic", "--format", "pdf", "--impose")
    assert run.code == 0, run.err
    build = run.root / "build"
    pages = len(page_texts(build / "basic.pdf"))
    with pdfplumber.open(build / "basic-saddle.pdf") as sheets:
        padded = -(-pages // 4) * 4
        assert len(sheets.pages) == padded // 2
        first = sheets.pages[0]
        assert first.width == pytest.approx(2 * 419.5, abs=1)
        left = first.crop((0, 0, first.width / 2, first.height)).extract_text() or ""
        right = first.crop((first.width / 2, 0, first.width, first.height)).extract_text()
        assert "A small test booklet" in right, "the cover is on the right of the first side"
        last_page = page_texts(build / "basic.pdf")[padded - 1] if padded == pages else ""
        assert left.strip() == last_page.strip()


def _sheet_sides(pdf: Path) -> list[tuple[str, str]]:
    """The text of the left and the right half of each sheet side."""
    with pdfplumber.open(pdf) as sheets:
        return [tuple(re.sub(r"\s+", " ", side.crop(half).extract_text() or "").strip()
                      for half in ((0, 0, side.width / 2, side.height),
                                   (side.width / 2, 0, side.width, side.height)))
                for side in sheets.pages]


def test_a_two_up_handout_puts_two_a5_pages_on_each_side_of_a4_landscape(tmp_path):
    root = shutil.copytree(BOOKS / "parts", tmp_path / "parts")
    (root / "book.toml").write_text((root / "book.toml").read_text().replace('"A5"', '"A4"'))
    assert main(["handout", "1", "-C", str(root), "-o", str(tmp_path / "a5"),
                 "--set", "page_size=A5"]) == 0
    pages = [re.sub(r"\s+", " ", text).strip()
             for text in page_texts(tmp_path / "a5" / "grain-in-parts-rice-a5.pdf")]
    assert len(pages) >= 3
    assert main(["handout", "1", "--two-up", "-C", str(root), "-o", str(tmp_path / "two")]) == 0
    two_up = tmp_path / "two" / "grain-in-parts-rice-a5-two-up.pdf"
    assert [path.name for path in (tmp_path / "two").glob("*.pdf")] == [two_up.name]
    info = subprocess.run(["pdfinfo", str(two_up)], capture_output=True, text=True).stdout
    assert "841.89 x 595.276 pts (A4)" in info, "A4 landscape"
    # The A5 handout's pages, in order, two to a side at their own size.
    sides = _sheet_sides(two_up)
    assert len(sides) == -(-len(pages) // 2)
    assert [text for side in sides for text in side][:len(pages)] == pages


def test_a_two_up_handout_of_a_letter_booklet_is_on_letter_in_large_print(tmp_path):
    root = shutil.copytree(BOOKS / "parts", tmp_path / "parts")
    assert main(["handout", "1", "--two-up", "-C", str(root), "--set", "page_size=Letter",
                 "--theme", "large-print"]) == 0
    two_up = root / "build" / "grain-in-parts-rice-large-print-half-letter-two-up.pdf"
    info = subprocess.run(["pdfinfo", str(two_up)], capture_output=True, text=True).stdout
    assert "792 x 612 pts (letter)" in info, "Letter landscape"
    with pdfplumber.open(two_up) as sheets:
        sizes = [round(c["size"], 1) for c in sheets.pages[1].chars if c["text"].isalpha()]
    assert max(set(sizes), key=sizes.count) >= 16, "large print stays large: not scaled"


def test_two_up_is_for_the_photocopier_not_the_print_shop(capsys):
    with pytest.raises(SystemExit) as exit_status:
        main(["handout", "1", "--two-up", "--impose", "-C", str(BOOKS / "parts")])
    assert exit_status.value.code == 2
    assert "--two-up prints on the school's own paper" in capsys.readouterr().err


def test_batch_builds_a_variant_per_class(make_book, tmp_path):
    root = tmp_path / "classes"
    shutil.copytree(BOOKS / "no-config", root)
    (root / "classes.toml").write_text(
        '[classes.7a]\nschool = "Hill School"\nteacher = "Ms Lin"\n\n'
        '[classes.7b]\nschool = "Hill School"\nteacher = "Mr Okafor"\n')
    assert main(["batch", "classes.toml", "-C", str(root), "--format", "pdf"]) == 0
    assert "Ms Lin" in text_of(root / "build" / "classes-7a.pdf")
    assert "Mr Okafor" in text_of(root / "build" / "classes-7b.pdf")


def test_labels_and_quotes_in_a_second_language(make_book, tmp_path):
    root = write_book(tmp_path / "deutsch", {
        "book.toml": 'title = "Der Große Sprung"\nlanguage = "de"\n\n[labels]\n'
                     'glossary = "Wörterbuch"\n',
        "chapters/01-eins.md": "---\ntitle: Eins\nkey_terms:\n  Kommune: Eine Einheit.\n---\n\n"
                               "Er sagte \"Hunger\".\n\n## Teil {#sec-teil}\n\n"
                               "![Ein Bild](bild.png){#fig-bild fig-alt=\"x\"}\n\n"
                               "Siehe @fig-bild.\n"})
    Image.new("RGB", (40, 20), "white").save(root / "bild.png")
    run = make_book("deutsch", "--format", "pdf", root=root)
    assert run.code == 0, run.err
    text = text_of(root / "build" / "deutsch.pdf")
    assert "Inhalt" in text and "Kapitel 1" in text and "Abbildung 1.1" in text
    assert "Siehe Abbildung 1.1." in text and "Schlüsselbegriffe" in text
    assert "Er sagte „Hunger“." in text
    assert "Wörterbuch" in text and "Glossary" not in text


def test_text_no_font_can_draw_is_warned_about(make_book, tmp_path):
    root = write_book(tmp_path / "glyphs", {"chapters/one.md":
        "# Glyphs\n\nThe Great Leap is 大跃进 in Chinese; Dàyuèjìn is fine.\n"})
    run = make_book("glyphs", "--format", "pdf", root=root)
    assert run.code == 0
    assert "one.md:3:19: warning: no font of the theme" in run.err
    assert "'大跃进'" in run.err and run.err.count("warning:") == 1


def _figures_drawn(pdf: Path) -> bool:
    """Whether the figures of tests/books/figures are drawn (not replaced by alt text)."""
    text = text_of(pdf)
    return "Harvest year" in text and "A line rising" not in text


def test_batch_with_a_theme_and_page_size_per_class_shares_the_figure_cache(tmp_path):
    root = tmp_path / "figures"
    shutil.copytree(BOOKS / "figures", root)
    (root / "classes.toml").write_text(
        '[classes.a]\nteacher = "Ms A"\ntheme = "large-print"\npage_size = "A5"\n\n'
        '[classes.b]\nteacher = "Mr B"\ntheme = "modern"\npage_size = "Letter"\n\n'
        '[classes.c]\nteacher = "Ms C"\ntheme = "ink-saver"\npage_size = "A4"\n')
    for _ in range(2):  # the second time from the cache the first one left
        assert main(["batch", "classes.toml", "-C", str(root)]) == 0
        # Each named by its class, and by the theme and page size it changes.
        for name in ("a-large-print-a5", "b-modern-letter", "c-ink-saver"):
            assert _figures_drawn(root / "build" / f"figures-{name}.pdf"), name
            with zipfile.ZipFile(root / "build" / f"figures-{name}.epub") as epub:
                figures = [n for n in epub.namelist()
                           if n.startswith("EPUB/images/") and n.endswith(".svg")]
                assert len(figures) == 2, name
    cache = root / "build" / ".cache" / "figures"
    # One per style, none removed: three in print and three on screen, where each theme
    # draws in its own font (page sizes and print lengths do not reach the screen).
    assert len(list(cache.glob("harvest-*.svg"))) == 6


def test_batch_with_stylesheets_variables_and_an_edition_per_class(tmp_path):
    root = tmp_path / "figures"
    shutil.copytree(BOOKS / "figures", root)
    write_book(root, {
        "styles/big.css": "body { letter-spacing: 0.01em; }\n",
        "classes.toml": (
            '[classes.a]\ncss = ["styles/big.css"]\nreaders = "teacher"\n\n'
            '[classes.b]\nedition = "Second edition"\n'
            '[classes.b.variables]\nbody_font = "DejaVu Sans"\nfigure_font_size = "8pt"\n\n'
            '[classes.c]\nvariables = { figure_greyscale = true, figure_palette = '
            '["#000000", "#555555", "#999999"] }\n')})
    assert main(["batch", "classes.toml", "-C", str(root)]) == 0
    for name in ("a-teacher", "b", "c"):
        assert _figures_drawn(root / "build" / f"figures-{name}.pdf"), name
    assert "Second edition" in text_of(root / "build" / "figures-b.pdf")
    fonts = subprocess.run(["pdffonts", str(root / "build" / "figures-b.pdf")],
                           capture_output=True, text=True).stdout
    assert "DejaVu-Sans " in fonts and "DejaVu-Serif " not in fonts
    svgs = [svg.read_text() for svg in (root / "build" / ".cache" / "figures").glob("*.svg")]
    assert any("DejaVu Sans" in svg for svg in svgs), "a class's figure font"


def test_builds_in_different_themes_share_one_cache_at_the_same_time(tmp_path):
    root = tmp_path / "figures"
    shutil.copytree(BOOKS / "figures", root)
    out = tmp_path / "out"
    builds = [subprocess.Popen(
        [sys.executable, str(REPOSITORY / "make_book.py"), "build", "-C", str(root),
         "-o", str(out), "--set", f"theme={theme}"],
        cwd=REPOSITORY, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for theme in ("classic", "large-print", "modern")]
    for process in builds:
        _, err_text = process.communicate(timeout=300)
        assert process.returncode == 0, err_text
        assert "error" not in err_text.lower(), err_text
    for name in ("figures", "figures-large-print", "figures-modern"):
        assert _figures_drawn(out / f"{name}.pdf"), name


def test_a_misspelt_class_setting_suggests_the_one_meant(tmp_path, capsys):
    root = shutil.copytree(BOOKS / "basic", tmp_path / "basic")
    (root / "classes.toml").write_text('[classes.a]\nteachr = "Mr B"\n')
    assert main(["batch", "classes.toml", "-C", str(root)]) == 1
    assert ("classes.toml:2:10: error: unknown class setting 'teachr'; a class gives its "
            "classroom details") in capsys.readouterr().err


def _cover_book(tmp_path: Path, toml: str) -> Path:
    return write_book(tmp_path / "covered", {
        "book.toml": 'title = "Covered"\n' + toml,
        "images/cover.png": png("#ffcc00", (400, 200)), "images/cover.svg": "<svg/>",
        "chapters/one.md": "# One\n\nText.\n"})


def test_a_cover_image_is_on_the_printed_cover_and_the_epubs_cover_picture(make_book, tmp_path):
    root = _cover_book(tmp_path, 'cover_image = "images/cover.png"\n'
                                 'cover_image_alt = "A yellow field"\n')
    run = make_book("covered", root=root)
    assert run.code == 0 and run.err == "", run.err
    cover = numpy.asarray(Image.open(pdf_page_png(root / "build" / "covered.pdf", 1, tmp_path)))
    assert (numpy.abs(cover[..., :3].astype(int) - (255, 204, 0)).sum(axis=-1) < 30).mean() \
        > 0.1, "the picture's yellow covers much of the printed cover"
    with zipfile.ZipFile(root / "build" / "covered.epub") as epub:
        picture = numpy.asarray(Image.open(epub.open("EPUB/images/cover.png")).convert("RGB"))
        cover_page = epub.read("EPUB/cover.xhtml").decode()
    assert (numpy.abs(picture.astype(int) - (255, 204, 0)).sum(axis=-1) < 30).mean() > 0.1
    assert "A yellow field" in cover_page, "the cover picture's alt text says what it shows"


@pytest.mark.parametrize("toml, message", [
    ('cover_image = "images/cover.svg"\n', "book.toml:2:1: error: the cover image "
     "'images/cover.svg' is not a PNG or JPEG file; save it as one"),
    ('cover_image = "images/none.png"\n', "book.toml:2:1: error: the cover image "
     "'images/none.png' is not a file in the booklet folder"),
    ('cover_image = "images/cover.png"\n', "book.toml:2:1: warning: the cover image has no "
     "description for readers who cannot see it; add cover_image_alt"),
])
def test_a_wrong_cover_image_is_said_at_its_line(make_book, tmp_path, toml, message):
    run = make_book("covered", "--format", "pdf", root=_cover_book(tmp_path, toml))
    assert message in run.err
