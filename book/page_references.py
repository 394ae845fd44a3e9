"""Which elements print the page number of an anchor: those a theme's rule gives content
with target-counter(), target-counters() or target-text() of one of their attributes
(`a::after { content: target-counter(attr(href), page) }`)."""
from __future__ import annotations

import cssselect2
import lxml.html
import tinycss2

FUNCTIONS = {"target-counter", "target-counters", "target-text"}


def page_references(tree: lxml.html.HtmlElement, css: list[str]) -> dict[lxml.html.HtmlElement, str]:
    """Each element that prints a page number, with the anchor it is the number of."""
    matcher = cssselect2.Matcher()
    for sheet in css:
        for prelude, attribute in _rules(tinycss2.parse_stylesheet(
                sheet, skip_comments=True, skip_whitespace=True)):
            try:
                selectors = cssselect2.compile_selector_list(prelude)
            except cssselect2.SelectorError:
                continue  # WeasyPrint leaves the rule out too
            for selector in selectors:
                matcher.add_selector(selector, attribute)
    references = {}
    for wrapper in cssselect2.ElementWrapper.from_html_root(tree).iter_subtree():
        for *_, attribute in matcher.match(wrapper):
            target = wrapper.etree_element.get(attribute, "")
            if target.startswith("#"):
                references[wrapper.etree_element] = target[1:]
    return references


def _rules(rules: list) -> list[tuple[list, str]]:
    """(selector, attribute) of each style rule, in @media too, whose declarations
    print a page reference."""
    found = []
    for rule in rules:
        if rule.type == "at-rule" and rule.lower_at_keyword == "media" and rule.content:
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
            if token.lower_name in FUNCTIONS:
                first = next((argument for argument in token.arguments
                              if argument.type not in ("whitespace", "comment")), None)
                if first is not None and first.type == "function" and first.lower_name == "attr":
                    attributes |= {argument.value for argument in first.arguments
                                   if argument.type == "ident"}
            attributes |= _attributes(token.arguments)
    return attributes
