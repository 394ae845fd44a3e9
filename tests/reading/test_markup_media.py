"""Text for one medium: `[...]{.print}` and `[...]{.screen}` spans, `::: print` and
`::: {.screen}` blocks; and what each medium keeps of them (keep_medium)."""
from __future__ import annotations

import lxml.html
from markup_case import ExtensionTestCase

from book.reading.markup.blocks import FencedBlocks
from book.reading.markup.citations import Citations
from book.reading.markup.index import IndexTerms
from book.reading.markup.media import MediumSpans, keep_medium


class TestMediumSpans(ExtensionTestCase):

    def extensions(self, context):
        return [MediumSpans(), Citations(), IndexTerms(context)]

    def test_a_span_for_each_medium(self):
        self.assertRenders(
            "Notes are [at the foot of the page]{.print}[at the end of the chapter]{.screen}.",
            '<p>Notes are <span class="medium-print">at the foot of the page</span>'
            '<span class="medium-screen">at the end of the chapter</span>.</p>')

    def test_its_text_is_markdown_and_may_run_over_a_line(self):
        self.assertRenders(
            "It gives the title[ and, *in print*, ((its page))\nand [@becker1996]]{ .print }.",
            '<p>It gives the title<span class="medium-print"> and, <em>in print</em>, '
            '<span class="index-term" data-index="{&quot;path&quot;: [&quot;its page&quot;]}" '
            'id="famine-ix-1">its page</span>\nand <span class="citation" data-items="[{&quot;'
            'key&quot;: &quot;becker1996&quot;, &quot;prefix&quot;: &quot;&quot;}]" '
            'data-mode="normal">[@becker1996]</span></span>.</p>')

    def test_other_attributes_and_code_stay_as_written(self):
        self.assertRenders(
            "A [span]{.smallcaps} and `[code]{.print}` stay.",
            "<p>A [span]{.smallcaps} and <code>[code]{.print}</code> stay.</p>")


class TestMediumBlocks(ExtensionTestCase):

    def extensions(self, context):
        return [FencedBlocks(context)]

    def test_a_block_for_each_medium_with_no_box_around_it(self):
        self.assertRenders(
            "::: print\nTurn to page 3.\n:::\n\n::: {.screen #online}\nSelect the link.\n:::",
            '<div class="medium-print">\n<p>Turn to page 3.</p>\n</div>\n'
            '<div class="medium-screen" id="online">\n<p>Select the link.</p>\n</div>')

    def test_a_title_is_not_printed_and_says_so(self):
        self.assertRenders(
            '::: print "On paper"\nText.\n:::',
            '<div class="medium-print">\n<p>Text.</p>\n</div>',
            warnings=("chapters/03-famine.md:1:1: warning: a ::: print block has no title, "
                      "so 'On paper' is not printed; put it in the block as a heading or in "
                      "bold",))

    def test_an_unclosed_block_is_an_error(self):
        self.assertRenders(
            "::: screen\nText.",
            '<div class="medium-screen">\n<p>Text.</p>\n</div>',
            problems=("chapters/03-famine.md:1:1: error: this ::: block is never closed; end "
                      "it with a line ':::'",))


def kept(html: str, medium: str) -> str:
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    keep_medium(root, medium)
    return lxml.html.tostring(root, encoding="unicode")[len("<div>"):-len("</div>")]


def test_each_medium_keeps_its_own_text_and_the_other_s_anchors():
    html = ('<p id="b1">Notes are <span class="medium-print">at the <span id="ix-1"></span>'
            'foot</span><span class="medium-screen">at the end</span>.</p>'
            '<div class="medium-screen" id="online"><p id="b2">Select it.</p></div>')
    assert kept(html, "print") == (
        '<p id="b1">Notes are <span class="medium-print">at the <span id="ix-1"></span>'
        'foot</span>.</p><span id="online"></span><span id="b2"></span>')
    assert kept(html, "screen") == (
        '<p id="b1">Notes are <span id="ix-1"></span><span class="medium-screen">at the end'
        '</span>.</p><div class="medium-screen" id="online"><p id="b2">Select it.</p></div>')
