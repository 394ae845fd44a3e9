"""Run figure scripts, each in its own process: `python -m book.figures.runner`.

A figure script defines `draw(style)` and returns a matplotlib Figure. The runner imports
matplotlib once, then reads the paths of request files from its standard input, one per
line; it draws each request in a forked child, which starts in milliseconds where a fresh
Python takes most of a second, and answers with the child's exit status. A request names
the script, the booklet folder, the SVG to write, the theme's figure style, the time and
memory the script may take, and the files for the result and for the script's errors.
"""
from __future__ import annotations

import faulthandler
import io
import json
import logging
import os
import re
import resource
import runpy
import signal
import subprocess
import sys
import traceback
import warnings
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any

from ..data import DataError, Row, read_csv

# Each figure is drawn for print (the PDF) and for the screen (the EPUB, the web page).
MEDIA = ("print", "screen")
# A figure this many times its text's size wide, or less (a phone's column, an A5 page,
# large print), has no room for labels beside the chart: they go on lines of their own.
NARROW_IN_TEXT_SIZES = 40


@dataclass
class FigureStyle:
    """What a figure script is given: the theme's look, and where its data lives."""

    font_family: str
    font_size: float
    text_colour: str
    palette: list[str]
    greyscale: bool
    markers: list[str]
    hatches: list[str]
    line_width: float
    width: float
    height: float
    # "print" for the PDF; "screen" for the EPUB and the web page, drawn for a phone's
    # column with larger text, and with its text as outlines.
    medium: str = "print"
    # No text is drawn smaller (points): a script's smaller sizes are raised to it.
    min_font_size: float = 0.0
    data_folder: Path = field(default=Path("figures/data"))

    def __post_init__(self) -> None:
        self.data_folder = Path(self.data_folder)

    @property
    def narrow(self) -> bool:
        """Whether the figure is too narrow, for the size of its text, for labels beside the
        chart: on screen, on an A5 page, in large print."""
        text_size = max(self.font_size, self.min_font_size)
        return self.width * 72 / text_size <= NARROW_IN_TEXT_SIZES

    def lines(self, count: float) -> float:
        """The height, in inches, of `count` lines of the figure's text: a script whose
        labels stand on lines of their own sizes its figure by them, so that they do not
        print over each other however large the text is for the page."""
        return count * max(self.font_size, self.min_font_size) * 1.25 / 72

    def fit_rows(self, figure: Any, axes: Any, lines_per_unit: float = 1.0) -> None:
        """Make the figure taller where its axes are too short for their rows: each unit
        of the y axis at least `lines_per_unit` lines of text high. For a chart of rows each
        labelled on a line of its own, whose labels would otherwise print over each other
        when the text is large for the page (large print, A5)."""
        low, high = axes.get_ylim()
        needed = self.lines(abs(high - low) * lines_per_unit)
        for _ in range(3):  # the layout around the axes changes a little as it grows
            figure.canvas.draw()
            short = needed - axes.get_window_extent().height / figure.dpi
            if short <= 0.01:
                return
            figure.set_figheight(figure.get_figheight() + short)

    def data(self, name: str) -> Path:
        """The path of a data file in figures/data/."""
        return self.data_folder / name

    def table(self, name: str, numbers: Iterable[str] = (),
              columns: Iterable[str] = ()) -> list[Row]:
        """Rows of a CSV file in figures/data/, read by book.data.read_csv: lines starting
        with '#' are notes; the columns in `numbers` hold numbers."""
        return read_csv(self.data(name), numbers, columns)


def _apply_style(style: FigureStyle) -> None:
    """Set matplotlib's defaults from the theme, so even a plain script looks the part."""
    import matplotlib
    from cycler import cycler

    matplotlib.use("Agg")
    small = max(style.font_size * 0.9, style.min_font_size)
    _make_findable(style.font_family)
    cycle = cycler(color=style.palette)
    if style.greyscale:
        cycle += cycler(marker=style.markers[: len(style.palette)])
    matplotlib.rcParams.update({
        "font.family": [style.font_family],
        "font.size": style.font_size,
        "axes.titlesize": style.font_size,
        "axes.labelsize": style.font_size,
        "xtick.labelsize": small,
        "ytick.labelsize": small,
        "legend.fontsize": small,
        "legend.frameon": False,
        "text.color": style.text_colour,
        "axes.labelcolor": style.text_colour,
        "axes.edgecolor": style.text_colour,
        "xtick.color": style.text_colour,
        "ytick.color": style.text_colour,
        "axes.prop_cycle": cycle,
        "axes.linewidth": 0.6,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "lines.linewidth": style.line_width,
        "patch.linewidth": 0.6,
        "hatch.color": style.text_colour,
        "figure.figsize": (style.width, style.height),
        "figure.facecolor": "none",
        "axes.facecolor": "none",
        "figure.constrained_layout.use": True,
        # In print the text stays text, drawn in the PDF's embedded font, selectable.
        # On screen the SVG is an <img>, whose text no reader can select or search (the
        # alt text is what is read and searched) and which draws only fonts the device
        # has: outlines look the same everywhere.
        "svg.fonttype": "path" if style.medium == "screen" else "none",
        # Ids are stable, so the same figure gives the same bytes.
        "svg.hashsalt": "study-booklet",
    })


def _make_findable(family: str) -> None:
    """Add fontconfig's files of `family` to matplotlib's fonts when it lacks them:
    matplotlib lists the machine's fonts once, in a cache, and does not see a font
    installed after that (it would draw in DejaVu Sans, with a "findfont" warning)."""
    from matplotlib import font_manager

    if any(entry.name == family for entry in font_manager.fontManager.ttflist):
        return
    # In a fontconfig pattern, these characters of a name are escaped.
    pattern = re.sub(r"([\\:,-])", r"\\\1", family)
    listed = subprocess.run(["fc-list", "--format=%{file}\n", f":family={pattern}"],
                            capture_output=True, text=True).stdout
    for path in sorted(filter(None, listed.splitlines())):
        if path.lower().endswith((".ttf", ".otf")):
            font_manager.fontManager.addfont(path)


# Font files, whose outlines and metrics are in the drawn figure.
FONT_SUFFIXES = (".ttf", ".otf", ".ttc", ".afm", ".pfb")


class _FileLog:
    """Records the files a figure is drawn from: those its script opens inside the booklet
    folder (its data files), by their path there, and the fonts its text is drawn in,
    wherever they are, by their absolute path."""

    def __init__(self, root: Path, ignore: set[Path]):
        self.root, self.ignore = root, ignore
        self.opened: set[str] = set()

    def __call__(self, event: str, args: tuple) -> None:
        if event == "open" and isinstance(args[0], (str, Path)):
            path = Path(args[0])
            path = (path if path.is_absolute() else Path.cwd() / path).resolve()
            if path in self.ignore or not path.is_file():
                return
            if path.is_relative_to(self.root):
                self.opened.add(str(path.relative_to(self.root)))
            elif path.suffix.lower() in FONT_SUFFIXES:
                self.opened.add(str(path))


def run(request: dict[str, Any]) -> dict[str, Any]:
    """Draw the figure; return what it read, or where and why it failed."""
    script = Path(request["script"])
    root = Path(request["root"])
    style = FigureStyle(**request["style"])
    _apply_style(style)
    files = _FileLog(root, {script, Path(request["output"])})
    sys.addaudithook(files)
    messages = _Messages(script)
    with messages:
        result = _run(script, style, request)
    return {**result, "inputs": sorted(files.opened), "warnings": messages.found}


class _Messages(logging.Handler):
    """Python's warnings and matplotlib's log messages while a script runs, each at the
    script's line that led to it, so that the builder reports them as its own warnings."""

    def __init__(self, script: Path):
        super().__init__(logging.WARNING)
        self.script = script.resolve()
        self.found: list[dict[str, Any]] = []
        self.caught = warnings.catch_warnings(record=True)

    def __enter__(self) -> _Messages:
        self.warnings = self.caught.__enter__()
        warnings.simplefilter("always")
        logging.getLogger("matplotlib").addHandler(self)
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        logging.getLogger("matplotlib").removeHandler(self)
        self.caught.__exit__(kind, error, trace)
        for warning in self.warnings:
            own = Path(warning.filename).resolve() == self.script
            if not own and issubclass(warning.category, (DeprecationWarning,
                                                         PendingDeprecationWarning)):
                continue  # a library's own use of an old API: nothing the author can change
            self._add(warning.lineno if own else 1,
                      f"{warning.category.__name__}: {warning.message}")

    def emit(self, record: logging.LogRecord) -> None:
        # Logged deep inside matplotlib: the script's line is the innermost of its frames.
        lines = [frame.lineno for frame in traceback.extract_stack()
                 if frame.lineno is not None and Path(frame.filename).resolve() == self.script]
        self._add(lines[-1] if lines else 1, f"matplotlib: {record.getMessage()}")

    def _add(self, line: int, message: str) -> None:
        # Once, at its first place: the same font is missed for every text drawn.
        if all(found["message"] != message for found in self.found):
            self.found.append({"line": line, "message": message})


def _run(script: Path, style: FigureStyle, request: dict[str, Any]) -> dict[str, Any]:
    """Run the script's draw(style) and save the figure it returns."""
    try:
        namespace = runpy.run_path(str(script), run_name="figure")
        draw = namespace.get("draw")
        if not callable(draw):
            return {"ok": False, "line": 1,
                    "message": "the script defines no draw(style) function"}
        figure = draw(style)
        from matplotlib.figure import Figure

        if not isinstance(figure, Figure):
            return {"ok": False, "line": _line_of(script, "def draw"),
                    "message": f"draw(style) returned {type(figure).__name__}, "
                               "not a matplotlib Figure"}
        _raise_small_text(figure, style.min_font_size)
        drawn = io.StringIO()
        figure.savefig(drawn, format="svg", metadata={"Date": None})
        Path(request["output"]).write_text(_numbered_clip_paths(drawn.getvalue()))
    except DataError as error:  # a fault in a data file, reported where it is
        return {"ok": False, "path": str(error.path), "line": error.line, "col": error.col,
                "message": error.message}
    except SyntaxError as error:
        return {"ok": False, "line": error.lineno or 1, "col": error.offset or 1,
                "message": f"the script has a syntax error: {error.msg}"}
    except Exception as error:  # the author's code may raise anything
        return {"ok": False, "line": _failing_line(script, error),
                "message": f"the figure script failed: {type(error).__name__}: {error}"}
    return {"ok": True}


def _raise_small_text(figure: Any, min_font_size: float) -> None:
    """Every text of the figure at least `min_font_size` points (large print's promise),
    whatever size its script chose; the layout then makes room for it as it is drawn."""
    from matplotlib.text import Text

    for text in figure.findobj(Text):
        if text.get_fontsize() < min_font_size:
            text.set_fontsize(min_font_size)


def _numbered_clip_paths(svg: str) -> str:
    """The SVG with its clip paths numbered in order. matplotlib names a clip path that is
    not a rectangle by the memory address of its path, so the same figure drawn twice would
    differ in its ids, and a booklet's EPUB would not be the same byte for byte."""
    for number, name in enumerate(dict.fromkeys(re.findall(r'<clipPath id="([^"]+)"', svg)), 1):
        svg = svg.replace(f'id="{name}"', f'id="clip{number}"').replace(f"url(#{name})",
                                                                         f"url(#clip{number})")
    return svg


def _failing_line(script: Path, error: BaseException) -> int:
    """The deepest line of the script itself in the traceback."""
    lines = [frame.lineno for frame in traceback.extract_tb(error.__traceback__)
             if frame.lineno is not None and Path(frame.filename).resolve() == script.resolve()]
    return lines[-1] if lines else 1


def _line_of(script: Path, text: str) -> int:
    for number, line in enumerate(script.read_text(encoding="utf-8").splitlines(), start=1):
        if line.startswith(text):
            return number
    return 1


def main() -> None:
    """Serve requests until standard input closes. The first line out says "ready"."""
    # Scripts import modules kept in the booklet folder, where the runner starts; after
    # the builder's own package (the runner starts with -P, which leaves the folder out).
    sys.path.append(os.getcwd())
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot  # imported once here, for every child

    # Ctrl-C reaches the whole process group: the builder then stops this runner (SIGTERM),
    # and a child takes the builder's own response to Ctrl-C (ignored, if it ignores it).
    interrupt = signal.SIG_IGN if signal.getsignal(signal.SIGINT) == signal.SIG_IGN \
        else signal.SIG_DFL
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    child = 0

    def stop(signum: int, frame: Any) -> None:
        if child:
            os.kill(child, signal.SIGKILL)
            os.waitpid(child, 0)
        os._exit(1)

    signal.signal(signal.SIGTERM, stop)
    try:
        print("ready", flush=True)
        for line in sys.stdin:
            child = os.fork()
            if child == 0:
                _draw_in_child(Path(line.strip()), interrupt)
            _, status = os.waitpid(child, 0)
            child = 0
            print(os.waitstatus_to_exitcode(status), flush=True)
    except BrokenPipeError:
        pass  # the builder has gone


def _draw_in_child(request_path: Path, interrupt: Any) -> None:
    """Draw one request in this (forked) process, then end it."""
    status = 1
    try:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.signal(signal.SIGINT, interrupt)
        request = json.loads(request_path.read_text(encoding="utf-8"))
        os.chdir(request["root"])
        limit = request["memory_limit"]
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        # The script's own printing is not shown; its errors are read by the builder.
        os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
        os.dup2(os.open(request["errors"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644), 2)
        # On a crash or a time-out, print where the script was, so the builder can point at
        # that line; the alarm ends a script stuck where Python cannot print.
        faulthandler.enable()
        faulthandler.dump_traceback_later(request["timeout"], exit=True)
        signal.alarm(int(request["timeout"]) + 30)
        result = run(request)
        Path(request["result"]).write_text(json.dumps(result), encoding="utf-8")
        status = 0
    except BaseException:  # sys.exit() in a script, or a request we cannot read
        traceback.print_exc()
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(status)


if __name__ == "__main__":
    main()
