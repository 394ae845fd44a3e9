"""Large print keeps its promise on every page: no character under 16 pt, the figures' too."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pdfplumber
import pytest

from book.cli import main
from tests.conftest import write_book

LONG_NOTE = ("A note long enough to run over several lines at the foot of the page, so that "
             "its second and third lines must hang clear of its number, as a reader expects "
             "of a footnote in any printed book, and the eye finds where each note begins.")

CHAPTER = f"""# Rivers

The plain floods in wet years, and ((harvests)) fail.[^long]
The dykes were rebuilt each spring.[^short]
(((Dykes, rebuilt)))

[^long]: {LONG_NOTE}
[^short]: A short note.

![Harvest by year, in tonnes](figures/harvest.py){{#fig-harvest fig-alt="A rising line"}}

| Year | Tonnes |
|------|--------|
| 1950 | 10 |
| 1951 | 12 |

: The harvest in the market town {{#tbl-harvest}}

Prices are kept in code as `price = tonnes * rate`:

```python
def price(tonnes, rate):
    return tonnes * rate
```

::: exercise "Question 1" {{marks=2}}
Why were the dykes rebuilt each spring?
:::

::: answer
The winter floods wore them down.
:::
"""

# The script asks for small text itself: large print draws it at 16 pt all the same.
FIGURE = '''import matplotlib.pyplot as plt


def draw(style):
    figure, axes = plt.subplots()
    axes.plot([1950, 1951, 1952], [10, 12, 9], label="harvest")
    axes.annotate("a small note", (1951, 12), fontsize=6)
    axes.set_xlabel("Harvest year")
    axes.set_ylabel("Tonnes")
    axes.legend()
    return figure
'''


def char_size(char: dict) -> float:
    """The size of a character as printed. pdfplumber gives a turned character (a figure's
    upright axis label) the length of its advance as its size; its height across the
    line is then its width."""
    return char["size"] if char["upright"] else char["width"]


@pytest.mark.parametrize("page_size", ["A4", "A5"])
def test_no_character_of_a_large_print_booklet_is_under_16_pt(tmp_path, page_size):
    root = write_book(tmp_path / "book", {
        "book.toml": 'title = "Rivers"\nsubtitle = "A booklet"\nauthors = ["A. Teacher"]\n'
                     'edition = "First edition"\nchapters = ["chapters/rivers.md"]\n',
        "chapters/rivers.md": CHAPTER,
        "figures/harvest.py": FIGURE,
    })
    assert main(["build", "-C", str(root), "--format", "pdf", "--theme", "large-print",
                 "--edition", "teacher", "--set", f"page_size={page_size}",
                 "--set", 'classroom.teacher="Ms Lin"']) == 0
    pdf_path = next((root / "build").glob("*.pdf"))
    small: dict[int, str] = {}
    figure_text = everything = ""
    with pdfplumber.open(pdf_path) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            text = "".join(c["text"] for c in page.chars if char_size(c) < 15.95)
            if text.strip():
                small[number] = text
            everything += "".join(c["text"] for c in page.chars)
            figure_text += "".join(c["text"] for c in page.chars if c.get("tag") == "Figure")
    assert not small, f"text under 16 pt, by page: {small}"
    # What was measured: the figure's own text, the page furniture, notes, code, index, key.
    assert all(words in figure_text for words in ("asmallnote", "Harvestyear", "harvest"))
    for words in ("Contents", "Figure 1.1", "Ms Lin", "A short note", "return tonnes",
                  "Dykes", "rebuilt, 1", "[2 marks]", "The winter floods"):
        assert words.replace(" ", "") in everything.replace(" ", ""), words


def _table_headings(chapters: Path) -> dict[str, str]:
    """Each table caption's words, and the first heading of the table above it."""
    found = {}
    for chapter in sorted(chapters.glob("*.md")):
        lines = chapter.read_text().splitlines()
        for number, line in enumerate(lines):
            if line.startswith(": ") and "{#tbl-" in line:
                start = number - 1
                while start > 0 and not lines[start].startswith("|"):
                    start -= 1
                while start > 0 and lines[start - 1].startswith("|"):
                    start -= 1
                found[line[2:line.index("{#")].strip()] = lines[start].split("|")[1].strip()
    return found


def _drawn_above_the_first_caption(pdf_path: Path, index: int) -> bool:
    """Whether a picture or a drawing is on the page between its running head and its
    first figure caption."""
    with pdfplumber.open(pdf_path) as pdf:
        page = pdf.pages[index]
        words = page.extract_words()
        head = words[0]["bottom"]
        caption = next(w["top"] for w in words if w["text"] == "Figure" and w["top"] > head)
        drawn = page.images + page.rects + page.curves + page.lines
        return any(head < thing["top"] and thing["bottom"] <= caption + 1 for thing in drawn)


@pytest.mark.parametrize("page_size", ["A4", "A5"])
def test_captions_and_chapter_numbers_stay_with_what_they_belong_to(tmp_path, page_size):
    """In large print, where few lines fill a page: a table's caption is on the page where
    its table begins, no figure's caption opens a page, away from its figure, and no
    chapter's number ends a page, away from its title."""
    from tests.conftest import BOOKS, page_texts

    root = tmp_path / "acids"
    shutil.copytree(BOOKS / "acids", root)
    assert main(["build", "-C", str(root), "--format", "pdf", "--theme", "large-print",
                 "--edition", "teacher", "--set", f"page_size={page_size}"]) == 0
    pages = [" ".join(text.split()) for text in page_texts(next((root / "build").glob("*.pdf")))]
    tables = _table_headings(root / "chapters")
    assert len(tables) == 3
    for caption, heading in tables.items():
        opening = " ".join(caption.split()[:3])  # a line may end after it
        page = next(text for text in pages if opening in text)
        assert heading in page.split(opening, 1)[1], (caption, heading, page)
    pdf_path = next((root / "build").glob("*.pdf"))
    for number, text in enumerate(page_texts(pdf_path)):
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        if len(lines) > 1 and re.match(r"Figure \d+\.\d+ ", lines[1]):
            # The running head, then the caption: its figure must be above it, drawn.
            assert _drawn_above_the_first_caption(pdf_path, number), lines[:3]
        numbers = [n for n, line in enumerate(lines) if re.fullmatch(r"CHAPTER \d+", line)]
        assert all(n + 2 < len(lines) for n in numbers), lines  # its title, then the folio
