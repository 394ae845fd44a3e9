"""Build-speed benchmarks: python bench/run.py [--pages 125 250 500] [--repeat 3] [--against DIR]

Prints tables of seconds and peak memory, with ratios. Every run is a child process; its
memory is the peak of what it and its own children (layout workers, figure runners,
Pandoc's WeasyPrint) held at once. Each is run --repeat times (3 by default) and the best
counts, since a shared machine is noisy.

- The sample booklet: a cold build, a no-op rebuild, a rebuild after one chapter's text
  changed, the web page alone (the Markdown read, nothing laid out), and a rebuild after
  one figure's data changed.
- A large generated book at each size in --pages (--pages with no size skips it): our PDF
  and our EPUB, with and without print page numbers (epub_page_numbers); Pandoc 3 (from
  the pypandoc-binary package: pip install pypandoc-binary) to EPUB and, with
  --pdf-engine=weasyprint, to PDF; and plain WeasyPrint on the documents we give it
  (bench/floor.py), which is the floor for our layout.

--against DIR times another checkout of the builder (say, the last release: `git worktree
add /tmp/before v0.1`) on the same books in the same run, each of its builds beside ours,
and prints both with the ratio of ours to it: a change's before and after, measured
under the same load.
"""
from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPOSITORY = Path(__file__).parent.parent
MAKE_BOOK = [sys.executable, str(REPOSITORY / "make_book.py")]
FLOOR = Path(__file__).parent / "floor.py"
WORDS = ["harvest", "commune", "grain", "furnace", "province", "cadre", "famine", "report",
         "steel", "target", "quota", "village", "county", "official", "census", "estimate",
         "archive", "record", "campaign", "rainfall"]


def measure(command: list[str], cwd: Path | None = None, fresh: Path | None = None,
            repeat: int = 1) -> tuple[float, float]:
    """(seconds, peak memory in MB) of a command run as a child process: the best of
    `repeat` runs, each after removing the folder `fresh` (so that each is cold)."""
    best = (float("inf"), float("inf"))
    for _ in range(repeat):
        if fresh is not None:
            shutil.rmtree(fresh, ignore_errors=True)
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.PIPE)
        peak = tree_memory_peak(process)
        seconds = time.perf_counter() - start
        if process.returncode != 0:
            raise SystemExit(f"{' '.join(command)} failed: "
                             f"{process.stderr.read().decode()[-800:]}")
        best = min(best[0], seconds), min(best[1], peak / 1024)
    return best


def tree_memory_peak(process: subprocess.Popen) -> float:
    """Wait for the process; the peak, in kB, of the memory that it and all its children
    held at once, sampled every 20 ms. Each process counts its proportional set size
    (PSS), so pages that forked workers share with their parent count once."""
    peak = 0.0
    while process.poll() is None:
        peak = max(peak, sum(_pss(pid) for pid in _tree(process.pid)))
        time.sleep(0.02)
    return peak


def _tree(pid: int) -> list[int]:
    """The process and its descendants, those that any of its threads started too (a
    Dask cluster's workers, say)."""
    pids, found = [pid], 0
    while found < len(pids):
        children = []
        for thread in Path(f"/proc/{pids[found]}/task").glob("*"):
            try:
                children += (thread / "children").read_text().split()
            except OSError:
                pass  # it ended meanwhile
        pids += [int(child) for child in children]
        found += 1
    return pids


def _pss(pid: int) -> float:
    try:
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0.0  # it ended meanwhile
    return next((float(line.split()[1]) for line in rollup.splitlines()
                 if line.startswith("Pss:")), 0.0)


def sample_runs(scratch: Path, repeat: int,
                make_book: list[str] = MAKE_BOOK) -> list[tuple[str, float, float]]:
    """The sample's five builds in a row, in a fresh copy each time; the best of each."""
    rounds = []
    for number in range(repeat):
        root = scratch / f"copy-{number}"
        shutil.copytree(REPOSITORY, root, ignore=shutil.ignore_patterns(".git", "build", "tests",
                                                                        "book", "bench"))
        build = make_book + ["-C", str(root), "-q"]
        runs = [("cold build", *measure(build)),
                ("no-op rebuild", *measure(build))]
        chapter = next((root / "chapters").glob("03-*.md"))
        chapter.write_text(chapter.read_text() + "\nOne more sentence for the benchmark.\n")
        runs.append(("one chapter's text changed", *measure(build)))
        # The figures are drawn and cached by now: this is reading the Markdown, mostly.
        runs.append(("the web page alone (reading, no layout)",
                     *measure(build + ["--format", "html", "-o", str(root / "web")])))
        data = root / "figures" / "data" / "grain.csv"
        data.write_text(data.read_text() + "\n")
        runs.append(("one figure's data changed", *measure(build)))
        rounds.append(runs)
    return [(name, min(r[step][1] for r in rounds), min(r[step][2] for r in rounds))
            for step, (name, _, _) in enumerate(rounds[0])]


def large_book(root: Path, pages: int) -> Path:
    """A deterministic book of twenty chapters, about `pages` A4 pages long."""
    rng = random.Random(1958)
    paragraphs_per_chapter = max(4, pages * 4 // 20)
    (root / "chapters").mkdir(parents=True)
    (root / "figures" / "data").mkdir(parents=True)
    shutil.copy(REPOSITORY / "figures" / "grain.py", root / "figures" / "grain.py")
    shutil.copy(REPOSITORY / "figures" / "data" / "grain.csv", root / "figures" / "data")
    (root / "references.bib").write_text("".join(
        f"@book{{author{n}, author = {{Author{n}, Ann}}, title = {{Book {n}}}, "
        f"year = {{{1960 + n}}}}}\n"
        for n in range(20)))
    (root / "book.toml").write_text('title = "A Large Book"\nname = "large"\n')

    def sentence() -> str:
        words = rng.choices(WORDS, k=rng.randint(8, 18))
        return " ".join(words).capitalize() + "."

    for number in range(1, 21):
        lines = [f"# Chapter {number} of the large book", ""]
        for index in range(paragraphs_per_chapter):
            if index % 12 == 3:
                lines += [f"## Section {index} {{#sec-{number}-{index}}}", ""]
            text = " ".join(sentence() for _ in range(6))
            extras = [f" [@author{rng.randrange(20)}]", " ((" + rng.choice(WORDS) + "))",
                      f"[^n{index}]", ""]
            lines += [text + rng.choice(extras), ""]
            if "[^n" in lines[-2]:
                lines += [f"[^n{index}]: {sentence()}", ""]
            if index % 15 == 7:
                lines += ["| Year | Value |", "|---|---|"] + [
                    f"| {1950 + k} | {rng.randint(1, 99)} |" for k in range(6)] + [""]
            if index % 20 == 9:
                lines += ["```python", "def total(values):", "    return sum(values)", "```", ""]
            if index % 25 == 11:
                lines += ["- " + sentence() for _ in range(4)] + [""]
        if number % 5 == 1:
            lines += [f"![Grain output](figures/grain.py){{#fig-{number} fig-alt=\"A line of "
                      "grain output by year\"}", ""]
        (root / "chapters" / f"{number:02d}-part-{number}.md").write_text("\n".join(lines))
    return root


def large_runs(scratch: Path, pages: int, repeat: int) -> list[tuple[str, float, float]]:
    import pypandoc

    root = large_book(scratch / "book", pages)
    return our_large_runs(scratch, root, repeat) + others_large_runs(scratch, root, repeat,
                                                                      pypandoc)


def our_large_runs(scratch: Path, root: Path, repeat: int,
                   make_book: list[str] = MAKE_BOOK) -> list[tuple[str, float, float]]:
    """Our builds of the large book: PDF in parts and in one pass, EPUB with and without
    print page numbers."""
    ours_pdf, ours_epub = scratch / "ours-pdf", scratch / "ours-epub"
    unpaged_epub = scratch / "ours-epub-unpaged"
    one_pass = scratch / "ours-one-pass"
    return [
        ("our PDF", *measure(make_book + ["-C", str(root), "-q", "--format", "pdf",
                                          "-o", str(ours_pdf)], fresh=ours_pdf, repeat=repeat)),
        ("our PDF, laid out in one pass", *measure(
            make_book + ["-C", str(root), "-q", "--format", "pdf", "--one-pass",
                         "-o", str(one_pass)], fresh=one_pass, repeat=repeat)),
        ("our EPUB", *measure(make_book + ["-C", str(root), "-q", "--format", "epub",
                                           "-o", str(ours_epub)], fresh=ours_epub,
                              repeat=repeat)),
        ("our EPUB without print page numbers", *measure(
            make_book + ["-C", str(root), "-q", "--format", "epub", "--set",
                         "epub_page_numbers=false", "-o", str(unpaged_epub)],
            fresh=unpaged_epub, repeat=repeat)),
    ]


def others_large_runs(scratch: Path, root: Path, repeat: int,
                      pypandoc) -> list[tuple[str, float, float]]:
    """Pandoc and plain WeasyPrint on the same book."""
    pandoc = pypandoc.get_pandoc_path()
    chapters = sorted(str(p) for p in (root / "chapters").glob("*.md"))
    floor = scratch / "floor"
    subprocess.run([sys.executable, str(FLOOR), "record", str(root), str(floor)], check=True)
    return [
        ("Pandoc to EPUB", *measure([pandoc, *chapters, "-o", str(scratch / "p.epub")],
                                    cwd=root, repeat=repeat)),
        ("Pandoc with WeasyPrint to PDF",
         *measure([pandoc, *chapters, "--pdf-engine=weasyprint", "-o", str(scratch / "p.pdf")],
                  cwd=root, repeat=repeat)),
        ("plain WeasyPrint on what we feed it", *measure([sys.executable, str(FLOOR), "render",
                                                          str(floor)], repeat=repeat)),
    ]


def pdf_pages(path: Path) -> int:
    import pypdf

    return len(pypdf.PdfReader(path).pages)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, nargs="*", default=[125, 250, 500],
                        help="sizes of the generated large book (default: 125 250 500)")
    parser.add_argument("--repeat", type=int, default=3,
                        help="runs of each measurement; the best counts (default: 3)")
    parser.add_argument("--against", type=Path, metavar="DIR",
                        help="another checkout of the builder to time beside this one")
    args = parser.parse_args()
    if args.against:
        compare(args.against, args.pages, args.repeat)
        return
    with tempfile.TemporaryDirectory() as scratch:
        sample = sample_runs(Path(scratch) / "sample", args.repeat)
        cold = sample[0][1]
        print(f"{'the sample booklet':<44}{'seconds':>9}{'peak MB':>9}{'of cold':>9}")
        for name, seconds, memory in sample:
            print(f"{name:<44}{seconds:>9.2f}{memory:>9.0f}{seconds / cold:>9.2f}")
        for pages in args.pages:
            folder = Path(scratch) / f"large-{pages}"
            runs = large_runs(folder, pages, args.repeat)
            printed = pdf_pages(folder / "ours-pdf" / "large.pdf")
            measured = {name: seconds for name, seconds, _ in runs}
            pandoc_pdf = next((seconds, memory) for name, seconds, memory in runs
                              if name == "Pandoc with WeasyPrint to PDF")
            print(f"\nlarge book, {printed} pages{'':<22}{'seconds':>9}{'peak MB':>9}"
                  f"{'time ×':>9}{'memory ×':>9}")
            for name, seconds, memory in runs:
                print(f"{name:<44}{seconds:>9.2f}{memory:>9.0f}"
                      f"{seconds / pandoc_pdf[0]:>9.2f}{memory / pandoc_pdf[1]:>9.2f}")
            floor = measured["plain WeasyPrint on what we feed it"]
            pandoc_epub = measured["Pandoc to EPUB"]
            print(f"our PDF against plain WeasyPrint: {measured['our PDF'] / floor:.2f}; "
                  f"in parts against in one pass: "
                  f"{measured['our PDF'] / measured['our PDF, laid out in one pass']:.2f}; "
                  f"our EPUB against Pandoc's: {measured['our EPUB'] / pandoc_epub:.2f}, "
                  f"and without print page numbers "
                  f"{measured['our EPUB without print page numbers'] / pandoc_epub:.2f}")
            shutil.rmtree(folder)
    print("\n× is against Pandoc with WeasyPrint to PDF, on the same Markdown")


def compare(against: Path, sizes: list[int], repeat: int) -> None:
    """Our builds and another checkout's, taken in turns so that both see the same load."""
    theirs = [sys.executable, str(against.resolve() / "make_book.py")]
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        tables = [("the sample booklet", side_by_side(
            lambda n: sample_runs(folder / f"sample-before-{n}", 1, theirs),
            lambda n: sample_runs(folder / f"sample-after-{n}", 1), repeat))]
        for pages in sizes:
            tables.append((f"large book, about {pages} pages",
                           large_side_by_side(folder / f"large-{pages}", pages, theirs, repeat)))
    for title, rows in tables:
        print(f"\n{title:<44}{'before s':>10}{'after s':>10}{'after ÷':>9}"
              f"{'before MB':>11}{'after MB':>10}")
        for name, (before_s, before_mb), (after_s, after_mb) in rows:
            print(f"{name:<44}{before_s:>10.2f}{after_s:>10.2f}{after_s / before_s:>9.2f}"
                  f"{before_mb:>11.0f}{after_mb:>10.0f}")
        parts = {name: after for name, _, (after, _) in rows}
        one_pass = parts.get("our PDF, laid out in one pass")
        if one_pass:
            print(f"after: in parts against in one pass: {parts['our PDF'] / one_pass:.2f}")
    print(f"\nbefore: {against}; after: {REPOSITORY}; best of {repeat}")


def large_side_by_side(folder: Path, pages: int, theirs: list[str],
                       repeat: int) -> list[tuple[str, tuple, tuple]]:
    """A large book of about `pages` pages built by another checkout and by ours, in turns."""
    root = large_book(folder / "book", pages)
    return side_by_side(lambda n: our_large_runs(folder / f"before-{n}", root, 1, theirs),
                        lambda n: our_large_runs(folder / f"after-{n}", root, 1), repeat)


def side_by_side(before, after, repeat: int) -> list[tuple[str, tuple, tuple]]:
    """Each row's best (seconds, MB) for `before` and `after`, run in turns."""
    rounds = [(before(number), after(number)) for number in range(repeat)]

    def best(runs: list[list[tuple[str, float, float]]], row: int) -> tuple[float, float]:
        return min(run[row][1] for run in runs), min(run[row][2] for run in runs)

    names = [name for name, _, _ in rounds[0][0]]
    return [(name, best([r[0] for r in rounds], row), best([r[1] for r in rounds], row))
            for row, name in enumerate(names)]


if __name__ == "__main__":
    main()
