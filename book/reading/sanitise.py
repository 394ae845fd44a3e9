"""Take scripts and other active content out of a chapter's HTML (a booklet is read, not
run, and an EPUB with scripts would fail its checks), and refuse nesting too deep to lay
out."""
from __future__ import annotations

import re
from collections.abc import Iterator

import lxml.html

ACTIVE = ("script", "iframe", "object", "embed", "applet", "style", "link", "meta", "base",
          "form", "frame", "frameset")
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "data", "poster", "xlink:href")
UNSAFE_URL = re.compile(r"^\s*(javascript|vbscript|data:text/html)", re.I)
# A name an attribute can have in XHTML; lxml takes any text as one from broken HTML.
ATTRIBUTE_NAME = re.compile(r"^[A-Za-z_:][-A-Za-z0-9._:]*$")
# The attributes a chapter's HTML may carry into the EPUB (XHTML 5) and the PDF: the global
# ones and those of the elements Markdown and authors' raw HTML write. Any other (say
# `{pip-cli}` after inline code, read as an attribute) would make the EPUB invalid.
ATTRIBUTES = {
    "id", "class", "lang", "dir", "title", "style", "hidden", "role", "tabindex",
    "href", "src", "alt", "width", "height", "srcset", "sizes", "colspan", "rowspan",
    "headers", "scope", "start", "reversed", "type", "value", "checked", "disabled", "name",
    "datetime", "cite", "open", "span", "abbr", "rel", "target",
    "hreflang", "download", "label", "for", "media", "xml:lang", "epub:type", "loading", "decoding",
}
OWN_PREFIXES = ("data-", "aria-")
# The elements that may have a width and a height in XHTML 5.
SIZED = ("img", "video", "canvas", "source", "iframe", "embed", "object", "input")
# Attributes older HTML laid out with, which XHTML 5 has not: the same look as CSS, as
# READMEs centre a logo with <p align="center">.
PRESENTATIONAL = {"align", "valign", "width", "height", "bgcolor"}
# The vertical alignments of older HTML, as CSS names them.
VERTICAL = {"top": "top", "middle": "middle", "center": "middle", "absmiddle": "middle",
            "bottom": "bottom", "baseline": "baseline", "texttop": "text-top",
            "absbottom": "bottom"}
# WeasyPrint lays out nested boxes recursively; past this depth Python's stack runs out.
MAX_DEPTH = 60


def sanitise(fragment: lxml.html.HtmlElement) -> Iterator[tuple[str, str]]:
    """Remove active content in place; yield (what was written, why) for each removal."""
    for element in list(fragment.iter(*ACTIVE)):
        yield f"<{element.tag}", (f"<{element.tag}> was removed: a booklet holds no scripts, "
                                  "frames, forms or page-wide styles (use a theme's CSS)")
        element.drop_tree()
    for element in fragment.iter():
        if not isinstance(element.tag, str):
            continue
        # Words read as a made-up tag's attributes are not_tags' error, not each a warning.
        made_up = bool(_false_attributes(element))
        _presentation_as_style(element)
        for name in list(element.attrib):
            value = element.get(name)
            if name.lower().startswith("on"):
                yield f"{name}=", f"the {name} attribute was removed: a booklet runs no scripts"
                del element.attrib[name]
            elif name.lower() in URL_ATTRIBUTES and UNSAFE_URL.match(value or ""):
                yield value, f"the link {value[:30]!r} was removed: it would run a script"
                del element.attrib[name]
            elif (name.lower() not in ATTRIBUTES and not made_up
                  and not name.lower().startswith(OWN_PREFIXES)):
                # Placed where `{name` is written, as after inline code: `int`{string}.
                yield "{" + name, (f"{name!r} is not an attribute HTML has, so it was left out; "
                             "attributes are id, class, lang, dir, title, data-*, and sizes "
                             "on images (write the braces as \\{ to print them)")
                del element.attrib[name]
            elif name == "href" and "#" in (value or "").partition("#")[2]:
                # A second # in an address (https://matrix.to/#/#room) is not a valid URL
                # in an EPUB; %23 is the same address.
                address, _, fragment = value.partition("#")
                element.set(name, f"{address}#{fragment.replace('#', '%23')}")


def anchors_as_ids(fragment: lxml.html.HtmlElement, chapter_slug: str) -> None:
    """Give each anchor of older HTML (`<a name="usage">`, which XHTML 5 has not) the id
    `chapter-usage`, which `[see](#usage)` in the chapter leads to, as it does to a
    heading's: two READMEs' anchors of the same name stay apart. An anchor named as the
    heading beside it (`<a name="usage">` over `## Usage`) needs no id: the link finds the
    heading."""
    ids = {element.get("id") for element in fragment.iter() if element.get("id")}
    for anchor in fragment.iter("a"):
        name = anchor.attrib.pop("name", None)
        wanted = f"{chapter_slug}-{'-'.join((name or '').split())}"
        if name and name.strip() and not anchor.get("id") and wanted not in ids:
            anchor.set("id", wanted)
            ids.add(wanted)


def _presentation_as_style(element: lxml.html.HtmlElement) -> None:
    """Write the element's presentational attributes as the CSS that means the same."""
    styles = []
    for name in [name for name in element.attrib if name.lower() in PRESENTATIONAL]:
        value = (element.get(name) or "").strip().lower()
        name = name.lower()
        if name in ("width", "height") and element.tag in SIZED:
            continue
        del element.attrib[name]
        if not re.fullmatch(r"[\w.%#-]+", value):
            continue  # nothing CSS could take
        if name == "align":
            styles.append(_alignment(element.tag, value))
        elif name == "valign":
            styles.append(f"vertical-align: {VERTICAL.get(value, 'middle')}")
        elif name == "bgcolor":
            styles.append(f"background-color: {value}")
        else:
            styles.append(f"{name}: {value}px" if value.isdigit() else f"{name}: {value}")
    if any(styles):
        element.set("style", "; ".join(filter(None, [element.get("style", "").rstrip("; "),
                                                      *styles])))


def _alignment(tag: str, value: str) -> str:
    """The CSS for `align="value"` on `tag`: a picture or a table floats or is centred as
    a box; any other element aligns its text. "" for a value HTML never had."""
    if tag in ("img", "table"):
        if value in ("left", "right"):
            return f"float: {value}"
        if tag == "table" and value == "center":
            return "margin-left: auto; margin-right: auto"
        return f"vertical-align: {VERTICAL[value]}" if value in VERTICAL else ""
    return f"text-align: {value}" if value in ("left", "right", "center", "justify") else ""


def _false_attributes(element: lxml.html.HtmlElement) -> list[str]:
    """The attribute names lxml took from words, which no XHTML attribute can have."""
    return [name for name in element.attrib if not ATTRIBUTE_NAME.match(name)]


def not_tags(fragment: lxml.html.HtmlElement, source: str) -> Iterator[tuple[str, str]]:
    """(what was written in `source`, why) for each '<word ...' that Markdown passed on as
    an HTML tag but that is none (`<LICENSE-APACHE or <a href=...>`): its words would be
    lost as the attributes of a made-up element, so it is an error, and they go."""
    for element in fragment.iter():
        if not isinstance(element.tag, str):
            continue
        false = _false_attributes(element)
        if false:
            # HTML's tag names are read in lower case; the message shows it as written.
            written = re.search(rf"<{re.escape(element.tag)}(?![\w-])", source, re.I)
            shown = written[0] if written else f"<{element.tag}"
            yield shown, (f"'{shown} ...' is read as an HTML tag, but it "
                                      "is not one, and its words would be lost; to show '<' "
                                      "as text, write \\< or put it in `code`")
        for name in false:
            del element.attrib[name]


def too_deep(fragment: lxml.html.HtmlElement) -> Iterator[tuple[str, str]]:
    """(text, why) for the first element nested deeper than a page can hold."""
    def walk(element, depth):
        if depth > MAX_DEPTH:
            return element
        for child in element:
            if isinstance(child.tag, str) and (found := walk(child, depth + 1)) is not None:
                return found
        return None
    deepest = walk(fragment, 0)
    if deepest is not None:
        # Point at the first words written inside it.
        text = next((e.text for e in deepest.iter() if (e.text or "").strip()), "")
        words = " ".join(text.split()[:2]) or deepest.tag
        yield words, (f"lists or quotes are nested more than {MAX_DEPTH} levels deep here; "
                      "no page can lay that out: flatten them")
