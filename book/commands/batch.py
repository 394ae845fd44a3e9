"""Build one booklet for several classes at once, in parallel across cores.

`classes.toml` holds one table per class, with the [classroom] keys and, optionally,
any other book.toml setting for that class:

    [classes.7a]
    school = "Hill School"
    teacher = "Ms Lin"
    theme = "large-print"
"""
from __future__ import annotations

import json
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..build import BuildResult, Options, build
from ..config import CLASSROOM_KEYS, FIELDS, load_settings
from ..errors import BookError, Problems
from ..files import read_text
from ..names import did_you_mean
from ..overrides import Override
from ..progress import quiet
from ..theming.themes import load_theme
from ..tomlfile import key_positions, parse_toml


def build_classes(root: Path, classes_file: Path, options: Options) -> BuildResult:
    """Build every class's variant; the first build also warms the figure cache."""
    variants = class_overrides(root, classes_file, options.overrides)
    first, *rest = variants
    results = [build(root, replace(options, overrides=options.overrides + first))]
    options.progress("classes", 1, len(variants))
    # The classes are laid out side by side, each in one pass: laying each out in
    # parallel parts as well would only crowd the processors. Their stages' progress
    # stays in their processes; what is shown here is how many classes are done.
    others = [replace(options, overrides=options.overrides + v, one_pass=True, progress=quiet)
              for v in rest]
    with ProcessPoolExecutor(max_workers=max(1, min(len(rest), os.cpu_count() or 1))) as pool:
        for done, result in enumerate(pool.map(build, [root] * len(rest), others), start=2):
            options.progress("classes", done, len(variants))
            results.append(result)
    # A warning about the booklet itself comes from every class's build: it is shown once.
    return BuildResult([p for r in results for p in r.written],
                       list(dict.fromkeys(w for r in results for w in r.warnings)))


def class_overrides(root: Path, classes_file: Path,
                    given: tuple[Override, ...] = ()) -> list[tuple[Override, ...]]:
    """Overrides for each class: its classroom details, its own name and any other
    setting it gives.
    Each class's settings and theme variables are checked first, so that a wrong value
    is blamed on its line of the classes file (`given` are the command line's)."""
    path = classes_file if classes_file.is_absolute() else root / classes_file
    if not path.is_file():
        raise BookError.at(path, 0, 0, "there is no such classes file")
    text = read_text(path)
    classes = parse_toml(path, text).get("classes")
    if not isinstance(classes, dict) or not classes or not all(
            isinstance(values, dict) for values in classes.values()):
        raise BookError.at(path, 1, 1, "list the classes as tables: [classes.7a], [classes.7b]")
    positions = key_positions(text)
    name = load_settings(root, given).name
    variants = []
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
        variants.append(tuple(overrides))
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
