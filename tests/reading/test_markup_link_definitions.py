"""Link definitions `[name]: address`, read with LinkDefinitions: a name defined twice is an
error at its second definition, as the second would silently replace the first."""
from __future__ import annotations

from markup_case import ExtensionTestCase

from book.reading.markup.link_definitions import LinkDefinitions

AGAIN = "the link name {} is defined again here; give each address its own name"


class TestLinkDefinitions(ExtensionTestCase):

    def extensions(self, context):
        return [LinkDefinitions(context)]

    def test_a_name_defined_once_is_a_link(self):
        self.assertRenders(
            'See [the map][map].\n\n[map]: https://a.example',
            '<p>See <a href="https://a.example">the map</a>.</p>'
        )

    def test_a_name_with_code_in_it_is_found_as_written_over_two_lines(self):
        self.assertRenders(
            'Call [`open()`][] or [`Close()`].\n\n[`open()`]:\n  https://a.example/open\n'
            '[`close()`]: https://a.example/close',
            '<p>Call <a href="https://a.example/open"><code>open()</code></a> or '
            '<a href="https://a.example/close"><code>Close()</code></a>.</p>'
        )

    def test_a_name_defined_again_in_other_case_is_an_error_where_it_is_written(self):
        self.assertRenders(
            'See [the map][map].\n\n[map]: https://a.example\n[Map]: https://b.example',
            '<p>See <a href="https://b.example">the map</a>.</p>',
            problems=("chapters/03-famine.md:4:1: error: " + AGAIN.format("[Map]"),)
        )

    def test_each_definition_after_the_first_is_an_error(self):
        self.assertRenders(
            '[x]: one\n[x]: two\n[x]: three',
            '',
            problems=("chapters/03-famine.md:2:1: error: " + AGAIN.format("[x]"),
                      "chapters/03-famine.md:3:1: error: " + AGAIN.format("[x]"))
        )

    def test_a_second_definition_in_a_quote_is_reported_at_the_last_one_at_a_line_start(self):
        # Only definitions at the start of a line are found in the source.
        self.assertRenders(
            '[a]: https://a.example\n\n> [a]: https://b.example\n\n[a] and [b].',
            '<blockquote></blockquote>\n<p><a href="https://b.example">a</a> and [b].</p>',
            problems=("chapters/03-famine.md:1:1: error: " + AGAIN.format("[a]"),)
        )
