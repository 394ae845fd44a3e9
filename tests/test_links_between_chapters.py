"""Links as authors of READMEs and Pandoc documents write them, through a whole build: to a
heading by the id GitHub or Pandoc gives it, to another chapter's file and heading, and to a
chapter by the label on its title."""
from __future__ import annotations

import zipfile

import lxml.html
from conftest import write_book
from invariants import unresolved_links, unresolved_pdf_links

ONE = """Rivers and Floods {#sec-rivers}
=================

Read [the causes](#what-causes-a-flood), [the delta](02-delta.md#the-delta-today),
[all of the delta](../chapters/02-delta.md), @sec-delta, [the notes](#notes-1) and
[the anchor](#old-anchor).

<a name="old-anchor"></a>

What causes a flood?
--------------------

Rain.

## Notes

First.

## Notes

Second.
"""
TWO = """# The Delta {#sec-delta}

Back to [the causes](01-rivers.md#what-causes-a-flood), to [the start](01-rivers.md),
to @sec-rivers, to [a file not in the book](99-missing.md), to
[a misspelt one](01-rievrs.md) and [a misspelt heading](01-rivers.md#what-causes-a-flod).

## The delta today

Mud.
"""


def build(make_book, tmp_path, formats):
    root = write_book(tmp_path / "links", {"chapters/01-rivers.md": ONE,
                                           "chapters/02-delta.md": TWO})
    run = make_book("links", "--format", formats, root=root)
    assert run.code == 0, run.err
    return run


def test_links_to_headings_and_chapters_lead_to_their_real_ids(make_book, tmp_path):
    run = build(make_book, tmp_path, "html")
    page = lxml.html.parse(str(run.root / "build" / "links.html")).getroot()
    links = {a.text_content(): a.get("href") for a in page.iter("a")
             if a.getparent().tag == "p"}
    assert {name: links[name] for name in
            ("the causes", "the delta", "all of the delta", "Chapter 2", "the notes",
             "the anchor", "the start", "Chapter 1")} == {
        "the causes": "#rivers-what-causes-a-flood", "the delta": "#delta-the-delta-today",
        "all of the delta": "#delta", "Chapter 2": "#delta", "the notes": "#rivers-notes_1",
        "the anchor": "#rivers-old-anchor",
        "the start": "#rivers", "Chapter 1": "#rivers"}
    ids = {element.get("id") for element in page.iter()}
    assert {href[1:] for href in links.values() if href} <= ids
    assert links["a file not in the book"] is None
    assert "02-delta.md:4:45: warning: the link '99-missing.md' leads to a file that is not " \
           "a chapter of the book; it is printed as plain text" in run.err
    assert "02-delta.md:5:18: warning: the link '01-rievrs.md' leads to a file that is not a " \
           "chapter of the book (did you mean 01-rivers.md?); it is printed as plain text" \
        in run.err
    assert "02-delta.md:5:57: warning: the link '01-rivers.md#what-causes-a-flod' leads to no " \
           "heading or figure of 01-rivers.md labelled #what-causes-a-flod (did you mean " \
           "#what-causes-a-flood?); it is printed as plain text" in run.err
    assert run.err.count("warning:") == 3, run.err


def test_the_pdf_and_epub_links_between_chapters_all_resolve(make_book, tmp_path):
    run = build(make_book, tmp_path, "pdf,epub")
    assert unresolved_pdf_links(run.root / "build" / "links.pdf") == []
    epub = run.root / "build" / "links.epub"
    assert unresolved_links(epub) == []
    with zipfile.ZipFile(epub) as archive:
        text = "".join(archive.read(name).decode() for name in archive.namelist()
                       if name.endswith(".xhtml"))
    assert "delta-the-delta-today" in text and ">Chapter 2</a>" in text
