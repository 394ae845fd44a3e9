"""What an author writes in a chapter reaches the page: nothing is dropped or moved, and
markup that cannot be read is an error at the place it was written."""
from __future__ import annotations

import lxml.html
import pytest

from conftest import write_book

LEAF = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="5" height="5"/></svg>'
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
