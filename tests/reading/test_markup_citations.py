"""Pandoc's citation syntax, read by Citations alone (with CrossReferences where the two
meet): each citation becomes a placeholder carrying its items as JSON."""
from __future__ import annotations

from markup_case import ExtensionTestCase

from book.reading.markup.citations import Citations
from book.reading.markup.xrefs import CrossReferences


class TestCitations(ExtensionTestCase):

    def extensions(self, context):
        return [Citations()]

    def test_a_bracketed_citation_has_an_item_per_source_with_prefix_and_locator(self):
        self.assertRenders(
            '[see @becker1996, pp. 45-47; @banister1987]',
            '<p><span class="citation" data-items="[{&quot;key&quot;: &quot;becker1996&quot;, '
            '&quot;prefix&quot;: &quot;see&quot;, &quot;label&quot;: &quot;page&quot;, '
            '&quot;locator&quot;: &quot;45-47&quot;, &quot;suffix&quot;: &quot;&quot;}, '
            '{&quot;key&quot;: &quot;banister1987&quot;, &quot;prefix&quot;: &quot;&quot;}]" '
            'data-mode="normal">[see @becker1996, pp. 45-47; @banister1987]</span></p>'
        )

    def test_an_escaped_at_sign_is_no_citation(self):
        self.assertRenders(
            'Write to mail\\@example.com or \\@becker1996 [\\@becker1996].',
            '<p>Write to mail@example.com or @becker1996 [@becker1996].</p>'
        )

    def test_a_number_without_a_label_is_a_page_and_the_words_after_it_a_suffix(self):
        self.assertRenders(
            '[@becker1996, 45, my emphasis]',
            '<p><span class="citation" data-items="[{&quot;key&quot;: &quot;becker1996&quot;, '
            '&quot;prefix&quot;: &quot;&quot;, &quot;label&quot;: &quot;page&quot;, '
            '&quot;locator&quot;: &quot;45&quot;, &quot;suffix&quot;: &quot;my emphasis&quot;}]" '
            'data-mode="normal">[@becker1996, 45, my emphasis]</span></p>'
        )

    def test_words_without_a_number_are_a_suffix(self):
        self.assertRenders(
            '[@becker1996, my emphasis]',
            '<p><span class="citation" data-items="[{&quot;key&quot;: &quot;becker1996&quot;, '
            '&quot;prefix&quot;: &quot;&quot;, &quot;suffix&quot;: &quot;my emphasis&quot;}]" '
            'data-mode="normal">[@becker1996, my emphasis]</span></p>'
        )

    def test_a_minus_before_the_key_leaves_out_the_author(self):
        self.assertRenders(
            'As he says [-@becker1996].',
            '<p>As he says <span class="citation" data-items="[{&quot;key&quot;: '
            '&quot;becker1996&quot;, &quot;prefix&quot;: &quot;&quot;, &quot;suppress&quot;: '
            '&quot;author&quot;}]" data-mode="normal">[-@becker1996]</span>.</p>'
        )

    def test_a_key_in_the_text_is_a_narrative_citation(self):
        self.assertRenders(
            '@becker1996 says so.',
            '<p><span class="citation" data-items="[{&quot;key&quot;: &quot;becker1996&quot;}]" '
            'data-mode="narrative">@becker1996</span> says so.</p>'
        )

    def test_a_narrative_citation_takes_the_locator_in_brackets_after_it(self):
        self.assertRenders(
            '@becker1996 [chap. 3] says so.',
            '<p><span class="citation" data-items="[{&quot;key&quot;: &quot;becker1996&quot;, '
            '&quot;label&quot;: &quot;chapter&quot;, &quot;locator&quot;: &quot;3&quot;, '
            '&quot;suffix&quot;: &quot;&quot;}]" data-mode="narrative">@becker1996 [chap. 3]'
            '</span> says so.</p>'
        )

    def test_brackets_with_a_part_that_is_no_citation_cite_only_the_key_narratively(self):
        self.assertRenders(
            '[see @a; no key here]',
            '<p>[see <span class="citation" data-items="[{&quot;key&quot;: &quot;a&quot;}]" '
            'data-mode="narrative">@a</span>; no key here]</p>'
        )

    def test_a_citation_whose_bracket_is_never_closed_is_not_cited(self):
        self.assertRenders(
            '[see @becker1996 and never closed',
            '<p>[see @becker1996 and never closed</p>'
        )

    def test_an_e_mail_address_is_not_a_citation(self):
        self.assertRenders(
            'Write to me@example.com.',
            '<p>Write to me@example.com.</p>'
        )

    def test_a_cross_reference_is_not_a_citation(self):
        self.assertRenders(
            'See @fig-iron.',
            '<p>See @fig-iron.</p>'
        )


class TestCitationsBesideCrossReferences(ExtensionTestCase):

    def extensions(self, context):
        return [CrossReferences(), Citations()]

    def test_a_cross_reference_claims_its_words_before_a_citation_does(self):
        self.assertRenders(
            'See @fig-iron [@becker1996].',
            '<p>See <a class="xref" href="#fig-iron">@fig-iron</a> <span class="citation" '
            'data-items="[{&quot;key&quot;: &quot;becker1996&quot;, &quot;prefix&quot;: '
            '&quot;&quot;}]" data-mode="normal">[@becker1996]</span>.</p>'
        )

    def test_a_cross_reference_inside_citation_brackets_leaves_the_citation_as_text(self):
        # The brackets are no citation once @fig-iron is a link, and a key right after
        # a bracket is not read as a narrative citation.
        self.assertRenders(
            'As shown [@becker1996; see @fig-iron].',
            '<p>As shown [@becker1996; see <a class="xref" href="#fig-iron">@fig-iron</a>].</p>'
        )
