"""Reading the bibliography: BibTeX as authors wrap it, and its mistakes at their lines."""
from __future__ import annotations

import pytest

from book.citations.sources import load_sources
from book.errors import BookError


def test_names_listed_over_two_lines_are_each_an_author(tmp_path):
    path = tmp_path / "references.bib"
    path.write_text("@article{trenberth2007,\n"
                    "  author = {Trenberth, Kevin E. and Qian, Taotao and\n"
                    "            Dai, Aiguo and Fasullo, John},\n"
                    "  title  = {Estimates of the Global Water Budget and Its Annual Cycle\n"
                    "            Using Observational Data},\n"
                    "  year   = {2007},\n}\n")
    [item] = load_sources(path).data
    assert [author["family"] for author in item["author"]] == [
        "Trenberth", "Qian", "Dai", "Fasullo"]
    assert str(item["title"]) == ("Estimates of the Global Water Budget and Its Annual Cycle "
                                  "Using Observational Data")


def test_a_field_without_its_comma_is_an_error_at_its_line(tmp_path):
    path = tmp_path / "references.bib"
    path.write_text("@article{a,\n  title = {A},\n  pages = {758--769}\n"
                    "  doi   = {10.1175/JHM600.1},\n  publisher = {Penguin}\n  month = jan\n}\n")
    with pytest.raises(BookError) as raised:
        load_sources(path)
    assert [str(problem) for problem in raised.value.problems] == [
        f"{path}:{line}:1: error: the field {field!r} runs on into the next field: put a "
        "comma after its value" for line, field in ((3, "pages"), (5, "publisher"))]


def test_url_urldate_and_howpublished_are_read_as_pandoc_reads_them(tmp_path):
    path = tmp_path / "references.bib"
    path.write_text("@misc{web, title = {A Page}, url = {https://example.org/a\\_b},\n"
                    "  urldate = {2024-03-05}}\n"
                    "@misc{linked, title = {B}, howpublished = {\\url{https://example.org/b}}}\n"
                    "@misc{handout, title = {C}, howpublished = {Handed out in class},\n"
                    "  note = {Two pages}}\n")
    sources = load_sources(path)
    web, linked, handout = sources.data
    assert (web["URL"], web["accessed"]) == ("https://example.org/a_b",
                                             {"date-parts": [[2024, 3, 5]]})
    assert linked["URL"] == "https://example.org/b" and "publisher" not in linked
    assert (handout["publisher"], handout["note"]) == ("Handed out in class", "Two pages")
    assert sources.warnings == ()  # none of them is a field the formatter cannot read
