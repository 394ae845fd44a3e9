"""Write the book.toml reference from the settings code: `python -m book.settings_docs`."""
from __future__ import annotations

import dataclasses
import datetime

from .config import Setting, Settings


def settings_reference() -> str:
    """docs/settings.md: every book.toml key, its default and what it does, from the
    fields of Settings."""
    lines = ["# book.toml settings", "",
             "Every key is optional; an unknown key is an error. `--set KEY=VALUE` overrides "
             "any of them for one build (`--set classroom.teacher=\"Ms Lin\"`).", "",
             "A wrong value is an error at its place: `book.toml:LINE:COL`, or the option "
             "that gave it (`--set variables.accent=...`, `--theme NAME`). "
             "`SOURCE_DATE_EPOCH`, when set, must be a whole number of seconds since 1970 "
             "(as `date +%s` prints); it fixes the dates in the PDF and the EPUB, so that two "
             "builds are the same byte for byte.", "",
             "This page is made from the settings code by `python -m book.settings_docs`.", "",
             "| key | default | what it does |", "|---|---|---|"]
    for field in dataclasses.fields(Settings):
        if Setting in field.metadata:
            lines.append(f"| `{field.name}` | {_default(field)} | "
                         f"{field.metadata[Setting].doc} |")
    return "\n".join(lines) + "\n"


def _default(field: dataclasses.Field) -> str:
    if field.default is not dataclasses.MISSING:
        value = field.default
    elif field.default_factory is not dataclasses.MISSING:
        value = field.default_factory()
    else:
        return "(see text)"
    if value in (None, "", (), {}):
        return "(none)"
    if isinstance(value, (datetime.date, str)):
        return f"`{value}`"
    return f"`{str(value).lower() if isinstance(value, bool) else value}`"


if __name__ == "__main__":
    print(settings_reference(), end="")
