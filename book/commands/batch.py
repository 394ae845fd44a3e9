"""Build one booklet for several classes at once, in parallel across cores, or across the
machines of a Dask cluster (commands/cluster.py).

`classes.toml` holds one table per class, with the [classroom] keys and, optionally,
any other book.toml setting for that class:

    [classes.7a]
    school = "Hill School"
    teacher = "Ms Lin"
    theme = "large-print"

With a roster (commands/roster.py), each student of a class gets a handout of their own,
their name on its name line.
"""
from __future__ import annotations

import json
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..build import BuildResult, Options, build
from ..config import CLASSROOM_KEYS, FIELDS, load_settings
from ..errors import BookError, Problem, Problems
from ..files import read_text
from ..names import did_you_mean
from ..overrides import Override
from ..progress import quiet
from ..theming.themes import load_theme
from ..tomlfile import key_positions, parse_toml
from .handout import build_handout
from .roster import read_roster

# What an error about the cluster is blamed on: the option (its value, an address, would
# lose a slash as a path; the message names it).
SCHEDULER = Path("--scheduler")
NO_DASK = ("a batch on a cluster needs Dask's distributed package: install the builder "
           "with its cluster extra (pip install -e '.[cluster]' in its folder)")


@dataclass(frozen=True)
class Variant:
    """One build of a batch: a class, or a student of a class (a roster's)."""

    label: str  # "class 7a", "Ana Li (class 7a)": how the command line names it
    overrides: tuple[Override, ...]


@dataclass(frozen=True)
class Failure:
    """Variants that failed, with the errors that stopped them (the same for each)."""

    labels: list[str]
    problems: list[Problem]


@dataclass(frozen=True)
class BatchResult(BuildResult):
    """What the variants that were built wrote, and those that failed."""

    failures: list[Failure] = field(default_factory=list)
    built: int = 0


def build_classes(root: Path, classes_file: Path, options: Options,
                  roster: Path | None = None, scheduler: str | None = None) -> BatchResult:
    """Build every class's variant (every student's, with a roster), here or on the Dask
    scheduler at `scheduler`. A variant that fails does not stop the others."""
    classes = class_overrides(root, _in_booklet(root, classes_file), options.overrides)
    variants = ([Variant(f"class {key}", overrides) for key, overrides in classes.items()]
                if roster is None else student_variants(_in_booklet(root, roster), classes))
    stage = "students" if roster is not None else "classes"
    if scheduler is None:
        outcomes = _build_here(root, variants, options, stage)
    else:
        try:
            from .cluster import build_on_cluster  # Dask is needed only here
        except ModuleNotFoundError as error:
            if error.name not in ("dask", "distributed"):
                raise
            raise BookError.at(SCHEDULER, 0, 0, NO_DASK) from None
        outcomes = build_on_cluster(root, [variant_options(options, v) for v in variants],
                                    scheduler, stage, options.progress)
    return gathered(variants, outcomes)


def variant_options(options: Options, variant: Variant) -> Options:
    """A variant's build: the command line's options and its own settings, laid out in one
    pass. The variants are built side by side, and laying each out in parallel parts as
    well would only crowd the processors; so a variant's files are also the same wherever
    it was built, and whichever line of the classes file it comes from. Its stages'
    progress stays in its process; what is shown is how many variants are done."""
    return replace(options, overrides=options.overrides + variant.overrides, one_pass=True,
                   progress=quiet)


def build_variant(root: Path, options: Options) -> BuildResult | BookError:
    """One variant's build (a handout, when it names chapters); its errors are returned,
    so that the other variants go on."""
    try:
        return build_handout(root, options) if options.handout else build(root, options)
    except BookError as error:
        return error


def gathered(variants: list[Variant], outcomes: list[BuildResult | BookError]) -> BatchResult:
    """The variants' outcomes as one result. A warning about the booklet itself comes from
    every variant's build, and variants that fail for the same errors (an error in a
    chapter fails them all) are listed together: each is shown once."""
    results = [o for o in outcomes if isinstance(o, BuildResult)]
    failed: dict[tuple[Problem, ...], list[str]] = {}
    for variant, outcome in zip(variants, outcomes):
        if isinstance(outcome, BookError):
            failed.setdefault(tuple(outcome.problems), []).append(variant.label)
    return BatchResult([p for r in results for p in r.written],
                       list(dict.fromkeys(w for r in results for w in r.warnings)),
                       failures=[Failure(labels, list(problems))
                                 for problems, labels in failed.items()],
                       built=len(results))


def _build_here(root: Path, variants: list[Variant], options: Options,
                stage: str) -> list[BuildResult | BookError]:
    """The variants in a pool of processes, one per core; the first alone, so that it
    draws the figures that the others then find in the cache. Its stages show their
    progress, since it runs in this process."""
    first, *rest = [variant_options(options, v) for v in variants]
    outcomes = [build_variant(root, replace(first, progress=options.progress))]
    options.progress(stage, 1, len(variants))
    with ProcessPoolExecutor(max_workers=max(1, min(len(rest), os.cpu_count() or 1))) as pool:
        for done, outcome in enumerate(pool.map(build_variant, [root] * len(rest), rest),
                                       start=2):
            options.progress(stage, done, len(variants))
            outcomes.append(outcome)
    return outcomes


def student_variants(roster: Path,
                     classes: dict[str, tuple[Override, ...]]) -> list[Variant]:
    """A variant for each student of the roster: their class's, with their name."""
    return [Variant(f"{student.name} (class {student.class_key})",
                    classes[student.class_key]
                    + (Override("classroom.student", json.dumps(student.name),
                                student.origin),))
            for student in read_roster(roster, list(classes))]


def _in_booklet(root: Path, path: Path) -> Path:
    """A file given on the command line: as given, or in the booklet folder (-C DIR)."""
    return path if path.is_absolute() else root / path


def class_overrides(root: Path, path: Path,
                    given: tuple[Override, ...] = ()) -> dict[str, tuple[Override, ...]]:
    """Overrides for each class: its classroom details, its own name and any other
    setting it gives.
    Each class's settings and theme variables are checked first, so that a wrong value
    is blamed on its line of the classes file (`given` are the command line's)."""
    if not path.is_file():
        raise BookError.at(path, 0, 0, "there is no such classes file")
    text = read_text(path)
    classes = parse_toml(path, text).get("classes")
    if not isinstance(classes, dict) or not classes or not all(
            isinstance(values, dict) for values in classes.values()):
        raise BookError.at(path, 1, 1, "list the classes as tables: [classes.7a], [classes.7b]")
    positions = key_positions(text)
    name = load_settings(root, given).name
    variants = {}
    problems = Problems()
    for key, values in classes.items():
        line = positions.get(f"classes.{key}", (1, 1))[0]
        overrides = [Override("name", f'"{name}-{key}"', (path, line, 1))]
        for setting, value in _flat(values):
            where = (path, *positions.get(f"classes.{key}.{setting}", (line, 1)))
            if setting not in CLASSROOM_KEYS and setting.split(".")[0] not in FIELDS:
                problems.add(*where, f"unknown class setting {setting!r}; a class gives its "
                                     f"classroom details ({', '.join(CLASSROOM_KEYS)}) or any "
                                     "book.toml setting"
                                     f"{did_you_mean(setting, [*CLASSROOM_KEYS, *FIELDS])}")
                continue
            prefix = "classroom." if setting in CLASSROOM_KEYS else ""
            overrides.append(Override(f"{prefix}{setting}", _toml(value), where))
        try:
            load_theme(load_settings(root, given + tuple(overrides)))
        except BookError as error:
            problems.extend(error)
        variants[key] = tuple(overrides)
    problems.raise_if_any()
    return variants


def _flat(table: dict[str, Any], prefix: str = "") -> list[tuple[str, Any]]:
    """A class's settings as dotted keys: [classes.7a.variables] accent -> variables.accent."""
    flat = []
    for key, value in table.items():
        if isinstance(value, dict):
            flat += _flat(value, f"{prefix}{key}.")
        else:
            flat.append((f"{prefix}{key}", value))
    return flat


def _toml(value: object) -> str:
    """A value as TOML text, as an override holds it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    # JSON's string escapes are TOML's too, line breaks and control characters included.
    return json.dumps(str(value), ensure_ascii=False)
