"""Build one booklet for several classes at once, in parallel across cores.

`classes.toml` holds one table per class, with the [classroom] keys and, optionally,
any other book.toml setting for that class:

    [classes.7a]
    school = "Hill School"
    teacher = "Ms Lin"
    theme = "large-print"
"""
from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from pathlib import Path

from .build import BuildResult, Options, build
from .config import CLASSROOM_KEYS, load_settings, parse_toml
from .errors import BookError
from .textfile import read_text


def build_classes(root: Path, classes_file: Path, options: Options) -> BuildResult:
    """Build every class's variant; the first build also warms the figure cache."""
    variants = class_overrides(root, classes_file)
    first, *rest = variants
    results = [build(root, replace(options, overrides=options.overrides + first))]
    # The classes are laid out side by side, each in one pass: laying each out in
    # parallel parts as well would only crowd the processors.
    with ProcessPoolExecutor(max_workers=max(1, min(len(rest), os.cpu_count() or 1))) as pool:
        results += pool.map(build, [root] * len(rest),
                            [replace(options, overrides=options.overrides + v, one_pass=True)
                             for v in rest])
    return BuildResult([p for r in results for p in r.written],
                       [w for r in results for w in r.warnings])


def class_overrides(root: Path, classes_file: Path) -> list[tuple[str, ...]]:
    """`--set` style overrides for each class: its classroom details and its own name."""
    path = classes_file if classes_file.is_absolute() else root / classes_file
    if not path.is_file():
        raise BookError.at(path, 1, 1, "there is no such classes file")
    classes = parse_toml(path, read_text(path)).get("classes")
    if not isinstance(classes, dict) or not classes:
        raise BookError.at(path, 1, 1, "list the classes as tables: [classes.7a], [classes.7b]")
    name = load_settings(root).name
    variants = []
    for key, values in classes.items():
        overrides = [f'name="{name}-{key}"']
        for setting, value in values.items():
            prefix = "classroom." if setting in CLASSROOM_KEYS else ""
            overrides.extend(_dotted(f"{prefix}{setting}", value))
        variants.append(tuple(overrides))
    return variants


def _dotted(key: str, value: object) -> list[str]:
    """KEY=VALUE overrides for one setting; a table sets each of its keys, so that a
    class's [variables] change the booklet's own, not replace them."""
    if isinstance(value, dict):
        return [item for name, inner in value.items() for item in _dotted(f"{key}.{name}", inner)]
    return [f"{key}={_toml(value)}"]


def _toml(value: object) -> str:
    """A value as TOML text, for the KEY=VALUE form."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'
