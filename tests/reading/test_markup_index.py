"""Index terms `((term))` and hidden entries `(((Term, sub-term)))`, read by IndexTerms
alone: anchors that carry their entry as JSON."""
from __future__ import annotations

import markdown
from markup_case import ExtensionTestCase, chapter_context

from book.reading.markup.index import IndexTerms


class TestIndexTerms(ExtensionTestCase):

    def extensions(self, context):
        return [IndexTerms(context)]

    def test_a_term_in_double_parentheses_stays_in_the_text_and_is_indexed(self):
        self.assertRenders(
            'The ((communes)) grew.',
            '<p>The <span class="index-term" data-index="{&quot;path&quot;: '
            '[&quot;communes&quot;]}" id="famine-ix-1">communes</span> grew.</p>'
        )

    def test_a_term_in_triple_parentheses_is_a_hidden_entry_with_its_sub_entry(self):
        self.assertRenders(
            '(((Communes, Henan experiment)))The text.',
            '<p><span class="index-marker" data-index="{&quot;path&quot;: [&quot;Communes&quot;, '
            '&quot;Henan experiment&quot;]}" id="famine-ix-1"></span>The text.</p>'
        )

    def test_options_after_a_bar_and_hidden_entries_are_numbered_first(self):
        self.assertRenders(
            'Iron ((backyard furnaces | see also Steel | sort furnaces)) and '
            '(((Steel | see Iron))).',
            '<p>Iron <span class="index-term" data-index="{&quot;path&quot;: '
            '[&quot;backyard furnaces&quot;], &quot;see_also&quot;: [&quot;Steel&quot;], '
            '&quot;sort&quot;: &quot;furnaces&quot;}" id="famine-ix-2">backyard furnaces</span> '
            'and <span class="index-marker" data-index="{&quot;path&quot;: [&quot;Steel&quot;], '
            '&quot;see&quot;: [&quot;Iron&quot;]}" id="famine-ix-1"></span>.</p>'
        )

    def test_quotes_and_apostrophes_in_a_term_are_typographic_as_in_the_text(self):
        self.assertRenders(
            "The ((National People's Congress)) met."
            "(((\"Second line\", Mao's | see Mao's retreat)))",
            '<p>The <span class="index-term" data-index="{&quot;path&quot;: '
            '[&quot;National People’s Congress&quot;]}" id="famine-ix-2">'
            'National People’s Congress</span> met.<span class="index-marker" '
            'data-index="{&quot;path&quot;: [&quot;“Second line”&quot;, '
            '&quot;Mao’s&quot;], &quot;see&quot;: [&quot;Mao’s retreat&quot;]}" '
            'id="famine-ix-1"></span></p>'
        )

    def test_an_escaped_comma_is_part_of_a_level(self):
        self.assertRenders(
            'A ((term, with\\, comma)) here.',
            '<p>A <span class="index-term" data-index="{&quot;path&quot;: [&quot;term&quot;, '
            '&quot;with, comma&quot;]}" id="famine-ix-1">term, with, comma</span> here.</p>'
        )

    def test_more_than_three_levels_are_an_error_and_stay_as_written(self):
        self.assertRenders(
            'Wrong (((a, b, c, d))) here.',
            '<p>Wrong (((a, b, c, d))) here.</p>',
            problems=("chapters/03-famine.md:1:7: error: an index entry may have at most 3 "
                      "levels, separated by commas",)
        )

    def test_an_unknown_option_is_an_error(self):
        self.assertRenders(
            'Bad ((term | compare x)) here.',
            '<p>Bad ((term | compare x)) here.</p>',
            problems=("chapters/03-famine.md:1:5: error: unknown index option 'compare x'; "
                      "write 'see Term', 'see also Term' or 'sort Key'",)
        )

    def test_an_empty_level_is_an_error(self):
        self.assertRenders(
            'Empty ((a, )) here.',
            '<p>Empty ((a, )) here.</p>',
            problems=("chapters/03-famine.md:1:7: error: an index term has an empty part; "
                      "write ((term)) or (((Term, sub-term)))",)
        )

    def test_parentheses_that_do_not_pair_are_text(self):
        self.assertRenders(
            'Not one (x) or ((x) here.',
            '<p>Not one (x) or ((x) here.</p>'
        )

    def test_the_numbering_starts_again_when_the_markdown_instance_is_reset(self):
        source = 'The ((communes)).'
        md = markdown.Markdown(extensions=[IndexTerms(chapter_context(source))])
        first = md.convert('The ((iron)) and ((steel)).')
        again = md.reset().convert(source)
        self.assertIn('id="famine-ix-2">steel', first)
        self.assertEqual(again, '<p>The <span class="index-term" data-index="{&quot;path&quot;: '
                                '[&quot;communes&quot;]}" id="famine-ix-1">communes</span>.</p>')
