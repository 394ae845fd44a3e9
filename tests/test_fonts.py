"""The themes' fonts in the PDF, the dyslexia option, and a missing font's warning."""
from __future__ import annotations

import subprocess
from pathlib import Path

from conftest import BOOKS, messages, write_book

ROOT = BOOKS.parent.parent



def embedded_fonts(pdf: Path) -> dict[str, bool]:
    """Each font of the PDF, without its subset prefix, and whether it is embedded."""
    rows = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True,
                          check=True).stdout.splitlines()[2:]
    return {row.split()[0].split("+")[-1]: row.split()[-5] == "yes" for row in rows}


def test_classic_embeds_its_book_fonts_in_text_and_figures(make_book):
    run = make_book("figures", "--format", "pdf")
    assert run.code == 0, run.err
    fonts = embedded_fonts(run.root / "build" / "figures.pdf")
    assert all(fonts.values()), fonts
    assert {"Linux-Libertine-O", "Linux-Biolinum-O-Bold"} <= set(fonts), fonts
    assert not any("DejaVu-Serif" in name for name in fonts), fonts


def test_dyslexic_fonts_for_one_build(make_book):
    run = make_book("figures", "--format", "pdf", "--set", "fonts=dyslexic")
    assert run.code == 0, run.err
    pdf = run.root / "build" / "figures-dyslexic.pdf"
    fonts = embedded_fonts(pdf)
    assert all(fonts.values()), fonts
    assert {"OpenDyslexic", "OpenDyslexic-Bold"} <= set(fonts), fonts
    assert not any("Libertine" in name or "Biolinum" in name for name in fonts), fonts
    # The figures' labels too, which matplotlib sets in the body font.
    svgs = (run.root / "build" / ".cache" / "figures").glob("*.svg")
    assert any("OpenDyslexic" in svg.read_text() for svg in svgs)


def test_dyslexic_fonts_win_over_book_toml_but_not_over_set(make_book, tmp_path):
    root = write_book(tmp_path / "own", {
        "book.toml": 'fonts = "dyslexic"\n[variables]\nbody_font = "DejaVu Serif"\n',
        "chapters/one.md": "# One\n\nSome text, with `code`.\n"})
    run = make_book("own", "--format", "pdf", root=root)
    assert run.code == 0, run.err
    fonts = embedded_fonts(root / "build" / "own.pdf")
    assert {"OpenDyslexic", "OpenDyslexicMono"} <= set(fonts), fonts
    run = make_book("own", "--format", "pdf", "--set", "variables.body_font=DejaVu Serif",
                    root=root)
    assert run.code == 0, run.err
    fonts = embedded_fonts(root / "build" / "own.pdf")
    # The text in the font --set names; the headings stay in OpenDyslexic.
    assert "DejaVu-Serif" in fonts and "OpenDyslexic-Bold" in fonts, fonts


def test_a_wrong_choice_of_fonts_is_an_error(make_book):
    run = make_book("basic", "--set", "fonts=comic")
    assert run.code == 1
    assert messages(run.err)[0] == ("--set fonts=comic: error: fonts 'comic' is not a choice "
                                    "of fonts; use one of theme, dyslexic")
    assert "Traceback" not in run.err


def test_a_missing_font_names_its_debian_package(make_book, tmp_path):
    root = write_book(tmp_path / "cjk", {
        "book.toml": '[variables]\nfallback_fonts = ["Noto Sans CJK SC"]\n',
        "chapters/one.md": "# One\n\nSome text.\n"})
    run = make_book("cjk", "--format", "pdf", root=root)
    assert run.code == 0, run.err
    assert ("book.toml:2:18: warning: the font 'Noto Sans CJK SC' is not installed, so its "
            "text is printed in another font; install it (on Debian or Ubuntu: apt-get "
            "install fonts-noto-cjk) or name another") in run.err, run.err


def test_the_fonts_are_documented_and_installed_by_the_package_list():
    teachers = (ROOT / "docs" / "teachers.md").read_text()
    assert 'fonts = "dyslexic"' in teachers and "--set fonts=dyslexic" in teachers
    packages = (ROOT / "debian-packages.txt").read_text().split()
    for package in ("fonts-linuxlibertine", "fonts-inter", "fonts-sil-andika",
                    "fonts-opendyslexic", "fonts-dejavu-core"):
        assert package in packages


LONG_PARAGRAPH = ("Photosynthesis transforms electromagnetic radiation into chemical energy "
                  "within chloroplasts; characteristically, agricultural productivity "
                  "depends on environmental circumstances, administrative organisation and "
                  "extraordinarily unpredictable meteorological conditions. ") * 6


def _lines(pdf: Path) -> list[dict]:
    """The lines of the paragraph on its first page, but its first and last."""
    import pdfplumber

    with pdfplumber.open(pdf) as document:
        for page in document.pages:
            lines = [line for line in page.extract_text_lines()
                     if len(line["text"]) > 30 and line["text"][:12] in LONG_PARAGRAPH]
            if len(lines) > 4:
                return lines[1:-1]
    return []


def test_dyslexic_text_is_ragged_unbroken_and_more_widely_spaced(make_book, tmp_path):
    root = write_book(tmp_path / "long", {"chapters/one.md": f"# One\n\n{LONG_PARAGRAPH}\n"})
    found = {}
    for fonts in ("theme", "dyslexic"):
        run = make_book("long", "--format", "pdf", "--set", f"fonts={fonts}", root=root)
        assert run.code == 0, run.err
        lines = _lines(root / "build" / ("long.pdf" if fonts == "theme" else "long-dyslexic.pdf"))
        found[fonts] = {
            "right edges": max(ln["x1"] for ln in lines) - min(ln["x1"] for ln in lines),
            "broken": sum(ln["text"].endswith(("-", "\u2010")) for ln in lines),
            "pitch": (lines[-1]["top"] - lines[0]["top"]) / (len(lines) - 1)
            / lines[0]["chars"][0]["size"],
        }
    theme, dyslexic = found["theme"], found["dyslexic"]
    # The theme justifies and hyphenates this paragraph: what the dyslexic setting undoes.
    assert theme["right edges"] < 1 and theme["broken"] > 0, theme
    assert dyslexic["right edges"] > 10 and dyslexic["broken"] == 0, dyslexic
    assert dyslexic["pitch"] > theme["pitch"] + 0.1, found
