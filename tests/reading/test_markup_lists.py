"""Lists as CommonMark and GitHub read them, read by Lists with the book's list extensions."""
from __future__ import annotations

import zipfile

import lxml.etree
from conftest import write_book
from markup_case import ExtensionTestCase

from book.reading.markup.blocks import FencedBlocks
from book.reading.markup.lists import Lists


class TestLists(ExtensionTestCase):

    def extensions(self, context):
        return ["sane_lists", "fenced_code", Lists()]

    def test_a_list_indented_by_two_spaces_under_a_bullet_is_nested(self):
        self.assertRenders(
            '- a\n  - b\n  - c\n- d',
            '<ul>\n<li>a<ul>\n<li>b</li>\n<li>c</li>\n</ul>\n</li>\n<li>d</li>\n</ul>'
        )

    def test_a_list_indented_by_three_spaces_under_a_number_is_nested(self):
        self.assertRenders(
            '1. a\n   1. b\n2. c',
            '<ol>\n<li>a<ol>\n<li>b</li>\n</ol>\n</li>\n<li>c</li>\n</ol>'
        )

    def test_a_list_indented_by_four_spaces_is_nested_as_before(self):
        self.assertRenders(
            '- a\n    - b\n- c',
            '<ul>\n<li>a<ul>\n<li>b</li>\n</ul>\n</li>\n<li>c</li>\n</ul>'
        )

    def test_under_a_two_digit_number_a_list_four_spaces_in_is_nested(self):
        self.assertRenders(
            '10. a\n    - b',
            '<ol start="10">\n<li>a<ul>\n<li>b</li>\n</ul>\n</li>\n</ol>'
        )

    def test_bullets_and_numbers_nest_in_each_other_three_levels_deep(self):
        self.assertRenders(
            '* a\n  1. b\n     - c\n  2. d\n* e',
            '<ul>\n<li>a<ol>\n<li>b<ul>\n<li>c</li>\n</ul>\n</li>\n<li>d</li>\n</ol>\n</li>\n'
            '<li>e</li>\n</ul>'
        )

    def test_an_item_two_spaces_in_under_a_number_is_its_sibling_s_sibling_not_its_child(self):
        # `1. a` has its content at column 3: a marker at column 2 is not inside it.
        self.assertRenders(
            '1. a\n  2. b',
            '<ol>\n<li>a</li>\n<li>b</li>\n</ol>'
        )

    def test_a_lazy_line_stays_in_its_item(self):
        self.assertRenders(
            '- a\nlazy\n- b',
            '<ul>\n<li>a\nlazy</li>\n<li>b</li>\n</ul>'
        )

    def test_a_lazy_line_stays_in_the_nested_item_it_continues(self):
        self.assertRenders(
            '- a\n  - b\nlazy\n- c',
            '<ul>\n<li>a<ul>\n<li>b\nlazy</li>\n</ul>\n</li>\n<li>c</li>\n</ul>'
        )

    def test_an_ordered_list_keeps_the_number_it_starts_at(self):
        self.assertRenders('3. x\n4. y', '<ol start="3">\n<li>x</li>\n<li>y</li>\n</ol>')

    def test_a_nested_ordered_list_keeps_the_number_it_starts_at(self):
        self.assertRenders(
            '- a\n  5. b',
            '<ul>\n<li>a<ol start="5">\n<li>b</li>\n</ol>\n</li>\n</ul>'
        )

    def test_fenced_code_at_an_item_s_content_column_is_code_in_the_item(self):
        self.assertRenders(
            '- a\n\n  ```python\n  x = 1\n    y = 2\n  ```\n- b',
            '<ul>\n<li>\n<p>a</p>\n<pre><code class="language-python">x = 1\n  y = 2\n'
            '</code></pre>\n</li>\n<li>\n<p>b</p>\n</li>\n</ul>'
        )

    def test_fenced_code_in_a_nested_item_is_code_in_that_item(self):
        self.assertRenders(
            '1. a\n   - b\n\n     ~~~\n     - not an item\n     ~~~',
            '<ol>\n<li>a<ul>\n<li>\n<p>b</p>\n<pre><code>- not an item\n</code></pre>\n'
            '</li>\n</ul>\n</li>\n</ol>'
        )

    def test_a_fence_the_item_ends_before_it_is_closed_ends_with_the_item(self):
        self.assertRenders(
            '- a\n\n  ```\n  code\n\nAfter.',
            '<ul>\n<li>\n<p>a</p>\n<pre><code>code\n\n</code></pre>\n</li>\n</ul>\n'
            '<p>After.</p>'
        )

    def test_a_list_inside_fenced_code_outside_lists_is_left_as_written(self):
        self.assertRenders(
            '```\n- a\n  - b\n```',
            '<pre><code>- a\n  - b\n</code></pre>'
        )

    def test_an_indented_code_block_outside_lists_is_left_as_written(self):
        self.assertRenders(
            'Text.\n\n    - a\n      - b',
            '<p>Text.</p>\n<pre><code>- a\n  - b\n</code></pre>'
        )

    def test_an_item_after_an_item_s_later_paragraph_is_the_next_item(self):
        self.assertRenders(
            '- a\n\n  more\n- b',
            '<ul>\n<li>\n<p>a</p>\n<p>more</p>\n</li>\n<li>\n<p>b</p>\n</li>\n</ul>'
        )

    def test_a_list_right_after_an_item_s_later_paragraph_is_nested_in_the_item(self):
        self.assertRenders(
            '- a\n\n  more\n  - sub\n- b',
            '<ul>\n<li>\n<p>a</p>\n<p>more</p>\n<ul>\n<li>sub</li>\n</ul>\n</li>\n'
            '<li>\n<p>b</p>\n</li>\n</ul>'
        )

    def test_an_item_after_a_deeper_item_s_paragraph_is_at_its_own_depth(self):
        # The blank line is inside the nested item: the outer list stays tight.
        self.assertRenders(
            '- a\n  - b\n\n    more\n- c',
            '<ul>\n<li>a<ul>\n<li>\n<p>b</p>\n<p>more</p>\n</li>\n</ul>\n'
            '</li>\n<li>c</li>\n</ul>'
        )

    def test_indented_code_in_an_item_ends_at_the_next_item(self):
        self.assertRenders(
            '- a\n\n      code\n- b',
            '<ul>\n<li>\n<p>a</p>\n<pre><code>code\n</code></pre>\n</li>\n'
            '<li>\n<p>b</p>\n</li>\n</ul>'
        )

    def test_a_thematic_break_of_dashes_is_not_an_item(self):
        self.assertRenders('- - -', '<hr />')

    def test_a_list_right_under_a_paragraph_s_line_starts_there(self):
        self.assertRenders(
            'The options are:\n* `string`\n* `boolean`',
            '<p>The options are:</p>\n<ul>\n<li><code>string</code></li>\n'
            '<li><code>boolean</code></li>\n</ul>'
        )

    def test_a_numbered_list_interrupts_a_paragraph_only_from_one(self):
        self.assertRenders(
            'Steps:\n1. Boil\n2. Cool\n\nThe famine began in\n1959. It lasted years.',
            '<p>Steps:</p>\n<ol>\n<li>Boil</li>\n<li>Cool</li>\n</ol>\n'
            '<p>The famine began in\n1959. It lasted years.</p>'
        )

    def test_a_quote_right_under_an_item_s_text_is_a_quote_in_the_item(self):
        self.assertRenders(
            '* Visual Studio\n  > **Note:** a bug\n  > in 17.10.\n* Other\n  * nested\n'
            '    > quoted',
            '<ul>\n<li>Visual Studio<blockquote>\n<p><strong>Note:</strong> a bug\n'
            'in 17.10.</p>\n</blockquote>\n</li>\n<li>Other<ul>\n<li>nested<blockquote>\n'
            '<p>quoted</p>\n</blockquote>\n</li>\n</ul>\n</li>\n</ul>'
        )

    def test_a_number_and_a_parenthesis_that_continue_a_paragraph_stay_as_written(self):
        self.assertRenders(
            'Answer the questions in\n2) the workbook, not on the sheet.',
            '<p>Answer the questions in\n2) the workbook, not on the sheet.</p>'
        )

    def test_the_lines_of_an_html_block_are_no_list_s(self):
        self.assertRenders(
            '<pre>\nShopping:\n- milk\n1) eggs\n</pre>\n\n<div>\nSteps:\n- one\n</div>',
            '<pre>\nShopping:\n- milk\n1) eggs\n</pre>\n\n<div>\nSteps:\n- one\n</div>'
        )

    def test_a_longer_fence_closes_fenced_code(self):
        self.assertRenders(
            '```bash\nnpm install\n````\n\nText.',
            '<pre><code class="language-bash">npm install\n</code></pre>\n<p>Text.</p>'
        )

    def test_a_number_and_a_parenthesis_is_a_list_marker(self):
        self.assertRenders(
            '1) Boil\n2) Cool\n   - slowly',
            '<ol>\n<li>Boil</li>\n<li>Cool<ul>\n<li>slowly</li>\n</ul>\n</li>\n</ol>'
        )


def test_a_list_nested_by_two_spaces_is_nested_in_the_epub(tmp_path, make_book):
    root = write_book(tmp_path / "nested", {
        "book.toml": 'title = "Nested"\n',
        "chapters/one.md": "# One\n\n- Causes\n  - Targets\n  - Reports\n- Results\n\n"
                           "3. Third\n4. Fourth\n"})
    run = make_book("nested", "--format", "epub", "-o", str(tmp_path / "out"), root=root)
    assert run.code == 0, run.err
    [epub] = (tmp_path / "out").glob("*.epub")
    with zipfile.ZipFile(epub) as archive:
        chapter = lxml.etree.fromstring(archive.read("EPUB/one.xhtml"))
    body = chapter.xpath("//*[local-name()='div'][@class='chapter-body']")[0]

    def items(path: str) -> list[str]:
        return [item.text for item in body.xpath(path)]
    assert items("*[local-name()='ul']/*[local-name()='li']") == ["Causes", "Results"]
    assert items("*[local-name()='ul']/*[local-name()='li']/*[local-name()='ul']"
                 "/*[local-name()='li']") == ["Targets", "Reports"]
    assert body.xpath("*[local-name()='ol']/@start") == ["3"]


class TestListsOfTwoKinds(ExtensionTestCase):

    def extensions(self, context):
        return ["sane_lists", "fenced_code", Lists()]

    def test_a_numbered_item_after_a_bulleted_one_starts_a_numbered_list(self):
        self.assertRenders(
            '- Erstens\n- Zweitens\n1. Nummeriert\n2. Zwei',
            '<ul>\n<li>Erstens</li>\n<li>Zweitens</li>\n</ul>\n'
            '<ol>\n<li>Nummeriert</li>\n<li>Zwei</li>\n</ol>'
        )

    def test_a_bulleted_item_after_a_numbered_one_starts_a_bulleted_list(self):
        self.assertRenders(
            '1. One\n2. Two\n- A bullet\n\nAfter.',
            '<ol>\n<li>One</li>\n<li>Two</li>\n</ol>\n<ul>\n<li>A bullet</li>\n</ul>\n'
            '<p>After.</p>'
        )


class TestListsInBoxes(ExtensionTestCase):

    def extensions(self, context):
        return ["sane_lists", "fenced_code", Lists(), FencedBlocks(context)]

    def test_a_list_that_opens_a_box_is_tight_and_nests_by_two_spaces(self):
        self.assertRenders(
            '::: exercise\n1. Why?\n   - then\n2. How?\n:::',
            '<div class="block exercise">\n<p class="block-title">Questions</p>\n'
            '<ol>\n<li>Why?<ul>\n<li>then</li>\n</ul>\n</li>\n<li>How?</li>\n</ol>\n</div>'
        )
