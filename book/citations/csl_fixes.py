"""Fixes to citeproc-py, applied when this module is imported (by formatter.py): a locator
prints with the label its style defines, a variable that stands in for a missing author
(a title, or the editors of a book without an author) is not printed a second time, and
entries sort by their text, not by its markup."""
from __future__ import annotations

import html
import re
from typing import Any

from citeproc import model
from citeproc.model import VariableError

# CSL 1.0.2: numbers with prefixes or suffixes ("D2", "2b"), separated by commas, hyphens
# or ampersands ("2, 3", "2-4", "2 & 4"); citeproc-py takes only one bare number.
NUMERIC = re.compile(r"^[a-z]*\d+[a-z]*(?:\s*(?:[,&\u2013-]|--)\s*[a-z]*\d+[a-z]*)*$", re.I)
# CSL's fallbacks for a term form a locale lacks (None is the long form).
FALLBACK = {"symbol": "short", "short": None, "verb-short": "verb", "verb": None}

_get_term = model.CitationStylesElement.get_term
_text_variable = model.Text._variable
_names_process = model.Names.process
_sort_keys = model.Key.sort_keys
MARKUP = re.compile(r"<[^>]*>")


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


def _substitute(self: model.Substitute, item: Any, context: Any = None, **kwargs: Any) -> Any:
    """The first of the substitutes that prints something, whose variables are then
    suppressed in the rest of the entry (CSL 1.0.2, "Substitute"). citeproc-py suppresses
    a variable only when the substitute names it itself, not through a macro, as APA's
    does for a work without an author: "*Great Leap Forward*. (n.d.). *Great Leap
    Forward*." printed the title twice."""
    layout = context.get_layout()
    outer = getattr(layout, "substituted", None)
    try:
        for child in self.getchildren():
            layout.substituted = []
            try:
                if isinstance(child, model.Names) and child.name is None:
                    names = self.xpath_search("./parent::cs:names[1]")[0]
                    text = child.render(item, names_context=names, context=context, **kwargs)
                else:
                    text = child.render(item, context=context, **kwargs)
            except VariableError:
                continue
            if text:
                self.add_to_repressed_list(child, context)
                for tag, variable in layout.substituted:
                    layout.repressed.setdefault(tag, []).append(variable)
                if outer is not None:
                    outer.extend(layout.substituted)
                return text
        return None
    finally:
        layout.substituted = outer


def _text_variable_noted(self: model.Text, item: Any, context: Any) -> Any:
    """A text variable, noted as printed while a substitute is tried (_substitute)."""
    text = _text_variable(self, item, context)
    printed = getattr(context.get_layout(), "substituted", None)
    if text is not None and printed is not None:
        printed.append((self.tag, self.get("variable")))
    return text


def _names_not_repressed(self: model.Names, item: Any, names_context: Any = None,
                         context: Any = None, **kwargs: Any) -> Any:
    """Names, but not those a substitute printed already: citeproc-py suppresses a text
    variable, never names, so "Benton, G., & Chun, L. (eds.). (2010). *Was Mao Really a
    Monster?* (G. Benton & L. Chun, eds.)." printed the editors twice. Printed names are
    noted while a substitute is tried (_substitute)."""
    layout = (context if context is not None else self).get_layout()
    repressed = {role for variables in layout.repressed.get(self.tag, []) if variables
                 for role in variables.split()}
    roles = self.get("variable").split()
    kept = [role for role in roles if role not in repressed]
    if not kept:
        return None
    self.set("variable", " ".join(kept))
    try:
        text = _names_process(self, item, names_context, context, **kwargs)
    finally:
        self.set("variable", " ".join(roles))
    printed = getattr(layout, "substituted", None)
    if text and printed is not None:
        printed.extend((self.tag, role) for role in kept if role in item.reference)
    return text


def _plain_sort_keys(self: model.Key, items: list[Any], context: Any) -> list[Any]:
    """A macro's sort keys as plain text: citeproc-py compares them as formatted HTML, so
    a title in italics (a work without an author) sorted before every name, on its "<"."""
    keys = _sort_keys(self, items, context)
    if "macro" not in self.attrib:
        return keys
    return [None if key is None else html.unescape(MARKUP.sub("", str(key))) for key in keys]


model.If._is_numeric = _is_numeric
model.If._locator = _locator
model.CitationStylesElement.get_term = _get_term_or_fallback
model.Substitute.render = _substitute
model.Text._variable = _text_variable_noted
model.Names.process = _names_not_repressed
model.Key.sort_keys = _plain_sort_keys
