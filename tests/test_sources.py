"""Chapters: their order, front matter, and errors that point at the source."""
from __future__ import annotations

import re
import zipfile

import pypdf
from conftest import messages, page_texts, write_book


def outline_titles(pdf) -> list:
    reader = pypdf.PdfReader(pdf)

    def walk(items):
        return [walk(item) if isinstance(item, list) else item.title for item in items]
    return walk(reader.outline)


def test_without_book_toml_chapters_follow_file_names(make_book):
    run = make_book("no-config")
    assert run.code == 0, run.err
    pdf = run.root / "build" / "no-config.pdf"
    titles = [t for t in outline_titles(pdf) if not isinstance(t, list)]
    assert titles == ["Contents", "First by name", "Second by name", "Third by name"]
    # The book's title comes from the first chapter's heading.
    assert pypdf.PdfReader(pdf).metadata.title == "First by name"


def test_book_toml_decides_the_chapter_order(make_book):
    run = make_book("basic")
    assert run.code == 0, run.err
    titles = [t for t in outline_titles(run.root / "build" / "basic.pdf")
              if not isinstance(t, list)]
    assert titles == ["Contents", "Floods and Dykes", "Where the River Begins", "The Delta",
                      "Glossary"]


def test_front_matter_errors_point_at_their_line(make_book, tmp_path):
    root = write_book(tmp_path / "front", {
        "chapters/01-a.md": ("---\ntitle: A\nobjectives: just one string\nkey_term: red\n---\n\n"
                             "Text.\n"),
        "chapters/02-b.md": "---\ntitle: [unclosed\n---\n\nText.\n"})
    run = make_book("front", root=root)
    assert run.code == 1
    assert "01-a.md:3:1: error: objectives must be a list" in run.err
    assert "01-a.md:4:1: error: unknown front matter key 'key_term'; the keys are: title, " \
        "objectives, key_terms; did you mean key_terms?" in run.err
    assert "02-b.md:2:8: error: front matter is not valid YAML: the list or table opened here" \
        in run.err


def test_other_tools_front_matter_keys_are_ignored_with_a_warning(make_book, tmp_path):
    root = write_book(tmp_path / "jekyll", {
        "chapters/01-a.md": "---\nlayout: post\ntitle: A\nformat: html\n---\n\nText.\n"})
    run = make_book("jekyll", "--format", "html", root=root)
    assert run.code == 0, run.err
    assert [line.split("chapters/", 1)[1] for line in messages(run.err)] == [
        f"01-a.md:{line}:1: warning: the front matter key {key!r} is not one the booklet "
        "reads, so it is ignored; the keys are: title, objectives, key_terms"
        for line, key in ((2, "layout"), (4, "format"))]


def test_non_utf8_chapter_is_a_clear_error(make_book, tmp_path):
    root = write_book(tmp_path / "latin1", {
        "chapters/one.md": "# One\n\nCaf\u00e9 society.\n".encode("latin-1")})
    run = make_book("latin1", root=root)
    assert run.code == 1
    assert "one.md:3:4: error: byte 0xe9 is not UTF-8" in run.err


def test_crlf_and_byte_order_mark_are_read(make_book, tmp_path):
    root = write_book(tmp_path / "windows", {
        "chapters/one.md": "\ufeff---\r\ntitle: Windows text\r\n---\r\n\r\nA line.[^a]\r\n"
                           "\r\n[^a]: A note.\r\n".encode("utf-8")})
    run = make_book("windows", root=root)
    assert run.code == 0, run.err
    text = "".join(page_texts(run.root / "build" / "windows.pdf"))
    assert "Windows text" in text and "A note." in text and "[^" not in text


def test_unnumbered_front_and_back_parts(make_book, tmp_path):
    root = write_book(tmp_path / "parts", {
        "book.toml": 'title = "Parts"\nfront = ["front/use.md"]\nback = ["back/timeline.md"]\n'
                     'chapters = ["chapters/one.md"]\n',
        "front/use.md": "# How to use this booklet\n\nRead a chapter, then answer.\n",
        "back/timeline.md": "# Timeline\n\n| Year | Event |\n|---|---|\n| 1958 | The Leap |\n",
        "chapters/one.md": "# One\n\nThe only chapter.\n"})
    run = make_book("parts", root=root)
    assert run.code == 0, run.err
    texts = page_texts(root / "build" / "parts.pdf")
    contents = next(t for t in texts if "Contents" in t)
    assert re.search(r"How to use this booklet ?\.+ ?[ivx]+\s", contents)
    assert re.search(r"1\s+One ?\.+ ?1\s", contents)
    assert re.search(r"Timeline ?\.+ ?\d+\s", contents)
    assert "Chapter 1" not in " ".join(texts).replace("CHAPTER 1", "")
    with zipfile.ZipFile(root / "build" / "parts.epub") as archive:
        nav = archive.read("EPUB/nav.xhtml").decode()
    assert nav.index("use.xhtml") < nav.index("one.xhtml") < nav.index("timeline.xhtml")
