"""The printed booklet: contents, page numbers, footnotes, outline, metadata, safety."""
from __future__ import annotations

import itertools
import re
import shutil
import subprocess

import lxml.html
import pypdf
import pytest
from conftest import BOOKS, contents_entries, link_targets, page_texts, printed_number, write_book

from book.cli import main

CODE_SAMPLE = "[^1] {#id} ((term))"


@pytest.fixture(scope="module")
def basic_pdf(tmp_path_factory):
    root = tmp_path_factory.mktemp("basic") / "basic"
    shutil.copytree(BOOKS / "basic", root)
    assert main(["build", "-C", str(root)]) == 0
    return root / "build" / "basic.pdf"


def test_contents_numbers_match_the_printed_pages(basic_pdf):
    texts = page_texts(basic_pdf)
    entries = contents_entries(texts)
    titles = [title for title, _ in entries]
    assert titles[:2] == ["Floods and Dykes", "Introduction"]
    assert "Glossary" in titles
    for _, number in entries:
        assert number != "0"
    # Each chapter title's printed number is the number printed on the page it opens.
    openers = {"Floods and Dykes": "CHAPTER 1", "Where the River Begins": "CHAPTER 2",
               "The Delta": "CHAPTER 3", "Glossary": "Glossary"}
    numbers = dict(entries)
    for title, first_line in openers.items():
        opening = next(i for i, t in enumerate(texts) if t.strip().startswith(first_line))
        assert printed_number(texts[opening]) == numbers[title], title
    # Every contents line links to the page whose printed number it shows.
    reader = pypdf.PdfReader(basic_pdf)
    contents_page = next(i for i, t in enumerate(texts) if "Contents" in t)
    targets = link_targets(reader, contents_page)
    assert len(targets) == len(entries)
    for (title, number), target in zip(entries, targets):
        assert printed_number(texts[target]) == number, title


def test_front_matter_is_roman_and_chapter_one_is_page_one(basic_pdf):
    texts = page_texts(basic_pdf)
    contents = next(i for i, t in enumerate(texts) if "Contents" in t)
    assert re.fullmatch(r"[ivx]+", printed_number(texts[contents]))
    chapter_one = next(i for i, t in enumerate(texts) if "CHAPTER 1" in t)
    assert printed_number(texts[chapter_one]) == "1"
    assert chapter_one % 2 == 0, "chapter 1 must open on a right-hand page"


def test_running_heads(basic_pdf):
    texts = page_texts(basic_pdf)
    chapter_one = next(i for i, t in enumerate(texts) if "CHAPTER 1" in t)
    first_line = [(t.strip().splitlines() or [""])[0].strip() for t in texts]
    # The opening page has no head; then the book title on the left, the chapter on the right.
    assert first_line[chapter_one] == "CHAPTER 1"
    assert first_line[chapter_one + 1] == "Rivers of the Plain"
    assert first_line[chapter_one + 2] == "Floods and Dykes"


def test_blank_pages_before_a_chapter_carry_no_head_or_number(make_book):
    run = make_book("no-config")
    texts = page_texts(run.root / "build" / "no-config.pdf")
    openers = [i for i, t in enumerate(texts) if t.strip().endswith("file by name.\n\n1")
               or re.search(r"file by name\.\s+\d+\s*$", t)]
    assert len(openers) == 3
    # Each one-page chapter opens on a right-hand page, so a blank left page follows it.
    for opener in openers:
        assert opener % 2 == 0
    for blank in (openers[0] + 1, openers[1] + 1):
        assert texts[blank].strip() == "", texts[blank]


def test_footnotes_sit_on_the_page_of_their_call(basic_pdf):
    texts = page_texts(basic_pdf)
    calls = {}
    notes = {}
    for index, text in enumerate(texts):
        text = re.sub(r"[-\u2010\u00ad]\n\s*", "", text)  # undo hyphenation at line ends
        for word in re.findall(r"\b(\w+call\d+)\b", text):
            calls[word] = index
        for word in re.findall(r"\b(\w+note\d+)\b", text):
            notes[word] = index
    assert len(calls) == 18
    for call, page in calls.items():
        assert notes[call.replace("call", "note")] == page, call


def test_a_footnote_written_over_two_lines_is_one_paragraph_in_print(make_book, tmp_path):
    root = write_book(tmp_path / "wrapped", {"chapters/01-one.md": (
        "# One\n\nA claim.[^a]\n\n[^a]: A tiny amount of water escapes into space, but\n"
        "    far too little to matter.\n")})
    run = make_book("wrapped", "--format", "pdf", "--set", "page_size=A4", root=root)
    assert run.code == 0, run.err
    text = "\n".join(page_texts(root / "build" / "wrapped.pdf"))
    assert "into space, but far too little to matter." in text


def test_outline_matches_the_headings(basic_pdf):
    reader = pypdf.PdfReader(basic_pdf)

    def walk(items):
        return [walk(item) if isinstance(item, list) else item.title for item in items]
    assert walk(reader.outline) == [
        "Contents",
        "Floods and Dykes", ["Introduction", "The great flood", "Rebuilding", "Questions"],
        "Where the River Begins", ["Introduction", "Springs in the hills", "Early maps",
                                   "Questions"],
        "The Delta", ["Introduction", "Silt and soil", "Ports", "Facts in a table", "Questions"],
        "Glossary",
    ]


def test_no_markup_is_left_in_the_text(basic_pdf):
    text = "".join(page_texts(basic_pdf))
    assert text.count(CODE_SAMPLE) == 3, "code must keep markup exactly as written"
    text = text.replace(CODE_SAMPLE, "")
    for leftover in ("[^", "{#", "((", ":::", "**"):
        assert leftover not in text, leftover


def test_ids_are_unique_and_derived_from_chapter_and_heading(basic_pdf):
    names = set(pypdf.PdfReader(basic_pdf).named_destinations)
    # Three chapters each have an "Introduction" and a footnote [^1]..., yet no id clashes.
    for slug in ("floods", "sources", "delta"):
        assert f"{slug}-introduction" in names
    assert {"floods-fn-2", "sources-fn-2", "delta-fn-2", "sec-flood-1"} <= names


def test_metadata_tags_and_fonts(basic_pdf):
    reader = pypdf.PdfReader(basic_pdf)
    assert reader.metadata.title == "Rivers of the Plain"
    assert reader.metadata.author == "A. Teacher, B. Colleague"
    assert reader.metadata.subject == "Geography of rivers"
    catalog = reader.trailer["/Root"]
    assert catalog["/Lang"] == "en"
    assert catalog["/MarkInfo"]["/Marked"]
    info = subprocess.run(["pdfinfo", str(basic_pdf)], capture_output=True, text=True).stdout
    assert re.search(r"Tagged:\s+yes", info)
    assert re.search(r"Page size:\s+419.5\d* x 595.2\d* pts", info)
    fonts = subprocess.run(["pdffonts", str(basic_pdf)], capture_output=True, text=True).stdout
    rows = fonts.splitlines()[2:]
    assert rows and all(row.split()[-5] == "yes" for row in rows), fonts
    # Only classic's fonts: Linux Libertine, Linux Biolinum for headings, DejaVu for code.
    families = {row.split()[0].split("+")[-1] for row in rows}
    assert families <= {"Linux-Libertine-O", "Linux-Libertine-O-Bold", "Linux-Libertine-O-Italic",
                        "Linux-Libertine-O-Bold-Italic", "Linux-Biolinum-O",
                        "Linux-Biolinum-O-Bold", "DejaVu-Sans-Mono"}, fonts
    assert {"Linux-Libertine-O", "Linux-Biolinum-O-Bold"} <= families, fonts


def test_reproducible_bytes(make_book, monkeypatch, tmp_path):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    first = make_book("no-config", "-o", str(tmp_path / "one"))
    second = make_book("no-config", "-o", str(tmp_path / "two"), root=first.root)
    assert first.code == second.code == 0
    one = (tmp_path / "one" / "no-config.pdf").read_bytes()
    two = (tmp_path / "two" / "no-config.pdf").read_bytes()
    assert one == two


def test_letter_page_size(make_book, tmp_path):
    root = tmp_path / "letter"
    shutil.copytree(BOOKS / "no-config", root)
    (root / "book.toml").write_text('page_size = "Letter"\n')
    run = make_book("letter", root=root)
    assert run.code == 0, run.err
    info = subprocess.run(["pdfinfo", str(root / "build" / "letter.pdf")],
                          capture_output=True, text=True).stdout
    assert re.search(r"Page size:\s+612 x 792 pts \(letter\)", info)


def test_tables_definitions_and_abbreviations(basic_pdf):
    text = "".join(page_texts(basic_pdf))
    assert re.search(r"Port\s+Founded\s+Cargo", text)
    assert re.search(r"Saltmouth\s+1851\s+Timber", text)
    assert re.search(r"Silt\s+Fine soil carried by the river", text)
    assert "The RDA keeps the channels open." in text
    assert "*[RDA]" not in text and "|---" not in text


def test_a_rebuild_with_nothing_changed_writes_nothing(make_book):
    first = make_book("no-config", "--format", "pdf")
    pdf = first.root / "build" / "no-config.pdf"
    written = pdf.stat().st_mtime_ns
    again = make_book("no-config", "--format", "pdf", root=first.root)
    assert again.code == 0 and again.out.startswith("up to date ")
    assert pdf.stat().st_mtime_ns == written
    (first.root / "chapters" / "01-first.md").write_text("# First by name\n\nChanged.\n")
    changed = make_book("no-config", "--format", "pdf", root=first.root)
    assert changed.out.startswith("wrote ") and "Changed." in "".join(page_texts(pdf))


def test_an_element_no_page_holds_is_a_warning(make_book, tmp_path, caplog):
    root = write_book(tmp_path / "gone", {
        "chapters/one.md": "# One\n\nA first paragraph that stays.\n\n"
                           '<p class="gone">A paragraph the stylesheet hides.</p>\n',
        "front/preface.md": '# Preface\n\n<p class="gone">Hidden in the front matter.</p>\n',
        "hide.css": ".gone { display: none }\n",
        "book.toml": 'css = ["hide.css"]\nfront = ["front/preface.md"]\n'})
    run = make_book("gone", "--format", "pdf", root=root)
    assert run.code == 0
    assert ("one.md: warning: the PDF lost the paragraph “A paragraph the stylesheet "
            "hides.”: no page holds it") in run.err
    assert "preface.md: warning: the PDF lost the paragraph “Hidden in the front" in run.err
    assert make_book("gone", "--format", "pdf", "--strict", root=root).code == 1


def page_words(pdf) -> list[list[tuple[float, float, float, float, str]]]:
    """Each page's words as pdftotext -bbox gives them: (left, top, right, bottom, text),
    from the top left corner in points."""
    xhtml = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], check=True,
                           capture_output=True, text=True).stdout
    return [[(float(w.get("xmin")), float(w.get("ymin")), float(w.get("xmax")),
              float(w.get("ymax")), w.text_content()) for w in page.iter("word")]
            for page in lxml.html.document_fromstring(xhtml).iter("page")]


LONG_COURSE = "Biology, Year 10 (set 3), with the long name the school's timetable gives it"


def test_the_folio_keeps_clear_of_a_long_class_line(make_book, tmp_path):
    root = shutil.copytree(BOOKS / "basic", tmp_path / "basic")  # A5 pages
    run = make_book("basic", "--format", "pdf", "--set",
                    'classroom.school="Riverside Academy"', "--set",
                    f'classroom.course="{LONG_COURSE}"', root=root)
    assert run.code == 0, run.err
    pages = page_words(next((root / "build").glob("*.pdf")))
    folios = 0
    for words in pages:
        feet = [w for w in words if w[1] > 595 - 60]  # below the text of an A5 page
        # A page number, but not the "10" of the class line.
        folio = [w for w in feet if re.fullmatch(r"[0-9ivxlc]+", w[4])
                 and w[4] not in LONG_COURSE.split()]
        line = [w for w in feet if w not in folio]
        if not (folio and line):
            continue
        folios += 1
        assert " ".join(w[4] for w in line).startswith("Riverside Academy · Biology")
        assert "timetable gives it" in " ".join(w[4] for w in line), "the line wraps, whole"
        for number in folio:
            for word in line:
                if word[1] < number[3] and number[1] < word[3]:  # side by side
                    gap = max(word[0] - number[2], number[0] - word[2])
                    assert gap >= 3 / 25.4 * 72, (number, word)  # 3 mm at least
    assert folios >= 4


def test_large_print_has_the_class_line_on_its_cover_not_in_the_page_feet(make_book, tmp_path):
    root = shutil.copytree(BOOKS / "basic", tmp_path / "basic")  # A5 pages
    run = make_book("basic", "--format", "pdf", "--theme", "large-print", "--set",
                    'classroom.school="Riverside Academy"', "--set",
                    f'classroom.course="{LONG_COURSE}"', root=root)
    assert run.code == 0, run.err
    pages = page_words(next((root / "build").glob("*.pdf")))
    cover = " ".join(w[4] for w in pages[0])
    assert "Riverside Academy · Biology" in cover and "timetable gives it" in cover
    feet = [w[4] for words in pages[1:] for w in words if w[1] > 595 - 60]
    assert feet and "Riverside" not in feet, "at 16 pt the foot has no room for it"


def test_the_cover_is_set_ragged_not_justified(make_book, tmp_path):
    root = shutil.copytree(BOOKS / "basic", tmp_path / "basic")
    subtitle = ("A small test booklet about the rivers of the plain, their floods, their "
                "dykes and the delta they make")
    run = make_book("basic", "--format", "pdf", "--set", f'subtitle="{subtitle}"', root=root)
    assert run.code == 0, run.err
    lines: dict[float, list] = {}
    for word in page_words(root / "build" / "basic.pdf")[0]:  # the cover
        lines.setdefault(round(word[1]), []).append(word)
    lines = {top: line for top, line in lines.items()
             if " ".join(w[4] for w in line) in subtitle}
    assert len(lines) >= 2, "the subtitle runs over lines"
    gaps = [right[0] - left[2] for line in lines.values()
            for left, right in itertools.pairwise(line)]
    # The same space between words on every line: none is stretched to the measure.
    assert max(gaps) - min(gaps) < 0.5, gaps


NAMES = ("Constantinople", "Kaliningrad", "Johannesburg", "Massachusetts", "Zhengzhou",
         "Dikötter", "Mississippi", "Saskatchewan")


def test_names_are_not_hyphenated_where_other_words_are(make_book, tmp_path):
    """A capitalised word in mid-sentence is a name, which is never broken at a line's
    end; the long common words around it still are."""
    sentence = ("The delegates met " + " representatives and ".join(NAMES)
                + " administrators, notwithstanding extraordinarily unpredictable "
                  "circumstances. ")
    # Each time a little further along its lines, so that names come at their ends.
    text = "".join("So " * shift + sentence for shift in range(10))
    root = write_book(tmp_path / "names", {"chapters/01-one.md": f"# One\n\n{text}\n"})
    run = make_book("names", "--format", "pdf", "--set", "page_size=A5", root=root)
    assert run.code == 0, run.err
    text = "\n".join(page_texts(root / "build" / "names-a5.pdf"))
    broken = re.findall(r"(\w+)[-\u2010\u00ad]\n\s*(\w+)", text)
    assert broken, "no word was hyphenated: the check would prove nothing"
    assert not [first + rest for first, rest in broken if first[0].isupper()], broken
    for name in NAMES:
        assert name in text


def test_a_name_at_a_line_start_does_not_cut_the_line_before_it_short(make_book, tmp_path):
    """The words before a name that fill a line but for their last space stay on it: they
    used to leave the paragraph's first word alone on its line."""
    paragraph = ("By early 1959 senior leaders knew there were serious problems. At meetings "
                 "in Zhengzhou, Mao himself called for some targets to be lowered and for "
                 "excesses in the communes to be checked.")
    root = write_book(tmp_path / "line", {"chapters/01-one.md": (
        f"# One\n\n## Lushan, 1959: the chance that was lost\n\n{paragraph}\n")})
    run = make_book("line", "--format", "pdf", root=root)
    assert run.code == 0, run.err
    lines = [line.strip() for line in page_texts(root / "build" / "line.pdf")[-1].splitlines()
             if line.strip()]
    first = next(line for line in lines if line.startswith("By"))
    assert first.startswith("By early 1959"), lines


def test_a_footnote_call_stays_on_the_line_of_the_word_before_it(make_book, tmp_path):
    # The same sentence after words of 1 to 60 letters: somewhere its call ends a line.
    sentence = "counties and communes did the same in turn.[^{n}] A target could grow."
    paragraphs = [f"{'w' * count} so " + sentence.format(n=count) for count in range(1, 61)]
    notes = [f"[^{count}]: Note {count}." for count in range(1, 61)]
    root = write_book(tmp_path / "calls", {"chapters/01-one.md": (
        "# One\n\n" + "\n\n".join(paragraphs) + "\n\n" + "\n".join(notes) + "\n")})
    run = make_book("calls", "--format", "pdf", root=root)
    assert run.code == 0, run.err
    lines = [line.strip() for page in page_texts(root / "build" / "calls.pdf")
             for line in page.splitlines()]
    assert sum("turn." in line for line in lines) == 60
    # Each "turn." is followed by its call's number on its line.
    assert not [line for line in lines if line.endswith("turn.")]


def test_a_list_prints_the_numbers_it_was_written_with(tmp_path):
    # A list taken up again after a code block starts at its number, as in the EPUB.
    root = write_book(tmp_path / "numbers", {"chapters/one.md": (
        "# One\n\n1. Look at the slide\n2. Draw what you see\n\t3. Label the parts\n\n"
        "Then:\n\n4. Compare drawings\n5. Write it up\n\n"
        '<ol><li>First</li><li value="9">Ninth</li><li>Tenth</li></ol>\n')})
    assert main(["build", "-C", str(root), "--format", "pdf"]) == 0
    text = " ".join(page_texts(root / "build" / "numbers.pdf")[-1].split())
    for printed in ("2. Draw what you see 3. Label the parts", "4. Compare drawings",
                    "5. Write it up", "1. First 9. Ninth 10. Tenth"):
        assert printed in text, text
