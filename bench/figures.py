"""Time the figure stage of a booklet (default: the sample), cold and warm.

    python bench/figures.py [BOOKLET_FOLDER]

Cold: an empty cache, so every script runs. Warm: the same cache again, so none runs.
"""
from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from book.build import read_book
from book.errors import Problems
from book.figures.drawing import make_figures


def main() -> None:
    root = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).parent.parent)
    report = Problems()
    book = read_book(root, report)
    report.raise_if_any()
    settings = book.settings
    with tempfile.TemporaryDirectory() as cache:
        timings = []
        for run in ("cold", "warm"):
            start = time.perf_counter()
            make_figures(book.scripts, settings, book.theme, Path(cache))
            timings.append((run, time.perf_counter() - start))
    print(f"figure stage for {settings.root.name}: {len(book.scripts)} figure scripts")
    print(f"{'run':<6}{'seconds':>10}")
    for run, seconds in timings:
        print(f"{run:<6}{seconds:>10.3f}")


if __name__ == "__main__":
    main()
