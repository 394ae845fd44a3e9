"""A batch on this machine's cores against the same batch on a Dask cluster:
python bench/cluster.py [--variants 24]

Builds N classes of the sample booklet (each its own teacher, so each variant is one
whole build), PDF and EPUB, cold (no cache), twice: `batch` with its local process pool,
and `batch --scheduler` on a local cluster of two worker processes with one thread each
(what `dask scheduler` and two `dask worker --nthreads 1` give, on 127.0.0.1). Prints the
seconds, the seconds per variant, the peak memory of all the processes at once (their
PSS, as bench/run.py measures it: the client, the scheduler, the workers and their figure
runners) and the size of the sources the client sends. Both runs build the same
variants in one pass each, so what the cluster adds per variant is the difference: the
sources sent once, each task sent and its files' bytes sent back.

`--on-cluster ROOT OUT` is the cluster run itself (a child process, so that its memory is
measured): it starts the cluster, times the batch alone and prints both times.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from run import MAKE_BOOK, REPOSITORY, tree_memory_peak

TEACHERS = ["Ms Lin", "Mr Okafor", "Ms Rossi", "Mr Tanaka", "Ms Haddad", "Mr Novak"]


def classes_file(root: Path, variants: int) -> Path:
    """N classes of the sample: 10a, 10b ... each with a teacher."""
    lines = []
    for number in range(variants):
        teacher = f"{TEACHERS[number % len(TEACHERS)]} {number + 1}"
        lines += [f"[classes.c{number + 1:02d}]", 'school = "Hill School"',
                  f'teacher = "{teacher}"', ""]
    path = root / "classes.toml"
    path.write_text("\n".join(lines))
    return path


def timed(command: list[str]) -> tuple[float, float, str]:
    """(seconds, peak MB of the process and its descendants, what it printed)."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True)
    peak = tree_memory_peak(process)
    seconds = time.perf_counter() - start
    out, err = process.communicate()
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed: {err[-1500:]}")
    return seconds, peak / 1024, out


def on_cluster(root: Path, out: Path) -> None:
    """The batch on a new two-worker local cluster; prints the seconds of each part."""
    from distributed import LocalCluster

    from book.cli import main

    start = time.perf_counter()
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None) as cluster:
        started = time.perf_counter()
        code = main(["batch", "classes.toml", "-C", str(root), "-o", str(out), "-q",
                     "--scheduler", cluster.scheduler_address])
        batch = time.perf_counter() - started
    if code:
        raise SystemExit(code)
    print(json.dumps({"start": started - start, "batch": batch}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--variants", type=int, default=24)
    parser.add_argument("--on-cluster", nargs=2, metavar=("ROOT", "OUT"), type=Path)
    args = parser.parse_args()
    if args.on_cluster:
        on_cluster(*args.on_cluster)
        return
    from book.commands.cluster import pack_sources

    os.environ["SOURCE_DATE_EPOCH"] = "1767225600"  # for the same bytes from both
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch) / "sample"
        shutil.copytree(REPOSITORY, root, ignore=shutil.ignore_patterns(
            ".git", "build", "tests", "bench", "docs"))
        classes_file(root, args.variants)
        archive, _ = pack_sources(root, root / "build")
        local = timed([*MAKE_BOOK, "batch", "classes.toml", "-C", str(root), "-q",
                       "-o", str(Path(scratch) / "local")])
        _, peak, printed = timed([sys.executable, __file__, "--on-cluster", str(root),
                                 str(Path(scratch) / "cluster")])
        parts = json.loads(printed.strip().splitlines()[-1])
        names = sorted(p.name for p in (Path(scratch) / "local").iterdir() if p.is_file())
        same = all((Path(scratch) / "local" / name).read_bytes()
                   == (Path(scratch) / "cluster" / name).read_bytes() for name in names)
    n = args.variants
    print(f"{n} variants of the sample (PDF and EPUB), cold; sources sent: "
          f"{len(archive) / 1e6:.1f} MB")
    print(f"{'run':<34}{'seconds':>9}{'per variant':>13}{'peak MB':>9}")
    print(f"{'local pool (2 cores)':<34}{local[0]:>9.1f}{local[0] / n:>13.2f}{local[1]:>9.0f}")
    print(f"{'cluster, 2 workers: the batch':<34}{parts['batch']:>9.1f}"
          f"{parts['batch'] / n:>13.2f}{peak:>9.0f}")
    print(f"{'  and starting the cluster':<34}{parts['start']:>9.1f}")
    print(f"what the cluster adds per variant: {(parts['batch'] - local[0]) / n:+.2f} s; "
          f"{len(names)} files, the same bytes as the local batch's: {same}")


if __name__ == "__main__":
    main()
