"""Footnotes read with BookFootnotes: ids made of the chapter and the label, unique in the
book, and a label defined twice is an error."""
from __future__ import annotations

from markup_case import ExtensionTestCase

from book.reading.markup.footnotes import BookFootnotes


def backref(label: str, number: int) -> str:
    return (f'<a class="footnote-backref" href="#famine-fnref-{label}" '
            f'title="Jump back to footnote {number} in the text">&#8617;</a>')


class TestBookFootnotes(ExtensionTestCase):

    def extensions(self, context):
        return [BookFootnotes(context, SEPARATOR="-")]

    def test_a_note_s_ids_are_made_of_the_chapter_and_its_label(self):
        self.assertRenders(
            'A claim.[^1]\n\n[^1]: The source.',
            '<p>A claim.<sup id="famine-fnref-1"><a class="footnote-ref" href="#famine-fn-1">1'
            '</a></sup></p>\n'
            '<div class="footnote">\n<hr />\n<ol>\n<li id="famine-fn-1">\n'
            f'<p>The source.&#160;{backref("1", 1)}</p>\n</li>\n</ol>\n</div>'
        )

    def test_a_label_s_spaces_become_dashes_and_its_case_is_kept(self):
        self.assertRenders(
            'One[^a b] and two[^Note].\n\n[^a b]: First.\n[^Note]: Second.',
            '<p>One<sup id="famine-fnref-a-b"><a class="footnote-ref" href="#famine-fn-a-b">1'
            '</a></sup> and two<sup id="famine-fnref-Note"><a class="footnote-ref" '
            'href="#famine-fn-Note">2</a></sup>.</p>\n'
            '<div class="footnote">\n<hr />\n<ol>\n'
            f'<li id="famine-fn-a-b">\n<p>First.&#160;{backref("a-b", 1)}</p>\n</li>\n'
            f'<li id="famine-fn-Note">\n<p>Second.&#160;{backref("Note", 2)}</p>\n</li>\n'
            '</ol>\n</div>'
        )

    def test_a_note_called_twice_has_a_second_reference_id(self):
        self.assertRenders(
            'Called twice[^1] and again[^1].\n\n[^1]: Source.',
            '<p>Called twice<sup id="famine-fnref-1"><a class="footnote-ref" '
            'href="#famine-fn-1">1</a></sup> and again<sup id="famine2-fnref-1">'
            '<a class="footnote-ref" href="#famine-fn-1">1</a></sup>.</p>\n'
            '<div class="footnote">\n<hr />\n<ol>\n<li id="famine-fn-1">\n'
            f'<p>Source.&#160;{backref("1", 1)}</p>\n</li>\n</ol>\n</div>'
        )

    def test_a_label_defined_twice_is_an_error_at_the_second_and_the_second_text_is_kept(self):
        self.assertRenders(
            'Twice[^x].\n\n[^x]: First text.\n\n[^x]: Second text.',
            '<p>Twice<sup id="famine-fnref-x"><a class="footnote-ref" href="#famine-fn-x">1'
            '</a></sup>.</p>\n'
            '<div class="footnote">\n<hr />\n<ol>\n<li id="famine-fn-x">\n'
            f'<p>Second text.&#160;{backref("x", 1)}</p>\n</li>\n</ol>\n</div>',
            problems=("chapters/03-famine.md:5:1: error: footnote [^x] is defined again here, "
                      "and only one text can be printed; give each note its own label",)
        )
