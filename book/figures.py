"""Run figure scripts (each in its own process, with a time limit) and cache their SVGs
by the hash of the script, the files it read and the theme's figure style."""
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

from . import figure_runner
from .config import Settings
from .errors import BookError, Problems
from .figure_runner import FigureStyle
from .outputs import write_atomically
from .progress import Progress, quiet
from .stamp import file_digest
from .themes import THEME_FILE, Theme

log = logging.getLogger(__name__)

PAGE_WIDTHS_MM = {"A4": 210.0, "A5": 148.0, "Letter": 215.9}
UNITS_MM = {"mm": 1.0, "cm": 10.0, "q": 0.25, "in": 25.4, "pt": 25.4 / 72, "pc": 25.4 / 6,
            "px": 25.4 / 96}
MANIFEST = "manifest.json"
MEMORY_LIMIT_BYTES = 4 * 1024 ** 3
# The time-out traceback names the script's frames as: File "/path/script.py", line 12
TRACEBACK_LINE = re.compile(r'File "(?P<file>[^"]+)", line (?P<line>\d+)')
TIMED_OUT = re.compile(r"^Timeout \(", re.M)  # faulthandler's first line


def figure_style(settings: Settings, theme: Theme) -> FigureStyle:
    """The theme's look for figures, sized to the width of the text on the page."""
    for name in ("margin_inner", "margin_outer", "figure_font_size"):
        try:
            _mm(theme.variables.get(name, "0mm"))
        except ValueError as error:
            # Figures are drawn to size: a length relative to the text cannot be used.
            raise BookError.at(*theme.origin(name), f"{name}: {error}, which figures "
                                                    "need in mm, cm, in, pt or px") from None
    try:
        return _figure_style(settings, theme.variables)
    except KeyError as missing:
        message = f"the theme has no variable {missing}, which figures need"
    except ValueError as error:
        message = f"a figure variable is wrong: {error}"
    raise BookError.at(theme.folders[0] / THEME_FILE, 1, 1, message)


def _figure_style(settings: Settings, variables: dict[str, Any]) -> FigureStyle:
    text_width_mm = (PAGE_WIDTHS_MM[settings.page_size] - _mm(variables["margin_inner"])
                     - _mm(variables["margin_outer"]))
    width = round(text_width_mm / 25.4, 3)
    return FigureStyle(
        font_family=variables["body_font"],
        font_size=float(_mm(variables["figure_font_size"]) / UNITS_MM["pt"]),
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
                 progress: Progress = quiet, runners: Runners | None = None
                 ) -> dict[Path, Path]:
    """Draw each script that changed since its SVG was cached; return script -> SVG.
    `runners` started already (early_runners) draw them, if there are any."""
    style = figure_style(settings, theme)
    cache.mkdir(parents=True, exist_ok=True)
    manifest_path = cache / MANIFEST
    manifest = _read_manifest(manifest_path)
    style_json = json.dumps(asdict(style), sort_keys=True, default=str)
    runner_hash = file_digest(Path(figure_runner.__file__))

    def key(script: Path) -> str:
        return _hash_bytes(runner_hash.encode() + style_json.encode() + script.read_bytes())

    outdated = [s for s in scripts if not _is_fresh(manifest.get(_name(s, settings)), key(s),
                                                     settings.root, cache)]
    problems = Problems()
    workers = min(_most_runners(), len(outdated))
    if runners is None or not runners.errors:
        runners = Runners(workers, settings.root)
    # The runners close first: if the build is stopped, that ends the drawing that the
    # pool's threads are waiting on.
    with ThreadPoolExecutor(max_workers=max(workers, 1)) as pool, runners as drawing:
        results = pool.map(lambda s: _draw(s, style, settings, cache, key(s), drawing),
                           outdated)
        for done, (script, result) in enumerate(zip(outdated, results), start=1):
            progress("figures", done, len(outdated))
            if isinstance(result, BookError):
                problems.extend(result)
            else:
                manifest[_name(script, settings)] = result
    write_atomically(manifest_path, json.dumps(manifest, indent=1, sort_keys=True).encode())
    _remove_stale(cache, manifest)
    problems.raise_if_any()
    log.info("drew %d of %d figures", len(outdated), len(scripts))
    return {s: cache / manifest[_name(s, settings)]["svg"] for s in scripts}


def early_runners(root: Path, cache: Path) -> Runners:
    """Figure runners started before the chapters are read, when figures look due for
    drawing: no figure was drawn yet, or a file under figures/ changed since. A runner
    takes about a second to start (matplotlib), which then passes beside the reading.
    make_figures decides exactly what to draw, and stops the runners it did not need."""
    manifest = cache / MANIFEST
    try:
        since = manifest.stat().st_mtime if manifest.is_file() else None
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
    """Warm figure runners (book/figure_runner.py), one for each figure drawn at a time."""

    def __init__(self, count: int, root: Path):
        env = {**os.environ, "MPLBACKEND": "Agg",
               "PYTHONPATH": os.pathsep.join([str(Path(__file__).parent.parent),
                                              os.environ.get("PYTHONPATH", "")])}
        # Each runner with the file its own errors go to (a failed start, say).
        self.errors: dict[subprocess.Popen, Any] = {}
        self.ready: set[subprocess.Popen] = set()
        try:
            for _ in range(count):
                # Started in the booklet folder, so that scripts can import modules there.
                errors = tempfile.TemporaryFile("w+")
                process = subprocess.Popen([sys.executable, "-m", "book.figure_runner"],
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
    svg = cache / f"{script.stem}-{key[:16]}.svg"
    with tempfile.TemporaryDirectory() as work:
        request_path, result_path = Path(work) / "request.json", Path(work) / "result.json"
        errors = Path(work) / "errors.txt"
        request_path.write_text(json.dumps({
            "script": str(script), "root": str(settings.root), "output": str(svg),
            "result": str(result_path), "errors": str(errors),
            "timeout": settings.figure_timeout, "memory_limit": MEMORY_LIMIT_BYTES,
            "style": {**asdict(style), "data_folder": str(settings.root / "figures" / "data")},
        }))
        try:
            status = runners.run(request_path)
        except RunnerStopped as error:
            return BookError.at(script, 1, 1, f"this figure was not drawn: the figure runner "
                                              f"(book/figure_runner.py) {error}")
        if not result_path.exists():
            stderr = errors.read_text(errors="replace") if errors.exists() else ""
            return _crash(script, stderr, status, settings.figure_timeout)
        result = json.loads(result_path.read_text())
    if not result["ok"]:
        return BookError.at(script, result["line"], 1, result["message"])
    inputs = {name: file_digest(settings.root / name) for name in result["inputs"]}
    return {"key": key, "svg": svg.name, "inputs": inputs}


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


def _is_fresh(entry: dict[str, Any] | None, key: str, root: Path, cache: Path) -> bool:
    """Whether the cached SVG still matches the script, the style and every file it read."""
    if not entry or entry["key"] != key or not (cache / entry["svg"]).is_file():
        return False
    return all((root / name).is_file() and file_digest(root / name) == digest
               for name, digest in entry["inputs"].items())


def _remove_stale(cache: Path, manifest: dict[str, Any]) -> None:
    """Delete SVGs that no cached figure points at any more."""
    kept = {entry["svg"] for entry in manifest.values()}
    for svg in cache.glob("*.svg"):
        if svg.name not in kept:
            svg.unlink()


def _read_manifest(path: Path) -> dict[str, Any]:
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return {}  # no cache yet, or a damaged one: draw everything again


def _name(script: Path, settings: Settings) -> str:
    return str(script.relative_to(settings.root))


def _hash_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _mm(length: str) -> float:
    found = re.fullmatch(r"\s*(\d*\.?\d+)\s*(mm|cm|q|in|pt|pc|px)?\s*", str(length))
    if not found or (found[2] is None and float(found[1]) != 0):
        raise ValueError(f"{length!r} is not a length such as 20mm")
    return float(found[1]) * UNITS_MM.get(found[2] or "mm", 1.0)
