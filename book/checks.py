"""Checks of single values read from TOML files, shared by book.toml's settings and the
themes' variables: each returns the value as the builder uses it, or raises ValueError
whose words say what is wrong and how to fix it (the caller adds where)."""
from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from typing import Any

from .names import did_you_mean


def flag(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError("must be true or false")
    return value


def text(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError(f"must be a string, not {type_name(value)}")
    return value


def nonempty_text(value: Any) -> str:
    if not text(value).strip():
        raise ValueError("must not be empty")
    return value


def text_list(value: Any) -> tuple[str, ...]:
    """A list of strings; one string alone is a list of one."""
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"must be a list of strings, not {type_name(value)}")
    return tuple(value)


def language_tag(value: Any) -> str:
    if not re.fullmatch(r"[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*", text(value)):
        raise ValueError(f"{value!r} is not a language tag; write one such as \"en\" or \"fr-CA\"")
    return value


def iso_date(value: Any) -> datetime.date:
    """A TOML date or datetime, or text such as "2026-09-01"."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(text(value))
    except ValueError:
        raise ValueError(f"{value!r} is not a date; write it as 2026-09-01") from None


def seconds(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
        raise ValueError("must be a number of seconds greater than 0")
    return float(value)


def one_of(choices: tuple[str, ...]) -> Callable[[Any], str]:
    """A check for a value that must be one of `choices`."""
    def check(value: Any) -> str:
        if text(value) not in choices:
            raise ValueError(f"{value!r} is not one of {', '.join(choices)}"
                             f"{did_you_mean(value, choices)}")
        return value
    return check


def table(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ValueError(f"must be a table, not {type_name(value)}")
    return value


def text_table(allowed: tuple[str, ...], what: str) -> Callable[[Any], dict[str, str]]:
    """A check for a table of text values whose keys must be among `allowed` (`what`
    names them in the message: "keys", "labels")."""
    def check(value: Any) -> dict[str, str]:
        given = table(value)
        unknown = sorted(set(given) - set(allowed))
        if unknown:
            raise ValueError(f"has unknown {what} {', '.join(unknown)}; the {what} are: "
                             f"{', '.join(allowed)}{did_you_mean(unknown[0], allowed)}")
        return {key: text(v) for key, v in given.items()}
    return check


def type_name(value: Any) -> str:
    """What kind of TOML value this is, in words ("a string", "a table")."""
    return {str: "a string", int: "a number", float: "a number", bool: "true/false",
            list: "a list", dict: "a table"}.get(type(value), type(value).__name__)
