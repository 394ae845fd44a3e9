"""The back-of-book index: markup, sorting, see/see also, ranges, and true page numbers."""
from __future__ import annotations

import re
import shutil

import pdfplumber
import pypdf
import pytest
from conftest import BOOKS, page_texts, printed_number, write_book


@pytest.fixture
def indexed(make_book):
    run = make_book("index")
    assert run.code == 0, run.err
    return run.root / "build" / "index.pdf"


def index_lines(pdf) -> list[str]:
    """The index page's text (in one column on the test book's A5 pages)."""
    with pdfplumber.open(pdf) as document:
        text = document.pages[-1].extract_text()
    return [line.strip() for line in text.replace("\u2010\n", "").splitlines() if line.strip()]


def locators(pdf) -> list[tuple[str, str, int]]:
    """(printed number, anchor, destination page) for every number in the index."""
    reader = pypdf.PdfReader(pdf)
    destinations = reader.named_destinations
    found = []
    with pdfplumber.open(pdf) as document:
        page = document.pages[-1]
        for annotation in reader.pages[-1].get("/Annots", []):
            annotation = annotation.get_object()
            name = annotation.get("/Dest")
            if not name or "-ix-" not in name:
                continue
            x0, y0, x1, y1 = (float(v) for v in annotation["/Rect"])
            bottom, top = sorted((y0, y1))
            box = (x0 - 0.5, page.height - top - 0.5, x1 + 0.5, page.height - bottom + 0.5)
            number = (page.crop(box).extract_text() or "").strip(" ,.–\n")
            found.append((number, name, reader.get_destination_page_number(destinations[name])))
    return found


def test_each_printed_number_is_the_page_it_links_to(indexed):
    texts = page_texts(indexed)
    found = locators(indexed)
    assert len(found) >= 12
    for number, anchor, target in found:
        assert number.isdigit() and number != "0", (number, anchor)
        assert printed_number(texts[target]) == number, anchor


def test_visible_terms_are_on_the_pages_given(indexed):
    texts = [re.sub(r"[\u2010-]\n\s*", "", t) for t in page_texts(indexed)]
    visible = {"communes-ix-1": "communes", "communes-ix-3": "people\u2019s communes",
               "communes-ix-8": "furnaces", "communes-ix-9": "Steel",
               "communes-ix-13": "Dikötter", "communes-ix-14": "émigrés"}
    reader = pypdf.PdfReader(indexed)
    printed = {page for _, _, page in locators(indexed)}
    for anchor, term in visible.items():
        page = reader.get_destination_page_number(reader.named_destinations[anchor])
        assert page in printed, f"{term}: its page is not in the index"
        assert term in texts[page], (anchor, term)


def test_sorting_grouping_sub_entries_and_cross_references(indexed):
    lines = index_lines(indexed)
    assert lines[0] == "Index"
    letters = [line for line in lines if re.fullmatch(r"[A-Z#]", line)]
    assert letters == ["#", "B", "C", "D", "E", "F", "M", "S"]
    text = " ".join(lines)
    # Accents and case do not split an entry; a sort key files it elsewhere.
    assert text.count("Dik") == 1 and text.count("migr") == 1
    assert re.search(r"C communes, 1 Henan experiment, 1, 3–4 Chayashan, \d+ "
                     r"people\u2019s communes", text)
    assert "Backyard furnaces. See Furnaces" in text and not re.search(r"See Furnaces, \d", text)
    assert re.search(r"Steel, \d+\. See also Furnaces", text)
    assert "Mao Zedong, writings, " in text
    assert "not an entry" not in text


def test_markers_in_code_are_left_alone(indexed):
    text = "".join(page_texts(indexed))
    assert "Code stays as written: ((not an entry)) and" in text
    assert "(((not an entry either)))" in text


def test_index_markup_errors(make_book, tmp_path):
    root = write_book(tmp_path / "bad", {"chapters/one.md": (
        "# One\n\nAn unclosed ((marker here.\n\nToo deep: (((a, b, c, d))).\n\n"
        "Wrong option: ((term | sea Other)).\n\nA dangling ((term | see Nothing)).\n")})
    run = make_book("bad", root=root)
    assert run.code == 1
    assert "one.md:3:13: error: this index marker is not closed" in run.err
    assert run.err.count("error:") == 4
    assert "one.md:5:11: error: an index entry may have at most 3 levels" in run.err
    assert "one.md:7:15: error: unknown index option 'sea Other'" in run.err
    assert "one.md:9:25: error: the index refers to 'Nothing', which is not an index entry" \
        in run.err


def test_a_theme_that_runs_the_index_on_loses_no_page(make_book, tmp_path):
    """The index's own pages replace its heading's page, so that page holds nothing else,
    even when a theme does not start the index on a new page."""
    root = tmp_path / "index"
    shutil.copytree(BOOKS / "index", root)
    (root / "run-on.css").write_text(".backmatter.index { break-before: auto; page: main-start }\n")
    with (root / "book.toml").open("a") as settings:
        settings.write('css = ["run-on.css"]\n')
    run = make_book("index", root=root)
    assert run.code == 0, run.err
    texts = page_texts(root / "build" / "index.pdf")
    assert "(((not an entry either)))" in "".join(texts)  # the chapter's last line
    assert re.match(r"\s*Index\n", texts[-1])


@pytest.mark.parametrize(("theme", "page_size", "columns"), [
    ("classic", "A4", 2), ("classic", "Letter", 2), ("classic", "A5", 1),
    ("large-print", "A4", 2), ("large-print", "A5", 1)])
def test_the_index_has_two_columns_on_a4_and_letter_and_one_on_a5(make_book, tmp_path,
                                                                   theme, page_size, columns):
    root = shutil.copytree(BOOKS / "index", tmp_path / "index")
    places = " ".join(f"((Place {number:03d}))" for number in range(150))
    write_book(root, {"chapters/02-places.md": f"# Places\n\n{places}\n"})
    run = make_book("index", "--format", "pdf", "--theme", theme,
                    "--set", f"page_size={page_size}", root=root)
    assert run.code == 0, run.err
    with pdfplumber.open(next((root / "build").glob("*.pdf"))) as document:
        first = next(number for number, page in enumerate(document.pages)
                     if (page.extract_text() or "").splitlines()[:1] == ["Index"])
        # Where the entries begin across each page of the index.
        starts = [{round(word["x0"]) for word in page.extract_words() if word["text"] == "Place"}
                  for page in document.pages[first:]]
    assert len(starts) > 1, "the index runs over more than one page"
    assert max(map(len, starts)) == columns, starts
