"""Headings as authors write them: Setext headings, chapter titles written either way (with
a label for `@sec-...`), and the ids GitHub and Pandoc give headings, which links name."""
from __future__ import annotations

import pytest
from markup_case import PATH, ExtensionTestCase

from book.errors import BookError, Problems
from book.reading.markup.attributes import Attributes
from book.reading.markup.headings import github_id, pandoc_id, written_ids
from book.reading.sources import read_chapter


class TestSetextHeadings(ExtensionTestCase):

    def extensions(self, context):
        return ["attr_list", Attributes()]

    def test_a_line_of_equals_or_hyphens_makes_the_line_above_a_heading(self):
        self.assertRenders(
            'Title\n=====\n\nSub {#sec-sub}\n---\n\nText.',
            '<h1>Title</h1>\n<h2 id="sec-sub">Sub</h2>\n<p>Text.</p>'
        )


@pytest.mark.parametrize(("text", "github", "pandoc"), [
    ("A heading here", "a-heading-here", "a-heading-here"),
    ("What's new? (2024)", "whats-new-2024", "whats-new-2024"),
    ("Café  au lait", "café--au-lait", "café-au-lait"),
    ("1. Getting started", "1-getting-started", "getting-started"),
    ("snake_case and v1.2", "snake_case-and-v12", "snake_case-and-v1.2"),
    ("!!!", "", "section"),
])
def test_github_and_pandoc_ids_drop_signs_and_join_words_with_hyphens(text, github, pandoc):
    assert (github_id(text), pandoc_id(text)) == (github, pandoc)


def test_a_repeated_heading_is_named_with_1_and_2_after_its_first():
    ids = written_ids([("Ch", "ch"), ("Notes", "ch-notes"), ("Notes", "ch-notes_1"),
                       ("Notes", "ch-notes_2")])
    assert (ids["ch"], ids["notes"], ids["notes-1"], ids["notes-2"]) == \
        ("ch", "ch-notes", "ch-notes_1", "ch-notes_2")


def test_a_heading_typed_with_two_hyphens_keeps_github_s_id_for_them():
    # "Causes -- and results" is printed with an en dash.
    ids = written_ids([("Causes \u2013 and results", "ch-causes-and-results")])
    assert ids["causes----and-results"] == ids["causes--and-results"] == "ch-causes-and-results"


def chapter(tmp_path, text):
    path = tmp_path / PATH.name
    path.write_text(text)
    return read_chapter(path, 3, Problems())


def test_a_setext_title_is_the_chapter_title_and_its_lines_stay_empty(tmp_path):
    read = chapter(tmp_path, "The Famine\n==========\n\nText.\n")
    assert (read.title, read.label, read.body.text) == ("The Famine", "", "\n\n\nText.\n")


def test_a_setext_title_after_front_matter_is_found(tmp_path):
    read = chapter(tmp_path, "---\nobjectives: [Read]\n---\n\nThe Famine\n===\n\nText.\n")
    assert (read.title, read.body.text.count("\n")) == ("The Famine", 8)


def test_hyphens_under_a_line_make_no_title(tmp_path):
    with pytest.raises(BookError, match="the chapter has no title"):
        chapter(tmp_path, "Only a section\n---\n\nText.\n")


@pytest.mark.parametrize("text", ["# The Famine {#sec-famine}\n\nText.\n",
                                  "The Famine {#sec-famine}\n===\n\nText.\n"])
def test_a_label_on_the_title_is_the_chapter_label(tmp_path, text):
    read = chapter(tmp_path, text)
    assert (read.title, read.label) == ("The Famine", "sec-famine")


def test_a_class_on_the_title_is_still_an_error(tmp_path):
    with pytest.raises(BookError, match=r"takes no \{\.big\}, only a label"):
        chapter(tmp_path, "# The Famine {.big}\n\nText.\n")
