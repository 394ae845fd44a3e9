"""Formulas: `$...$` and `$$...$$` as Pandoc reads them, MathML with its alt text in the
EPUB and the web version, vector drawings in the PDF, numbered equations and their
references, and located errors for formulas that do not parse."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pdfplumber
import pypdf
from conftest import BOOKS, messages, page_texts, tag_tree, write_book
from lxml import etree
from markdown_it import MarkdownIt
from mdit_py_plugins.dollarmath import dollarmath_plugin

MATHML = "{http://www.w3.org/1998/Math/MathML}"


def pandoc_formulas(markdown: str) -> list[str]:
    """The formulas a reading with Pandoc's rules finds (markdown-it's dollarmath)."""
    reader = MarkdownIt("commonmark").enable("table")
    reader.use(dollarmath_plugin, allow_space=False, allow_digits=False, double_inline=True)
    tokens = reader.parse(markdown)
    inline = [child for token in tokens for child in token.children or []]
    return [token.content.strip() for token in [*tokens, *inline]
            if token.type.startswith("math_")]


def epub_formulas(epub) -> list[etree._Element]:
    with zipfile.ZipFile(epub) as archive:
        return [math for name in sorted(archive.namelist()) if name.endswith(".xhtml")
                for math in etree.fromstring(archive.read(name)).iter(f"{MATHML}math")]


def test_every_formula_is_mathml_in_the_epub_and_a_vector_drawing_in_the_pdf(make_book):
    run = make_book("maths", "--format", "pdf,epub,html")
    assert run.code == 0, run.err
    out = run.root / "build"
    written = [pandoc_formulas(path.read_text()) for path in
               sorted((BOOKS / "maths" / "chapters").glob("*.md"))]
    expected = sorted(latex for chapter in written for latex in chapter)
    assert len(expected) == 22
    found = epub_formulas(out / "maths.epub")
    assert sorted(math.get("alttext") for math in found) == expected
    with zipfile.ZipFile(out / "maths.epub") as archive:
        package = archive.read("EPUB/package.opf").decode()
    assert re.search(r'href="forces.xhtml"[^>]*properties="mathml"', package)
    assert not re.search(r'href="colophon.xhtml"[^>]*properties=', package)
    web = (out / "maths.html").read_text()
    assert web.count('alttext="') == len(expected)

    pdf = out / "maths.pdf"
    images = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True,
                            check=True).stdout.splitlines()[2:]
    assert images == []  # the formulas are paths, not pictures
    with pdfplumber.open(pdf) as document:
        text = "\n".join(page.extract_text() or "" for page in document.pages)
        # Drawn paths where the formulas are: the first chapter's page has many curves.
        assert sum(len(page.curves) for page in document.pages) > 100
    # Prices and the escaped dollar print as written; no formula's $ is left.
    text = " ".join(text.split())  # lines broken wherever the fonts break them
    assert "costs $5 and a guide book $10, so a visit costs $15 in all" in text
    prose = text.replace("cost = $price", "").replace("and so does $x$", "")
    assert prose.count("$") == 3
    assert "By Equation 1.1 the pull" in text
    assert "Use Equation 1.2 to find" in text
    assert "a reaction that Equation 2.1 sums" in " ".join(text.split())
    assert "(1.1)" in text and "(2.1)" in text


def test_each_formula_is_tagged_a_formula_with_its_latex_as_alt_text_in_the_pdf(make_book):
    run = make_book("maths", "--format", "pdf")
    assert run.code == 0, run.err
    tags = tag_tree(pypdf.PdfReader(run.root / "build" / "maths.pdf").trailer["/Root"])
    formulas = sorted(str(tag["/Alt"]) for tag in tags if tag["/S"] == "/Formula")
    written = [pandoc_formulas(path.read_text()) for path in
               sorted((BOOKS / "maths" / "chapters").glob("*.md"))]
    assert formulas == sorted(latex for chapter in written for latex in chapter)
    assert not [tag for tag in tags if tag["/S"] == "/Figure"]  # the book has no figure


def test_equation_references_link_to_their_equations(make_book):
    run = make_book("maths", "--format", "epub")
    assert run.code == 0, run.err
    with zipfile.ZipFile(run.root / "build" / "maths.epub") as archive:
        chapter = etree.fromstring(archive.read("EPUB/forces.xhtml"))
    links = {link.text: link.get("href") for link in chapter.iter("{*}a")
             if "xref" in link.get("class", "")}
    assert links["Equation 1.1"].endswith("#eq-gravity")
    target = chapter.xpath("//*[@id='eq-gravity']")[0]
    assert target.find(f"{MATHML}math").get("display") == "block"


def test_formulas_that_do_not_parse_are_errors_at_their_place(make_book, tmp_path):
    root = write_book(tmp_path / "bad", {"chapters/one.md": (
        "# One\n\n"
        "A fraction $\\frac{1}$ here.\n\n"
        "An unknown $\\foo x$ and $\\ce{H2O}$.\n\n"
        "$$\nx = {1 + 2\n$$\n\n"
        "Unclosed $$ x + y\n\n"
        "then more.\n\n"
        "$$\nv = 1\n\nw = 2\n$$\n")})
    run = make_book("bad", root=root)
    assert run.code == 1
    err = run.err
    assert "one.md:3:12: error: this formula does not parse: \\frac takes two arguments" in err
    assert "one.md:5:12: error: this formula uses \\foo, a command the maths typesetter " \
           "does not know" in err
    assert "one.md:5:25: error: this formula uses \\ce" in err
    assert "one.md:7:1: error: this formula has a { that is not closed" in err
    assert "one.md:11:10: error: this display formula is not closed" in err
    # A bare `$$` is told of where it is, not at the first `$$` of the chapter.
    assert "one.md:15:1: error: this display formula is not closed" in err
    assert "one.md:19:1: error: this display formula is not closed" in err
    assert "Traceback" not in err


def listed_equations(root, formulas) -> Path:
    """A book of one chapter of numbered equations, with a list of equations."""
    return write_book(root, {
        "book.toml": f'title = "{root.name}"\nlist_of_equations = true\n',
        "chapters/one.md": "# One\n\n" + "".join(
            f"$$\n{latex}\n$$ {{#eq-{number}}}\n\n" for number, latex in enumerate(formulas))})


def test_aligned_gathered_and_eqnarray_are_tables_of_columns_in_every_output(make_book,
                                                                           tmp_path):
    # latex2mathml knows none of them: it printed their & as text, which is no XML.
    environments = {
        "aligned": "\\begin{aligned} a &= b + c \\\\ d &= e \\end{aligned}",
        "alignedat": "\\begin{alignedat}{2} a &= b &\\quad c &= d \\end{alignedat}",
        "gathered": "\\begin{gathered} a = b \\\\ c = d \\end{gathered}",
        "eqnarray": "\\begin{eqnarray} a &=& b \\\\ c &=& d \\end{eqnarray}",
        # numbered by its label alone, not with align's own (1) and (2) as well
        "align": "\\begin{align} a &= b \\\\ c &= d \\end{align}",
    }
    root = listed_equations(tmp_path / "envs", environments.values())
    run = make_book("envs", "--format", "pdf,epub", root=root)
    assert run.code == 0, run.err
    formulas = epub_formulas(root / "build" / "envs.epub")
    assert len(formulas) == len(environments)
    assert all(formula.find(f".//{MATHML}mtable") is not None for formula in formulas)
    assert not [text for formula in formulas for text in formula.itertext() if "&" in text]
    texts = page_texts(root / "build" / "envs.pdf")
    listed = next(text for text in texts if "Equations" in text and "Contents" not in text)
    assert "a = b + c; d = e" in listed and "a = b; c = d" in listed
    assert not [text for text in texts if "(1)" in text or "begin" in text]


def test_the_list_of_equations_reads_each_formula_as_it_is_meant(make_book, tmp_path):
    formulas = {  # LaTeX: its plain text, where only text goes
        "f(x) = \\frac{1}{\\sigma\\sqrt{2\\pi}} e^{-\\frac{(x-\\mu)^2}{2\\sigma^2}}":
            "f(x) = (1/(σ√(2π)))e^(−(((x−μ)²)/(2σ²)))",
        "D = 1 - \\sum_{i=1}^{S} n_i": "D = 1 − ∑_(i=1)^S n_i",
        "(x', y')": "(x′,y′)",
        "\\mathrm{C_6H_{12}O_6} \\longrightarrow 6\\mathrm{CO_2}": "C₆H₁₂O₆ ⟶ 6CO₂",
        "\\begin{pmatrix} 1 & -2 \\\\ 0 & 1 \\end{pmatrix}": "(1 −2; 0 1)",
    }
    root = listed_equations(tmp_path / "read", formulas)
    run = make_book("read", "--format", "epub", root=root)
    assert run.code == 0, run.err
    with zipfile.ZipFile(root / "build" / "read.epub") as archive:
        listed = etree.fromstring(archive.read("EPUB/list-of-equations.xhtml"))
    numbers = listed.iterfind(".//{*}span[@class='lof-number']")  # the text after each
    assert [" ".join(number.tail.split()) for number in numbers] == list(formulas.values())


def test_an_arrow_that_carries_text_stretches_under_it_on_screen(make_book, tmp_path):
    # latex2mathml widened the text by relative lengths, which MathML Core does not know:
    # in Chromium the text ran over what followed, over an arrow that did not stretch.
    root = write_book(tmp_path / "arrow", {"chapters/one.md": (
        "# One\n\n$$A \\xrightarrow{\\text{light}} B \\xleftarrow[\\text{cold}]{\\text{heat}}"
        " C$$\n")})
    run = make_book("arrow", "--format", "epub", root=root)
    assert run.code == 0, run.err
    [formula] = epub_formulas(root / "build" / "arrow.epub")
    arrows = [element[0] for element in formula.iter(f"{MATHML}mover", f"{MATHML}munderover")]
    assert [(arrow.tag, arrow.text, arrow.get("stretchy")) for arrow in arrows] == [
        (f"{MATHML}mo", "→", "true"), (f"{MATHML}mo", "←", "true")]
    assert not [padded for padded in formula.iter(f"{MATHML}mpadded")
                if padded.get("width", "").startswith("+")]


def test_an_ampersand_a_formula_cannot_set_is_an_error_at_its_place(make_book, tmp_path):
    root = write_book(tmp_path / "amp", {
        "book.toml": 'title = "Amp"\nlist_of_equations = true\n',
        "chapters/one.md": (
            "# One\n\nLoose $a & b$ here, kept $a \\& b$ there.\n\n"
            "$$\\begin{cases} x & \\text{if a & b} \\end{cases}$$ {#eq-cases}\n\n"
            "A sign $\\text{a<b}$ in text.\n\n"
            "$$\\left( x$$ {#eq-left}\n")})
    run = make_book("amp", root=root)
    assert run.code == 1
    assert "one.md:3:7: error: this formula has an & outside a table of columns: put its " \
           "lines in \\begin{aligned} ... \\end{aligned}, or write \\& for an ampersand" \
        in run.err
    assert "one.md:5:1: error: this formula has an & or a < inside \\text{...}" in run.err
    assert "one.md:7:8: error: this formula has an & or a < inside \\text{...}" in run.err
    # Numbered and listed, it is told of at its place, not a fault of the list.
    assert "one.md:9:1: error: this formula does not parse (latex2mathml: a \\left has no " \
           "\\right" in run.err
    assert len(messages(run.err)) == 5, run.err  # four errors, drawn or not, and the summary
    assert "internal error" not in run.err and "Traceback" not in run.err


def test_a_formula_with_an_empty_line_is_an_error_at_its_place(make_book, tmp_path):
    root = write_book(tmp_path / "empty", {"chapters/one.md": (
        "# One\n\nA line $\\\\ x$ that breaks before it starts.\n")})
    run = make_book("empty", root=root)
    assert run.code == 1
    assert "one.md:3:9: error: this formula cannot be drawn for print: it draws nothing, or " \
           "one of its lines is empty; give it something to print, or take out the \\\\ at " \
           "its start or end, or the second of two in a row" in run.err
    assert "Traceback" not in run.err


def test_a_dollar_that_takes_in_a_link_is_a_warning_and_an_escaped_one_keeps_the_link(
        make_book, tmp_path):
    # Pandoc reads the first line's dollars as a formula that holds the link's `](`.
    root = write_book(tmp_path / "link", {"chapters/one.md": (
        "# One\n\nRun the [$web service](https://example.org/$x) today.\n\n"
        "Run the [\\$web service](https://example.org/$y) today.\n")})
    run = make_book("link", root=root)
    assert run.code == 0
    assert "one.md:3:10: warning: this formula takes in a link's `](`" in run.err
    assert "one.md:5" not in run.err
    chapter = zipfile.ZipFile(root / "build" / "link.epub").read("EPUB/one.xhtml").decode()
    assert '<a href="https://example.org/$y">$web service</a>' in chapter


def test_two_prices_read_as_a_formula_are_a_warning(make_book, tmp_path):
    # Pandoc's rules read them as maths too: the author is told, the formula stays.
    root = write_book(tmp_path / "prices", {"chapters/one.md": (
        "# One\n\nSlides cost $12 a box; a set of quadrats is 35$.\n\n"
        "Energy $2870\\,\\mathrm{kJ\\,mol^{-1}}$ and $5 \\text{apples and pears}$ and "
        "$2 \\sin x \\cos y$.\n")})
    run = make_book("prices", root=root)
    assert run.code == 0, run.err
    assert [line for line in messages(run.err) if "warning" in line] == [
        f"{root / 'chapters' / 'one.md'}:3:13: warning: this formula opens with a number and "
        "holds words, as two prices do: the dollar signs around them opened and closed it. "
        "Write \\$ for a dollar sign, and the text stays text"]


def test_a_reference_to_an_equation_that_does_not_exist_is_an_error(make_book, tmp_path):
    root = write_book(tmp_path / "ref", {"chapters/one.md": (
        "# One\n\n$$a = b$$ {#eq-one}\n\nAs @eq-on says.\n")})
    run = make_book("ref", root=root)
    assert run.code == 1
    assert "one.md:5:4: error: @eq-on refers to no figure, table, equation or section; " \
           "did you mean @eq-one?" in run.err


def test_a_label_after_a_formula_that_is_no_equations_label_is_an_error(make_book, tmp_path):
    # pandoc-crossref's {#eq:name}: attr_list took it for the paragraph's, without a word.
    root = write_book(tmp_path / "label", {"chapters/one.md": (
        "# One\n\n$$a = b$$ {#eq:speed}\n\n$$c = d$$ {#eq-ok}\n\nAs @eq-ok says.\n")})
    run = make_book("label", root=root)
    assert run.code == 1
    assert messages(run.err) == [
        f"{root / 'chapters' / 'one.md'}:3:1: error: the label {{#eq:speed}} is no equation's "
        "label, so the equation has no number: write {#eq-speed} (eq- and letters, digits or "
        "hyphens)", "build failed: 1 error; earlier outputs were left as they were"]


def test_a_formula_in_a_title_prints_as_text_in_the_contents_and_the_navigation(
        make_book, tmp_path):
    root = write_book(tmp_path / "titles", {
        "chapters/one.md": "# Energy, $E = mc^2$\n\nText.\n\n## Burning $\\mathrm{CH_4}$\n\n"
                           "More.\n",
        "chapters/two.md": '---\ntitle: "Water, $\\\\mathrm{H_2O}$, costs \\\\$5"\n---\n\n'
                           "Text.\n"})
    run = make_book("titles", "--format", "pdf,epub", root=root)
    assert run.code == 0, run.err
    with zipfile.ZipFile(root / "build" / "titles.epub") as archive:
        navigation = etree.fromstring(archive.read("EPUB/nav.xhtml"))
    entries = [" ".join("".join(link.itertext()).split()) for link in navigation.iter("{*}a")]
    assert {"1. Energy, E = mc²", "Burning CH₄", "2. Water, H₂O, costs $5"} <= set(entries)
    texts = page_texts(root / "build" / "titles.pdf")
    contents = next(text for text in texts if "Contents" in text)
    assert "Energy, E = mc²" in contents and "Burning CH₄" in contents
    assert "Water, H₂O, costs $5" in contents
    assert not [text for text in texts if "mathrm" in text or "mc^2" in text]


def test_a_formula_in_a_caption_prints_as_text_in_the_list_of_figures(make_book, tmp_path):
    root = write_book(tmp_path / "caption", {
        "images/leaf.svg": '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
                           '<rect width="5" height="5"/></svg>',
        "chapters/one.md": "# One\n\n![The curve for $K = 220$ of $\\mathrm{CO_2}$]"
                           "(../images/leaf.svg){#fig-curve}\n\nSee @fig-curve.\n"})
    run = make_book("caption", "--format", "pdf,epub", root=root)
    assert run.code == 0, run.err
    with zipfile.ZipFile(root / "build" / "caption.epub") as archive:
        listed = " ".join(etree.fromstring(archive.read("EPUB/figures.xhtml")).itertext())
    assert "The curve for K = 220 of CO₂" in " ".join(listed.split())
    printed = next(text for text in page_texts(root / "build" / "caption.pdf")
                   if "Figures" in text and "Contents" not in text)
    assert "The curve for K = 220 of CO₂" in printed and "$" not in printed


def test_a_list_of_equations_only_when_the_settings_ask_for_it(make_book, tmp_path):
    run = make_book("maths", "--format", "pdf,epub")
    assert run.code == 0, run.err
    assert not [text for text in page_texts(run.root / "build" / "maths.pdf")
                if "Equations" in text]
    with zipfile.ZipFile(run.root / "build" / "maths.epub") as archive:
        assert "EPUB/list-of-equations.xhtml" not in archive.namelist()

    root = tmp_path / "listed"
    shutil.copytree(BOOKS / "maths", root)
    with (root / "book.toml").open("a") as settings:
        settings.write("list_of_equations = true\n")
    run = make_book("listed", "--format", "pdf,epub", root=root)
    assert run.code == 0, run.err
    texts = page_texts(root / "build" / "maths.pdf")
    listed = next(text for text in texts if text.lstrip().startswith("Equations"))
    lines = [" ".join(re.sub(r"\.{2,}", " ", line).split()) for line in listed.splitlines()]
    assert "(1.1) v = u + at 1" not in lines  # numbered in reading order
    assert {"(1.2) v = u + at 1", "(2.1) 6CO₂ + 6H₂O → (light) C₆H₁₂O₆ + 6O₂ 3"} <= set(lines)
    contents = next(text for text in texts if "Contents" in text)
    assert "Equations" in contents
    with zipfile.ZipFile(root / "build" / "maths.epub") as archive:
        listing = etree.fromstring(archive.read("EPUB/list-of-equations.xhtml"))
    links = {"".join(link.itertext()): link.get("href") for link in listing.iter("{*}a")}
    assert links["(1.1)F = G(m₁m₂/r²)"] == "forces.xhtml#eq-gravity"


def _built_in_a_process_of_its_own(root):
    """`make-book build` on `root` as a rebuild runs it: a new process, with only its cache
    to remember the last build by."""
    subprocess.run([sys.executable, "-c", "import sys; from book.cli import main; "
                    "sys.exit(main(['build', '--quiet', '--format', 'epub', '-C', sys.argv[1]]))",
                    str(root)], check=True)


def test_a_rebuild_takes_the_formulas_mathml_from_the_cache_and_keeps_only_the_book_s(tmp_path):
    root = tmp_path / "maths"
    shutil.copytree(BOOKS / "maths", root)
    _built_in_a_process_of_its_own(root)
    [kept] = (root / "build" / ".cache" / "formulas").glob("*.mathml.json")
    formulas = {latex for latex, _, _ in json.loads(kept.read_text())}
    assert "E = mc^2" in formulas and "v = u + a t" in formulas
    # What the cache holds is what the rebuild prints: it parses the formula no more.
    entries = [[latex, display, mathml.replace("<mi>E</mi>", "<mi>kept</mi>")
                if latex == "E = mc^2" else mathml]
               for latex, display, mathml in json.loads(kept.read_text())]
    kept.write_text(json.dumps(entries))
    chapter = root / "chapters" / "01-forces.md"
    chapter.write_text(chapter.read_text().replace("$v = u + a t$", "$v = u + at$"))
    _built_in_a_process_of_its_own(root)
    with zipfile.ZipFile(root / "build" / "maths.epub") as epub:
        forces = next(epub.read(name).decode() for name in epub.namelist()
                      if "forces" in name and name.endswith(".xhtml"))
    assert "<mi>kept</mi>" in forces
    formulas = {latex for latex, _, _ in json.loads(kept.read_text())}
    assert "v = u + at" in formulas and "v = u + a t" not in formulas
