"""The reading stage's entry point: chapters in, each chapter's HTML and headings out, with
every problem of the Markdown and of what it became at its place in the chapter's file."""
from __future__ import annotations

from pathlib import Path

from book.config import load_settings
from book.errors import Problems
from book.model import Chapter, Heading, Source
from book.reading.render import render_chapters


def chapter(number: int, slug: str, text: str, title: str = "Famine") -> Chapter:
    return Chapter(number=number, slug=slug, title=title,
                   body=Source(Path(f"chapters/{number:02}-{slug}.md"), text))


def rendered(tmp_path, *chapters: Chapter):
    """The chapters rendered in a booklet with no settings of its own, and every problem
    as `path:line:col: severity: message`."""
    report = Problems()
    results = render_chapters(list(chapters), load_settings(tmp_path), report)
    return results, [str(problem) for problem in report.items + report.warnings]


def test_heading_ids_start_with_the_chapter_unless_labelled(tmp_path):
    [result], problems = rendered(tmp_path, chapter(3, "famine", (
        "## Causes\n\nText.\n\n## Results {#sec-results}\n")))
    assert result.html == ('<h2 id="famine-causes">Causes</h2>\n<p>Text.</p>\n'
                           '<h2 id="sec-results">Results</h2>')
    assert result.headings == (Heading(level=2, id="famine-causes", text="Causes"),
                               Heading(level=2, id="sec-results", text="Results"))
    assert problems == []


def test_the_text_and_the_front_matter_get_typographic_quotes_and_dashes(tmp_path):
    [result], problems = rendered(tmp_path, chapter(
        3, "famine", 'Text "quoted" -- dash.\n', title='The "Great" Leap -- 1958'))
    assert result.html == "<p>Text \u201cquoted\u201d \u2013 dash.</p>"
    assert result.chapter.title == "The \u201cGreat\u201d Leap \u2013 1958"
    assert problems == []


def test_markup_left_as_text_is_an_error_where_it_was_written(tmp_path):
    [result], problems = rendered(tmp_path, chapter(3, "famine", (
        "See @fig-.\n\nA call[^missing] and [^open\n\n## {#sec-empty}\n\n((unclosed term\n")))
    assert result.html == ('<p>See @fig-.</p>\n<p>A call[^missing] and [^open</p>\n'
                           '<h2 id="sec-empty"></h2>\n<p>((unclosed term</p>')
    assert problems == [
        "chapters/03-famine.md:3:7: error: footnote [^missing] has no text; add a line "
        "'[^missing]: ...' to the chapter",
        "chapters/03-famine.md:1:5: error: this cross-reference has no label; write it as "
        "@fig-name, @tbl-name, @eq-name or @sec-name",
        "chapters/03-famine.md:3:22: error: this footnote call is not closed; write [^label] "
        "with its ']'",
        "chapters/03-famine.md:7:1: error: this index marker is not closed; end it with '))' "
        "(or ')))' for a hidden entry)",
        "chapters/03-famine.md:5:1: error: this heading has no text: write its title before "
        "{#sec-empty}",
    ]


def test_a_script_is_removed_with_a_warning(tmp_path):
    [result], problems = rendered(tmp_path, chapter(3, "famine", (
        "Text.\n\n<script>alert(1)</script>\n")))
    assert result.html == "<p>Text.</p>\n"
    assert problems == [
        "chapters/03-famine.md:3:1: warning: <script> was removed: a booklet holds no "
        "scripts, frames, forms or page-wide styles (use a theme's CSS)"]


def test_each_chapter_s_problems_are_placed_in_its_own_file(tmp_path):
    text = "Before.\n\n::: sidebar\nText.\n:::\n"
    results, problems = rendered(tmp_path, chapter(1, "one", text), chapter(2, "two", text))
    assert [result.html for result in results] == [
        '<p>Before.</p>\n<div class="block sidebar">\n<p class="block-title">Sidebar</p>\n'
        '<p>Text.</p>\n</div>'] * 2
    assert problems == [
        f"chapters/0{number}-{slug}.md:3:1: error: unknown block kind 'sidebar'; the kinds "
        "are: note, tip, warning, source, exercise, answer, discussion, teacher"
        for number, slug in ((1, "one"), (2, "two"))]


def test_citations_and_index_terms_may_run_over_a_line_break(tmp_path):
    [result], problems = rendered(tmp_path, chapter(3, "famine", (
        "As [@becker1996; see also\n@banister1987, p. 3] and ((Great\nLeap)) show.\n")))
    assert problems == []
    assert '"prefix": "see also"' in result.html
    assert '{"path": ["Great Leap"]}' in result.html


def test_a_link_to_an_undefined_name_is_printed_as_written_with_a_warning(tmp_path):
    [result], problems = rendered(tmp_path, chapter(3, "famine", (
        "See [the map][mapp]; the grid[1][2] and works [1][2] are no links.\n")))
    assert result.html == ("<p>See [the map][mapp]; the grid[1][2] and works [1][2] are no "
                           "links.</p>")
    assert problems == [
        "chapters/03-famine.md:1:5: warning: this link's name is not defined, so it is "
        "printed as written: add a line '[name]: address' to the chapter, or check the "
        "name's spelling"]


def test_pictures_on_the_web_print_their_description_and_their_links_stay(tmp_path):
    [result], problems = rendered(tmp_path, chapter(3, "famine", (
        "[![build status](https://ci.example/badge.svg)](https://ci.example)\n\n"
        '<a href="https://sponsor.example"><img src="https://sponsor.example/logo.png"></a>\n\n'
        "A star ![](https://example.org/star.png) here.\n\n"
        "![The map](https://example.org/map.png)\n")))
    assert result.html == (
        '<p><a href="https://ci.example">build status</a></p>\n'
        '<p><a href="https://sponsor.example">https://sponsor.example</a></p>\n'
        '<p>A star  here.</p>\n<figure class="figure" data-number="3.1" '
        'id="famine-figure-3.1"><figcaption><span class="figure-label">Figure 3.1</span> '
        'The map</figcaption></figure>')
    fetch = "; to print the picture, save it in the booklet folder and refer to it by a " \
            "relative path"
    assert problems == [
        'chapters/03-famine.md:7:12: warning: the figure has no alt text, so its caption is '
        'read out in its place: add fig-alt="..." describing what it shows',
        "chapters/03-famine.md:1:18: warning: 'https://ci.example/badge.svg' is a picture on "
        "the web, which is not fetched: its description 'build status' is printed in its "
        "place" + fetch,
        "chapters/03-famine.md:3:45: warning: 'https://sponsor.example/logo.png' is a picture "
        "on the web, which is not fetched: the address of the link around it is printed in "
        "its place" + fetch,
        "chapters/03-famine.md:5:12: warning: 'https://example.org/star.png' is a picture on "
        "the web, which is not fetched: it has no description (alt text), so it is left out"
        + fetch,
        "chapters/03-famine.md:7:12: warning: 'https://example.org/map.png' is a picture on "
        "the web, which is not fetched: its figure prints its number and caption only" + fetch]


def test_a_title_s_links_and_badges_print_as_plain_text_with_a_warning(tmp_path):
    [result], problems = rendered(tmp_path, chapter(
        3, "famine", "\n\nText [here][site].\n\n[site]: https://example.org\n",
        title="The famine [![v](https://example.org/v.svg)][site]"))
    assert result.chapter.title == "The famine"
    assert problems == [
        "chapters/03-famine.md:1:1: warning: the chapter's title is printed as plain text: "
        "its links print as their text and its pictures are left out; put them in the "
        "chapter's first paragraph to keep them"]


def test_another_tool_s_directive_is_printed_as_written_with_a_warning(tmp_path):
    [result], problems = rendered(tmp_path, chapter(3, "famine", (
        "Text.\n\n::: mkdocs.structure.nav.Navigation\n    options:\n        members: []\n")))
    assert result.html == ("<p>Text.</p>\n<p>::: mkdocs.structure.nav.Navigation\n"
                           "    options:\n        members: []</p>")
    assert problems == [
        "chapters/03-famine.md:3:1: warning: this ::: line does not open one of the booklet's "
        "boxes (such as '::: note'), so it is printed as written; it may be another tool's "
        "(mkdocstrings' '::: module.name')"]


def test_a_hash_without_a_space_is_text_with_a_warning(tmp_path):
    [result], problems = rendered(tmp_path, chapter(3, "famine", "##Part one\n\nA #tag.\n"))
    assert result.html == '<p>##Part one</p>\n<p>A #tag.</p>'
    assert problems == [
        "chapters/03-famine.md:1:1: warning: this line starts with # and no space, so it is "
        "printed as text, as GitHub prints it; for a heading, put a space after the #s"]


def test_a_formulas_space_outside_a_formula_is_text_with_a_warning(tmp_path):
    [result], problems = rendered(tmp_path, chapter(3, "famine", (
        "The star is at 3400\\,K, and $x\\,y$ is a formula.\n")))
    assert "3400\\,K" in result.html
    assert problems == [
        "chapters/03-famine.md:1:20: warning: this space of a formula's (\\, \\; \\quad) is "
        "printed as written outside one: put the number and its unit in a formula "
        "($3400\\,\\mathrm{K}$), or write a space"]


def test_an_anchor_of_older_html_is_an_id_unless_its_heading_has_it(tmp_path):
    [result], problems = rendered(tmp_path, chapter(3, "famine", (
        '<a name="usage"></a>\n## Usage\n\n<a name="old place"></a>\n\nText.\n')))
    assert '<a></a>' in result.html and '<a id="famine-old-place"></a>' in result.html
    assert result.html.count('id="famine-usage"') == 1 and problems == []


def test_older_html_s_alignments_become_the_css_that_looks_the_same(tmp_path):
    [result], _ = rendered(tmp_path, chapter(3, "famine", (
        '<table align="center"><tr><td valign="absmiddle" align="right">1</td></tr></table>'
        '\n\n<p align="middle">x</p>\n')))
    assert '<table style="margin-left: auto; margin-right: auto">' in result.html
    assert '<td style="vertical-align: middle; text-align: right">' in result.html
    assert '<p>x</p>' in result.html  # "middle" was never a paragraph's alignment


def test_a_block_inside_a_paragraphs_link_ends_the_paragraph_as_a_browser_shows_it(tmp_path):
    # A README's sponsor line: no paragraph may hold a <div> (the EPUB would be invalid),
    # and the PDF's parser, as a browser's, ends the paragraph where it begins.
    text = ('<p>\n<sup>Thanks to:</sup>\n<a href="https://example.org" id="sponsor">\n'
            '<div>Example logo</div>\n<b>Fast builds.</b>\n</a>\n</p>\n\nAfter.\n')
    [result], problems = rendered(tmp_path, chapter(3, "famine", text))
    assert result.html == (
        '<p>\n<sup>Thanks to:</sup>\n<a id="sponsor">\n</a></p>'
        '<div><a href="https://example.org">Example logo</a></div><a href="https://example.org">\n'
        '<b>Fast builds.</b>\n</a>\n\n\n<p>After.</p>')
    assert problems == [
        "chapters/03-famine.md:4:1: warning: a paragraph cannot hold a <div>, so it ends "
        "where the <div> begins, as a web browser shows it; to keep the <div> with the text "
        "around it, put them in a <div>"]
