"""Draw the book's figures: each script that changed since its SVG was cached is run by a
warm runner, in a process of its own with a time limit; an error points at the script's
own line."""
from __future__ import annotations

import json
import logging
import tempfile
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict
from pathlib import Path

from ..cache import Store
from ..config import Settings
from ..errors import BookError, Problems
from ..progress import Progress, quiet
from ..theming.themes import Theme
from .crashes import crash_error
from .entries import SVG, Entry, entry_key, fresh_entry, keep
from .runner import MEDIA, FigureStyle
from .runners import Runners, RunnerStopped, most_runners
from .style import figure_style

log = logging.getLogger(__name__)

MEMORY_LIMIT_BYTES = 4 * 1024 ** 3


def make_figures(scripts: Sequence[Path], settings: Settings, theme: Theme, cache: Path,
                 progress: Progress = quiet, runners: Runners | None = None,
                 report: Problems | None = None) -> dict[str, dict[Path, Path]]:
    """Draw each script, for print and for the screen (runner.MEDIA), where it changed since
    its SVG was cached; return medium -> script -> SVG. `runners` started already
    (early_runners) draw them, if there are any. The warnings a script gave when drawn
    (matplotlib's) go to `report`, from the cache too. A script that is not a file in the
    booklet folder is left out: reading the chapter reported it where the chapter names it."""
    scripts = [s for s in scripts if s.is_relative_to(settings.root) and s.is_file()]
    styles = {medium: figure_style(settings, theme, medium) for medium in MEDIA}
    store = Store(cache)
    drawings = [(script, medium) for script in scripts for medium in MEDIA]
    keys = {each: entry_key(each[0], styles[each[1]], settings.root) for each in drawings}
    entries = {each: fresh_entry(store, keys[each], settings.root) for each in drawings}
    outdated = [each for each in drawings if entries[each] is None]
    problems = Problems()
    workers = min(most_runners(), len(outdated))
    if runners is None or not runners.errors:
        runners = Runners(workers, settings.root)
    # The runners close first: if the build is stopped, that ends the drawing that the
    # pool's threads are waiting on.
    with ThreadPoolExecutor(max_workers=max(workers, 1)) as pool, runners as drawing:
        results = pool.map(lambda each: _draw(each[0], styles[each[1]], settings, store,
                                              keys[each], drawing), outdated)
        for done, (each, result) in enumerate(zip(outdated, results), start=1):
            progress("figures", done, len(outdated))
            if isinstance(result, BookError):
                # A script that fails in both media the same way is told once.
                problems.extend(BookError([problem for problem in result.problems
                                           if problem not in problems.items]))
            else:
                entries[each] = result
    # By age only: what another build uses now was used within the month.
    store.prune()
    problems.raise_if_any()
    if report is not None:
        for script in scripts:
            # A warning of both media (a font not found, say) is given once.
            warnings: dict[tuple[int, str], None] = {}
            for medium in MEDIA:
                entry = entries[script, medium]
                assert entry is not None  # drawn above, or the build stopped with its problems
                warnings.update(dict.fromkeys((w["line"], w["message"]) for w in entry.warnings))
            for line, message in warnings:
                report.warn(script, line, 1, message)
    log.info("drew %d of %d figures", len(outdated), len(drawings))
    return {medium: {script: store.path(keys[script, medium], SVG) for script in scripts}
            for medium in MEDIA}


def _draw(script: Path, style: FigureStyle, settings: Settings, store: Store,
          key: str, runners: Runners) -> Entry | BookError:
    """Run one script in a process of its own; an error points at the script's own line."""
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
            return crash_error(script, stderr, status, settings.figure_timeout)
        result = json.loads(result_path.read_text())
        if not result["ok"]:
            return BookError.at(Path(result.get("path", script)), result["line"],
                                result.get("col", 1), result["message"])
        # Kept whole, so another build never reads half a figure.
        return keep(store, key, drawn.read_bytes(), result["inputs"], settings.root,
                    result["warnings"])
