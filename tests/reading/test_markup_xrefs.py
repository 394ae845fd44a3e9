"""Cross-references `@fig-iron`, `@tbl-communes`, `@sec-famine`, read by CrossReferences
alone: links whose text the assembly stage fills in."""
from __future__ import annotations

from markup_case import ExtensionTestCase

from book.reading.markup.xrefs import CrossReferences


class TestCrossReferences(ExtensionTestCase):

    def extensions(self, context):
        return [CrossReferences()]

    def test_each_kind_of_reference_is_a_link_to_its_label(self):
        self.assertRenders(
            'See @fig-iron, @tbl-communes and @sec-famine.',
            '<p>See <a class="xref" href="#fig-iron">@fig-iron</a>, '
            '<a class="xref" href="#tbl-communes">@tbl-communes</a> and '
            '<a class="xref" href="#sec-famine">@sec-famine</a>.</p>'
        )

    def test_a_full_stop_after_a_reference_is_not_part_of_its_label(self):
        self.assertRenders(
            'Ends with a dot: @sec-famine.',
            '<p>Ends with a dot: <a class="xref" href="#sec-famine">@sec-famine</a>.</p>'
        )

    def test_an_e_mail_address_and_code_stay_as_written(self):
        self.assertRenders(
            'Write to mail@fig-x.org or `@fig-iron`.',
            '<p>Write to mail@fig-x.org or <code>@fig-iron</code>.</p>'
        )

    def test_a_wrongly_cased_kind_is_still_a_reference_and_underscores_are_not_emphasis(self):
        self.assertRenders(
            'The @Fig-leaf and @fig-a_b_c.',
            '<p>The <a class="xref" href="#Fig-leaf">@Fig-leaf</a> and '
            '<a class="xref" href="#fig-a_b_c">@fig-a_b_c</a>.</p>'
        )

    def test_a_kind_without_a_label_stays_text(self):
        self.assertRenders(
            'No label: @fig- here.',
            '<p>No label: @fig- here.</p>'
        )
