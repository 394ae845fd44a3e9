"""Warm figure runners (book/figures/runner.py), one for each figure drawn at a time, and
starting them early, beside the reading of the chapters."""
from __future__ import annotations

import os
import queue
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from .entries import ENTRY
from .runner import MEDIA


def early_runners(root: Path, cache: Path) -> Runners:
    """Figure runners started before the chapters are read, when figures look due for
    drawing: no figure was drawn yet, or a file under figures/ changed since. A runner
    takes about a second to start (matplotlib), which then passes beside the reading.
    make_figures decides exactly what to draw, and stops the runners it did not need."""
    try:
        # Entries are touched when used (cache.Store.read): the newest is the
        # last build that drew or used figures here.
        since = max((entry.stat().st_mtime for entry in cache.glob(f"*{ENTRY}")), default=None)
        files = [path for path in (root / "figures").rglob("*") if path.is_file()
                 and not path.name.startswith(".") and not path.name.endswith("~")]
        changed = [path for path in files if since is None or path.stat().st_mtime > since]
    except OSError:  # a file gone while it was looked at, an editor's own, say
        changed = []
    scripts = [path for path in changed if path.suffix == ".py"]
    if len(scripts) < len(changed):  # any script may read a changed data file
        scripts = [path for path in files if path.suffix == ".py"]
    return Runners(min(most_runners(), len(scripts) * len(MEDIA)), root.resolve())


def most_runners() -> int:
    """How many figures are drawn at a time, at most."""
    return min(4, os.cpu_count() or 1)


class RunnerStopped(Exception):
    """A figure runner could not start, or stopped: no fault of the script it was given."""


class Runners:
    """Warm figure runners (book/figures/runner.py), one for each figure drawn at a time."""

    def __init__(self, count: int, root: Path):
        env = {**os.environ, "MPLBACKEND": "Agg",
               "PYTHONPATH": os.pathsep.join([str(Path(__file__).parent.parent.parent),
                                              os.environ.get("PYTHONPATH", "")])}
        # Each runner with the file its own errors go to (a failed start, say).
        self.errors: dict[subprocess.Popen, Any] = {}
        self.ready: set[subprocess.Popen] = set()
        try:
            for _ in range(count):
                # Started in the booklet folder, so that scripts can import modules there.
                errors = tempfile.TemporaryFile("w+")  # noqa: SIM115 (closed in __exit__)
                # -P: the booklet folder is not put before the builder on the path, so
                # that a book.py or book/ of the author's cannot stand in for it.
                process = subprocess.Popen([sys.executable, "-P", "-m", "book.figures.runner"],
                                           cwd=root, env=env, stdin=subprocess.PIPE,
                                           stdout=subprocess.PIPE, stderr=errors, text=True)
                self.errors[process] = errors
        except BaseException:
            self.__exit__(*sys.exc_info())  # stop the ones started
            raise
        self.idle: queue.Queue[subprocess.Popen] = queue.Queue()
        for process in self.errors:
            self.idle.put(process)

    def run(self, request: Path) -> int:
        """Draw one request; the exit status of the process that drew it. A runner that
        cannot start or has stopped is an error of the builder, not of the script."""
        process = self.idle.get()
        assert process.stdin is not None and process.stdout is not None  # started with pipes
        try:
            if process not in self.ready and process.stdout.readline().strip() != "ready":
                raise RunnerStopped(f"did not start ({self._last_error(process)})")
            self.ready.add(process)
            process.stdin.write(f"{request}\n")
            process.stdin.flush()
            answer = process.stdout.readline().strip()
        except OSError:
            answer = ""
        finally:
            self.idle.put(process)  # a stopped runner fails the next request at once
        if not answer:
            raise RunnerStopped(f"stopped ({self._last_error(process)})")
        return int(answer)

    def _last_error(self, process: subprocess.Popen) -> str:
        errors = self.errors[process]
        errors.seek(0)
        lines = errors.read().strip().splitlines()
        return lines[-1] if lines else f"exit status {process.poll()}"

    def __enter__(self) -> Runners:
        return self

    def __exit__(self, *exception: object) -> None:
        for process, errors in self.errors.items():
            assert process.stdin is not None and process.stdout is not None  # started with pipes
            if exception[0] is None and process in self.ready:
                try:
                    process.stdin.close()  # the runner ends when its input does
                except OSError:
                    pass  # it had stopped already
            else:
                # Stopped mid-build, the runner stops its drawing; one never asked to draw
                # need not finish starting.
                process.terminate()
            process.wait()
            process.stdout.close()
            errors.close()
