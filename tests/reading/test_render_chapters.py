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
        "@fig-name, @tbl-name or @sec-name",
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
