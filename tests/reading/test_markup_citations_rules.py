"""What is a citation, by Pandoc's rules: never the text of a link or part of a URL; an
`@word` that names no source is printed as written, with a warning; a bracketed citation
of an unknown key is an error."""
from __future__ import annotations

import shutil

from conftest import BOOKS, page_texts
from markup_case import ExtensionTestCase

from book.reading.markup.bare_links import BareLinks
from book.reading.markup.citations import Citations

NARRATIVE_USER = ('<span class="citation" data-items="[{&quot;key&quot;: &quot;user&quot;}]" '
                  'data-mode="narrative">@user</span>')


class TestWhatIsACitation(ExtensionTestCase):

    def extensions(self, context):
        return [Citations(), BareLinks()]

    def test_the_text_of_a_link_is_never_a_citation(self):
        self.assertRenders(
            'Install [@scope/package](https://www.npmjs.com/package/@scope/package).',
            '<p>Install <a href="https://www.npmjs.com/package/@scope/package">'
            '@scope/package</a>.</p>'
        )

    def test_an_at_word_among_the_words_of_a_link_is_not_a_citation(self):
        self.assertRenders(
            '[ask @user here](https://example.org) and [@user][ref].\n\n'
            '[ref]: https://example.org/ref',
            '<p><a href="https://example.org">ask @user here</a> and '
            '<a href="https://example.org/ref">@user</a>.</p>'
        )

    def test_an_at_in_a_url_is_part_of_the_url(self):
        self.assertRenders(
            'See https://medium.com/@user and <https://example.org/@user>.',
            '<p>See <a href="https://medium.com/@user">https://medium.com/@user</a> and '
            '<a href="https://example.org/@user">https://example.org/@user</a>.</p>'
        )

    def test_an_e_mail_address_is_not_a_citation(self):
        self.assertRenders('Write to teacher@example.org.', '<p>Write to teacher@example.org.</p>')

    def test_an_at_word_in_the_text_is_still_read_as_a_citation_to_be_checked(self):
        self.assertRenders('Ask @user.', f'<p>Ask {NARRATIVE_USER}.</p>')

    def test_a_citation_followed_by_a_footnote_is_still_a_citation(self):
        self.assertRenders(
            '[@becker1996][^1]',
            '<p><span class="citation" data-items="[{&quot;key&quot;: &quot;becker1996&quot;, '
            '&quot;prefix&quot;: &quot;&quot;}]" data-mode="normal">[@becker1996]</span>'
            '[^1]</p>'
        )

    def test_a_citation_followed_by_an_index_term_is_still_a_citation(self):
        self.assertRenders(
            '[@becker1996](((Becker)))',
            '<p><span class="citation" data-items="[{&quot;key&quot;: &quot;becker1996&quot;, '
            '&quot;prefix&quot;: &quot;&quot;}]" data-mode="normal">[@becker1996]</span>'
            '(((Becker)))</p>'
        )


def test_at_words_that_name_no_source_print_as_written_and_known_ones_are_cited(make_book,
                                                                                 tmp_path):
    root = tmp_path / "names"
    shutil.copytree(BOOKS / "citations", root)
    (root / "chapters" / "02-names.md").write_text(
        "# Names\n\nAs @becker1996 shows, ask @teacher or @scope/package.\n")
    run = make_book("names", root=root)
    assert run.code == 0, run.err
    assert "02-names.md:3:27: warning: @teacher names no source in references.bib, so it is " \
           "printed as written" in run.err
    assert "02-names.md:3:39: warning: @scope/package names no source" in run.err
    text = " ".join(" ".join(page_texts(root / "build" / "names.pdf")).split())
    assert "As Becker (1996) shows, ask @teacher or @scope/package." in text


def test_a_bracketed_citation_of_an_unknown_key_stays_an_error(make_book, tmp_path):
    root = tmp_path / "unknown"
    shutil.copytree(BOOKS / "citations", root)
    (root / "chapters" / "02-names.md").write_text("# Names\n\nAs shown [@teacher].\n")
    run = make_book("unknown", root=root)
    assert run.code == 1
    assert "02-names.md:3:11: error: unknown citation key 'teacher'" in run.err
