"""The sample booklet in this repository builds, and reads as a finished booklet."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pypdf
import yaml
from conftest import contents_entries, link_targets, page_texts, printed_number
from invariants import (
    characters_per_line,
    lost_paragraphs,
    overprinted_words,
    page_list_faults,
    unmatched_roles,
    unreadable_figure_text,
    unresolved_links,
    unresolved_pdf_links,
)

from book.cli import main

REPOSITORY = Path(__file__).parent.parent


def test_the_sample_booklet(tmp_path):
    root = tmp_path / "sample"
    shutil.copytree(REPOSITORY, root, ignore=shutil.ignore_patterns(".git", "build", "tests"))
    assert main(["build", "-C", str(root)]) == 0
    pdf = root / "build" / "great-leap-forward.pdf"
    texts = page_texts(pdf)

    settings = (root / "book.toml").read_text()
    chapters = re.findall(r'"(chapters/[^"]+\.md)"', settings)
    assert len(chapters) == 6
    prose = 0
    for chapter in chapters:
        text = (root / chapter).read_text()
        meta = yaml.safe_load(text.split("---")[1])
        body = text.split("---", 2)[2]
        # Prose: the text less its boxes and footnotes.
        plain = re.sub(r"^:::.*?^:::$", "", body, flags=re.S | re.M)
        plain = re.sub(r"^\[\^[\w-]+\]:.*$", "", plain, flags=re.M)
        prose += len(plain.split())
        assert meta["objectives"] and meta["key_terms"], chapter
        assert re.search(r"\[\^[\w-]+\]:", body), f"{chapter} has no footnote"
        for box in ("::: source", "::: exercise", "::: answer", "::: discussion"):
            assert box in body, f"{chapter} has no {box}"
        assert "](figures/" in body, f"{chapter} has no figure"
        assert "[@" in body and "((" in body, f"{chapter} has no citation or index term"
    assert prose >= 9000, prose

    entries = contents_entries(texts)
    contents_page = next(i for i, t in enumerate(texts) if "Contents" in t)
    targets = link_targets(pypdf.PdfReader(pdf), contents_page)
    assert len(targets) == len(entries) > 5
    for (title, number), target in zip(entries, targets):
        assert printed_number(texts[target]) == number, title

    # The index is laid out apart from the rest: its pages still number on, carry the
    # running heads and belong to the tagged PDF with its links.
    opening = next(i for i, t in enumerate(texts) if re.match(r"\s*Index\n", t))
    first = int(printed_number(texts[opening]))
    assert len(texts) - opening >= 3
    assert [printed_number(t) for t in texts[opening:]] == [
        str(first + n) for n in range(len(texts) - opening)]
    for number, page in enumerate(texts[opening + 1:], start=1):
        assert page.split("\n")[0].strip() == ("Index" if number % 2 == 0 else
                                                  "The Great Leap Forward"), number
    reader = pypdf.PdfReader(pdf)
    assert "/StructTreeRoot" in reader.trailer["/Root"]
    assert len(link_targets(reader, opening + 1)) > 20

    text = "".join(texts)
    for leftover in ("[^", "{#", "((", ":::", "**", "[@"):
        assert leftover not in text, leftover
    assert "CC BY 4.0" in text
    for part in ("How to use this booklet", "Timeline", "Glossary", "References", "Index"):
        assert re.search(rf"^\s*{part}", text, re.M), part

    # Nothing the author wrote is lost, and every link goes somewhere.
    epub = root / "build" / "great-leap-forward.epub"
    sources = [root / name for name in re.findall(r'"((?:front|chapters|back)/[^"]+\.md)"',
                                                  settings)]
    assert not lost_paragraphs(sources, [pdf, epub])
    assert not unresolved_links(epub) and not unresolved_pdf_links(pdf)
    # On a phone every figure's text is readable, in the same letters on every device.
    assert not unreadable_figure_text(epub)
    assert not unmatched_roles(epub)
    # Every page the PDF numbers is in the EPUB's page list, where the page begins: the
    # contents, tables, the glossary and the index too.
    assert not page_list_faults(pdf, epub)
    # A line of the body text holds 65 to 80 characters, as a book's does.
    assert 65 <= characters_per_line(pdf) <= 80, characters_per_line(pdf)
    assert not overprinted_words(pdf)


def test_the_sample_in_large_print_on_a5_prints_no_text_over_other_text(tmp_path):
    """The figures, drawn for the narrow page and 16 pt text, keep their labels apart."""
    root = tmp_path / "sample"
    shutil.copytree(REPOSITORY, root, ignore=shutil.ignore_patterns(".git", "build", "tests"))
    assert main(["build", "-C", str(root), "--format", "pdf", "--theme", "large-print",
                 "--set", "page_size=A5"]) == 0
    assert not overprinted_words(root / "build" / "great-leap-forward-large-print-a5.pdf")


def test_the_sample_passes_check_without_a_remark(tmp_path):
    """--strict would pass: no warnings; no unused key terms or sources; EPUBCheck 0/0/0."""
    from book.build import Options
    from book.commands.check import check

    root = tmp_path / "sample"
    shutil.copytree(REPOSITORY, root, ignore=shutil.ignore_patterns(".git", "build", "tests"))
    problems = check(root, Options(out_dir=tmp_path / "out"))
    assert problems == [], "\n".join(map(str, problems))


def test_every_figure_has_alt_text_and_a_named_source():
    figures = []
    for chapter in (REPOSITORY / "chapters").glob("*.md"):
        figures += re.findall(r"!\[[^\]]*\]\((figures/[^)]+\.py)\)\{([^}]*)\}", chapter.read_text())
    assert len(figures) >= 6
    for script, attributes in figures:
        assert re.search(r'fig-alt="[^"]{20,}"', attributes), script
        code = (REPOSITORY / script).read_text()
        for data in re.findall(r'table\("([^"]+)"\)', code):
            notes = (REPOSITORY / "figures" / "data" / data).read_text().splitlines()
            assert any(line.startswith("#") and "source" in line.lower() for line in notes), data
