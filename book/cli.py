"""Command line: argument parsing, printing and exit codes; the only module that prints."""
from __future__ import annotations

import argparse
import contextlib
import functools
import logging
import os
import shlex
import signal
import sys
import threading
import traceback
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, cast

from .build import DEFAULT_FORMATS, FORMATS, BuildResult, Options, build
from .errors import BookError, Problem, counted, in_file_order, shown
from .overrides import Override
from .progress import Progress, quiet

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import Progress as Bars
    from rich.progress import TaskID
    from rich.text import Text

    from .commands.batch import BatchResult

# Bad usage exits with 2, from argparse; 70 is EX_SOFTWARE, a fault of the builder's own.
EXIT_OK, EXIT_SOURCE_ERRORS, EXIT_INTERNAL, EXIT_INTERRUPTED = 0, 1, 70, 130
COMMANDS = ("build", "handout", "batch", "check", "new", "serve")
# How many of a batch's variants that failed for the same errors are named.
SHOWN_FAILURES = 5
# How each kind of problem stands out on a terminal.
SEVERITY_STYLES = {"error": "bold red", "warning": "bold yellow", "note": "bold cyan"}


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    parser = _parser()
    args = parser.parse_args(_with_default_command(sys.argv[1:] if argv is None else argv))
    level = logging.DEBUG if args.debug else logging.INFO if args.verbose else logging.WARNING
    lines = LogLines()
    if not args.debug:  # -v tells what the builder did, not each library's chatter
        lines.addFilter(lambda r: r.name.startswith("book") or r.levelno >= logging.WARNING)
    logging.basicConfig(level=level, handlers=[lines])
    try:
        code = _run(parser, args)
    except OSError as error:  # the machine's, not ours: a folder that cannot be made, a port
        print(f"{error.filename + ': ' if error.filename else ''}error: "
              f"{error.strerror or error}", file=sys.stderr)
        return EXIT_SOURCE_ERRORS
    except Exception as error:  # the last guard: a fault of ours, never the user's input
        return internal_error(error, args.debug)
    finally:
        logging.getLogger().removeHandler(lines)
    # A command that printed an error did not succeed, whoever said it.
    return EXIT_SOURCE_ERRORS if code == EXIT_OK and lines.errors else code


class LogLines(logging.StreamHandler):
    """Log records as the command's own lines, `warning: ...`, counting the errors. The
    builder turns what libraries say into located messages; a library line that still
    gets here is named as that library's, not dressed as ours."""

    def __init__(self) -> None:
        super().__init__(sys.stderr)
        self.errors = 0

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.ERROR:
            self.errors += 1
        # Standard error as it is now: under progress bars, rich's, which prints above them.
        self.stream = sys.stderr
        super().emit(record)

    def format(self, record: logging.LogRecord) -> str:
        severity = ("error" if record.levelno >= logging.ERROR else
                    "warning" if record.levelno >= logging.WARNING else record.levelname.lower())
        library = record.name.split(".")[0]
        text = record.getMessage()
        return f"{severity}: {text if library == 'book' else f'{library} said: {text}'}"


def internal_error(error: Exception, debug: bool) -> int:
    """One line for a fault of the builder itself (the traceback with --debug); exit 70."""
    if debug:
        traceback.print_exception(error, file=sys.stderr)
    print(f"internal error: {type(error).__name__}: {error} (this is a fault of make-book, "
          "not of your booklet; run again with --debug for the details to report)",
          file=sys.stderr)
    return EXIT_INTERNAL


def _run(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    """Carry out one parsed command."""
    if args.command == "new":
        return _new(parser, Path(args.folder))
    root = Path(args.directory)
    if not root.is_dir():
        parser.error(f"{args.directory} is not a folder")
    options = _options(parser, args)
    terminal = Terminal.of_stderr(show_progress=not args.quiet)
    if args.command == "serve":
        return _serve(root, options, args.port, terminal)
    # SIGTERM stops a build the way Ctrl-C does, so half-written files are removed.
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        if args.command == "check":
            return _check(root, options, args.strict, terminal)
        return _build(root, options, args, terminal)
    except (KeyboardInterrupt, ImportError) as error:
        # Ctrl-C while a library loads its compiled part reaches us as its ImportError.
        if isinstance(error, ImportError) and not isinstance(error.__context__,
                                                              KeyboardInterrupt):
            raise
        print("interrupted; earlier outputs were left as they were", file=sys.stderr)
        return EXIT_INTERRUPTED


def _options(parser: argparse.ArgumentParser, args: argparse.Namespace) -> Options:
    """What the command line asks of the build; a format nobody knows is bad usage."""
    # A handout is a PDF; a build makes every format unless told otherwise.
    handout = args.command == "handout" or getattr(args, "handout", None)
    chosen = args.format or ("pdf" if handout else ",".join(DEFAULT_FORMATS))
    formats = tuple(f.strip() for f in chosen.split(",") if f.strip())
    unknown = sorted(set(formats) - set(FORMATS))
    if unknown or not formats:
        parser.error(f"unknown format {', '.join(unknown) or '(none)'}; "
                     f"choose from {', '.join(FORMATS)}")
    two_up = getattr(args, "two_up", False)
    if two_up and (args.impose or args.marks):
        parser.error("--two-up prints on the school's own paper, --impose and --marks are "
                     "for a print shop's booklet: choose one")
    chapters = getattr(args, "chapters", ())
    if args.command == "batch":
        chapters = tuple(c.strip() for c in (args.handout or "").split(",") if c.strip())
        if args.roster and not chapters:
            parser.error("--roster makes a handout for each student: name its chapters with "
                         "--handout, such as --handout 3 or --handout 2-3")
    return Options(out_dir=Path(args.output) if args.output else None, formats=formats,
                   strict=args.strict, overrides=_overrides(args),
                   handout=tuple(chapters), impose=args.impose,
                   two_up=two_up, marks=args.marks, one_pass=args.one_pass)


def _build(root: Path, options: Options, args: argparse.Namespace, terminal: Terminal) -> int:
    """build, handout or batch: the warnings, then what was written; or the errors."""
    try:
        with terminal.progress() as progress:
            result = _outputs(root, replace(options, progress=progress), args)
    except BookError as error:
        if args.debug:
            traceback.print_exception(error, file=sys.stderr)
        for problem in error.problems:
            terminal.problem(problem)
        print(f"build failed: {counted(len(error.problems), 'error')}; "
              "earlier outputs were left as they were", file=sys.stderr)
        return EXIT_SOURCE_ERRORS
    for warning in in_file_order(result.warnings):
        terminal.problem(warning)
    if not args.quiet:
        for path in result.written:
            print(f"{'up to date' if result.up_to_date else 'wrote'} {shown(path)}")
    return _failures(cast("BatchResult", result), terminal) if args.command == "batch" \
        else EXIT_OK


def _failures(result: BatchResult, terminal: Terminal) -> int:
    """A batch's variants that failed, each with its errors; exit 1 if any did."""
    if not result.failures:
        return EXIT_OK
    failed = 0
    for failure in result.failures:
        for problem in failure.problems:
            terminal.problem(problem)
        failed += len(failure.labels)
        # A roster's students that one error fails are many: the first few name them.
        named = ", ".join(failure.labels[:SHOWN_FAILURES])
        more = len(failure.labels) - SHOWN_FAILURES
        print(f"{named}{f' and {more} more' if more > 0 else ''}: failed, "
              f"{counted(len(failure.problems), 'error')}", file=sys.stderr)
    print(f"batch: {failed} of {failed + result.built} failed; the others were built",
          file=sys.stderr)
    return EXIT_SOURCE_ERRORS


def _overrides(args: argparse.Namespace) -> tuple[Override, ...]:
    """The settings --set, --theme and --edition give, each blamed on its option as given
    when its value is wrong."""
    overrides = tuple(map(Override.from_set, args.set))
    if args.theme:
        overrides += (Override.from_option("--theme", "theme", args.theme),)
    if args.edition:
        overrides += (Override.from_option("--edition", "readers", args.edition),)
    return overrides


def _outputs(root: Path, options: Options, args: argparse.Namespace) -> BuildResult:
    # The commands are imported when used: a no-op rebuild does not wait for them.
    if args.command == "batch":
        from .commands.batch import build_classes
        return build_classes(root, Path(args.classes), options,
                             Path(args.roster) if args.roster else None, args.scheduler)
    if args.command == "handout":
        from .commands.handout import build_handout
        return build_handout(root, options)
    return build(root, options)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _new(parser: argparse.ArgumentParser, folder: Path) -> int:
    """Copy the starter booklet, which builds at once and explains itself."""
    from .commands.new import FolderInUse, new_booklet

    try:
        new_booklet(folder)
    except FolderInUse as refusal:
        parser.error(str(refusal))
    print(f"made a new booklet in {folder}")
    # From the folder of make_book.py, or wherever make-book is installed.
    script = Path(sys.argv[0])
    # Quoted as the shell needs, so that the line can be copied: "nouveau livret".
    shown = shlex.quote(str(folder))
    other = (f"   (or: python {shlex.quote(str(script.resolve()))} -C {shown})"
             if script.name == "make_book.py" else "")
    print(f"next: cd {shown} && make-book{other}")
    return EXIT_OK


def _serve(root: Path, options: Options, port: int, terminal: Terminal) -> int:
    """Preview until Ctrl-C; each build's problems are shown in the page and here."""
    from .commands import serve

    try:
        server, stop = serve.start(root, options, port, terminal.problem)
    except OSError as error:
        print(f"--port {port}: error: cannot serve on it: {error.strerror}; choose another "
              "port", file=sys.stderr)
        return EXIT_SOURCE_ERRORS
    print(f"previewing on http://127.0.0.1:{port}/ (Ctrl-C stops)")
    try:
        stop.wait()
    except KeyboardInterrupt:
        pass
    stop.set()
    server.shutdown()
    return EXIT_OK


def _check(root: Path, options: Options, strict: bool, terminal: Terminal) -> int:
    """Print every problem with its place; exit 1 on errors (and on warnings if strict)."""
    from .commands.check import check

    with terminal.progress() as progress:
        problems = check(root, replace(options, progress=progress))
    for problem in problems:
        terminal.problem(problem)
    counts = {kind: sum(p.severity == kind for p in problems)
              for kind in ("error", "warning", "note")}
    print(", ".join(counted(n, kind) for kind, n in counts.items()), file=sys.stderr)
    failed = counts["error"] or (strict and counts["warning"])
    return EXIT_SOURCE_ERRORS if failed else EXIT_OK


class Terminal:
    """Where problems and progress go: standard error, through rich when someone watches
    it (a terminal, outside CI); otherwise problems as plain text and no progress, so
    that what a pipe or a log reads stays as it is. rich is imported when first needed:
    a no-op rebuild prints nothing and waits for none of it."""

    def __init__(self, make_console: Callable[[], Console] | None, show_progress: bool = False):
        self.make_console = make_console
        self.show_progress = show_progress and make_console is not None

    @classmethod
    def of_stderr(cls, show_progress: bool) -> Terminal:
        watched = sys.stderr.isatty() and not os.environ.get("CI")
        return cls(_stderr_console if watched else None, show_progress)

    @functools.cached_property
    def console(self) -> Console | None:
        return self.make_console() if self.make_console else None

    def problem(self, problem: Problem) -> None:
        """The problem's line, and the source line it points at with a caret."""
        if self.console is None:
            print(problem.with_source(), file=sys.stderr)
        else:  # not wrapped: the caret stays under its column; the terminal wraps
            self.console.print(_styled(problem), soft_wrap=True)

    @contextlib.contextmanager
    def progress(self) -> Iterator[Progress]:
        """Progress bars for the stages while the block runs, gone when it ends."""
        if not self.show_progress:
            yield quiet
            return
        bars = ProgressBars(self._shown_console)
        try:
            yield bars
        finally:
            bars.close()

    def _shown_console(self) -> Console:
        console = self.console
        assert console is not None, "progress is shown only on a console"
        return console


def _stderr_console() -> Console:
    from rich.console import Console

    return Console(stderr=True, highlight=False)


def _styled(problem: Problem) -> Text:
    """Problem.with_source's text, coloured: the same characters but for the caret's
    lead, which counts a wide character (CJK) as the two columns it takes."""
    from rich.cells import cell_len
    from rich.text import Text

    style = SEVERITY_STYLES.get(problem.severity, "bold")
    place = f"{problem.line}:{problem.col}:" if problem.line else ""
    text = Text.assemble((f"{shown(problem.path)}:{place}", "bold"), " ",
                         (f"{problem.severity}:", style), f" {problem.message}")
    quote = problem.quote()
    if quote is not None:
        lead = "".join(c if c == "\t" else " " * cell_len(c) for c in quote.text[:quote.column])
        gutter = " " * len(str(quote.number))
        text.append_text(Text.assemble(
            "\n", (f" {quote.number} | ", "blue"), quote.text,
            "\n", (f" {gutter} | ", "blue"), lead, ("^", style)))
    return text


class ProgressBars:
    """The stages' progress (progress.py) as rich bars, one line per stage: a bar with
    done/total when the stage can count, a count when it cannot. Shown from the first
    report on; stages may report from their own threads."""

    def __init__(self, console: Callable[[], Console]) -> None:
        self.console = console
        self.shown: Bars | None = None
        self.closed = False
        self.stages: dict[str, TaskID] = {}
        self.lock = threading.Lock()

    def __call__(self, stage: str, done: int, total: int) -> None:
        count = f"{done}/{total}" if total else str(done or "")
        with self.lock:
            if self.closed:
                return
            if self.shown is None:
                self.shown = self._started()
            if stage not in self.stages:
                self.stages[stage] = self.shown.add_task(stage, total=None, count="")
            self.shown.update(self.stages[stage], completed=done, total=total or None,
                              count=count)

    def _started(self) -> Bars:
        from rich.progress import BarColumn, TextColumn
        from rich.progress import Progress as Bars

        bars = Bars(TextColumn("{task.description:<18}"), BarColumn(bar_width=24),
                    TextColumn("{task.fields[count]}"), console=self.console(), transient=True)
        bars.start()
        return bars

    def close(self) -> None:
        """Take the bars off the terminal; later reports are not shown."""
        with self.lock:
            self.closed = True
            if self.shown is not None:
                self.shown.stop()


def _talk() -> argparse.ArgumentParser:
    """How much every command says, `new` too."""
    talk = argparse.ArgumentParser(add_help=False)
    talk.add_argument("-q", "--quiet", action="store_true",
                      help="print only warnings and errors")
    talk.add_argument("-v", "--verbose", action="store_true", help="say what each stage did")
    talk.add_argument("--debug", action="store_true",
                      help="show tracebacks and detailed progress")
    return talk


def _parser() -> argparse.ArgumentParser:
    talk = _talk()
    common = argparse.ArgumentParser(add_help=False, parents=[talk])
    common.add_argument("-C", dest="directory", default=".", metavar="DIR",
                        help="the booklet folder (default: the current folder)")
    common.add_argument("-o", dest="output", metavar="OUT",
                        help="the output folder (default: DIR/build)")
    common.add_argument("--format", metavar="FORMATS",
                        help=f"comma-separated output formats: {', '.join(FORMATS)} "
                             "(default: pdf,epub; pdf for a handout)")
    common.add_argument("--theme", metavar="NAME", help="use this theme instead of book.toml's")
    common.add_argument("--edition", choices=("student", "teacher"),
                        help="student (no answers; the default) or teacher (answer key)")
    common.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                        help="override a book.toml setting, e.g. classroom.teacher='Ms Lin'")
    common.add_argument("--impose", action="store_const", const=True, default=False,
                        help="also write a saddle-stitch booklet: 2 pages per sheet side")
    common.add_argument("--marks", action="store_true",
                        help="crop marks and 3 mm bleed for a print shop")
    common.add_argument("--one-pass", action="store_true",
                        help="lay the book out in one pass, not chapter by chapter in "
                             "parallel (slower; for a theme that numbers across chapters)")
    common.add_argument("--strict", action="store_true", help="treat warnings as errors")
    parser = argparse.ArgumentParser(
        prog="make-book", description="Turn a folder of Markdown chapters into a study booklet.")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.add_parser("build", parents=[common],
                        help="build the booklet: PDF and EPUB (the default command)")
    handout = commands.add_parser("handout", parents=[common],
                                  help="one chapter (or a range) as a compact PDF handout")
    handout.add_argument("chapters", nargs="+", metavar="CHAPTER",
                         help="a chapter number, its name (slug) or a range such as 2-3")
    handout.add_argument("--two-up", action="store_true",
                         help="two pages to a sheet side, for the photocopier: A5 pages on "
                              "A4 landscape (half-Letter pages on Letter)")
    commands.add_parser("check", parents=[common],
                        help="list every problem in the sources, and validate the EPUB")
    serve_command = commands.add_parser("serve", parents=[common],
                                        help="preview in a browser, rebuilt on every save")
    serve_command.add_argument("--port", type=int, default=8000,
                               help="the port on 127.0.0.1 (default 8000)")
    new = commands.add_parser("new", parents=[talk], help="start a new booklet in a folder")
    new.add_argument("folder", metavar="DIR", help="the folder to create")
    batch = commands.add_parser("batch", parents=[common],
                                help="build a variant for each class listed in a file")
    batch.add_argument("classes", metavar="CLASSES.toml",
                       help="a file with one [classes.NAME] table of classroom details per class")
    batch.add_argument("--handout", metavar="CHAPTERS",
                       help="a handout of these chapters for each class, not the booklet: "
                            "comma-separated numbers, names or ranges, such as 3 or 2-3")
    batch.add_argument("--roster", metavar="STUDENTS.csv",
                       help="a CSV file with the columns name,class: a handout (--handout) "
                            "for each student, with their name on its name line")
    batch.add_argument("--scheduler", metavar="tcp://HOST:PORT",
                       help="build on the workers of this Dask scheduler, not on this "
                            "machine's cores (needs the cluster extra)")
    return parser


def _with_default_command(argv: list[str]) -> list[str]:
    """`make-book [options]` means `make-book build [options]`; how much a command says,
    written before it (`make-book -v handout 2`), is its own, as after it."""
    flags = next((i for i, arg in enumerate(argv) if not arg.startswith("-")), len(argv))
    if 0 < flags < len(argv) and argv[flags] in COMMANDS \
            and not _talk().parse_known_args(argv[:flags])[1]:
        return [argv[flags], *argv[:flags], *argv[flags + 1:]]
    if not argv or argv[0] not in (*COMMANDS, "-h", "--help"):
        return ["build", *argv]
    return argv
