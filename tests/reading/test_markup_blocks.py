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


class TestExerciseOptions(ExtensionTestCase):
    """`::: exercise "Title" {marks=2 lines=5}`: marks, and space to write the answer in."""

    def extensions(self, context):
        return [FencedBlocks(context)]

    def test_marks_follow_the_title_and_the_space_follows_the_question(self):
        self.assertRenders(
            '::: exercise "Question 1" {marks=2 lines=5}\nWhy?\n:::\n\n'
            '::: exercise {marks=01 box=4cm}\nWho?\n:::\n\n'
            '::: exercise Graph {squares=6.5cm}\nDraw.\n:::',
            self.dedent(
                '''
                <div class="block exercise" data-marks="2">
                <p class="block-title">Question 1 <span class="marks">[2 marks]</span></p>
                <p>Why?</p>
                <div class="write-in lines" data-lines="5"></div>
                </div>
                <div class="block exercise" data-marks="1">
                <p class="block-title">Questions <span class="marks">[1 mark]</span></p>
                <p>Who?</p>
                <div class="write-in box" data-height="4cm"></div>
                </div>
                <div class="block exercise">
                <p class="block-title">Graph</p>
                <p>Draw.</p>
                <div class="write-in squares" data-height="6.5cm"></div>
                </div>
                '''
            )
        )

    def test_marks_are_in_the_book_s_words(self):
        self.assertRenders(
            '::: exercise {marks=3}\nPourquoi ?\n:::',
            '<div class="block exercise" data-marks="3">\n'
            '<p class="block-title">Questions <span class="marks">[3 points]</span></p>\n'
            '<p>Pourquoi ?</p>\n</div>',
            language="fr"
        )

    def test_pandoc_s_attributes_carry_the_same_options(self):
        self.assertRenders(
            '::: {.exercise #ex-1 title="Sources" marks=4 lines=2}\nCompare.\n:::',
            '<div class="block exercise" data-marks="4" id="ex-1">\n'
            '<p class="block-title">Sources <span class="marks">[4 marks]</span></p>\n'
            '<p>Compare.</p>\n<div class="write-in lines" data-lines="2"></div>\n</div>'
        )

    def test_each_bad_option_is_an_error_at_its_place_that_says_what_is_allowed(self):
        options = "the options are marks=N and one of lines=N, box=HEIGHT or squares=HEIGHT, " \
                  "such as {marks=2 lines=5}"
        self.assertRenders(
            '::: exercise {marks=0 lines=-1 colour=red}\nA.\n:::\n\n'
            '::: exercise {squares=banana box=30cm marks=2 marks=3}\nB.\n:::\n\n'
            '::: exercise {lines=3 box=2cm squares}\nC.\n:::\n\n'
            '::: note {marks=2}\nD.\n:::',
            self.dedent(
                '''
                <div class="block exercise">
                <p class="block-title">Questions</p>
                <p>A.</p>
                </div>
                <div class="block exercise" data-marks="2">
                <p class="block-title">Questions <span class="marks">[2 marks]</span></p>
                <p>B.</p>
                </div>
                <div class="block exercise">
                <p class="block-title">Questions</p>
                <p>C.</p>
                <div class="write-in lines" data-lines="3"></div>
                </div>
                <div class="block note">
                <p class="block-title">Note</p>
                <p>D.</p>
                </div>
                '''
            ),
            problems=(
                "chapters/03-famine.md:1:15: error: marks=0 is not a number of marks: write a "
                "whole number from 1, such as marks=2",
                "chapters/03-famine.md:1:23: error: lines=-1 is not a number of ruled lines: "
                "write a whole number from 1 to 50, such as lines=5",
                "chapters/03-famine.md:1:32: error: 'colour' is not an exercise's option; "
                + options,
                "chapters/03-famine.md:5:15: error: squares=banana is not a height: write a "
                "length in cm, mm or in, up to 25cm, such as squares=4cm",
                "chapters/03-famine.md:5:30: error: box=30cm is not a height: write a length in "
                "cm, mm or in, up to 25cm, such as box=4cm",
                "chapters/03-famine.md:5:47: error: marks is given twice; keep one",
                "chapters/03-famine.md:9:23: error: an exercise has one write-in space: choose "
                "lines=, box= or squares=",
                f"chapters/03-famine.md:9:31: error: 'squares' is not an option; {options}",
                "chapters/03-famine.md:13:11: error: only an exercise has marks and write-in "
                f"space, not a note; {options}",
            )
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
