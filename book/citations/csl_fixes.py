"""Fixes to how citeproc-py reads a CSL style's locators, applied when this module is
imported (by formatter.py), so that a locator prints with the label its style defines."""
from __future__ import annotations

import re
from typing import Any

from citeproc import model

# CSL 1.0.2: numbers with prefixes or suffixes ("D2", "2b"), separated by commas, hyphens
# or ampersands ("2, 3", "2-4", "2 & 4"); citeproc-py takes only one bare number.
NUMERIC = re.compile(r"^[a-z]*\d+[a-z]*(?:\s*(?:[,&\u2013-]|--)\s*[a-z]*\d+[a-z]*)*$", re.I)
# CSL's fallbacks for a term form a locale lacks (None is the long form).
FALLBACK = {"symbol": "short", "short": None, "verb-short": "verb", "verb": None}

_get_term = model.CitationStylesElement.get_term


def _is_numeric(self: model.If, item: Any) -> list[bool]:
    """`is-numeric="locator"` reads the cited item's locator, which citeproc-py looks for
    in the reference instead (and so never finds)."""
    results = []
    for name in self.get("is-numeric").split():
        if name == "locator":
            value = item.locator.identifier if item.has_locator else None
        else:
            variable = name.replace("-", "_")
            value = item.reference.get(variable)
        results.append(value is not None and NUMERIC.match(str(value).strip()) is not None)
    return results


def _locator(self: model.If, item: Any) -> list[bool]:
    """`locator="sub-verbo"` matches the label whose term is `sub-verbo`: citeproc-py
    compares it as "sub verbo"."""
    label = item.locator.label.replace(" ", "-") if item.has_locator else None
    return [label == name for name in self.get("locator").split()]


def _get_term_or_fallback(self: model.CitationStylesElement, name: str, form: str | None = None,
                          *args: Any, **kwargs: Any) -> Any:
    """A term in the form asked for, else in the form CSL falls back to (symbol -> short
    -> long): citeproc-py gives up and prints no label."""
    while True:
        term = _get_term(self, name, form, *args, **kwargs)
        if term is not None or form is None:
            return term
        form = FALLBACK.get(form)


model.If._is_numeric = _is_numeric
model.If._locator = _locator
model.CitationStylesElement.get_term = _get_term_or_fallback
