"""What must hold of every booklet's outputs: no paragraph of prose is lost, every link
resolves, the text of drawn figures is readable on a phone, in any font, every EPUB
structural semantic with an ARIA role has it, and the EPUB's page list has every page that
the PDF numbers, each where it begins.

The chapters are read here with markdown-it (CommonMark), not with the builder's own
reader, so that a paragraph the builder drops cannot also drop out of the check."""
from __future__ import annotations

import json
import re
import shutil
import statistics
import subprocess
import tempfile
import unicodedata
import zipfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urldefrag

import pdfplumber
import pypdf
from conftest import page_texts
from lxml import etree
from markdown_it import MarkdownIt
from mdit_py_plugins.container import container_plugin
from mdit_py_plugins.dollarmath import dollarmath_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from book.reading.markup.blocks import KINDS, TEACHER_ONLY
from book.reading.markup.media import MEDIA, SPAN

WORD = re.compile(r"[^\W\d_]+")
# The booklet's own markup prints as other words (citations, cross-references) or not at
# all (hidden index entries, attributes): it cuts a paragraph into runs of plain words.
# So does text for one medium, `[at the foot of the page]{.print}`.
PRINTED_OTHERWISE = re.compile(
    SPAN + r"|\[[^\]]*@[^\]]*\]|-?@[\w:.-]*\w|\{[#.][^}]*\}|\(\(\(.*?\)\)\)", re.S)
# The outputs of each medium (media.py).
OUTPUTS = {"print": (".pdf",), "screen": (".epub", ".html")}
CUT = "\0"
# Runs shorter than this are too common to tell one paragraph from another.
SHORTEST_RUN = 6


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of prose as the author wrote it: where it is, and the words to find."""

    path: Path
    line: int
    words: str  # its longest run of plain words, up to eight, as letters without spaces
    medium: str | None = None  # in a `::: print` or `::: screen` block, that medium


def letters(text: str) -> str:
    """Lower-case letters only: line ends, hyphenation, spacing and quotes cannot hide a
    match (NFKC also undoes ligatures such as 'fi')."""
    return "".join(w.lower() for w in WORD.findall(unicodedata.normalize("NFKC", text)))


def _reader() -> MarkdownIt:
    reader = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    reader.use(front_matter_plugin).use(footnote_plugin)
    # Formulas as Pandoc reads them: each prints as a drawing or MathML, which cuts a run.
    reader.use(dollarmath_plugin, allow_space=False, allow_digits=False, double_inline=True)
    for kind in KINDS:
        reader.use(container_plugin, name=kind)
    for medium in MEDIA:
        reader.use(container_plugin, name=medium,
                   validate=lambda params, *_, name=medium: params.strip() in (
                       name, f"{{.{name}}}"))
    return reader


def prose_paragraphs(chapter: Path, teacher: bool = False) -> list[Paragraph]:
    """Every paragraph of the chapter with enough plain words to be found, in lists, boxes,
    block quotes and footnotes too; those of teacher-only boxes only when `teacher`."""
    found = []
    hidden = 0  # depth inside boxes that this edition leaves out
    medium = None
    tokens = _reader().parse(chapter.read_text(encoding="utf-8"))
    for index, token in enumerate(tokens):
        kind = token.type.removeprefix("container_").removesuffix("_open").removesuffix("_close")
        if kind in TEACHER_ONLY and not teacher:
            hidden += 1 if token.nesting == 1 else -1 if token.nesting == -1 else 0
        if kind in MEDIA:
            medium = kind if token.nesting == 1 else None
        if token.type != "paragraph_open" or hidden:
            continue
        inline = tokens[index + 1]
        text = "".join(_printed(child) for child in inline.children or [])
        # A visible term prints as written, less its "| sort ..." or "| see ..." part.
        text = re.sub(r"\(\(([^|]*?)(?:\|.*?)?\)\)", r"\1", PRINTED_OTHERWISE.sub(CUT, text),
                      flags=re.S)
        run = max((WORD.findall(part) for part in text.split(CUT)), key=len)
        if len(run) >= SHORTEST_RUN:
            found.append(Paragraph(chapter, token.map[0] + 1, letters(" ".join(run[:8])),
                                   medium))
    return found


def _printed(token) -> str:
    """A piece of a paragraph as the reader sees it; markup that prints otherwise cuts."""
    if token.type in ("text", "code_inline"):
        return token.content
    if token.type in ("softbreak", "hardbreak"):
        return " "
    if token.type.endswith(("_open", "_close")):
        return ""  # emphasis and links: their words are printed
    return CUT  # images, raw HTML, footnote calls


def pdf_text(pdf: Path) -> str:
    """The PDF's text as letters, in the order it was laid out (pdftotext's own reading
    order takes a line that a formula's drawing cuts for two columns), without the page
    furniture, so that a paragraph reads on from one page to the next."""
    pages = [[line for line in page.splitlines() if line.strip()] for page in subprocess.run(
        ["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True,
        check=True).stdout.split("\f")]
    # The running head, the folio and the class line are drawn after a page's text: the
    # lines that end page after page, their numbers aside.
    ends = Counter(_numbers_aside(line) for page in pages for line in page[-3:])
    furniture = {line for line, count in ends.items() if count >= 3}
    for page in pages:
        while page and _numbers_aside(page[-1]) in furniture:
            page.pop()
    return letters("\n".join(line for page in pages for line in page))


def _numbers_aside(line: str) -> str:
    return re.sub(r"\d+|\b[ivxlcdm]+\b", "#", line.strip())


# Two words overprint when their boxes (each a character's size high, from its descent)
# cross by more than this share of the shorter's height, and by more than a point across:
# lines set solid, a descender above a capital, touch without printing over each other.
OVERPRINT_SHARE = 0.2
OVERPRINT_ACROSS = 1.0


def overprinted_words(pdf: Path) -> list[str]:
    """Each pair of words that print over each other, with its page: the book's text, its
    page furniture and the text of its figures, which stays text in print. Words are taken
    in the order they were drawn, so that two lines drawn over each other stay apart."""
    found = []
    with pdfplumber.open(pdf) as document:
        for number, page in enumerate(document.pages, 1):
            words = sorted(page.extract_words(use_text_flow=True), key=lambda w: w["x0"])
            for position, one in enumerate(words):
                for other in words[position + 1:]:
                    if other["x0"] >= one["x1"] - OVERPRINT_ACROSS:
                        break  # sorted by their left edges: none further on reaches back
                    across = min(one["x1"], other["x1"]) - max(one["x0"], other["x0"])
                    down = min(one["bottom"], other["bottom"]) - max(one["top"], other["top"])
                    height = min(one["bottom"] - one["top"], other["bottom"] - other["top"])
                    if across > OVERPRINT_ACROSS and down > OVERPRINT_SHARE * height:
                        found.append(f"page {number}: {one['text']!r} over {other['text']!r}")
    return found


def characters_per_line(pdf: Path) -> float:
    """The median number of characters of a full line of the body text: the lines in the
    size most of the text has, as wide as the widest of them (not a paragraph's last)."""
    lines = []
    with pdfplumber.open(pdf) as document:
        for page in document.pages:
            lines += [(round(line["chars"][0]["size"], 1), line["x1"] - line["x0"],
                       len(line["text"])) for line in page.extract_text_lines()]
    body = statistics.mode(size for size, _, _ in lines)
    widest = max(width for size, width, _ in lines if size == body)
    return statistics.median(count for size, width, count in lines
                             if size == body and width > widest * 0.97)


def epub_text(epub: Path) -> str:
    """The text of the EPUB's documents as letters."""
    with zipfile.ZipFile(epub) as archive:
        return letters(" ".join(
            " ".join(etree.fromstring(archive.read(name)).itertext())
            for name in archive.namelist() if name.endswith(".xhtml")))


def lost_paragraphs(chapters: list[Path], outputs: list[Path],
                    teacher: bool = False) -> list[str]:
    """Each paragraph of the chapters missing from one of the outputs (PDFs and EPUBs), or
    present in one of the other medium's, for a paragraph meant for one medium."""
    texts = {output: pdf_text(output) if output.suffix == ".pdf" else epub_text(output)
             for output in outputs}
    faults = []
    for chapter in chapters:
        for p in prose_paragraphs(chapter, teacher):
            for output, text in texts.items():
                if p.medium is None or output.suffix in OUTPUTS[p.medium]:
                    if p.words not in text:
                        faults.append(f"{p.path.name}:{p.line}: not in {output.name}")
                elif p.words in text:
                    faults.append(f"{p.path.name}:{p.line}: in {output.name}, though it is "
                                  f"for {p.medium} alone")
    return faults


def unresolved_links(epub: Path) -> list[str]:
    """Each link inside the EPUB whose document or id does not exist."""
    with zipfile.ZipFile(epub) as archive:
        documents = {name: etree.fromstring(archive.read(name))
                     for name in archive.namelist() if name.endswith(".xhtml")}
    ids = {name: {e.get("id") for e in doc.iter() if e.get("id")}
           for name, doc in documents.items()}
    broken = []
    for name, doc in documents.items():
        for link in doc.iter("{http://www.w3.org/1999/xhtml}a"):
            href = link.get("href")
            if not href or re.match(r"[a-z][a-z0-9+.-]*:", href):
                continue  # a web or mail address, not a place in the book
            target, fragment = urldefrag(unquote(href))
            document = _normal(f"{Path(name).parent}/{target}") if target else name
            if document not in documents or (fragment and fragment not in ids[document]):
                broken.append(f"{name}: {href}")
    return broken


# epub:type -> the DPUB-ARIA 1.1 role assistive technology needs in its place, from the EPUB
# Type to ARIA Role Authoring Guide; Ace by DAISY's epub-type-has-matching-role checks it.
# Deprecated roles (doc-biblioentry, doc-endnote) are not asked for.
ROLE_OF_TYPE = {
    "abstract": "doc-abstract", "acknowledgments": "doc-acknowledgments",
    "afterword": "doc-afterword", "appendix": "doc-appendix", "bibliography": "doc-bibliography",
    "biblioref": "doc-biblioref", "chapter": "doc-chapter", "colophon": "doc-colophon",
    "conclusion": "doc-conclusion", "cover": "doc-cover", "credit": "doc-credit",
    "credits": "doc-credits", "dedication": "doc-dedication", "endnotes": "doc-endnotes",
    "epigraph": "doc-epigraph", "epilogue": "doc-epilogue", "errata": "doc-errata",
    "footnote": "doc-footnote", "foreword": "doc-foreword", "glossary": "doc-glossary",
    "glossref": "doc-glossref", "help": "doc-tip", "index": "doc-index",
    "introduction": "doc-introduction", "noteref": "doc-noteref", "notice": "doc-notice",
    "pagebreak": "doc-pagebreak", "page-list": "doc-pagelist", "part": "doc-part",
    "preface": "doc-preface", "prologue": "doc-prologue", "pullquote": "doc-pullquote",
    "qna": "doc-qna", "referrer": "doc-backlink", "subtitle": "doc-subtitle", "tip": "doc-tip",
    "toc": "doc-toc",
}
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
XHTML_BODY = "{http://www.w3.org/1999/xhtml}body"


def unmatched_roles(epub: Path) -> list[str]:
    """Each element whose epub:type has an ARIA role it lacks, as Ace finds them: the first
    such type of each element counts, the landmarks' links are left alone. A body cannot
    take a role, so such a type there is unmatched too."""
    unmatched = []
    with zipfile.ZipFile(epub) as archive:
        for name in (n for n in archive.namelist() if n.endswith(".xhtml")):
            root = etree.fromstring(archive.read(name))
            landmarks = {e for nav in root.iter("{*}nav") if "landmarks" in
                         nav.get(EPUB_TYPE, "").split() for e in nav.iter()}
            for element in root.iter():
                kinds = [k for k in element.get(EPUB_TYPE, "").split() if k in ROLE_OF_TYPE]
                if not kinds or element in landmarks:
                    continue
                if element.tag == XHTML_BODY or element.get("role") != ROLE_OF_TYPE[kinds[0]]:
                    unmatched.append(f"{name}: <{etree.QName(element).localname} "
                                     f"epub:type=\"{element.get(EPUB_TYPE)}\" "
                                     f"role=\"{element.get('role', '')}\">")
    return unmatched


def _normal(path: str) -> str:
    """'EPUB/text/../nav.xhtml' -> 'EPUB/nav.xhtml'."""
    parts: list[str] = []
    for part in path.split("/"):
        if part == "..":
            parts.pop()
        elif part not in ("", "."):
            parts.append(part)
    return "/".join(parts)


def unresolved_pdf_links(pdf: Path) -> list[str]:
    """Each internal link of the PDF whose named destination is missing."""
    reader = pypdf.PdfReader(pdf)
    names = set(reader.named_destinations)
    broken = []
    for number, page in enumerate(reader.pages, start=1):
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            if annotation.get("/Subtype") != "/Link":
                continue
            target = annotation.get("/Dest")
            action = annotation.get("/A")
            if target is None and action is not None and action.get("/S") == "/GoTo":
                target = action.get("/D")
            if isinstance(target, (str, bytes)) and str(target) not in names:
                broken.append(f"page {number}: {target}")
    return broken


SVG = "{http://www.w3.org/2000/svg}"
XHTML = "{http://www.w3.org/1999/xhtml}"
# matplotlib draws text as outlines at scale(font size / 100): text2path.FONT_SCALE.
OUTLINE_SCALE = re.compile(r"scale\(([\d.]+) -[\d.]+\)")
MEASURE = """<!DOCTYPE html><html><body style="margin: 0">%s<script>
addEventListener("load", () => document.body.dataset.widths = JSON.stringify(
  [...document.querySelectorAll("iframe")].flatMap(frame =>
    [...frame.contentDocument.querySelectorAll('figure img[src$=".svg"]')].map(image =>
      [image.getAttribute("src"), image.getBoundingClientRect().width]))));
</script></body></html>"""


def unreadable_figure_text(epub: Path, column: int = 390, smallest: float = 10) -> list[str]:
    """Each text of an SVG figure that Chromium, showing the EPUB's documents in a column
    `column` CSS px wide, draws smaller than `smallest` CSS px, and each that is left to
    the device's fonts (SVG <text>, which a device without the font draws in another):
    "images/harvest-1a2b.svg: 'Harvest year' is 7.3 px"."""
    with tempfile.TemporaryDirectory() as folder:
        with zipfile.ZipFile(epub) as archive:
            if not any(name.endswith(".svg") for name in archive.namelist()):
                return []
            archive.extractall(folder)
        documents = sorted(Path(folder).rglob("*.xhtml"))
        frames = "".join(f'<iframe src="{d.as_uri()}" style="width: {column}px; border: 0">'
                         f'</iframe>' for d in documents)
        page = Path(folder) / "measure.html"
        page.write_text(MEASURE % frames)
        dom = subprocess.run(
            [shutil.which("chromium") or "chromium", "--headless", "--no-sandbox",
             "--disable-gpu", "--hide-scrollbars", "--allow-file-access-from-files",
             "--virtual-time-budget=10000",
             f"--user-data-dir={folder}/profile", "--dump-dom", page.as_uri()],
            capture_output=True, text=True, timeout=120).stdout
        found = re.search(r'data-widths="([^"]*)"', dom)
        assert found, "Chromium did not measure the figures"
        shown = json.loads(found[1].replace("&quot;", '"'))
        svgs = {src: etree.parse(next(Path(folder).rglob(src))).getroot() for src, _ in shown}
        problems = []
        for src, width in shown:
            px = width / float(svgs[src].get("viewBox").split()[2])  # CSS px per SVG unit
            for label, size, outlined in _figure_texts(svgs[src]):
                if not outlined:
                    problems.append(f"{src}: {label!r} is text, in a font the device may lack")
                if size * px < smallest:
                    problems.append(f"{src}: {label!r} is {size * px:.1f} px")
        return problems


def _figure_texts(svg: etree._Element) -> list[tuple[str, float, bool]]:
    """Each text of a figure: its words, its size in SVG units, and whether it is drawn as
    outlines. matplotlib writes each text drawn as outlines after a comment that holds it."""
    texts = []
    for text in svg.iter(f"{SVG}text"):
        size = re.search(r"font-size:\s*([\d.]+)", text.get("style", ""))
        texts.append(("".join(text.itertext()),
                      float(size[1] if size else text.get("font-size", "16")), False))
    for comment in svg.iter(etree.Comment):
        outline = comment.getnext()
        scale = OUTLINE_SCALE.search(outline.get("transform", "")) if outline is not None \
            else None
        if scale:
            texts.append((comment.text.strip(), float(scale[1]) * 100, True))
    return texts


MATCHED = 12  # letters after a marker that must begin its page
# pdfplumber's tag of the characters of a picture's own text (a chart's labels), which
# the EPUB has in the picture's description instead
PICTURE_TEXT = "Figure"


@dataclass(frozen=True)
class Marker:
    """A page-break marker of the EPUB: its place in the text of the spine, the text after
    it in its document, and the header of the table it is in, which the PDF repeats at
    the top of the page."""

    place: int
    after: str
    table_head: str


def page_markers(epub: Path) -> tuple[list[str], dict[str, Marker], str]:
    """The EPUB's page list, the marker of each label in it, as the spine reads, and the
    spine's text."""
    opf = {"opf": "http://www.idpf.org/2007/opf"}
    with zipfile.ZipFile(epub) as archive:
        package = etree.fromstring(archive.read("EPUB/package.opf"))
        items = {i.get("id"): i.get("href") for i in package.find("opf:manifest", opf)}
        spine = [items[ref.get("idref")] for ref in package.find("opf:spine", opf)]
        documents = {name: etree.fromstring(archive.read(f"EPUB/{name}")) for name in spine}
    navs = documents["nav.xhtml"].iter("{*}nav")
    listed = next((n for n in navs if n.get(EPUB_TYPE) == "page-list"), None)
    links = [] if listed is None else list(listed.iter("{*}a"))
    labels = {tuple(link.get("href").split("#")): link.text for link in links}
    pieces: list[str] = []
    found: dict[str, tuple[int, str]] = {}  # each label's marker: its place, table head

    def read(element, name: str) -> None:
        label = labels.get((name, element.get("id")))
        if label is not None:
            heads = [" ".join(table.find("{*}thead").itertext()) for table in
                     element.iterancestors("{*}table") if table.find("{*}thead") is not None]
            found[label] = (sum(map(len, pieces)), heads[0] if heads else "")
        if element.get("hidden"):
            return  # the page list and landmarks are no text of the book
        # An element's edges end a word: "advance</li><li>First" is two. The cover's text
        # is its picture's description, which says what the printed cover says.
        cover = element.get("alt") if name == "cover.xhtml" else None
        pieces.append(f" {element.text or ''}{cover or ''}")
        for child in element:
            if isinstance(child.tag, str):
                read(child, name)
            pieces.append(f" {child.tail or ''}")

    ends = []  # where each document's text ends
    for name in spine:
        read(documents[name].find("{*}body"), name)
        ends.append(sum(map(len, pieces)))
    text = "".join(pieces)
    # A page begins no more than its document has after the marker: the cover's title
    # may be all there is on it.
    return [link.text for link in links], {
        label: Marker(place, text[place:min(place + 400, next(end for end in ends
                                                            if end >= place))], head)
        for label, (place, head) in found.items()}, text


def page_list_faults(pdf: Path, epub: Path) -> list[str]:
    """What is wrong with the EPUB's page list, against the PDF: each number printed on
    a page that the list lacks, each label that is no page of the PDF, each marker out of
    order, and each marker that is not right before its page's first words (the word
    broken over the page may begin before it)."""
    texts = page_texts(pdf)
    printed = {printed_folio(text): page for page, text in enumerate(texts)}
    printed.pop("", None)
    labels, markers, text = page_markers(epub)
    screen_text = letters(text)
    faults = [f"page {number} (PDF page {page + 1}) is not in the page list"
              for number, page in printed.items() if number not in labels]
    with pdfplumber.open(pdf) as document:
        # In the order the page is drawn: the flow of the text first, the running head
        # and the folio last.
        heads = [letters("".join(c["text"] for c in page.chars
                                 if c.get("tag") != PICTURE_TEXT))
                 for page in document.pages]
    pages, places = [], []
    for label in labels:
        page = printed.get(label, _roman_value(label) - 1 if ROMAN.fullmatch(label) else None)
        if page is None or page >= len(texts):
            faults.append(f"page {label} of the page list is no page of the PDF")
            continue
        pages.append(page)
        marker = markers.get(label)
        if marker is None:
            faults.append(f"page {label} has no marker")
            continue
        places.append(marker.place)
        head = heads[page].removeprefix(letters(marker.table_head))
        if head[:MATCHED] not in screen_text:
            continue  # the page begins in text for print alone: the marker is where it was
        words = [letters(word) for word in marker.after.split() if letters(word)]
        # The first word may be one broken over the page: its end begins the page.
        afters = [(words[0][cut:] + "".join(words[1:]))[:MATCHED]
                  for cut in range(len(words[0]))] if words else []
        # A page with fewer letters than that (a title page's author) begins with them.
        if not any(head.startswith(after[:len(head)]) for after in afters):
            faults.append(f"the marker of page {label} is not where the page begins: "
                          f"{' '.join(words[:8])!r} follows it, the page begins "
                          f"{heads[page][:40]!r}")
    if pages != sorted(pages) or places != sorted(places):
        faults.append(f"the page list is not in the order of the pages and the text: "
                      f"{labels}")
    return faults


def printed_folio(page_text: str) -> str:
    """The page number printed at the foot of a page, or "": the first or last word of
    its last line (a classroom's line may share it)."""
    lines = [line.split() for line in page_text.splitlines() if line.strip()]
    ends = [lines[-1][0], lines[-1][-1]] if lines else []
    return next((word for word in ends if re.fullmatch(r"\d+|[ivxlcdm]+", word)), "")


ROMAN = re.compile(r"[ivxlcdm]+")


def _roman_value(numeral: str) -> int:
    values = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "d": 500, "m": 1000}
    total = 0
    for character, following in zip(numeral, [*numeral[1:], ""]):
        value = values[character]
        total += -value if following and values[following] > value else value
    return total
