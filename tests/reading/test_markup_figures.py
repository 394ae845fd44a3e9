"""Numbered figures and table captions, read by Figures with the attribute, table and
definition-list extensions it works with."""
from __future__ import annotations

from markup_case import ExtensionTestCase

from book.reading.markup.figures import Figures

TABLE_BODY = '''<thead>
<tr>
<th>a</th>
</tr>
</thead>
<tbody>
<tr>
<td>1</td>
</tr>
</tbody>
</table>'''
NO_ALT = ("warning: the figure has no alt text, so its caption is read out in its place: "
          "add fig-alt=\"...\" describing what it shows")


class TestFigures(ExtensionTestCase):

    def extensions(self, context):
        return ["attr_list", "tables", "def_list", Figures(context)]

    def test_a_lone_image_is_a_numbered_figure_with_its_label_and_alt_text(self):
        self.assertRenders(
            '![Iron output](images/iron.svg){#fig-iron fig-alt="A rising line"}',
            '<figure class="figure" data-number="3.1" id="fig-iron">'
            '<img alt="A rising line" src="images/iron.svg" />'
            '<figcaption><span class="figure-label">Figure 3.1</span> Iron output</figcaption>'
            '</figure>'
        )

    def test_a_figure_without_a_label_is_named_for_its_chapter_and_number(self):
        self.assertRenders(
            '![Iron output](images/iron.svg)',
            '<figure class="figure" data-number="3.1" id="famine-figure-3.1">'
            '<img alt="Iron output" src="images/iron.svg" />'
            '<figcaption><span class="figure-label">Figure 3.1</span> Iron output</figcaption>'
            '</figure>',
            warnings=(f"chapters/03-famine.md:1:16: {NO_ALT}",)
        )

    def test_a_figure_without_alt_text_is_warned_about_at_its_label(self):
        self.assertRenders(
            '![Iron output](images/iron.svg){#fig-iron}\n\nSee @fig-iron.',
            '<figure class="figure" data-number="3.1" id="fig-iron">'
            '<img alt="Iron output" src="images/iron.svg" />'
            '<figcaption><span class="figure-label">Figure 3.1</span> Iron output</figcaption>'
            '</figure><p>See @fig-iron.</p>',
            warnings=(f"chapters/03-famine.md:1:33: {NO_ALT}",)
        )

    def test_a_figure_drawn_by_a_script_is_marked_as_such(self):
        self.assertRenders(
            '![Grain](figures/grain.py){#fig-grain fig-alt="Bars"}',
            '<figure class="figure" data-number="3.1" id="fig-grain">'
            '<img alt="Bars" class="figure-script" src="figures/grain.py" />'
            '<figcaption><span class="figure-label">Figure 3.1</span> Grain</figcaption>'
            '</figure>'
        )

    def test_a_figure_takes_the_attributes_of_its_paragraph(self):
        self.assertRenders(
            '![A leaf](images/leaf.svg){fig-alt="A leaf"}\n{: #fig-wide .wide}',
            '<figure class="figure wide" data-number="3.1" id="fig-wide">'
            '<img alt="A leaf" src="images/leaf.svg" />'
            '<figcaption><span class="figure-label">Figure 3.1</span> A leaf</figcaption>'
            '</figure>'
        )

    def test_a_caption_is_read_as_markdown(self):
        self.assertRenders(
            '![*Iron* output](images/iron.svg){fig-alt="x"}',
            '<figure class="figure" data-number="3.1" id="famine-figure-3.1">'
            '<img alt="x" src="images/iron.svg" /><figcaption>'
            '<span class="figure-label">Figure 3.1</span> <em>Iron</em> output</figcaption>'
            '</figure>'
        )

    def test_an_image_among_words_stays_in_its_paragraph(self):
        self.assertRenders(
            'Text and ![an icon](images/icon.svg) together.',
            '<p>Text and <img alt="an icon" src="images/icon.svg" /> together.</p>'
        )

    def test_a_caption_line_after_a_table_captions_it_with_its_label(self):
        self.assertRenders(
            '| a |\n|---|\n| 1 |\n\n: Communes in *1958* {#tbl-communes}',
            '<table class="numbered" data-number="3.1" id="tbl-communes">\n'
            '<caption><span class="table-label">Table 3.1</span> Communes in <em>1958</em>'
            f'</caption>{TABLE_BODY}'
        )

    def test_a_caption_right_after_the_last_row_is_not_one_more_row(self):
        self.assertRenders(
            '| a |\n|---|\n| 1 |\n: Right after the row',
            '<table class="numbered" data-number="3.1" id="famine-table-3.1">\n'
            '<caption><span class="table-label">Table 3.1</span> Right after the row'
            f'</caption>{TABLE_BODY}'
        )

    def test_figures_and_tables_are_numbered_apart(self):
        self.assertRenders(
            '![One](a.svg){fig-alt="x"}\n\n| a |\n|---|\n| 1 |\n\n: First\n\n'
            '![Two](b.svg){fig-alt="y"}',
            '<figure class="figure" data-number="3.1" id="famine-figure-3.1">'
            '<img alt="x" src="a.svg" /><figcaption>'
            '<span class="figure-label">Figure 3.1</span> One</figcaption></figure>'
            '<table class="numbered" data-number="3.1" id="famine-table-3.1">\n'
            f'<caption><span class="table-label">Table 3.1</span> First</caption>{TABLE_BODY}\n'
            '<figure class="figure" data-number="3.2" id="famine-figure-3.2">'
            '<img alt="y" src="b.svg" /><figcaption>'
            '<span class="figure-label">Figure 3.2</span> Two</figcaption></figure>'
        )

    def test_a_definition_list_after_a_caption_stays_a_definition_list(self):
        self.assertRenders(
            '| a |\n|---|\n| 1 |\n\n: Caption\n\nTerm\n: Definition',
            '<table class="numbered" data-number="3.1" id="famine-table-3.1">\n'
            f'<caption><span class="table-label">Table 3.1</span> Caption</caption>{TABLE_BODY}\n'
            '<dl>\n<dt>Term</dt>\n<dd>Definition</dd>\n</dl>'
        )

    def test_the_words_for_figure_and_table_are_in_the_book_s_language(self):
        self.assertRenders(
            '![Eisen](a.svg){fig-alt="x"}\n\n| a |\n|---|\n| 1 |\n\n: Kommunen',
            '<figure class="figure" data-number="3.1" id="famine-figure-3.1">'
            '<img alt="x" src="a.svg" /><figcaption>'
            '<span class="figure-label">Abbildung 3.1</span> Eisen</figcaption></figure>'
            '<table class="numbered" data-number="3.1" id="famine-table-3.1">\n'
            f'<caption><span class="table-label">Tabelle 3.1</span> Kommunen</caption>{TABLE_BODY}',
            language="de"
        )


class TestPandocTableCaptions(ExtensionTestCase):

    def extensions(self, context):
        return ["attr_list", "tables", "def_list", Figures(context)]

    TABLE = ('<table class="numbered" data-number="3.1" id="tbl-parts">\n'
             '<caption><span class="table-label">Table 3.1</span> Plant parts</caption>'
             '<thead>\n<tr>\n<th>Part</th>\n<th>Job</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n'
             '<td>Root</td>\n<td>Water</td>\n</tr>\n</tbody>\n</table>\n<p>After.</p>')

    def test_a_table_line_before_the_table_is_its_caption_and_label(self):
        self.assertRenders(
            'Table: Plant parts {#tbl-parts}\n\nPart | Job\n--- | ---\nRoot | Water\n\nAfter.',
            self.TABLE)

    def test_a_table_line_after_the_table_is_its_caption_and_label(self):
        self.assertRenders(
            'Part | Job\n--- | ---\nRoot | Water\n\ntable: Plant parts {#tbl-parts}\n\nAfter.',
            self.TABLE)

    def test_a_table_line_with_no_table_beside_it_is_text(self):
        self.assertRenders('Table: laid for six.\n\nText.',
                           '<p>Table: laid for six.</p>\n<p>Text.</p>')
