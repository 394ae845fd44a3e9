"""Formulas as Pandoc reads them, read by Maths alone: what is a formula, what is a dollar
sign, and the error for a `$$` that closes nothing."""
from __future__ import annotations

from markup_case import ExtensionTestCase

from book.reading.markup.maths import Maths

NOT_CLOSED = ("error: this display formula is not closed: end it with $$, with no blank "
              "line inside it (write \\$ for a dollar sign)")


class TestMaths(ExtensionTestCase):

    def extensions(self, context):
        return [Maths(context)]

    def test_prices_stay_text_and_formulas_are_spans_that_keep_their_latex(self):
        self.assertRenders(
            'A ticket costs $5 and a book $10; $E = mc^2$ and $$F = ma$$.',
            '<p>A ticket costs $5 and a book $10; '
            '<span class="math inline" data-latex="E = mc^2">$E = mc^2$</span> and '
            '<span class="math display" data-latex="F = ma">$$F = ma$$</span>.</p>'
        )

    def test_an_escaped_dollar_is_a_dollar_sign_and_opens_no_formula(self):
        self.assertRenders(
            'It costs \\$15, \\$20 or \\$25 in all.',
            '<p>It costs $15, $20 or $25 in all.</p>'
        )

    def test_two_escaped_dollars_are_two_dollar_signs_not_an_unclosed_display(self):
        self.assertRenders(
            'Shell variables look like \\$\\$ and \\$HOME.',
            '<p>Shell variables look like $$ and $HOME.</p>'
        )

    def test_a_formula_may_follow_an_escaped_dollar_or_an_escaped_backslash(self):
        self.assertRenders(
            '\\$$x$ and \\\\$y$',
            '<p>$<span class="math inline" data-latex="x">$x$</span> and '
            '\\<span class="math inline" data-latex="y">$y$</span></p>'
        )

    def test_an_escaped_dollar_inside_a_formula_is_part_of_it(self):
        self.assertRenders(
            '$a\\$b$',
            '<p><span class="math inline" data-latex="a\\$b">$a\\$b$</span></p>'
        )

    def test_a_display_formula_that_is_not_closed_is_an_error_at_its_dollars(self):
        self.assertRenders(
            'Unclosed $$ x + y\n\nthen $z$.',
            '<p>Unclosed $$ x + y</p>\n'
            '<p>then <span class="math inline" data-latex="z">$z$</span>.</p>',
            problems=(f"chapters/03-famine.md:1:10: {NOT_CLOSED}",)
        )

    def test_chemistry_in_mhchem_is_an_error_that_says_how_to_write_it(self):
        self.assertRenders(
            'Water is $\\ce{H2O}$.',
            '<p>Water is <span class="math inline" data-latex="\\ce{H2O}">$\\ce{H2O}$</span>.'
            '</p>',
            problems=("chapters/03-famine.md:1:10: error: this formula uses \\ce, a command "
                      "the maths typesetter does not know: write chemistry with \\mathrm, as "
                      "\\mathrm{H_2O} and \\xrightarrow{\\text{heat}}",)
        )
