"""A formula's LaTeX as MathML, for the EPUB and the web version (latex2mathml), and what is
wrong with a formula that does not parse.

The chapter's HTML holds each formula as `<span class="math ..." data-latex="...">`
(reading/markup/maths.py); `put_mathml` fills those spans in a tree that goes to a screen.

latex2mathml takes most of a millisecond a formula, which made parsing most of the reading
of a chapter of formulas: each formula is parsed once in a process, and while
`kept_between_builds` lasts the MathML of the formulas read is kept in the cache for the
next build, read back in one file.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from copy import deepcopy
from pathlib import Path

import latex2mathml.converter
import latex2mathml.exceptions as parse_errors
import lxml.etree as etree
import lxml.html

from ..cache import Store, cache_key
from ..errors import BookError

MATHML = "http://www.w3.org/1998/Math/MathML"
# latex2mathml's MathML, read without its namespace as HTML elements, as lxml.html keeps
# them (the EPUB's XHTML gives them MathML's): quicker than copying each element.
NAMESPACE_DECLARATION = f' xmlns="{MATHML}"'.encode()
AS_HTML = etree.XMLParser()
AS_HTML.set_element_class_lookup(lxml.html.HtmlElementClassLookup())
MATH_CLASS = "math"
# A command latex2mathml does not know is kept as the text of an <mi> or <mo>.
UNKNOWN_COMMAND = re.compile(r"\\[A-Za-z]+")
# What went wrong, for each of latex2mathml's errors (it gives them no message).
PARSE_ERRORS: dict[type[Exception], str] = {
    parse_errors.NoAvailableTokensError: "it ends too soon: a command lacks its "
                                         "{argument} (as \\frac{1} lacks its denominator)",
    parse_errors.NumeratorNotFoundError: "\\frac has no numerator: write \\frac{a}{b}",
    parse_errors.DenominatorNotFoundError: "\\frac has no denominator: write \\frac{a}{b}",
    parse_errors.MissingEndError: "a \\begin{...} has no \\end{...}",
    parse_errors.ExtraLeftOrMissingRightError: "a \\left has no \\right, or a \\right no "
                                               "\\left",
    parse_errors.DoubleSubscriptsError: "two subscripts in a row: write x_{ab}",
    parse_errors.DoubleSuperscriptsError: "two superscripts in a row: write x^{ab}",
    parse_errors.MissingSuperScriptOrSubscriptError: "^ or _ has nothing after it",
    parse_errors.InvalidAlignmentError: "an array's column alignment is not l, c or r",
    parse_errors.InvalidWidthError: "a width is not a length such as 2em",
    parse_errors.InvalidStyleForGenfracError: "\\genfrac's style is not 0, 1, 2 or 3",
    parse_errors.LimitsMustFollowMathOperatorError: "\\limits must follow an operator such "
                                                    "as \\sum",
}

# ziamath cannot draw either sign in text, and latex2mathml keeps \\& there as written.
SIGN_IN_TEXT = ("this formula has an & or a < inside \\text{...}, which cannot be typeset: "
                "write the word (\\text{and}), or put the sign outside the text, as in "
                "\\text{if } a < b")

# What each MathML element that latex2mathml may leave short of its parts is missing; it
# writes \frac{1} without complaint, as an <mfrac> of one part.
PARTS = {
    "mfrac": (2, "\\frac takes two arguments: \\frac{numerator}{denominator}"),
    "mroot": (2, "\\sqrt[n] takes its radicand: \\sqrt[3]{x}"),
    "msub": (2, "_ needs a base before it and a subscript after it"),
    "msup": (2, "^ needs a base before it and a power after it"),
    "msubsup": (3, "_ and ^ need a base before them"),
    "munder": (2, "a command lacks what goes under it"),
    "mover": (2, "a command lacks what goes over it"),
    "munderover": (3, "an operator with \\limits lacks its limits"),
}


def formula_problems(latex: str) -> list[str]:
    """What keeps `latex` from being typeset: the parser's error, unbalanced braces, or
    commands it does not know (\\ce among them). Empty when it is well."""
    try:
        written = _mathml(latex, False)
        math = etree.fromstring(written)
    except etree.XMLSyntaxError:  # what _mathml could not make XML of
        return [SIGN_IN_TEXT]
    except Exception as error:  # its own errors, and any failure on an author's text
        why = PARSE_ERRORS.get(type(error)) or f"{type(error).__name__}: {error}"
        return [f"this formula does not parse (latex2mathml: {why})"]
    problems = []
    if any(set(element.text or "") & {"&", "<"} for element in math.iter(f"{{{MATHML}}}mtext")):
        problems.append(SIGN_IN_TEXT)
    if b"<mi>&amp;</mi>" in written:  # an & of the author's, not \\&
        problems.append("this formula has an & outside a table of columns: put its lines "
                        "in \\begin{aligned} ... \\end{aligned}, or write \\& for an "
                        "ampersand")
    for tag, (parts, why) in PARTS.items():
        if any(len(element) != parts for element in math.iter(f"{{{MATHML}}}{tag}")):
            problems.append(f"this formula does not parse: {why}")
    depth = 0
    for brace in re.findall(r"\\.|[{}]", latex):
        depth += {"{": 1, "}": -1}.get(brace, 0)
        if depth < 0:
            problems.append("this formula has a } that closes no {: take it out, or add "
                            "the { it closes")
            break
    if depth > 0:
        problems.append("this formula has a { that is not closed: add the } that closes it")
    for command in dict.fromkeys(_unknown_commands(math)):
        hint = (": write chemistry with \\mathrm, as \\mathrm{H_2O} and "
                "\\xrightarrow{\\text{heat}}" if command == "\\ce" else "")
        problems.append(f"this formula uses {command}, a command the maths typesetter does "
                        f"not know{hint}")
    return problems


def put_mathml(tree: lxml.html.HtmlElement) -> None:
    """Fill each formula's span with its MathML, as HTML elements (in the HTML namespace,
    as lxml.html keeps them; the EPUB's XHTML gives them MathML's)."""
    for span in tree.find_class(MATH_CLASS):
        latex = span.get("data-latex")
        if latex is None:
            continue
        span.text = None  # the formula as written; an equation's number stays after it
        math = etree.fromstring(_mathml(latex, "display" in span.get("class", "").split())
                                .replace(NAMESPACE_DECLARATION, b"", 1), AS_HTML)
        math.set("alttext", latex)
        span.insert(0, math)


KEPT = ".mathml.json"  # the file of the formulas' MathML in the cache
# Each formula's MathML, inline and on display, made or read in this process.
_converted: dict[tuple[str, bool], bytes] = {}
# The formulas that the builds in `kept_between_builds` have asked for.
_asked: list[set[tuple[str, bool]]] = []


def _mathml(latex: str, display: bool) -> bytes:
    for asked in _asked:
        asked.add((latex, display))
    if (latex, display) not in _converted:
        mathml = latex2mathml.converter.convert(supported_latex(latex),
                                                display="block" if display else "inline")
        # latex2mathml writes an author's & and < (in \text, or an & outside a table) as
        # they are, which is not XML.
        mathml = re.sub(r"<(?![A-Za-z/])", "&lt;",
                        re.sub(r"&(?!#x?[0-9A-Fa-f]+;|[A-Za-z]+;)", "&amp;", mathml))
        mathml = ARROW_TEXT.sub(r'<mrow><mspace width=".3em" />\1<mspace width=".3em" /></mrow>',
                                ARROW_UNDER_TEXT.sub(r'<\1><mo stretchy="true">\2</mo>', mathml))
        _converted[latex, display] = mathml.encode()
    return _converted[latex, display]


# An arrow that carries text (\\xrightarrow{...}), as latex2mathml writes it: its text is
# widened by relative lengths, which MathML Core (Chromium's, the readers') does not
# know, so that the text ran over what follows; and the arrow, in a style, did not
# stretch under it. As the arrow, stretchy, under its text with a space either side.
ARROW_UNDER_TEXT = re.compile(r'<(m(?:over|underover))><mstyle scriptlevel="0"><mo>([^<]*)</mo>'
                              r'</mstyle>')
ARROW_TEXT = re.compile(r'<mpadded width="\+0\.833em" lspace="0\.556em" voffset="-\.2em" '
                        r'height="-\.2em">(.*?)(?:<mspace depth="\.25em" />)?</mpadded>')

# LaTeX's environments that latex2mathml does not know (it would print their & as text),
# as those it knows that set them alike. A booklet numbers its equations by their labels,
# so `align` and `eqnarray` lose their own numbers, as `align*` and `eqnarray*` have none.
ENVIRONMENTS = {"aligned": "align*", "alignedat": "align*", "align": "align*",
                "gathered": "array}{c", "gather": "array}{c", "gather*": "array}{c",
                "eqnarray": "array}{rcl", "eqnarray*": "array}{rcl"}
_NAMES = "|".join(re.escape(name) for name in ENVIRONMENTS)
# alignedat's number of columns, which align* takes from its rows
ENVIRONMENT = re.compile(rf"\\begin\{{(?P<begin>{_NAMES})\}}(?:\{{\d+\}})?"
                         rf"|\\end\{{(?P<end>{_NAMES})\}}")


def supported_latex(latex: str) -> str:
    """`latex` in the environments latex2mathml (and ziamath, which reads LaTeX with it)
    knows: `aligned` as `align*`, `gathered` as a centred array."""
    def known(m: re.Match) -> str:
        if m["begin"]:
            return f"\\begin{{{ENVIRONMENTS[m['begin']]}}}"
        return f"\\end{{{ENVIRONMENTS[m['end']].split('}')[0]}}}"
    return ENVIRONMENT.sub(known, latex)


@contextmanager
def kept_between_builds(folder: Path | None) -> Iterator[None]:
    """While it lasts, the formulas' MathML comes from `folder` when the last build there
    kept it, and what it asks for is kept there in the end (only that, so that the file
    holds no formula that is gone). Without a folder, this process keeps it alone."""
    if folder is None:
        yield
        return
    store, key = Store(folder), cache_key("mathml")
    read = store.read(key, KEPT) or b"[]"
    with suppress(ValueError):  # unreadable: only not used
        for latex, display, converted in json.loads(read):
            _converted.setdefault((latex, display), converted.encode())
    asked: set[tuple[str, bool]] = set()
    _asked.append(asked)
    try:
        yield
    finally:
        _asked.remove(asked)
    kept = json.dumps([[latex, display, _converted[latex, display].decode()]
                       for latex, display in sorted(asked) if (latex, display) in _converted],
                      ensure_ascii=False).encode()
    if kept != read:
        with suppress(BookError):  # a full cache only costs time
            store.write(key, KEPT, kept)


def _unknown_commands(math: etree._Element) -> list[str]:
    """The commands of a formula that latex2mathml kept as text, not knowing them."""
    return [element.text for element in math.iter(f"{{{MATHML}}}mi", f"{{{MATHML}}}mo")
            if element.text and UNKNOWN_COMMAND.fullmatch(element.text)]


# A formula as plain text, where only text may go (the contents, the running heads, the
# EPUB's navigation): scripts as Unicode's superscripts and subscripts where it has them.
SUPERSCRIPTS = str.maketrans("0123456789+-−=()ni", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁼⁽⁾ⁿⁱ")
SUBSCRIPTS = str.maketrans("0123456789+-−=()aeoxhklmnpst", "₀₁₂₃₄₅₆₇₈₉₊₋₋₌₍₎ₐₑₒₓₕₖₗₘₙₚₛₜ")
# Accents over a letter, as the combining marks that follow it.
ACCENTS = {"→": "\u20d7", "^": "\u0302", "\u00af": "\u0304", "~": "\u0303", "˙": "\u0307",
           ".": "\u0307", "¨": "\u0308"}
# Operators printed with a space either side, as the formula sets them.
SPACED = set("=+−-×÷±∓<>≤≥≈≠≡∝→←↔⇌⇒⇔⟶⟵⟷⟹")
LARGE_OPERATORS = set("∑∏∫∮⋃⋂")
ONE_FACTOR = re.compile(r"(?:\d+(?:\.\d+)?|[^\W\d_]+)[⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱ₀-ₜ′″‴]*")


def plain_text(latex: str) -> str:
    """The formula as it reads in plain text: `E = mc²`, `CH₄`, `F⃗ = ma⃗`; as written
    when it does not parse (which is an error at its place)."""
    if formula_problems(latex):
        return latex
    return " ".join(_plain(etree.fromstring(_mathml(latex, False)), spaced=True).split())


def _plain(element: etree._Element, spaced: bool = False) -> str:
    tag = etree.QName(element).localname
    # A sign that opens its row (−2) is not spaced as an operation.
    parts = [_plain(child, spaced and tag in ("math", "mrow", "mstyle", "mtable", "mtr", "mtd")
                    and not (index == 0 and etree.QName(child).localname == "mo"))
             for index, child in enumerate(element)]
    if tag in ("mi", "mo"):  # an arrow may be either (\\longrightarrow is an <mi>)
        text = element.text or ""
        return f" {text} " if spaced and text in SPACED else text
    if tag in ("mn", "mtext", "ms"):
        return element.text or ""
    if tag == "mspace":
        return " " if element.get("width") else ""
    if tag in ("msup", "msub", "msubsup", "munder", "mover", "munderover") and parts:
        base, scripts = parts[0], parts[1:]
        if tag == "mover" and scripts and scripts[0] in ACCENTS:
            return base + ACCENTS[scripts[0]]
        if tag == "mover":  # an arrow that carries text: → (light)
            return f" {base.strip()} ({scripts[0].strip()}) " if scripts else base
        lower = scripts[0] if tag in ("msub", "msubsup", "munder", "munderover") else None
        upper = scripts[-1] if tag in ("msup", "msubsup", "mover", "munderover") else None
        # A sum's limits end before what it sums: ∑_(i=1)^S n_i, not ∑_(i=1)^Sn_i.
        after = " " if base.strip() in LARGE_OPERATORS else ""
        return base + (_script(lower, SUBSCRIPTS, "_") if lower else "") \
            + (_script(upper, SUPERSCRIPTS, "^") if upper else "") + after
    if tag == "mfrac" and len(parts) == 2:  # bracketed, as ½at² would read 1/2at²
        return f"({_grouped(parts[0])}/{_factor(parts[1])})"
    if tag == "msqrt":
        return "√" + _factor("".join(parts))
    if tag == "mroot" and len(parts) == 2:
        return parts[1].translate(SUPERSCRIPTS) + "√" + _factor(parts[0])
    if tag == "mphantom":
        return ""
    if tag == "mtr":
        return " ".join(parts)
    if tag == "mtable":
        return "; ".join(parts)
    return "".join(parts)


def _script(text: str, scripts: dict[int, int], mark: str) -> str:
    """`text` as Unicode's superscripts or subscripts if it has them all, else marked;
    primes as they are (x′)."""
    if text and set(text) <= set("′″‴"):
        return text
    if all(ord(character) in scripts for character in text):
        return text.translate(scripts)
    return mark + _grouped(text)


def _grouped(text: str) -> str:
    """`text` in brackets if it is more than one letter, number or symbol."""
    return text if len(text) == 1 or text.isalnum() else f"({text})"


def _factor(text: str) -> str:
    """`text` in brackets unless it is one number, word or letter with its scripts: after
    a / or a √, (2σ²) and (2π), as 2σ² would read divided by 2 and then times σ²."""
    return text if ONE_FACTOR.fullmatch(text) else f"({text})"


def text_content(element: lxml.html.HtmlElement) -> str:
    """The element's text, each formula in it as its plain text (not its LaTeX)."""
    copy = deepcopy(element)
    for span in copy.find_class(MATH_CLASS):
        latex = span.get("data-latex")
        if latex is not None:
            tail = span.tail
            span.clear()  # its LaTeX as written, and an equation's number
            span.text, span.tail = plain_text(latex), tail
    return copy.text_content()
