"""Run figure scripts (each in its own process, with a time limit) and cache their SVGs
by the hash of the script and the theme's figure style, with the digests of the files
it read."""
from __future__ import annotations

import hashlib
import json
import logging
import os
import queue
import re
import signal
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict
from pathlib import Path
from typing import Any

from .. import data
from . import runner as figure_runner
from ..cache import forget_unused, read_cached
from ..config import Settings
from ..errors import BookError, Problems
from .runner import FigureStyle
from ..files import write_atomically
from ..progress import Progress, quiet
from ..cache import file_digest
from ..theming.themes import THEME_FILE, Theme

log = logging.getLogger(__name__)

PAGE_WIDTHS_MM = {"A4": 210.0, "A5": 148.0, "Letter": 215.9}
UNITS_MM = {"mm": 1.0, "cm": 10.0, "q": 0.25, "in": 25.4, "pt": 25.4 / 72, "pc": 25.4 / 6,
            "px": 25.4 / 96}
# The theme's lengths that size a figure.
FIGURE_LENGTHS = ("margin_inner", "margin_outer", "figure_font_size")
ENTRY = ".json"  # beside each SVG: the files its script read, with their digests
MEMORY_LIMIT_BYTES = 4 * 1024 ** 3
# The time-out traceback names the script's frames as: File "/path/script.py", line 12
TRACEBACK_LINE = re.compile(r'File "(?P<file>[^"]+)", line (?P<line>\d+)')
TIMED_OUT = re.compile(r"^Timeout \(", re.M)  # faulthandler's first line


def figure_style(settings: Settings, theme: Theme) -> FigureStyle:
    """The theme's look for figures, sized to the width of the text on the page."""
    try:
        lengths = {name: _length_mm(theme, name) for name in FIGURE_LENGTHS}
        return _figure_style(settings, theme.variables, lengths)
    except KeyError as missing:
        message = f"the theme has no variable {missing}, which figures need"
    except ValueError as error:
        message = f"a figure variable is wrong: {error}"
    raise BookError.at(theme.folders[0] / THEME_FILE, 1, 1, message)


def _length_mm(theme: Theme, name: str) -> float:
    """A theme length in millimetres, or an error where the theme variable was set."""
    try:
        return _mm(theme.variables[name])
    except ValueError as error:
        # Figures are drawn to size: a length relative to the text cannot be used.
        raise BookError.at(*theme.origin(name), f"{name}: {error}, which figures "
                                                "need in mm, cm, q, in, pt, pc or px") from None


def _figure_style(settings: Settings, variables: dict[str, Any],
                  lengths: dict[str, float]) -> FigureStyle:
    text_width_mm = (PAGE_WIDTHS_MM[settings.page_size] - lengths["margin_inner"]
                     - lengths["margin_outer"])
    width = round(text_width_mm / 25.4, 3)
    return FigureStyle(
        font_family=variables["body_font"],
        font_size=float(lengths["figure_font_size"] / UNITS_MM["pt"]),
        text_colour=variables["text_colour"],
        palette=list(variables["figure_palette"]),
        greyscale=bool(variables["figure_greyscale"]),
        markers=list(variables["figure_markers"]),
        hatches=list(variables["figure_hatches"]),
        line_width=float(variables["figure_line_width"]),
        width=width,
        height=round(width * float(variables["figure_aspect"]), 3),
    )


def make_figures(scripts: list[Path], settings: Settings, theme: Theme, cache: Path,
                 progress: Progress = quiet, runners: Runners | None = None,
                 report: Problems | None = None) -> dict[Path, Path]:
    """Draw each script that changed since its SVG was cached; return script -> SVG.
    `runners` started already (early_runners) draw them, if there are any. The warnings
    a script gave when drawn (matplotlib's) go to `report`, from the cache too. A script that
    is not a file in the booklet folder is left out: reading the chapter reported it
    where the chapter names it."""
    scripts = [s for s in scripts if s.is_relative_to(settings.root) and s.is_file()]
    style = figure_style(settings, theme)
    cache.mkdir(parents=True, exist_ok=True)
    style_json = json.dumps(asdict(style), sort_keys=True, default=str)
    # The code that draws: a change to it draws every figure again.
    runner_hash = "".join(file_digest(Path(module.__file__)) for module in (figure_runner, data))
    # One entry per script and style: builds in other styles (a class's theme or page
    # size) share the folder, even at the same time, without touching each other's.
    keys = {s: _hash_bytes("\0".join([runner_hash, style_json, _name(s, settings)]).encode()
                           + s.read_bytes())[:16] for s in scripts}
    entries = {s: _fresh_entry(cache, s, keys[s], settings.root) for s in scripts}
    outdated = [s for s in scripts if entries[s] is None]
    problems = Problems()
    workers = min(_most_runners(), len(outdated))
    if runners is None or not runners.errors:
        runners = Runners(workers, settings.root)
    # The runners close first: if the build is stopped, that ends the drawing that the
    # pool's threads are waiting on.
    with ThreadPoolExecutor(max_workers=max(workers, 1)) as pool, runners as drawing:
        results = pool.map(lambda s: _draw(s, style, settings, cache, keys[s], drawing),
                           outdated)
        for done, (script, result) in enumerate(zip(outdated, results), start=1):
            progress("figures", done, len(outdated))
            if isinstance(result, BookError):
                problems.extend(result)
            else:
                entries[script] = result
    # By age only: what another build uses now was used within the month.
    forget_unused(cache)
    problems.raise_if_any()
    for script in scripts if report is not None else ():
        for warning in entries[script].get("warnings", ()):
            report.warn(script, warning["line"], 1, warning["message"])
    log.info("drew %d of %d figures", len(outdated), len(scripts))
    return {s: cache / entries[s]["svg"] for s in scripts}


def early_runners(root: Path, cache: Path) -> Runners:
    """Figure runners started before the chapters are read, when figures look due for
    drawing: no figure was drawn yet, or a file under figures/ changed since. A runner
    takes about a second to start (matplotlib), which then passes beside the reading.
    make_figures decides exactly what to draw, and stops the runners it did not need."""
    try:
        # Entries are touched when used (cache_folder.read_cached): the newest is the
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
    return Runners(min(_most_runners(), len(scripts)), root.resolve())


def _most_runners() -> int:
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
                errors = tempfile.TemporaryFile("w+")
                process = subprocess.Popen([sys.executable, "-m", "book.figures.runner"],
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


def _draw(script: Path, style: FigureStyle, settings: Settings, cache: Path,
          key: str, runners: Runners) -> dict[str, Any] | BookError:
    """Run one script in a process of its own; an error points at the script's own line."""
    name = f"{script.stem}-{key}"
    with tempfile.TemporaryDirectory() as work:
        request_path, result_path = Path(work) / "request.json", Path(work) / "result.json"
        errors, drawn = Path(work) / "errors.txt", Path(work) / "figure.svg"
        request_path.write_text(json.dumps({
            "script": str(script), "root": str(settings.root), "output": str(drawn),
            "result": str(result_path), "errors": str(errors),
            "timeout": settings.figure_timeout, "memory_limit": MEMORY_LIMIT_BYTES,
            "style": {**asdict(style), "data_folder": str(settings.root / "figures" / "data")},
        }))
        try:
            status = runners.run(request_path)
        except RunnerStopped as error:
            return BookError.at(script, 1, 1, f"this figure was not drawn: the figure runner "
                                              f"(book/figures/runner.py) {error}")
        if not result_path.exists():
            stderr = errors.read_text(errors="replace") if errors.exists() else ""
            return _crash(script, stderr, status, settings.figure_timeout)
        result = json.loads(result_path.read_text())
        if not result["ok"]:
            return BookError.at(Path(result.get("path", script)), result["line"],
                                result.get("col", 1), result["message"])
        # Moved into place whole, so another build never reads half a figure.
        write_atomically(cache / f"{name}.svg", drawn.read_bytes())
    inputs = {path: file_digest(settings.root / path) for path in result["inputs"]}
    entry = {"svg": f"{name}.svg", "inputs": inputs, "warnings": result["warnings"]}
    write_atomically(cache / f"{name}{ENTRY}", json.dumps(entry, sort_keys=True).encode())
    return entry


def _crash(script: Path, stderr: str, status: int, timeout: float) -> BookError:
    """The script ended its process without a result: a time-out, or a hard crash."""
    lines = [int(m["line"]) for m in TRACEBACK_LINE.finditer(stderr)
             if Path(m["file"]).resolve() == script.resolve()]
    line = lines[0] if lines else 1  # faulthandler lists the innermost frame first
    if TIMED_OUT.search(stderr) or status == -signal.SIGALRM:
        return BookError.at(script, line, 1, f"the figure script ran longer than {timeout:g} s "
                                             "and was stopped here; make it faster or raise "
                                             "figure_timeout in book.toml")
    if status < 0:
        try:
            detail = f"killed by {signal.Signals(-status).name}"
        except ValueError:
            detail = f"killed by signal {-status}"
    else:
        detail = (stderr.strip().splitlines() or [f"exit status {status}"])[-1]
    return BookError.at(script, line, 1, f"the figure script crashed: {detail}")


def _fresh_entry(cache: Path, script: Path, key: str, root: Path) -> dict[str, Any] | None:
    """The cached entry for this script and style, if its SVG still matches every file
    the script read; None when it must be drawn."""
    data = read_cached(cache / f"{script.stem}-{key}{ENTRY}")
    try:
        entry = json.loads(data or b"")
        svg, inputs = cache / entry["svg"], entry["inputs"]
    except (ValueError, KeyError, TypeError):
        return None  # none yet, or a damaged one: draw it again
    if read_cached(svg) is None:
        return None
    if not all((root / name).is_file() and file_digest(root / name) == digest
               for name, digest in inputs.items()):
        return None
    return entry


def _name(script: Path, settings: Settings) -> str:
    return str(script.relative_to(settings.root))


def _hash_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _mm(length: str) -> float:
    found = re.fullmatch(r"\s*(\d*\.?\d+)\s*(mm|cm|q|in|pt|pc|px)?\s*", str(length))
    if not found or (found[2] is None and float(found[1]) != 0):
        raise ValueError(f"{length!r} is not a length such as 20mm")
    return float(found[1]) * UNITS_MM.get(found[2] or "mm", 1.0)
