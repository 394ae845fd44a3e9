"""Chinese characters in a book in another language: marked with `han_language` in the
EPUB and the PDF (its text and its tags), and drawn by the theme's fallback font."""
from __future__ import annotations

import subprocess
import zipfile

import pypdf
from conftest import page_texts, tag_tree, write_book

from book.cli import main

CHAPTER = """# The Leap

The Great Leap Forward (大跃进 *Dà Yuèjìn*) set up ((people's communes 人民公社)).
A name the author marked herself stays hers: <span lang="ja">東京</span>.
"""


def _book(tmp_path, settings: str):
    return write_book(tmp_path / "han", {
        "book.toml": 'title = "Han"\n' + settings
                     + '[variables]\nfallback_fonts = ["Droid Sans Fallback"]\n',
        "chapters/01.md": CHAPTER})


def test_runs_of_han_characters_get_the_language_the_setting_names(tmp_path):
    root = _book(tmp_path, 'han_language = "zh-Hans"\n')
    assert main(["build", "-C", str(root), "--strict"]) == 0
    with zipfile.ZipFile(root / "build" / "han.epub") as epub:
        chapter = next(epub.read(name).decode() for name in epub.namelist()
                       if "01" in name and name.endswith(".xhtml"))
    assert '<span lang="zh-Hans" xml:lang="zh-Hans">大跃进</span> <em>Dà Yuèjìn</em>' in chapter
    assert '<span lang="zh-Hans" xml:lang="zh-Hans">人民公社</span>' in chapter
    assert '<span lang="ja" xml:lang="ja">東京</span>' in chapter
    pdf = root / "build" / "han.pdf"
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
    # A subset (its name has a six-letter tag) of the fallback font draws the characters.
    assert any(line.split()[0].split("+")[-1].startswith("Droid-Sans-Fallback")
               and "+" in line.split()[0] for line in fonts.splitlines()[2:])
    assert "大跃进 Dà Yuèjìn" in " ".join(page_texts(pdf))
    # The PDF's tags say so too: a screen reader reads the characters as Chinese.
    tags = tag_tree(pypdf.PdfReader(pdf).trailer["/Root"])
    assert {"zh-Hans", "ja"} <= {str(tag["/Lang"]) for tag in tags if "/Lang" in tag}


def test_without_the_setting_the_characters_are_left_unmarked(tmp_path):
    root = _book(tmp_path, "")
    assert main(["build", "-C", str(root), "--strict"]) == 0
    with zipfile.ZipFile(root / "build" / "han.epub") as epub:
        documents = "".join(epub.read(name).decode() for name in epub.namelist()
                            if name.endswith(".xhtml"))
    assert "大跃进" in documents and 'lang="zh-Hans"' not in documents


def test_a_han_language_that_is_no_language_tag_is_an_error_at_its_place(tmp_path, capsys):
    root = _book(tmp_path, 'han_language = "Chinese!"\n')
    assert main(["build", "-C", str(root)]) == 1
    assert "book.toml:2:" in capsys.readouterr().err
