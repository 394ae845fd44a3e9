"""Time a chapter of 300 formulas against the same chapter without them, cold and warm.

    python bench/formulas.py [FORMULAS] [RUNS]

Each run reads the book (Markdown, checks, MathML), draws its formulas and lays out the
PDF. Cold: an empty cache, so every formula is parsed and drawn. Warm: the same cache
again, so none is; the warm runs are made RUNS times (5 by default), the chapters in
turn, and their median is given, as a busy machine's times vary by a tenth or more. Each
run is a process of its own, forked before any book is read, as a rebuild is: nothing the
last run learnt lasts but its cache.
The layout is in one pass, in the run's process, so its processor time (cpu) is the
build's: on a busy machine it varies less than the time on the clock.

Three chapters have the same sentences:
- words: a word in each formula's place;
- formulas: the formulas;
- pictures: in each formula's place a plain picture (not a formula) of the formula's size,
  which takes the formula's room in the layout. What the formulas cost beyond it is their
  own: reading them, finding their drawings, drawing them, tagging them. What the pictures
  cost beyond the words is WeasyPrint laying out a picture in each sentence, and the pages
  the taller lines add.
"""
from __future__ import annotations

import multiprocessing
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from pathlib import Path

import lxml.html

from book.build import read_book
from book.errors import Problems
from book.layout.print_layout import lay_out
from book.maths.drawing import SIZED, draw_formulas, put_pictures
from book.maths.mathml import MATH_CLASS

MAKE_BOOK = [sys.executable, str(Path(__file__).resolve().parent.parent / "make_book.py")]
# Formulas of school physics, chemistry and mathematics, each made unique by its index.
KINDS = (
    r"F_{{{i}}} = G \frac{{m_1 m_2}}{{r^2}}",
    r"v = u + {i}\,\mathrm{{m\,s^{{-2}}}} \cdot t",
    r"\sqrt{{x^2 + {i}}} = \sum_{{k=1}}^{{n}} a_k",
    r"\begin{{pmatrix}} {i} & 1 \\ 0 & 1 \end{{pmatrix}}",
    r"{i}\mathrm{{H_2}} + \mathrm{{O_2}} \xrightarrow{{\text{{spark}}}} \mathrm{{H_2O}}",
)
SENTENCE = "Sentence {i} holds {thing} in its middle, as a science booklet's do."


def chapter(formulas: int, in_their_places: list[str]) -> str:
    """A chapter of `formulas` sentences, each with what `in_their_places` has for it."""
    lines = ["# Formulas", ""]
    for i in range(formulas):
        lines += [SENTENCE.format(i=i, thing=in_their_places[i]), ""]
    return "\n".join(lines)


def latex(i: int) -> str:
    return KINDS[i % len(KINDS)].format(i=i)


def pictures(formulas: int, drawings: Path, root: Path) -> list[str]:
    """Plain pictures of the formulas' sizes, copied into the booklet from the formulas'
    drawings, as raw HTML sized as the print layout sizes a formula's picture."""
    (root / "pictures").mkdir()
    written = []
    for i, drawing in enumerate(sorted(drawings.rglob(f"*{SIZED}"))[:formulas]):
        shutil.copy(drawing, root / "pictures" / f"{i}.svg")
        written.append(f'<img src="../pictures/{i}.svg" alt="picture {i}" '
                       f'style="{_sizing(drawing)}">')
    return written


def _sizing(drawing: Path) -> str:
    """The style that sizes and places a formula's picture, as the print layout gives it."""
    tree = lxml.html.fromstring(f'<p><span class="{MATH_CLASS} inline" data-latex="x">'
                                'x</span></p>')
    put_pictures(tree, {("x", False): drawing})
    return tree.find(".//img").get("style")


def timed(root: Path, cache: Path) -> tuple[float, float, int]:
    """The seconds on the clock and of processor time that one build takes, and its
    pages."""
    start, cpu = time.perf_counter(), time.process_time()
    report = Problems()
    book = read_book(root, report, cache=cache)
    book = replace(book, formula_files=draw_formulas(book.formulas, book.theme,
                                                     cache / "formulas", report))
    layout = lay_out(book, cache / "layout", report, in_parts=False)
    return (time.perf_counter() - start, time.process_time() - cpu,
            len(layout.pages.printed_numbers))


def run(root: Path, cache: Path) -> tuple[float, float, int]:
    with ProcessPoolExecutor(1, multiprocessing.get_context("fork")) as process:
        return process.submit(timed, root, cache).result()


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    print(f"a chapter of {count} sentences; warm: the median of {runs} runs, the three "
          "chapters in turn")
    print(f"{'chapter':<10}{'run':<6}{'seconds':>10}{'cpu':>10}{'pages':>7}")
    names = ("words", "formulas", "pictures")
    with tempfile.TemporaryDirectory() as work:
        books = {name: (Path(work) / name, Path(work) / f"{name}-cache") for name in names}
        for name, (root, cache) in books.items():
            (root / "chapters").mkdir(parents=True)
            if name == "words":
                things = ["a word"] * count
            elif name == "formulas":
                things = [f"${latex(i)}$" for i in range(count)]
            else:  # drawn by the formulas' cold run
                things = pictures(count, books["formulas"][1] / "formulas", root)
            (root / "chapters" / "formulas.md").write_text(chapter(count, things))
            seconds, cpu, pages = run(root, cache)
            print(f"{name:<10}{'cold':<6}{seconds:>10.3f}{cpu:>10.3f}{pages:>7}")
        # In turn, so that the machine's slower spells fall on each chapter alike.
        times = {name: [] for name in names}
        for _ in range(runs):
            for name, (root, cache) in books.items():
                times[name].append(run(root, cache))
    warm = {}
    for name in names:
        seconds, cpu, pages = (statistics.median(each[k] for each in times[name])
                               for k in (0, 1, 2))
        warm[name] = cpu
        print(f"{name:<10}{'warm':<6}{seconds:>10.3f}{cpu:>10.3f}{pages:>7.0f}")
    print(f"warm, each formula: {(warm['formulas'] - warm['words']) / count * 1000:.1f} ms "
          f"cpu more than a word; its own share (beyond a picture of its size): "
          f"{(warm['formulas'] - warm['pictures']) / count * 1000:.1f} ms")
    rebuilds(count, runs)


def rebuilds(count: int, runs: int) -> None:
    """What an author waits for: `make-book build` (PDF and EPUB, laid out chapter by
    chapter) of a booklet of the chapter and a short one, after an edit in the short one,
    whose layout alone is made again, and after an edit in the chapter itself."""
    print(f"\nmake-book build of the chapter and another, after an edit (seconds, the median "
          f"of {runs})")
    print(f"{'chapter':<10}{'in the other':>14}{'in this one':>13}")
    texts = {"words": chapter(count, ["a word"] * count),
             "formulas": chapter(count, [f"${latex(i)}$" for i in range(count)])}
    with tempfile.TemporaryDirectory() as work:
        for name, text in texts.items():
            (Path(work) / name / "chapters").mkdir(parents=True)
            (Path(work) / name / "chapters" / "formulas.md").write_text(text)
            (Path(work) / name / "chapters" / "other.md").write_text("# Other\n\nA word.\n")
            subprocess.run([*MAKE_BOOK, "-C", str(Path(work) / name), "-q"], check=True)
        times: dict[tuple[str, str], list[float]] = {}
        for run_number in range(runs):
            for name, text in texts.items():
                root = Path(work) / name
                for edited in ("other", "formulas"):
                    edit = f" Edit {run_number}."
                    if edited == "other":
                        (root / "chapters" / "other.md").write_text(f"# Other\n\nA word.{edit}\n")
                    else:
                        (root / "chapters" / "formulas.md").write_text(text + edit)
                    start = time.perf_counter()
                    subprocess.run([*MAKE_BOOK, "-C", str(root), "-q"], check=True)
                    times.setdefault((name, edited), []).append(time.perf_counter() - start)
        for name in texts:
            other, this = (statistics.median(times[name, edited])
                           for edited in ("other", "formulas"))
            print(f"{name:<10}{other:>14.2f}{this:>13.2f}")


if __name__ == "__main__":
    main()
