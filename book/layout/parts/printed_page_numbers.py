"""Which elements print the page number of an anchor: those a theme's rule gives content
with target-counter() or target-counters() of one of their attributes and the page
counter (`a::after { content: target-counter(attr(href), page) }`).

A book in parts (parts.py) gives each part the page numbers of the others, nothing more:
a theme that prints another counter of a target, or its text (target-text()), has the
book laid out in one pass."""
from __future__ import annotations

import cssselect2
import lxml.html
import tinycss2

COUNTERS = {"target-counter", "target-counters"}


class _OtherTarget(Exception):
    """A rule prints more of a target than its page number."""


def printed_page_numbers(tree: lxml.html.HtmlElement, css: list[str]
                    ) -> dict[lxml.html.HtmlElement, str] | None:
    """Each element that prints a page number, with the anchor it is the number of; None
    when a rule prints more of a target than its page number (module docstring)."""
    matcher = cssselect2.Matcher()
    try:
        rules = [rule for sheet in css for rule in _rules(tinycss2.parse_stylesheet(
            sheet, skip_comments=True, skip_whitespace=True))]
    except _OtherTarget:
        return None
    for prelude, attribute in rules:
        try:
            selectors = cssselect2.compile_selector_list(prelude)
        except cssselect2.SelectorError:
            continue  # WeasyPrint leaves the rule out too
        for selector in selectors:
            matcher.add_selector(selector, attribute)
    printing = {}
    for wrapper in cssselect2.ElementWrapper.from_html_root(tree).iter_subtree():
        for *_, attribute in matcher.match(wrapper):
            target = wrapper.etree_element.get(attribute, "")
            if target.startswith("#"):
                printing[wrapper.etree_element] = target[1:]
    return printing


def _rules(rules: list) -> list[tuple[list, str]]:
    """(selector, attribute) of each style rule, in @media and @supports too, whose
    declarations print a page reference."""
    found = []
    for rule in rules:
        if rule.type == "at-rule" and rule.lower_at_keyword in ("media", "supports") \
                and rule.content:
            found += _rules(tinycss2.parse_rule_list(rule.content, skip_comments=True,
                                                     skip_whitespace=True))
        elif rule.type == "qualified-rule":
            found += [(rule.prelude, attribute)
                      for attribute in _attributes(tinycss2.parse_blocks_contents(rule.content))]
    return found


def _attributes(tokens: list) -> set[str]:
    """The attributes named as the target of a target-*() function among the tokens."""
    attributes = set()
    for token in tokens:
        if token.type == "declaration":
            attributes |= _attributes(token.value)
        elif token.type == "function":
            if token.lower_name == "target-text":
                raise _OtherTarget
            if token.lower_name in COUNTERS:
                target, counter, *_ = [argument for argument in token.arguments
                                       if argument.type not in ("whitespace", "comment",
                                                                "literal")] + [None, None]
                if counter is None or counter.type != "ident" or counter.lower_value != "page":
                    raise _OtherTarget
                if target is not None and target.type == "function" and \
                        target.lower_name == "attr":
                    attributes |= {argument.value for argument in target.arguments
                                   if argument.type == "ident"}
            attributes |= _attributes(token.arguments)
    return attributes
