"""Where each page begins, as WeasyPrint lays it out: the elements with an id around the
page's first text, and how many of their letters and digits the pages before hold."""
from __future__ import annotations

import weasyprint

from book.layout.page_starts import page_starts

PAGE = "<style>@page { size: 60mm 40mm; margin: 5mm; @bottom-center { content: 'folio' } }" \
       " body { font: 10pt/12pt sans-serif } .next { break-before: page }</style>"


def starts(body: str) -> list:
    return page_starts(weasyprint.HTML(string=PAGE + body).render().pages)


def test_a_page_that_begins_inside_an_element_counts_what_came_before():
    assert starts('<section id="s"><h1 id="h">Title</h1><p>Alpha beta, 1958.</p>'
                  '<p class="next">Gamma</p></section>') == [
        (("h", 0), ("s", 0)),
        (("s", len("TitleAlphabeta1958")),)]


def test_the_running_head_folio_and_generated_text_are_not_the_page_s():
    assert starts('<style>p::before { content: "Note 1: " }</style>'
                  '<div id="d"><p>One</p><p class="next">Two</p></div>') == [
        (("d", 0),), (("d", 3),)]


def test_a_blank_page_has_no_beginning_and_a_picture_begins_one():
    picture = ('<img id="i" src="data:image/svg+xml,<svg xmlns=%22http://www.w3.org/2000/svg'
               '%22 width=%2210%22 height=%2210%22/>">')
    assert starts(f'<p id="a">One</p><div class="next"></div><div class="next" id="f">'
                  f'{picture}<p>Caption</p></div>') == [
        (("a", 0),), None, (("i", 0), ("f", 0))]


def test_a_footnote_s_text_is_left_out_where_it_is_called():
    assert starts('<style>.fn { float: footnote }</style>'
                  '<div id="d"><p>Before<span class="fn">Note text</span> after</p>'
                  '<p class="next">Next</p></div>') == [
        (("d", 0),), (("d", len("Beforeafter")),)]


def test_a_table_s_header_repeated_on_the_next_page_is_not_counted_again():
    rows = "".join(f'<tr class="next"><td>Row {n}</td></tr>' for n in range(2, 4))
    assert starts(f'<table id="t"><thead><tr><th>Years</th></tr></thead><tbody>'
                  f'<tr><td>Row 1</td></tr>{rows}</tbody></table>') == [
        (("t", 0),), (("t", len("Years" "Row1")),), (("t", len("Years" "Row1" "Row2")),)]
