"""Build-speed benchmarks: python bench/run.py [--pages 500] [--skip-large]

Prints one table: seconds and peak memory of each run, with ratios. Every run is a child
process, measured with os.wait4, so one run's memory does not count against the next.

- The sample booklet: a cold build, a no-op rebuild, a rebuild after one chapter's text
  changed, and a rebuild after one figure's data changed.
- A large generated book (about --pages pages): our PDF and our EPUB; Pandoc 3 (from the
  pypandoc-binary package: pip install pypandoc-binary) to EPUB and, with
  --pdf-engine=weasyprint, to PDF; and plain WeasyPrint on the HTML we feed it, which is
  the floor for a single-pass render.
"""
from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPOSITORY = Path(__file__).parent.parent
MAKE_BOOK = [sys.executable, str(REPOSITORY / "make_book.py")]
WORDS = ("harvest commune grain furnace province cadre famine report steel target quota "
         "village county official census estimate archive record campaign rainfall").split()


def measure(command: list[str], cwd: Path | None = None) -> tuple[float, float]:
    """(seconds, peak resident memory in MB) of a command run as a child process."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"{' '.join(command)} failed: {process.stderr.read().decode()[-800:]}")
    return seconds, usage.ru_maxrss / 1024


def sample_runs(scratch: Path) -> list[tuple[str, float, float]]:
    root = scratch / "sample"
    shutil.copytree(REPOSITORY, root, ignore=shutil.ignore_patterns(".git", "build", "tests"))
    build = MAKE_BOOK + ["-C", str(root), "-q"]
    runs = [("sample: cold build", *measure(build)),
            ("sample: no-op rebuild", *measure(build))]
    chapter = next((root / "chapters").glob("03-*.md"))
    chapter.write_text(chapter.read_text() + "\nOne more sentence for the benchmark.\n")
    runs.append(("sample: one chapter's text changed", *measure(build)))
    data = root / "figures" / "data" / "grain.csv"
    data.write_text(data.read_text() + "\n")
    runs.append(("sample: one figure's data changed", *measure(build)))
    return runs


def large_book(root: Path, pages: int) -> Path:
    """A deterministic book of twenty chapters, about `pages` A4 pages long."""
    rng = random.Random(1958)
    paragraphs_per_chapter = max(4, pages * 4 // 20)
    (root / "chapters").mkdir(parents=True)
    (root / "figures" / "data").mkdir(parents=True)
    shutil.copy(REPOSITORY / "figures" / "grain.py", root / "figures" / "grain.py")
    shutil.copy(REPOSITORY / "figures" / "data" / "grain.csv", root / "figures" / "data")
    (root / "references.bib").write_text("".join(
        f"@book{{author{n}, author = {{Author{n}, Ann}}, title = {{Book {n}}}, year = {{{1960 + n}}}}}\n"
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


def large_runs(scratch: Path, pages: int) -> list[tuple[str, float, float]]:
    import pypandoc

    root = large_book(scratch / "large", pages)
    pandoc = pypandoc.get_pandoc_path()
    chapters = sorted(str(p) for p in (root / "chapters").glob("*.md"))
    runs = [
        ("large: our PDF", *measure(MAKE_BOOK + ["-C", str(root), "-q", "--format", "pdf",
                                                 "-o", str(scratch / "ours-pdf")])),
        ("large: our EPUB", *measure(MAKE_BOOK + ["-C", str(root), "-q", "--format", "epub",
                                                  "-o", str(scratch / "ours-epub")])),
        ("large: Pandoc to EPUB", *measure([pandoc, *chapters, "-o", str(scratch / "p.epub")],
                                           cwd=root)),
        ("large: Pandoc with WeasyPrint to PDF",
         *measure([pandoc, *chapters, "--pdf-engine=weasyprint", "-o",
                   str(scratch / "p.pdf")], cwd=root)),
    ]
    html = scratch / "ours.html"
    code = ("import sys; from pathlib import Path; from book.build import read_book; "
            "from book.errors import Problems; from book.pdf import book_html; "
            "from book.figures import make_figures; from dataclasses import replace; "
            f"b = read_book(Path({str(root)!r}), Problems()); "
            f"b = replace(b, figure_files=make_figures(b.scripts, b.settings, b.theme, "
            f"Path({str(scratch / 'cache')!r}))); "
            "css = '\\n'.join(s.css for s in b.theme.stylesheets('print', {'page_size': "
            "b.settings.css_page_size, 'page_label': b.labels['page']})); "
            f"Path({str(html)!r}).write_text(book_html(b).replace('</head>', "
            "'<style>' + css + '</style></head>'))")
    subprocess.run([sys.executable, "-c", code], cwd=REPOSITORY, check=True)
    runs.append(("large: plain WeasyPrint, one pass on our HTML",
                 *measure([sys.executable, "-m", "weasyprint", "-u", root.as_uri() + "/",
                           str(html), str(scratch / "plain.pdf")])))
    return runs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=500)
    parser.add_argument("--skip-large", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        runs = sample_runs(Path(scratch))
        if not args.skip_large:
            runs += large_runs(Path(scratch), args.pages)
    times = dict((name, seconds) for name, seconds, _ in runs)
    reference = {"sample": times["sample: cold build"],
                 "large": times.get("large: Pandoc with WeasyPrint to PDF", 1.0)}
    print(f"{'run':<48}{'seconds':>9}{'peak MB':>9}{'ratio':>8}")
    for name, seconds, memory in runs:
        ratio = seconds / reference[name.split(":")[0]]
        print(f"{name:<48}{seconds:>9.2f}{memory:>9.0f}{ratio:>8.2f}")
    print("ratios: sample runs against its cold build; large runs against Pandoc's PDF")


if __name__ == "__main__":
    main()
