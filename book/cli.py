"""Command line: argument parsing, printing and exit codes; the only module that prints."""
from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from .build import FORMATS, build
from .errors import BookError, shown

EXIT_OK, EXIT_SOURCE_ERRORS, EXIT_USAGE = 0, 1, 2


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    parser = _parser()
    args = parser.parse_args(_with_default_command(sys.argv[1:] if argv is None else argv))
    logging.basicConfig(level=logging.DEBUG if args.debug else logging.WARNING,
                        format="%(levelname)s: %(message)s")
    root = Path(args.directory)
    if not root.is_dir():
        parser.error(f"{args.directory} is not a folder")
    formats = tuple(f.strip() for f in args.format.split(",") if f.strip())
    unknown = sorted(set(formats) - set(FORMATS))
    if unknown or not formats:
        parser.error(f"unknown format {', '.join(unknown) or '(none)'}; choose from {', '.join(FORMATS)}")
    try:
        result = build(root, Path(args.output) if args.output else None, formats, args.strict)
    except BookError as error:
        if args.debug:
            raise
        for problem in error.problems:
            print(problem, file=sys.stderr)
        count = len(error.problems)
        print(f"build failed: {count} error{'s' if count != 1 else ''}; "
              "earlier outputs were left as they were", file=sys.stderr)
        return EXIT_SOURCE_ERRORS
    for warning in result.warnings:
        print(warning, file=sys.stderr)
    for path in result.written:
        print(f"wrote {shown(path)}")
    return EXIT_OK


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="make-book", description="Turn a folder of Markdown chapters into a study booklet.")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    build_command = commands.add_parser("build", help="build the booklet (the default command)")
    build_command.add_argument("-C", dest="directory", default=".", metavar="DIR",
                               help="the booklet folder (default: the current folder)")
    build_command.add_argument("-o", dest="output", metavar="OUT",
                               help="the output folder (default: DIR/build)")
    build_command.add_argument("--format", default=",".join(FORMATS), metavar="FORMATS",
                               help=f"comma-separated output formats: {', '.join(FORMATS)}")
    build_command.add_argument("--strict", action="store_true",
                               help="treat warnings as errors")
    build_command.add_argument("--debug", action="store_true",
                               help="show tracebacks and detailed progress")
    return parser


def _with_default_command(argv: list[str]) -> list[str]:
    """`make-book [options]` means `make-book build [options]`."""
    if not argv or argv[0] not in ("build", "-h", "--help"):
        return ["build", *argv]
    return argv
