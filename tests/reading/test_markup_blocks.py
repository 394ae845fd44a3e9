"""Fenced blocks `::: kind "Title"` ... `:::`, read by FencedBlocks alone."""
from __future__ import annotations

from markup_case import ExtensionTestCase

from book.reading.markup.admonitions import Admonitions
from book.reading.markup.blocks import FencedBlocks
from book.reading.markup.myst import MyST


class TestFencedBlocks(ExtensionTestCase):

    def extensions(self, context):
        return [FencedBlocks(context)]

    def test_a_block_without_a_title_is_titled_with_the_word_for_its_kind(self):
        self.assertRenders(
            self.dedent(
                '''
                ::: note
                Read this first.
                :::
                '''
            ),
            self.dedent(
                '''
                <div class="block note">
                <p class="block-title">Note</p>
                <p>Read this first.</p>
                </div>
                '''
            )
        )

    def test_the_word_for_a_kind_is_in_the_book_s_language(self):
        self.assertRenders(
            '::: note\nLies dies.\n:::',
            '<div class="block note">\n<p class="block-title">Hinweis</p>\n'
            '<p>Lies dies.</p>\n</div>',
            language="de"
        )

    def test_the_word_for_answers_is_not_the_kind_s_name(self):
        self.assertRenders(
            '::: answer\nYes.\n:::',
            '<div class="block answer">\n<p class="block-title">Model answers</p>\n'
            '<p>Yes.</p>\n</div>'
        )

    def test_a_title_in_quotes_replaces_the_word_and_the_text_after_the_block_follows_it(self):
        self.assertRenders(
            self.dedent(
                '''
                ::: exercise "Before you read"
                1. What is a commune?
                2. Who decided?
                :::

                After.
                '''
            ),
            self.dedent(
                '''
                <div class="block exercise">
                <p class="block-title">Before you read</p>
                <ol>
                <li>What is a commune?</li>
                <li>Who decided?</li>
                </ol>
                </div>
                <p>After.</p>
                '''
            )
        )

    def test_blocks_nest(self):
        self.assertRenders(
            self.dedent(
                '''
                ::: discussion
                Outer.

                ::: tip
                Inner.
                :::

                Outer again.
                :::
                '''
            ),
            self.dedent(
                '''
                <div class="block discussion">
                <p class="block-title">Discussion</p>
                <p>Outer.</p>
                <div class="block tip">
                <p class="block-title">Tip</p>
                <p>Inner.</p>
                </div>
                <p>Outer again.</p>
                </div>
                '''
            )
        )

    def test_an_unknown_kind_is_an_error_at_its_fence_and_is_still_a_block(self):
        self.assertRenders(
            '::: sidebar\nText.\n:::',
            '<div class="block sidebar">\n<p class="block-title">Sidebar</p>\n<p>Text.</p>\n</div>',
            problems=("chapters/03-famine.md:1:1: error: unknown block kind 'sidebar'; the kinds "
                      "are: note, tip, warning, source, exercise, answer, discussion, teacher",)
        )

    def test_the_same_mistake_twice_is_reported_where_each_is_written(self):
        self.assertRenders(
            '::: sidebar\nA.\n:::\n\n::: sidebar\nB.\n:::',
            '<div class="block sidebar">\n<p class="block-title">Sidebar</p>\n<p>A.</p>\n</div>\n'
            '<div class="block sidebar">\n<p class="block-title">Sidebar</p>\n<p>B.</p>\n</div>',
            problems=tuple(f"chapters/03-famine.md:{line}:1: error: unknown block kind 'sidebar'; "
                           "the kinds are: note, tip, warning, source, exercise, answer, "
                           "discussion, teacher" for line in (1, 5))
        )

    def test_a_block_never_closed_is_an_error_and_holds_the_rest_of_the_chapter(self):
        self.assertRenders(
            self.dedent(
                '''
                Before.

                ::: note
                Never closed.

                Still inside.
                '''
            ),
            self.dedent(
                '''
                <p>Before.</p>
                <div class="block note">
                <p class="block-title">Note</p>
                <p>Never closed.</p>
                <p>Still inside.</p>
                </div>
                '''
            ),
            problems=("chapters/03-famine.md:3:1: error: this ::: block is never closed; end it "
                      "with a line ':::'",)
        )

    def test_an_unknown_kind_never_closed_is_another_tool_s_line_printed_as_written(self):
        # The warning is the reading stage's (leftovers.py), as for any such line.
        self.assertRenders(
            '::: mkdocs-click\n    :module: mkdocs\n\nAfter.',
            '<p>::: mkdocs-click\n    :module: mkdocs</p>\n<p>After.</p>'
        )

    def test_quarto_s_callouts_are_the_booklet_s_boxes_with_their_title(self):
        self.assertRenders(
            '::: {.callout-tip title="Plan ahead"}\nStart early.\n:::\n\n'
            '::: {#sec-dates .callout-important}\n## Mind the dates in C#\n\nCheck them.\n:::\n\n'
            '::: {.note}\nA note.\n:::',
            '<div class="block tip">\n<p class="block-title">Plan ahead</p>\n'
            '<p>Start early.</p>\n</div>\n'
            '<div class="block warning" id="sec-dates">\n<p class="block-title">Mind the dates '
            'in C#</p>\n<p>Check them.</p>\n</div>\n'
            '<div class="block note">\n<p class="block-title">Note</p>\n<p>A note.</p>\n</div>'
        )

    def test_content_indented_as_a_whole_is_read_as_text_with_a_warning(self):
        self.assertRenders(
            '::: note\n    Indented as a whole.\n\n    Still indented.\n:::',
            self.dedent(
                '''
                <div class="block note">
                <p class="block-title">Note</p>
                <p>Indented as a whole.</p>
                <p>Still indented.</p>
                </div>
                '''
            ),
            warnings=("chapters/03-famine.md:2:5: warning: this box's content is indented as a "
                      "whole, so it is read as text, not as code; to show code, fence it with "
                      "``` lines",)
        )

    def test_a_list_indented_as_code_inside_a_block_is_an_error(self):
        self.assertRenders(
            '::: note\nA list:\n\n    - first\n    - second\n:::',
            self.dedent(
                '''
                <div class="block note">
                <p class="block-title">Note</p>
                <p>A list:</p>
                <pre><code>- first
                - second
                </code></pre>
                </div>
                '''
            ),
            problems=("chapters/03-famine.md:4:1: error: this list is indented by a tab or four "
                      "spaces, so it is read as code; start its lines at the margin",)
        )


class TestOtherToolsBoxes(ExtensionTestCase):

    def extensions(self, context):
        return ["fenced_code", MyST(context), FencedBlocks(context)]

    def test_myst_s_admonitions_fenced_as_code_or_with_colons_are_boxes(self):
        self.assertRenders(
            '```{note}\nPinning uses `==`.\n```\n\n'
            ':::{admonition} Before you start\n:class: tip\nRead it.\n:::\n\n'
            '```{code-block} python\nprint(1)\n```',
            '<div class="block note">\n<p class="block-title">Note</p>\n'
            '<p>Pinning uses <code>==</code>.</p>\n</div>\n'
            '<div class="block note">\n<p class="block-title">Before you start</p>\n'
            '<p>Read it.</p>\n</div>\n'
            '<pre><code class="language-python">print(1)\n</code></pre>'
        )

    def test_docusaurus_s_admonitions_are_boxes_with_their_titles(self):
        self.assertRenders(
            ':::danger Take care\nHot water.\n:::\n\n:::info[Did you know?]\nIt rains.\n:::',
            '<div class="block warning">\n<p class="block-title">Take care</p>\n'
            '<p>Hot water.</p>\n</div>\n'
            '<div class="block note">\n<p class="block-title">Did you know?</p>\n'
            '<p>It rains.</p>\n</div>'
        )

    def test_a_role_inside_code_and_a_directive_inside_fenced_code_stay_as_written(self):
        self.assertRenders(
            'In Python, `{name}` and `{age}`, and `` {ref}`x` ``.\n\n'
            '````markdown\n```{note}\nBe careful.\n```\n````',
            '<p>In Python, <code>{name}</code> and <code>{age}</code>, and '
            '<code>{ref}`x`</code>.</p>\n'
            '<pre><code class="language-markdown">```{note}\nBe careful.\n```\n</code></pre>'
        )

    def test_a_code_directive_leaves_out_its_options(self):
        self.assertRenders(
            '```{code-block} python\n:linenos:\n:caption: Example\nprint(1)\n```',
            '<pre><code class="language-python">print(1)\n</code></pre>'
        )

    def test_pandoc_s_divs_without_a_class_hold_their_content_in_no_box(self):
        self.assertRenders(
            '::: {#box title="See example.org"}\nText.\n:::\n\n::: {#refs}\n:::',
            '<div id="box">\n<p>Text.</p>\n</div>\n<div id="refs"></div>'
        )

    def test_another_myst_directive_prints_its_content_as_code_with_a_warning(self):
        self.assertRenders(
            '```{versionadded} 10.0\nKeyring support.\n```\n\nA {ref}`the guide <guide>` '
            'and {command}`pip list`.',
            '<pre><code>10.0\nKeyring support.\n</code></pre>\n'
            '<p>A the guide and <code>pip list</code>.</p>',
            warnings=("chapters/03-famine.md:1:4: warning: MyST's directive {versionadded} is "
                      "not one the booklet has, so its content is printed as code",)
        )


class TestMkDocsAdmonitions(ExtensionTestCase):

    def extensions(self, context):
        return [Admonitions(context)]

    def test_a_line_that_opens_no_box_is_text(self):
        self.assertRenders(
            '!!! Bring your calculator tomorrow\n\n??? What do you think',
            '<p>!!! Bring your calculator tomorrow</p>\n<p>??? What do you think</p>'
        )

    def test_a_solution_is_an_answer_and_an_unknown_kind_a_note_with_a_warning(self):
        self.assertRenders(
            '!!! solution\n    x = 2\n\n!!! bonus "Extra"\n    More.',
            '<div class="block answer">\n<p class="block-title">Model answers</p>\n'
            '<p>x = 2</p>\n</div>\n'
            '<div class="block note">\n<p class="block-title">Extra</p>\n<p>More.</p>\n</div>',
            warnings=("chapters/03-famine.md:4:5: warning: the admonition kind 'bonus' is not "
                      "a box of the booklet, so it is printed as a note",)
        )

    def test_an_admonition_and_a_folded_one_are_boxes_printed_open(self):
        self.assertRenders(
            '!!! danger\n    Hot water.\n\n??? tip "Open me"\n    Hidden.\n\n'
            '!!! example "A river"\n    The Nile.',
            '<div class="block warning">\n<p class="block-title">Warning</p>\n'
            '<p>Hot water.</p>\n</div>\n'
            '<div class="block tip">\n<p class="block-title">Open me</p>\n'
            '<p>Hidden.</p>\n</div>\n'
            '<div class="block note">\n<p class="block-title">A river</p>\n'
            '<p>The Nile.</p>\n</div>'
        )
