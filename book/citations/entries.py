"""An entry of the list of sources as the book prints it: its note, if the style has no
place for one, and its web addresses and DOIs as links."""
from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import lxml.html
from lxml import etree

from .style import CSL

# A web address in an entry's text; the punctuation that ends a sentence is not part of it.
ADDRESS = re.compile(r"\b(?:https?://|doi:)[^\s<>\"]+[^\s<>\".,;:!?)\]]")
DOI_ADDRESS = "https://doi.org/"
# A full stop after a "?" or "!" that ends a title, closing markup between them: CSL
# collapses the two ("Was Mao Really a Monster?."), citeproc-py prints both.
DOUBLED_STOP = re.compile(r"([?!])((?:</[a-z]+>)*)\.")


def prints_note(style: Path) -> bool:
    """Whether the style's list of sources prints an entry's note itself."""
    root = etree.parse(str(style)).getroot()
    bibliography = root.find(f"{CSL}bibliography")
    macros = {macro.get("name"): macro for macro in root.iter(f"{CSL}macro")}
    seen: set[str] = set()
    parts = [bibliography]
    while parts:
        part = parts.pop()
        for element in part.iter(etree.Element):
            if "note" in (element.get("variable") or "").split():
                return True
            name = element.get("macro")
            if name in macros and name not in seen:
                seen.add(name)
                parts.append(macros[name])
    return False


def finished_entry(entry: str, item: dict[str, Any], note_printed: bool) -> str:
    """The entry's HTML with its note after it when the style leaves the note out (a BibTeX
    `note` is meant to print, as BibTeX's own styles print it), with one stop where a
    title's "?" meets the style's ".", and with its addresses as links."""
    note = str(item.get("note") or "").strip()
    if note and not note_printed:
        ending = "" if note[-1] in ".!?" else "."
        entry = f"{entry} {html.escape(note)}{ending}"
    return _linked(DOUBLED_STOP.sub(r"\1\2", entry))


def _linked(entry: str) -> str:
    """Each web address and DOI in the entry's text as a link to it."""
    root = lxml.html.fragment_fromstring(entry, create_parent="span")
    for element in list(root.iter()):
        if not _in_link(element):
            _link_in(element, "text")
        if element is not root and not _in_link(element.getparent()):
            _link_in(element, "tail")
    inner = lxml.html.tostring(root, encoding="unicode")
    return inner[len("<span>"):-len("</span>")]


def _in_link(element: lxml.html.HtmlElement) -> bool:
    return any(e.tag == "a" for e in (element, *element.iterancestors()))


def _link_in(element: lxml.html.HtmlElement, slot: str) -> None:
    """Turn the addresses in the element's text, or in its tail, into links."""
    text = getattr(element, slot) or ""
    others = ADDRESS.split(text)
    if len(others) == 1:
        return
    setattr(element, slot, others[0])
    links = []
    for address, after in zip(ADDRESS.findall(text), others[1:]):
        link = lxml.html.Element("a", href=_href(address))
        link.text, link.tail = address, after
        links.append(link)
    if slot == "text":
        for position, link in enumerate(links):
            element.insert(position, link)
    else:
        for link in reversed(links):
            element.addnext(link)


def _href(address: str) -> str:
    return DOI_ADDRESS + address[len("doi:"):] if address.startswith("doi:") else address
