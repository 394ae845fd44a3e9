"""Citations in Pandoc's syntax, formatted by a CSL style, with a real References section."""
from __future__ import annotations

import re
import shutil
import zipfile

import lxml.html
import pypdf
import pytest
from conftest import BOOKS, page_texts, printed_number, unhyphenated, write_book
from lxml import etree

XHTML = {"x": "http://www.w3.org/1999/xhtml"}


@pytest.fixture
def cited(make_book):
    run = make_book("citations")
    assert run.code == 0, run.err
    pdf = run.root / "build" / "citations.pdf"
    return run, pdf, re.sub(r"\s+", " ", unhyphenated("".join(page_texts(pdf))))


def test_each_part_of_the_syntax_renders_as_the_style_says(cited):
    _, _, text = cited
    assert "One: a plain citation (Becker, 1996)." in text
    assert "Two: with a locator (Becker, 1996, p. 45)." in text
    # The longer label moves the line's end into the range.
    assert "(Banister, 1987, Chapter 3; see Becker, 1996, pp. 45–47)." in text.replace("– ", "–")
    assert "Four: Banister (1987) argues" in text
    assert "Five: Banister thought so too (1987)." in text
    assert "Code keeps [@becker1996] as written, and mail@example.com stays an address." in text


def test_same_author_same_year_gets_letters(cited):
    _, _, text = cited
    assert "Six: same author, same year (Smith, 2001a; Smith, 2001b)." in text
    assert "Smith, A. (2001a). Alpha Harvests." in text
    assert "Smith, A. (2001b). Beta Markets." in text


def test_the_bibliography_holds_exactly_the_cited_and_listed_works(cited):
    _, _, text = cited
    references = text.split("References")[-1]
    entries = re.findall(r"([A-Z][a-z]+), [A-Z]\. \((\d{4}[ab]?)\)", references)
    assert entries == [("Banister", "1987"), ("Becker", "1996"), ("Reader", "2000"),
                       ("Smith", "2001a"), ("Smith", "2001b")]
    assert "Never Cited" not in text


def test_citations_link_to_their_entries(cited):
    _, pdf, _ = cited
    reader = pypdf.PdfReader(pdf)
    destinations = reader.named_destinations
    links = [a.get_object()["/Dest"] for page in reader.pages for a in page.get("/Annots", [])
             if str(a.get_object().get("/Dest", "")).startswith("ref-")]
    assert {"ref-becker1996", "ref-banister1987", "ref-smith2001alpha"} <= set(links)
    for name in set(links):
        page = reader.pages[reader.get_destination_page_number(destinations[name])]
        assert "References" in page.extract_text()


def test_each_work_of_a_citation_of_several_links_to_its_own_entry(cited):
    run, pdf, _ = cited
    with zipfile.ZipFile(run.root / "build" / "citations.epub") as epub:
        chapter = etree.fromstring(epub.read("EPUB/sources.xhtml"))
    spans = chapter.xpath("//x:span[@class='citation']", namespaces=XHTML)
    links = [[(a.text, a.get("href")) for a in span.iter(f"{{{XHTML['x']}}}a")]
             for span in spans]
    assert links[2] == [("Banister, 1987, Chapter 3", "references.xhtml#ref-banister1987"),
                        ("Becker, 1996, pp. 45–47", "references.xhtml#ref-becker1996")]
    assert links[5] == [("Smith, 2001a", "references.xhtml#ref-smith2001alpha"),
                        ("Smith, 2001b", "references.xhtml#ref-smith2001beta")]
    # The PDF links each part apart too: a link to each of the two Smiths.
    reader = pypdf.PdfReader(pdf)
    targets = {str(a.get_object().get("/Dest")) for page in reader.pages
               for a in page.get("/Annots", [])}
    assert {"ref-smith2001alpha", "ref-smith2001beta"} <= targets


def test_an_entry_leads_back_to_the_places_that_cite_it(cited):
    run, pdf, text = cited
    # Print: the page of each place that cites it first on its page, as a link to it.
    assert "Becker, J. (1996). Hungry Ghosts: Mao\u2019s Secret Famine. John Murray. Cited on " \
        "page 1." in text
    assert "Reader, F. (2000). Further Reading on Famines. Smith" in text  # nocite: cited nowhere
    reader = pypdf.PdfReader(pdf)
    references = next(i for i, page in enumerate(reader.pages)
                      if page.extract_text().lstrip().startswith("References"))
    back = {str(a.get_object()["/Dest"]) for a in reader.pages[references].get("/Annots", [])}
    assert back == {"sources-cite-1", "sources-cite-3", "sources-cite-7", "sources-cite-8"}
    # The EPUB: each page once, numbered as printed, leading to a place of the text.
    with zipfile.ZipFile(run.root / "build" / "citations.epub") as epub:
        listed = etree.fromstring(epub.read("EPUB/references.xhtml"))
        chapter = etree.fromstring(epub.read("EPUB/sources.xhtml"))
    entry = listed.xpath("//*[@id='ref-becker1996']", namespaces=XHTML)[0]
    [link] = entry.xpath(".//x:a[@role='doc-backlink']", namespaces=XHTML)
    assert (link.text, link.get("href")) == ("1", "sources.xhtml#sources-cite-1")
    assert chapter.xpath("//*[@id='sources-cite-1']")[0].get("href") == \
        "references.xhtml#ref-becker1996"


def test_print_leads_back_to_each_page_that_cites_a_work(make_book, tmp_path):
    # Three citations in one chapter, on two pages: the list gives both pages, once each,
    # as the EPUB does, and in page order although a footnote's citation comes last.
    root = write_book(tmp_path / "pages", {
        "book.toml": 'title = "Pages"\n',
        "references.bib": (BOOKS / "citations" / "references.bib").read_text(),
        "chapters/01-one.md": "# One\n\nFirst [@becker1996].[^n]\n\n"
        + "".join(f"Filler paragraph {n} about harvests and markets in the county.\n\n"
                  for n in range(60))
        + "Later [@becker1996].\n\nAgain on that page [@becker1996].\n\n"
        "[^n]: A note that cites [@becker1996] too.\n",
    })
    run = make_book("pages", root=root)
    assert run.code == 0, run.err
    pages = page_texts(root / "build" / "pages.pdf")
    first, later = (printed_number(next(page for page in pages if words in page))
                    for words in ("First (Becker", "Later (Becker"))
    assert first != later
    text = re.sub(r"\s+", " ", "".join(pages))
    assert f"Cited on pages {first}, {later}." in text
    with zipfile.ZipFile(root / "build" / "pages.epub") as epub:
        listed = etree.fromstring(epub.read("EPUB/references.xhtml"))
    entry = listed.xpath("//*[@id='ref-becker1996']", namespaces=XHTML)[0]
    assert [a.text for a in entry.xpath(".//x:a[@role='doc-backlink']", namespaces=XHTML)] \
        == [first, later]


def test_the_web_version_leads_back_with_arrows(make_book):
    run = make_book("citations", "--format", "html")
    assert run.code == 0, run.err
    page = lxml.html.parse(str(run.root / "build" / "citations.html")).getroot()
    becker = page.get_element_by_id("ref-becker1996")
    arrows = becker.find_class("cited-by")[0]
    assert arrows.text_content() == "\u21a9 a b c"  # One, Two and Three cite it
    for link in arrows.iter("a"):
        assert page.get_element_by_id(link.get("href")[1:]).get("href") == "#ref-becker1996"


def test_two_styles_give_different_output(make_book, tmp_path):
    root = tmp_path / "chicago"
    shutil.copytree(BOOKS / "citations", root)
    (root / "book.toml").write_text((root / "book.toml").read_text()
                                    + 'citation_style = "chicago-author-date"\n')
    run = make_book("chicago", root=root)
    assert run.code == 0, run.err
    text = re.sub(r"\s+", " ", "".join(page_texts(root / "build" / "chicago.pdf")))
    assert "Two: with a locator (Becker 1996, 45)." in text
    assert "Becker, J. 1996. Hungry Ghosts" in text


def test_a_chapter_can_have_its_own_source_list(make_book, tmp_path):
    root = tmp_path / "own"
    shutil.copytree(BOOKS / "citations", root)
    write_book(root, {"book.toml": 'title = "Own lists"\nchapter_bibliographies = true\n',
                      "chapters/02-more.md": "# More\n\nOnly Becker here [@becker1996].\n"})
    run = make_book("own", root=root)
    assert run.code == 0, run.err
    texts = page_texts(root / "build" / "own.pdf")
    second = next(i for i, t in enumerate(texts) if "Only Becker here" in t)
    assert re.search(r"References\s+Becker, J\. \(1996\)", texts[second])
    assert "Banister" not in texts[second]
    names = pypdf.PdfReader(root / "build" / "own.pdf").named_destinations
    assert {"ref-more-becker1996", "ref-sources-becker1996"} <= set(names)


def test_unknown_keys_in_brackets_fail_and_narrative_ones_print_as_written(make_book, tmp_path):
    root = tmp_path / "unknown"
    shutil.copytree(BOOKS / "citations", root)
    (root / "chapters" / "02-typo.md").write_text(
        "# Typo\n\nA typo [@beker1996, p. 3] and a narrative one: @nobody2020 said.\n")
    run = make_book("unknown", root=root)
    assert run.code == 1
    assert "02-typo.md:3:9: error: unknown citation key 'beker1996'; did you mean becker1996?" \
        in run.err
    # An @word that names no source is only a warning (tests/reading/
    # test_markup_citations_rules.py), which a failed build does not print.
    assert "error: unknown citation key 'nobody2020'" not in run.err


def test_malformed_and_duplicate_bib_entries_point_at_their_lines(make_book, tmp_path):
    root = tmp_path / "badbib"
    shutil.copytree(BOOKS / "citations", root)
    bib = root / "references.bib"
    bib.write_text(bib.read_text() + "\n@book{broken,\n  title = {No closing brace,\n"
                   "  year = 2000\n}\n\n@book{becker1996,\n  title = {Again},\n"
                   "  year = {1996}\n}\n")
    run = make_book("badbib", root=root)
    assert run.code == 1
    assert re.search(r"references\.bib:42:1: error: Unexpected block start.*check its braces",
                     run.err)
    assert "references.bib:47:1: error: the key 'becker1996' is used twice" in run.err


def test_an_unknown_style_suggests_close_names(make_book, tmp_path):
    root = tmp_path / "style"
    shutil.copytree(BOOKS / "citations", root)
    (root / "book.toml").write_text('title = "T"\ncitation_style = "chicago-autor-date"\n')
    run = make_book("style", root=root)
    assert run.code == 1
    assert "book.toml:2:1: error: there is no citation style 'chicago-autor-date'; " \
        "did you mean chicago-author-date" in run.err


@pytest.mark.parametrize("style, expected", [
    ("agora", r"book\.toml:2:1: error: the citation style 'agora' makes no list of sources "
              r"\(it is for footnotes alone\); choose one that does"),
    ("mine.csl", r"mine\.csl:2:9: error: this style is not well-formed XML: Premature end "
                 r"of data in tag layout line 2\n"),
], ids=["footnotes only", "broken file"])
def test_a_style_the_booklet_cannot_use_is_an_error(make_book, tmp_path, style, expected):
    root = tmp_path / "style"
    shutil.copytree(BOOKS / "citations", root)
    (root / "book.toml").write_text(f'title = "T"\ncitation_style = "{style}"\n')
    (root / "mine.csl").write_text('<style xmlns="http://purl.org/net/xbiblio/csl"><citation>\n'
                                   "<layout>")
    run = make_book("style", root=root)
    assert run.code == 1
    assert re.search(expected, run.err), run.err
    assert "Traceback" not in run.err


LOCATORS = "\n\n".join(f"{n}: [@becker1996, {locator}]." for n, locator in enumerate([
    "chap. 10", "l. 4", "ll. 4-6", "sec. 3", "vol. 2", "§ 7", "¶ 2", "fig. 5", "no. 8",
    "pt. 1", "s.v. famine", "vv. 2-3", "bk. 4", "para. 9", "45", "n. 12"]))


@pytest.mark.parametrize("style, expected", [
    ("apa", ["Becker, 1996, Chapter 10", "Becker, 1996, Line 4", "Becker, 1996, Lines 4–6",
             "Becker, 1996, Section 3", "Becker, 1996, Volume 2", "Becker, 1996, Section 7",
             "Becker, 1996, para. 2", "Becker, 1996, Figure 5", "Becker, 1996, Number 8",
             "Becker, 1996, Part 1", "Becker, 1996, Sub verbo famine", "Becker, 1996, Verses 2–3",
             "Becker, 1996, Book 4", "Becker, 1996, para. 9", "Becker, 1996, p. 45",
             "Becker, 1996, Note 12"]),
    ("chicago-author-date", [
        "Becker 1996, chap. 10", "Becker 1996, line 4", "Becker 1996, lines 4–6",
        "Becker 1996, sec. 3", "Becker 1996, vol. 2", "Becker 1996, sec. 7",
        "Becker 1996, para. 2", "Becker 1996, fig. 5", "Becker 1996, no. 8", "Becker 1996, pt. 1",
        "Becker 1996, under famine", "Becker 1996, vv. 2–3", "Becker 1996, bk. 4",
        "Becker 1996, para. 9", "Becker 1996, 45", "Becker 1996, n. 12"]),
    ("ieee", ["1, Ch. 10", "1, L. 4", "1, Ll. 4–6", "1, Sec. 3", "1, Vol. 2", "1, Sec. 7",
              "1, Para. 2", "1, Fig. 5", "1, No. 8", "1, Pt. 1", "1, S.v. famine", "1, Vv. 2–3",
              "1, Bk. 4", "1, Para. 9", "1, p. 45", "1, N. 12"]),
])
def test_locators_print_with_the_label_their_style_defines(make_book, tmp_path, style, expected):
    root = tmp_path / style
    shutil.copytree(BOOKS / "citations", root)
    write_book(root, {"book.toml": f'title = "Locators"\ncitation_style = "{style}"\n',
                      "chapters/01-sources.md": f"# Sources\n\n{LOCATORS}\n"})
    run = make_book(style, "--format", "html", root=root)
    assert run.code == 0, run.err
    page = lxml.html.parse(str(root / "build" / f"{style}.html")).getroot()
    cited = [" ".join(span.text_content().split()).strip("()[]")
             for span in page.find_class("citation")]
    assert cited == expected


SYMBOL_STYLE = """<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info><title>Symbols</title><id>symbols</id><updated>2024-01-01T00:00:00+00:00</updated></info>
  <citation><layout prefix="(" suffix=")">
    <text variable="title"/>
    <group delimiter=" " prefix=", ">
      <label variable="locator" form="symbol"/><text variable="locator"/>
    </group>
  </layout></citation>
  <bibliography><layout><text variable="title"/></layout></bibliography>
</style>
"""


def test_a_label_form_the_locale_lacks_falls_back_as_csl_says(make_book, tmp_path):
    # The symbol form: "§" for sections; volumes have none, so their short form.
    root = tmp_path / "symbols"
    shutil.copytree(BOOKS / "citations", root)
    write_book(root, {"book.toml": 'title = "Symbols"\ncitation_style = "symbols.csl"\n',
                      "symbols.csl": SYMBOL_STYLE, "chapters/01-sources.md":
                      "# Sources\n\n[@becker1996, sec. 3] [@becker1996, vols. 2-4]\n"})
    run = make_book("symbols", "--format", "html", root=root)
    assert run.code == 0, run.err
    page = lxml.html.parse(str(root / "build" / "symbols.html")).getroot()
    assert [span.text_content() for span in page.find_class("citation")] == [
        "(Hungry Ghosts: Mao’s Secret Famine, § 3)",
        "(Hungry Ghosts: Mao’s Secret Famine, vols. 2–4)"]


def test_the_bibliography_has_the_texts_typography_and_its_addresses_stay_as_written(
        make_book, tmp_path):
    root = tmp_path / "quotes"
    shutil.copytree(BOOKS / "citations", root)
    bib = root / "references.bib"
    bib.write_text(bib.read_text().replace(
        "  address = {London},\n",
        "  address = {London},\n  note = {Reviewed as \"a \\emph{tour de force}\"},\n"
        "  url = {https://example.org/mao's-famine},\n"))
    run = make_book("quotes", "--format", "html", root=root)
    assert run.code == 0, run.err
    page = lxml.html.parse(str(root / "build" / "quotes.html")).getroot()
    entry = page.get_element_by_id("ref-becker1996")
    text = " ".join(entry.text_content().split())
    assert "Hungry Ghosts: Mao’s Secret Famine" in text
    assert "“a tour de force”" in text
    assert "'" not in text.replace("https://example.org/mao's-famine", "")
    assert entry.xpath(".//a/@href")[0] == "https://example.org/mao's-famine"


def test_latex_in_a_bib_file_prints_as_text_and_what_cannot_print_is_located(
        make_book, tmp_path):
    root = tmp_path / "latex"
    shutil.copytree(BOOKS / "citations", root)
    bib = root / "references.bib"
    original = bib.read_text()
    bib.write_text(original.replace(
        "title = {Hungry Ghosts: Mao's Secret Famine}",
        'title = {Hungry Ghosts: \\emph{Mao\'s} Secret Famine {\\ldots} by M\\"{u}ller, '
        "50% done, pp.\\,3--5}"))
    run = make_book("latex", "--format", "html", root=root)
    assert run.code == 0, run.err
    assert "references.bib:4:27: warning: the LaTeX command \\emph in 'title' is printed " \
        "as plain text" in run.err
    page = lxml.html.parse(str(root / "build" / "latex.html")).getroot()
    entry = " ".join(page.get_element_by_id("ref-becker1996").text_content().split())
    assert "Hungry Ghosts: Mao\u2019s Secret Famine \u2026 by M\u00fcller, 50% done, " \
        "pp. 3\u20135" in entry  # `\\,` a thin space, read here as any space

    bib.write_text(original.replace("year = {1996}", "year = {1996},\n  note = {See \\cite{x}}"))
    run = make_book("latex", "--format", "html", root=root)
    assert run.code == 1
    assert "references.bib:8:15: error: the LaTeX command \\cite in 'note' is one the " \
        "citation formatter cannot print" in run.err
    assert "Traceback" not in run.err and "internal error" not in run.err


def test_a_field_citeproc_cannot_read_is_a_warning_at_its_line(make_book, tmp_path):
    root = tmp_path / "field"
    shutil.copytree(BOOKS / "citations", root)
    bib = root / "references.bib"
    bib.write_text(bib.read_text().replace("  address = {London},\n",
                                           "  address = {London},\n  flavour = {vanilla},\n"))
    run = make_book("field", "--format", "html", root=root)
    assert run.code == 0, run.err
    assert "references.bib:7:3: warning: the field 'flavour' is one the citation formatter " \
        "cannot read" in run.err
    assert "UserWarning" not in run.err


def test_a_citation_style_from_the_command_line_is_blamed_on_it(make_book):
    run = make_book("citations", "--set", 'citation_style="nosuch-style"')
    assert run.code == 1
    assert "--set citation_style=\"nosuch-style\": error: there is no citation style" in run.err
