"""The word a cross-reference prints before its number, as the book's language writes
it where the reference stands: "Figure 2" in English everywhere, "la figure 2" in French
mid-sentence and "Figure 2" at a sentence's start; and the French article the author
wrote before it, made to agree with that word."""
from __future__ import annotations

import re

import lxml.html

from ..reading.nesting import INLINE, TRANSPARENT
from ..words import FRENCH_ARTICLES, LOWER_CASE_REFERENCES, WORDS

# What may stand between a sentence's end and its first word: spaces, opening quotes,
# brackets and dashes.
OPENING = " \t\n\u00a0\u202f«“‘\"'([—–-"
# A sentence ends at a full stop, unless it ends a short abbreviation ("cf.", "p. ex.").
SENTENCE_END = re.compile(r"[.!?…][»”’\")\]\s\u00a0\u202f]*$")
ABBREVIATION = re.compile(r"(?<!\w)(cf|ex|ej|p|pp|vgl)\.$", re.I)
ELIDED = re.compile(r"(?<!\w)([lL])[’']$")
FULL_ARTICLE = re.compile(r"(?<!\w)([lL])([ae])(\s+)$")
VOWEL = re.compile(r"[aeiouyhàâäéèêëîïôöùûü]", re.I)


def reference_word(link: lxml.html.HtmlElement, kind: str, words: dict[str, str],
                   language: str) -> str:
    """The word for `kind` ("figure", "table", "chapter", "equation") as written where
    `link` stands."""
    word = words[kind]
    if _language(language) not in LOWER_CASE_REFERENCES:
        return word
    before = _text_before(link).rstrip(OPENING)
    starts = not before or (SENTENCE_END.search(before) and not ABBREVIATION.search(before))
    return word[:1].upper() + word[1:] if starts else word[:1].lower() + word[1:]


def mend_article(link: lxml.html.HtmlElement, kind: str, word: str, words: dict[str, str],
                 language: str, written: str) -> str | None:
    """Make a French article written just before `link` agree with the word it prints:
    "l’" before "figure" becomes "la ", "la " before "équation" "l’". Returns the warning
    that says so (or, when the article cannot be known, how to write it), or None."""
    if _language(language) != "fr":
        return None
    previous = link.getprevious()
    adjacent = (previous.tail if previous is not None else link.getparent().text) or ""
    elides = bool(VOWEL.match(word))
    own_word = WORDS["fr"].get(kind) == words[kind]
    elided, full = ELIDED.search(adjacent), FULL_ARTICLE.search(adjacent)
    if elided and not elides:
        if not own_word:
            return (f"{elided[0]}{written} prints “{elided[0]}{word}”, which French does not "
                    f"write: write the article in full (“le {written}” or “la {written}”)")
        article = elided[1] + FRENCH_ARTICLES[kind][1:] + " "
        mended, wrong = adjacent[:elided.start()] + article, f"{elided[0]}{word}"
    elif full and elides:
        article = full[1] + "’"
        mended, wrong = adjacent[:full.start()] + article, f"{full[1]}{full[2]} {word}"
    else:
        return None
    if previous is not None:
        previous.tail = mended
    else:
        link.getparent().text = mended
    return (f"French writes “{article}{word}”, not “{wrong}”, so it is printed so: write "
            f"“{article}{written}”")


def _language(language: str) -> str:
    return language.split("-")[0].lower()


def _text_before(link: lxml.html.HtmlElement) -> str:
    """The text of the block that holds `link`, up to it."""
    block = next((element for element in link.iterancestors()
                  if element.tag not in INLINE | TRANSPARENT), None)
    if block is None:
        return ""
    order = {element: number for number, element in enumerate(block.iter())}
    around = set(link.iterancestors())
    pieces = []
    for text in block.xpath(".//text()"):
        owner = text.getparent()
        # An element's text comes at its start; its tail after its end, so that of an
        # element around the link comes after the link.
        if order[owner] < order[link] and not (text.is_tail and owner in around):
            pieces.append(str(text))
    return "".join(pieces)
