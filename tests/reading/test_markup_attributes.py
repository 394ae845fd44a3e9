"""`{#id .class key=value}` at the end of a paragraph's last line and right after a
heading's last element, moved by Attributes to where attr_list reads it."""
from __future__ import annotations

from markup_case import ExtensionTestCase

from book.reading.markup.attributes import Attributes


class TestAttributes(ExtensionTestCase):

    def extensions(self, context):
        return ["attr_list", Attributes()]

    def test_attributes_at_the_end_of_a_paragraph_are_the_paragraph_s(self):
        self.assertRenders(
            'A paragraph. {.lead}',
            '<p class="lead">A paragraph.</p>'
        )

    def test_attributes_at_the_end_of_a_paragraph_s_last_line_are_the_paragraph_s(self):
        self.assertRenders(
            'First line\nsecond line {#p-x .wide}',
            '<p class="wide" id="p-x">First line\nsecond line</p>'
        )

    def test_attributes_after_emphasis_are_the_paragraph_s(self):
        self.assertRenders(
            'A *paragraph* {data-x="1"}',
            '<p data-x="1">A <em>paragraph</em></p>'
        )

    def test_attributes_written_with_a_colon_are_read_too(self):
        self.assertRenders(
            'A paragraph {: .lead}',
            '<p class="lead">A paragraph</p>'
        )

    def test_braces_that_hold_no_attributes_stay_as_written(self):
        self.assertRenders(
            'The set {1, 2} stays.',
            '<p>The set {1, 2} stays.</p>'
        )

    def test_attributes_right_after_a_heading_s_bold_words_are_the_heading_s(self):
        self.assertRenders(
            '## The **Great Leap**{#sec-leap}',
            '<h2 id="sec-leap">The <strong>Great Leap</strong></h2>'
        )

    def test_without_attr_list_the_attributes_are_only_moved_onto_a_line_of_their_own(self):
        self.assertMarkdownRenders(
            'A paragraph. {.lead}',
            '<p>A paragraph.\n{.lead}</p>',
            extensions=[Attributes()]
        )
