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
UNITS_MM = {"mm": 1.0, "cm": 10.0, "in": 25.4, "pt": 25.4 / 72, "px": 25.4 / 96}
MANIFEST = "manifest.json"
MEMORY_LIMIT_BYTES = 4 * 1024 ** 3
# The time-out traceback names the script's frames as: File "/path/script.py", line 12
TRACEBACK_LINE = re.compile(r'File "(?P<file>[^"]+)", line (?P<line>\d+)')


def figure_style(settings: Settings, theme: Theme) -> FigureStyle:
    """The theme's look for figures, sized to the width of the text on the page."""
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


def make_figures(scripts: list[Path], settings: Settings, theme: Theme,
                 cache: Path, progress: Progress = quiet) -> dict[Path, Path]:
    """Draw each script that changed since its SVG was cached; return script -> SVG."""
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
    workers = min(4, os.cpu_count() or 1, len(outdated))
    # The runners close first: if the build is stopped, that ends the drawing threads wait on.
    with ThreadPoolExecutor(max_workers=max(workers, 1)) as pool, _Runners(workers) as runners:
        results = pool.map(lambda s: _draw(s, style, settings, cache, key(s), runners), outdated)
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


class _Runners:
    """Warm figure runners (book/figure_runner.py), one for each figure drawn at a time."""

    def __init__(self, count: int):
        env = {**os.environ, "MPLBACKEND": "Agg",
               "PYTHONPATH": os.pathsep.join([str(Path(__file__).parent.parent),
                                              os.environ.get("PYTHONPATH", "")])}
        self.processes = [subprocess.Popen([sys.executable, "-m", "book.figure_runner"],
                                           stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                           text=True, env=env) for _ in range(count)]
        self.idle: queue.Queue[subprocess.Popen] = queue.Queue()
        for process in self.processes:
            self.idle.put(process)

    def run(self, request: Path) -> int:
        """Draw one request; the exit status of the process that drew it."""
        process = self.idle.get()
        try:
            process.stdin.write(f"{request}\n")
            process.stdin.flush()
            answer = process.stdout.readline()
        except OSError:
            answer = ""
        self.idle.put(process)
        return int(answer) if answer.strip() else 1  # an empty answer: the runner died

    def __enter__(self) -> _Runners:
        return self

    def __exit__(self, *exception: object) -> None:
        for process in self.processes:
            if exception[0] is None:
                process.stdin.close()  # the runner ends when its input does
            else:
                process.terminate()  # stopped mid-build: the runner stops its drawing
            process.wait()


def _draw(script: Path, style: FigureStyle, settings: Settings, cache: Path,
          key: str, runners: _Runners) -> dict[str, Any] | BookError:
    """Run one script in a process of its own; an error points at the script's own line."""
    svg = cache / f"{script.stem}-{key[:16]}.svg"
    with tempfile.TemporaryDirectory() as work:
        request_path, result_path = Path(work) / "request.json", Path(work) / "result.json"
        log = Path(work) / "output.txt"
        request_path.write_text(json.dumps({
            "script": str(script), "root": str(settings.root), "output": str(svg),
            "result": str(result_path), "log": str(log), "timeout": settings.figure_timeout,
            "memory_limit": MEMORY_LIMIT_BYTES,
            "style": {**asdict(style), "data_folder": str(settings.root / "figures" / "data")},
        }))
        status = runners.run(request_path)
        if not result_path.exists():
            output = log.read_text(errors="replace") if log.exists() else ""
            return _crash(script, output, status, settings.figure_timeout)
        result = json.loads(result_path.read_text())
    if not result["ok"]:
        return BookError.at(script, result["line"], 1, result["message"])
    inputs = {name: file_digest(settings.root / name) for name in result["inputs"]}
    return {"key": key, "svg": svg.name, "inputs": inputs}


def _crash(script: Path, output: str, status: int, timeout: float) -> BookError:
    """The script ended its process without a result: a time-out, or a hard crash."""
    lines = [int(m["line"]) for m in TRACEBACK_LINE.finditer(output)
             if Path(m["file"]).resolve() == script.resolve()]
    line = lines[0] if lines else 1  # faulthandler lists the innermost frame first
    if "Timeout" in output or status == -signal.SIGALRM:
        return BookError.at(script, line, 1, f"the figure script ran longer than {timeout:g} s "
                                             "and was stopped here; make it faster or raise "
                                             "figure_timeout in book.toml")
    ended = f"killed by {signal.Signals(-status).name}" if status < 0 else f"exit status {status}"
    detail = output.strip().splitlines()[-1:] or [ended]
    return BookError.at(script, line, 1, f"the figure script crashed: {detail[0]}")


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
    found = re.fullmatch(r"\s*([\d.]+)\s*(mm|cm|in|pt|px)\s*", str(length))
    if not found:
        raise ValueError(f"{length!r} is not a length such as 20mm")
    return float(found[1]) * UNITS_MM[found[2]]
