"""What an author writes in a chapter reaches the page: nothing is dropped or moved, and
markup that cannot be read is an error at the place it was written."""
from __future__ import annotations

import lxml.html
import pypdf
import pytest
from conftest import BOOKS, page_texts, unhyphenated, write_book
from markdown_it import MarkdownIt

from book.cli import main

LEAF = ('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
        '<rect width="5" height="5"/></svg>')
TABLE = "| a | b |\n|---|---|\n| 1 | 2 |\n"


def built(make_book, tmp_path, *chapters: str, code: int = 0):
    """Build chapters (Markdown texts) as HTML; the run and the page's body element."""
    files: dict[str, str | bytes] = {"images/leaf.svg": LEAF}
    for number, text in enumerate(chapters, start=1):
        files[f"chapters/{number:02}-ch{number}.md"] = text
    root = write_book(tmp_path / "book", files)
    run = make_book("book", "--format", "html", root=root)
    assert run.code == code, run.err
    assert "Traceback" not in run.err
    page = root / "build" / "book.html"
    return run, lxml.html.parse(str(page)).getroot() if code == 0 else None


def texts(page, tag: str) -> list[str]:
    """The text of every such element in the chapters, in reading order."""
    return [" ".join(e.text_content().split())
            for e in page.xpath(f"//div[@class='chapter-body']//{tag}")]


FIGURE = '![A leaf](images/leaf.svg){#fig-leaf fig-alt="A leaf"}'
SHAPES = {
    "caption, then a figure in a later section": (
        f"# One\n\n## Tables\n\n{TABLE}\n: Sizes {{#tbl-x}}\n\n## Figures\n\n{FIGURE}\n\n"
        "After the figure.\n\nLast.\n"),
    "two captioned tables, then a figure": (
        f"# One\n\n{TABLE}\n: First {{#tbl-a}}\n\n{TABLE}\n: Second {{#tbl-b}}\n\n"
        f"{FIGURE}\n\nAfter the figure.\n\nLast.\n"),
    "caption, then a figure in a box": (
        f"# One\n\n{TABLE}\n: Sizes {{#tbl-x}}\n\n::: note\n{FIGURE}\n\nAfter the figure.\n"
        ":::\n\nLast.\n"),
    "caption, then a figure in a list": (
        f"# One\n\n{TABLE}\n: Sizes {{#tbl-x}}\n\n- First item.\n\n    {FIGURE}\n\n"
        "    After the figure.\n\n- Second item.\n\nLast.\n"),
    "caption, then two figures": (
        f"# One\n\n{TABLE}\n: Sizes {{#tbl-x}}\n\n{FIGURE}\n\n"
        '![Another](images/leaf.svg){#fig-b fig-alt="x"}\n\nAfter the figure.\n\nLast.\n'),
}


@pytest.mark.parametrize("shape", SHAPES)
def test_no_paragraph_is_lost_around_figures_and_captions(shape, make_book, tmp_path):
    _, page = built(make_book, tmp_path, SHAPES[shape])
    paragraphs = texts(page, "p[not(@class)]")
    assert "After the figure." in paragraphs
    assert "Last." in paragraphs
    assert not page.xpath("//div[@class='chapter-body']//p/img"), "every lone image is a figure"


def test_figures_are_numbered_in_reading_order_inside_boxes(make_book, tmp_path):
    _, page = built(make_book, tmp_path, (
        f"# One\n\n::: note\n{FIGURE}\n:::\n\n"
        '![Second](images/leaf.svg){#fig-b fig-alt="x"}\n'))
    assert texts(page, "figcaption") == ["Figure 1.1 A leaf", "Figure 1.2 Second"]


def test_a_figure_keeps_the_attributes_of_its_paragraph(make_book, tmp_path):
    _, page = built(make_book, tmp_path, (
        '# One\n\n![A leaf](images/leaf.svg){fig-alt="A leaf"}\n{: #fig-wide .wide}\n\n'
        "See @fig-wide.\n"))
    figure = page.get_element_by_id("fig-wide")
    assert figure.tag == "figure" and figure.get("class") == "figure wide"
    assert "See Figure 1.1." in texts(page, "p")


def test_a_caption_right_after_the_table_needs_no_blank_line(make_book, tmp_path):
    _, page = built(make_book, tmp_path, f"# One\n\n{TABLE}: Sizes {{#tbl-x}}\n\nSee @tbl-x.\n")
    table = page.get_element_by_id("tbl-x")
    assert " ".join(table.find("caption").text_content().split()) == "Table 1.1 Sizes"
    assert [" ".join(row.text_content().split()) for row in table.iter("tr")] == ["a b", "1 2"]
    assert "See Table 1.1." in texts(page, "p")


def test_the_cells_of_a_row_beyond_its_tables_head_are_kept_with_a_warning(make_book,
                                                                            tmp_path):
    # A `|` in a formula splits its cell, as Pandoc reads it; Python-Markdown left out the
    # cells beyond the head's without a word.
    root = write_book(tmp_path / "cells", {"chapters/one.md": (
        "# One\n\n| x | size |\n|---|---|\n| $|0|$ | 2 |\n| 3 | 4 |\n")})
    run = make_book("cells", "--format", "html,pdf,epub", root=root)
    assert run.code == 0, run.err
    assert "one.md:5:1: warning: this row has 4 cells and its table's head 2: those beyond " \
           "the head's are printed in columns of their own" in run.err
    page = lxml.html.parse(str(root / "build" / "cells.html")).getroot()
    [table] = page.iter("table")
    assert [[cell.text_content() for cell in row] for row in table.iter("tr")] == [
        ["x", "size", "", ""], ["$", "0", "$", "2"], ["3", "4", "", ""]]
    printed = " ".join(" ".join(page_texts(root / "build" / "cells.pdf")).split())
    assert "$ 0 $ 2" in printed


def test_attributes_at_the_end_of_a_paragraphs_line(make_book, tmp_path):
    _, page = built(make_book, tmp_path, (
        "# One\n\nA short note. {.aside}\n\nWith *emphasis* {#p-key .aside}\n\n"
        "Own line\n{.aside}\n\nThe set {1, 2} and {a} stay.\n"))
    body = page.xpath("//div[@class='chapter-body']")[0]
    assert [" ".join(p.text_content().split()) for p in body.find_class("aside")] == [
        "A short note.", "With emphasis", "Own line"]
    assert page.get_element_by_id("p-key").tag == "p"
    assert "The set {1, 2} and {a} stay." in texts(page, "p")


EMPTY_HEADINGS = {
    "label only": ("## {#sec-x}\n", "3:1: error: this heading has no text: write its title "
                                     "before {#sec-x}"),
    "hashes only": ("##\n", "3:1: error: this heading has no text"),
    "hashes and closing hashes": ("### ###\n", "3:1: error: this heading has no text"),
    "setext with a label": ("{#sec-x}\n---\n", "3:1: error: this heading has no text"),
    "hidden index entry only": ("## (((Leaves)))\n", "3:1: error: this heading has no text"),
    "in a quote": ("> ##\n", "3:3: error: this heading has no text"),
    "in a list": ("- item\n\n    ##\n", "5:5: error: this heading has no text"),
    "raw HTML": ("<h2></h2>\n", "3:1: error: this heading has no text: write its title\n"),
    "title label only": ("", "1:1: error: the chapter's title heading has no text"),
}


@pytest.mark.parametrize("case", EMPTY_HEADINGS)
def test_a_heading_with_no_text_is_an_error(case, make_book, tmp_path):
    heading, expected = EMPTY_HEADINGS[case]
    title = "# {#sec-one}" if case == "title label only" else "# One"
    run, _ = built(make_book, tmp_path, f"{title}\n\n{heading}\n```\n#\n```\n\nText.\n", code=1)
    assert f"01-ch1.md:{expected}" in run.err
    assert run.err.count("error:") == 1, run.err


def test_a_class_on_the_chapter_title_is_an_error_not_printed(make_book, tmp_path):
    run, _ = built(make_book, tmp_path, "# One {.big}\n\nText.\n", code=1)
    assert "01-ch1.md:1:7: error: the chapter's title takes no {.big}" in run.err


UNCLOSED = {
    "hidden entry closed by two": ("See (((Leaf, adaptations)) here.", "3:5:",
                                   "this index marker opens and closes with different numbers"),
    "hidden entry over two lines closed by two": (
        "See (((Leaf,\nadaptations)) here.", "3:5:",
        "this index marker opens and closes with different numbers"),
    "visible term closed by three": ("See ((leaf))) here.", "3:5:",
                                     "this index marker opens and closes with different numbers"),
    "visible term": ("See ((leaf here.", "3:5:", "this index marker is not closed"),
    "hidden entry": ("See (((Leaf here.", "3:5:", "this index marker is not closed"),
    "citation": ("See [@smith here.", "3:5:", "this citation is not closed"),
    "citation with a prefix": ("See [see @smith, p. 4 here.", "3:5:",
                               "this citation is not closed"),
    "label": ("See {#tbl-x here.", "3:5:", "this label is not attached"),
    "footnote call": ("See[^open here.", "3:4:", "this footnote call is not closed"),
    "cross-reference with no label": ("See @fig- here.", "3:5:",
                                      "this cross-reference has no label"),
    "citation with quotes and dashes": ('See [@smith -- who said "no" here.', "3:5:",
                                        "this citation is not closed"),
    "visible term with quotes": ('See ((the "leaf" here.', "3:5:",
                                 "this index marker is not closed"),
}


@pytest.mark.parametrize("case", UNCLOSED)
def test_markup_left_open_is_an_error_where_it_opens(case, make_book, tmp_path):
    text, place, why = UNCLOSED[case]
    run, _ = built(make_book, tmp_path, f"# One\n\n{text}\n", code=1)
    assert f"01-ch1.md:{place} error: {why}" in run.err


def test_a_box_indented_as_a_whole_reads_as_if_it_were_not(make_book, tmp_path):
    _, page = built(make_book, tmp_path, (
        "# One\n\n::: exercise\n\t1. First question\n\t2. Second question\n:::\n\n"
        "::: note\n    - a point\n\n        - a sub-point\n:::\n"))
    assert texts(page, "ol/li") == ["First question", "Second question"]
    assert "a sub-point" in texts(page, "ul/li/ul/li")
    assert not page.xpath("//div[@class='chapter-body']//pre")


def test_a_box_of_indented_text_says_it_is_read_as_text_not_code(make_book, tmp_path):
    run, page = built(make_book, tmp_path, (
        "# One\n\n::: tip\n    Keep the lid on the jar.\n:::\n"))
    assert texts(page, "div/p[not(@class)]") == ["Keep the lid on the jar."]
    assert "01-ch1.md:4:5: warning: this box's content is indented as a whole, so it is " \
           "read as text, not as code" in run.err


@pytest.mark.parametrize("indent", ["\t", "    "])
def test_a_list_indented_after_text_in_a_box_is_an_error(indent, make_book, tmp_path):
    run, _ = built(make_book, tmp_path, (
        "# One\n\n::: exercise\n- a point\n:::\n\n::: exercise\nAnswer these:\n\n"
        f"{indent}- a point\n{indent}- another\n:::\n"), code=1)
    assert "01-ch1.md:10:1: error: this list is indented by a tab or four spaces" in run.err


def test_a_handout_names_what_is_outside_it_and_links_only_what_it_holds(tmp_path, capsys):
    root = write_book(tmp_path / "book", {
        "images/leaf.svg": LEAF,
        "chapters/01-where.md": (f"# Where it happens\n\n## The leaf {{#sec-leaf}}\n\n{FIGURE}\n\n"
                                 f"{TABLE}\n: Sizes {{#tbl-sizes}}\n"),
        "chapters/02-how.md": (
            "# How it works\n\n## Light {#sec-light}\n\nAs described in @sec-leaf, and in "
            "[Where it happens](01-where.md). See @fig-leaf, @tbl-sizes and "
            "[the leaf](01-where.md#sec-leaf); here, @sec-light.[^n] ((Light)) [@becker1996]"
            "\n\n[^n]: A note.\n"),
        "references.bib": (BOOKS / "citations" / "references.bib").read_text()})
    assert main(["handout", "2", "-C", str(root)]) == 0, capsys.readouterr().err
    text = " ".join(unhyphenated(" ".join(page_texts(root / "build" / "book-how.pdf"))).split())
    assert ("As described in Chapter 1, “The leaf” in the full booklet, and in Where it "
            "happens. See Figure 1.1 in the full booklet, Table 1.1 in the full booklet and "
            "the leaf; here, “Light” (page 1).") in text
    assert "Becker, 1996" in text
    reader = pypdf.PdfReader(root / "build" / "book-how.pdf")
    destinations = reader.named_destinations
    for page in reader.pages:
        for annotation in page.get("/Annots", []):
            target = annotation.get_object().get("/Dest")
            assert target is None or target in destinations


REFERENCES = {"@fig-laef": "did you mean @fig-leaf?", "@FIG-Leaf": "did you mean @fig-leaf?",
              "@tbl-size": "did you mean @tbl-sizes?", "@sec-Light": "did you mean @sec-light?",
              "@fig-sizes": "did you mean @tbl-sizes?",
              "@fig-lightning": "the labels are: fig-leaf, sec-light, tbl-sizes",
              "@fig-zzzz": "the labels are: fig-leaf, sec-light, tbl-sizes"}


@pytest.mark.parametrize("written", REFERENCES)
def test_a_reference_to_a_missing_label_suggests_the_nearest(written, make_book, tmp_path):
    run, _ = built(make_book, tmp_path, (
        f"# One\n\n## Light {{#sec-light}}\n\n{FIGURE}\n\n{TABLE}\n: Sizes {{#tbl-sizes}}\n\n"
        f"See {written}.\n"), code=1)
    assert (f"01-ch1.md:13:5: error: {written} refers to no figure, table, equation or section; "
            f"{REFERENCES[written]}") in run.err


def test_each_link_warning_is_at_the_address_as_written(make_book, tmp_path):
    run, _ = built(make_book, tmp_path, (
        "# One\n\n## Light {#sec-light}\n\n"
        "A [x](#nowhere) and [y](02-ch2.md#nope), [w][r], <a href=\"#raw\">raw</a>,\n"
        "[s](<#spaced>) and [t](#sec-Light \"title\").\n\n[r]: #defined\n\n"
        "[u](02-hc2.md)\n"), "# Two\n\nText.\n")
    for place, message in [
            ("5:7", "the link #nowhere leads nowhere"),
            ("5:25", "the link '02-ch2.md#nope' leads to no heading or figure of 02-ch2.md "
                     "labelled #nope"),
            ("8:6", "the link #defined leads nowhere"),
            ("5:59", "the link #raw leads nowhere"),
            ("6:6", "the link #spaced leads nowhere"),
            ("6:24", "the link #sec-Light leads nowhere: no heading or figure has that label "
                     "(did you mean #sec-light?)"),
            ("10:5", "the link '02-hc2.md' leads to a file that is not a chapter of the book "
                     "(did you mean 02-ch2.md?)")]:
        assert f"01-ch1.md:{place}: warning: {message}" in run.err


@pytest.mark.parametrize("first", ["student", "teacher"])
def test_a_footnote_called_only_from_a_teachers_note_goes_with_it(first, make_book, tmp_path):
    student = "Student text.[^shared]\n\n"
    teacher = "::: teacher\nOnly for teachers.[^oxygn] Again.[^shared]\n:::\n\n"
    run, page = built(make_book, tmp_path, (
        "# One\n\n" + (student + teacher if first == "student" else teacher + student)
        + "[^oxygn]: Oxygen.\n[^shared]: Shared.\n"))
    assert "warning" not in run.err, run.err
    assert texts(page, "div[@class='footnote']/ol/li") == ["Shared. ↩"]
    assert texts(page, "a[@class='footnote-ref']") == ["1"]


def test_each_figure_warning_is_at_its_own_figure(make_book, tmp_path):
    run, _ = built(make_book, tmp_path, (
        "# One\n\n![First](images/leaf.svg)\n\nText, see [the third](#fig-c).\n\n"
        "![Second](images/leaf.svg)\n\n![Third](images/leaf.svg){#fig-c}\n"))
    assert "01-ch1.md:3:10: warning: the figure has no alt text" in run.err
    assert "01-ch1.md:7:11: warning: the figure has no alt text" in run.err
    assert "01-ch1.md:9:27: warning: the figure has no alt text" in run.err


def test_a_figure_warning_is_not_placed_at_a_longer_label(make_book, tmp_path):
    run, _ = built(make_book, tmp_path, (
        "# One\n\n![First](images/leaf.svg){#fig-ab fig-alt=\"A leaf\"}\n\n"
        "![Second](images/leaf.svg){#fig-a}\n"))
    assert "01-ch1.md:5:28: warning: the figure has no alt text" in run.err


def test_footnote_messages_name_the_label_as_written(make_book, tmp_path):
    run, _ = built(make_book, tmp_path, (
        "# One\n\nText.\n\n![A leaf[^oxygn]](images/leaf.svg){fig-alt=\"A leaf\"}\n\n"
        "[^oxygn]: Oxygen.\n[^my note]: Never called.\n"), code=1)
    assert ("01-ch1.md:5:9: error: footnote [^oxygn] is called only where a call is not "
            "read: in a figure's caption") in run.err
    assert "01-ch1.md:8:1: error: footnote [^my note] is never called" in run.err
    assert "-fn" not in run.err


def test_a_footnote_call_with_a_misspelt_label_suggests_the_note(make_book, tmp_path):
    run, _ = built(make_book, tmp_path, "# One\n\nA leaf.[^Oxgyn]\n\n[^oxygn]: Oxygen.\n", code=1)
    assert "01-ch1.md:3:8: error: footnote [^Oxgyn] has no text; did you mean [^oxygn]?" in run.err


def test_an_index_see_to_no_entry_is_at_the_option_and_suggests_one(make_book, tmp_path):
    run, _ = built(make_book, tmp_path, (
        "# One\n\nThe steel campaign began. ((Steel campaign))\n\n"
        "Later: (((Furnaces | see Steel campaing)))\n"), code=1)
    assert ("01-ch1.md:5:26: error: the index refers to 'Steel campaing', which is not an "
            "index entry; did you mean 'Steel campaign'?") in run.err


def test_a_second_definition_of_a_name_is_an_error_not_a_silent_replacement(make_book,
                                                                            tmp_path):
    run, _ = built(make_book, tmp_path, (
        "# One\n\nA leaf.[^a] A [link][r].\n\n[^a]: First text.\n[^a]: Second text.\n\n"
        "[r]: #one\n[R]: #one\n"), code=1)
    assert ("01-ch1.md:6:1: error: footnote [^a] is defined again here, and only one text "
            "can be printed") in run.err
    assert "01-ch1.md:9:1: error: the link name [R] is defined again here" in run.err


def test_a_label_used_twice_is_reported_at_the_second_label_not_at_a_link(make_book,
                                                                          tmp_path):
    run, _ = built(make_book, tmp_path, (
        "# One\n\nSee [the part](#sec-a).\n\n## A {#sec-a}\n\n## B {#sec-a}\n"), code=1)
    assert "01-ch1.md:7:7: error: the id 'sec-a' is already used in 01-ch1.md" in run.err


def test_a_reference_to_no_label_is_placed_past_the_same_words_in_code(make_book, tmp_path):
    run, _ = built(make_book, tmp_path, (
        "# One\n\nCode `@fig-x` first, then @fig-xy and:\n\n```\n@fig-x\n```\n\nReal @fig-x.\n"),
        code=1)
    assert "01-ch1.md:3:27: error: @fig-xy refers to no figure" in run.err
    assert "01-ch1.md:9:6: error: @fig-x refers to no figure" in run.err


FRENCH_REFERENCES = (
    "# Un\n\n## Méthode {#sec-m}\n\n" + FIGURE + "\n\n" + TABLE + "\n: Tailles {#tbl-t}\n\n"
    "Comme le montre la @fig-leaf, le @tbl-t le confirme.\n\n"
    "@fig-leaf montre une feuille. « @tbl-t » aussi (cf. @fig-leaf).\n\n"
    "Dans l’@fig-leaf et l'@tbl-t, rien.\n")


def test_a_french_reference_is_lower_case_mid_sentence_with_its_article(make_book, tmp_path):
    root = write_book(tmp_path / "fr", {"book.toml": 'title = "Essai"\nlanguage = "fr"\n',
                                        "images/leaf.svg": LEAF,
                                        "chapters/01-un.md": FRENCH_REFERENCES})
    run = make_book("fr", "--format", "html", root=root)
    assert run.code == 0, run.err
    page = lxml.html.parse(str(root / "build" / "fr.html")).getroot()
    paragraphs = texts(page, "p")
    assert "Comme le montre la figure 1.1, le tableau 1.1 le confirme." in paragraphs
    assert "Figure 1.1 montre une feuille. « Tableau 1.1 » aussi (cf. figure 1.1)." \
        in paragraphs
    # "l’figure" is not French: the article agrees with the word, and the author is told.
    assert "Dans la figure 1.1 et le tableau 1.1, rien." in paragraphs
    assert ("01-un.md:17:8: warning: French writes “la figure”, not “l’figure”, so it is "
            "printed so: write “la @fig-leaf”") in run.err
    assert "01-un.md:17:23: warning: French writes “le tableau”, not “l’tableau”" in run.err


def test_an_english_reference_keeps_its_capital_mid_sentence(make_book, tmp_path):
    _, page = built(make_book, tmp_path, "# One\n\n" + FIGURE + "\n\n" + TABLE
                    + "\n: Sizes {#tbl-t}\n\nAs the @fig-leaf shows, and the @tbl-t.\n")
    assert "As the Figure 1.1 shows, and the Table 1.1." in texts(page, "p")


# Nested lists with blank lines: CommonMark (and so Pandoc and GitHub) spaces a list's
# items as paragraphs only if a blank line stands between two of its items or two blocks
# of one item, the whole list or none of it.
NESTED_LISTS = {
    "tight, with a nested list": "- a\n- b\n    1. c\n    2. d\n- e\n",
    "tight around a loose nested list": "- a\n- b\n    1. c\n\n    2. d\n- e\n",
    "numbered, tight around loose bullets": "1. a\n2. b\n   - c\n\n   - d\n3. e\n",
    "loose after a tight nested list": "- a\n- b\n    1. c\n    2. d\n\n- e\n",
    "loose by an item's second paragraph": "- a\n- b\n    1. c\n    2. d\n\n    more b\n- e\n",
}


def _item_spacing(html: str) -> list[tuple[str, bool]]:
    """(first word, whether it is in a paragraph) for each list item."""
    tree = lxml.html.fragment_fromstring(html, create_parent="div")
    return [((item.text or "").strip() or item[0].text_content().split()[0],
             item.find("p") is not None) for item in tree.iter("li")]


@pytest.mark.parametrize("shape", NESTED_LISTS)
def test_a_list_is_spaced_as_a_whole_as_commonmark_reads_it(shape, make_book, tmp_path):
    # markdown-it is CommonMark's reading, which Pandoc's gfm reader shares for lists.
    written = NESTED_LISTS[shape]
    _, page = built(make_book, tmp_path, f"# One\n\nBefore.\n\n{written}\nAfter.\n")
    [body] = page.xpath("//div[@class='chapter-body']")
    lists = "".join(lxml.html.tostring(element, encoding="unicode")
                    for element in body if element.tag in ("ul", "ol"))
    assert _item_spacing(lists) == _item_spacing(
        MarkdownIt("commonmark").render(written))


def test_an_elided_article_before_a_french_word_of_the_authors_own_is_a_warning(make_book,
                                                                               tmp_path):
    # The booklet's own word for a figure: its gender is not known, so the article is not
    # mended, and the author is told how to write it.
    root = write_book(tmp_path / "fr", {
        "book.toml": 'title = "Essai"\nlanguage = "fr"\n[labels]\nfigure = "Document"\n',
        "images/leaf.svg": LEAF,
        "chapters/01-un.md": f"# Un\n\n{FIGURE}\n\nDans l’@fig-leaf, rien.\n"})
    run = make_book("fr", "--format", "html", root=root)
    assert run.code == 0, run.err
    assert ("01-un.md:5:8: warning: l’@fig-leaf prints “l’document”, which French does not "
            "write: write the article in full (“le @fig-leaf” or “la @fig-leaf”)") in run.err
