"""Time a chapter of 300 formulas against the same chapter without them, cold and warm.

    python bench/formulas.py [FORMULAS]

Each run reads the book (Markdown, checks, MathML), draws its formulas and lays out the
PDF. Cold: an empty cache, so every formula is parsed and drawn. Warm: the same cache
again, so none is. Each run is a process of its own, forked before any book is read, as a
rebuild is: nothing the last run learnt lasts but its cache. The chapter without formulas
has the same sentences with words in their place. The layout is in one pass, in the run's
process, so its processor time (cpu) is the build's: on a busy machine it varies less
than the time on the clock.
"""
from __future__ import annotations

import multiprocessing
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from pathlib import Path

from book.build import read_book
from book.errors import Problems
from book.layout.print_layout import lay_out
from book.maths.drawing import draw_formulas

# Formulas of school physics, chemistry and mathematics, each made unique by its index.
KINDS = (
    r"F_{{{i}}} = G \frac{{m_1 m_2}}{{r^2}}",
    r"v = u + {i}\,\mathrm{{m\,s^{{-2}}}} \cdot t",
    r"\sqrt{{x^2 + {i}}} = \sum_{{k=1}}^{{n}} a_k",
    r"\begin{{pmatrix}} {i} & 1 \\ 0 & 1 \end{{pmatrix}}",
    r"{i}\mathrm{{H_2}} + \mathrm{{O_2}} \xrightarrow{{\text{{spark}}}} \mathrm{{H_2O}}",
)


def chapter(formulas: int, with_maths: bool) -> str:
    lines = ["# Formulas", ""]
    for i in range(formulas):
        latex = KINDS[i % len(KINDS)].format(i=i)
        lines += [f"Sentence {i} holds " + (f"${latex}$" if with_maths else "a word")
                  + " in its middle, as a science booklet's do.", ""]
    return "\n".join(lines)


def timed(root: Path, cache: Path) -> tuple[float, float]:
    """The seconds on the clock and of processor time that one build takes."""
    start, cpu = time.perf_counter(), time.process_time()
    report = Problems()
    book = read_book(root, report, cache=cache)
    book = replace(book, formula_files=draw_formulas(book.formulas, book.theme,
                                                     cache / "formulas", report))
    lay_out(book, cache / "layout", report, in_parts=False)
    return time.perf_counter() - start, time.process_time() - cpu


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    print(f"a chapter of {count} sentences")
    print(f"{'chapter':<18}{'run':<6}{'seconds':>10}{'cpu':>10}")
    for with_maths in (False, True):
        with tempfile.TemporaryDirectory() as work:
            root = Path(work) / "booklet"
            (root / "chapters").mkdir(parents=True)
            (root / "chapters" / "formulas.md").write_text(chapter(count, with_maths))
            for run in ("cold", "warm"):
                with ProcessPoolExecutor(1, multiprocessing.get_context("fork")) as process:
                    seconds, cpu = process.submit(timed, root, Path(work) / "cache").result()
                name = "with formulas" if with_maths else "without formulas"
                print(f"{name:<18}{run:<6}{seconds:>10.3f}{cpu:>10.3f}")


if __name__ == "__main__":
    main()
