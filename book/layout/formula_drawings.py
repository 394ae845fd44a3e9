"""Each formula's drawing is turned into PDF once, then copied: WeasyPrint reads an SVG's
paths anew at each of its pictures in each PDF it writes (about 0.07 s a formula, ten times
the formula's share of the layout), though a formula's drawing never changes.

The layout places each formula as a picture of its size alone (book/maths/drawing.py's
SIZED), which WeasyPrint reads quickly. While `drawn_once` lasts, the first time one is
drawn, the PDF operators of its whole drawing are kept beside it in the formula cache; from
then on, in this PDF and in every later build's, they are copied in at the picture's size.
Each letter of a formula is drawn the same wherever it is (ziamath draws it as a symbol of
the maths font, clipped to its box), so its outline is kept apart, as a form (a PDF
XObject) that each PDF holds once and every place draws: compressing the outlines again
with each page that holds them took a tenth of a warm build of a chapter of formulas.
A drawing that needs more than the shared alpha states (a pattern, a group, a font) is
drawn as usual."""
from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator, Set
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit
from xml.etree import ElementTree  # as WeasyPrint reads a picture

import pydyf
from weasyprint.images import SVGImage
from weasyprint.pdf.stream import Stream

from ..cache import Store
from ..errors import BookError
from ..maths.drawing import PDF_OPERATORS, SIZED, outlines

# The only resources a formula's drawing may use: the opaque alpha states WeasyPrint sets
# by name (`/a1 gs` before a fill), added to the page's and the forms' resources.
OPAQUE = ({"ca": 1}, {"CA": 1})
# How WeasyPrint opens a symbol of the drawing (a letter's outline): its box, as a clip.
SYMBOL = re.compile(rb"q\n1 0 0 1 0 0 cm\n0 0 (\S+) (\S+) re\nW\nn")
STATE = re.compile(rb"/(\S+) gs")


@contextmanager
def drawn_once(formulas: Set[Path]) -> Iterator[None]:
    """While it lasts, the drawings of `formulas` are drawn from their kept PDF
    operators."""
    draw = SVGImage.draw

    def from_operators(image: SVGImage, stream: Stream, width: float, height: float,
                       style: object) -> None:
        sized = _sized_picture(image, formulas)
        if sized is None:
            return draw(image, stream, width, height, style)
        store, key = Store(sized.parent), sized.name.removesuffix(SIZED)
        operators = store.read(key, PDF_OPERATORS)
        if operators is None:
            whole = _whole(image, outlines(sized))
            operators = _record(whole, stream)
            if operators is None:
                return draw(whole, stream, width, height, style)
            with suppress(BookError):  # a full cache only costs time
                store.write(key, PDF_OPERATORS, operators)
        kept = json.loads(operators)
        for name in kept["states"]:
            stream._resources["ExtGState"].setdefault(name, _state(name))
        for name, (symbol_width, symbol_height, symbol) in kept["symbols"].items():
            if name not in stream._images:  # WeasyPrint's pictures of this PDF
                form = _Symbol(symbol_width, symbol_height, symbol, stream.compress)
                stream._images[name] = {"image": form,
                                        "interpolate": False, "dpi_ratios": {1},
                                        "x_object": None}
            stream._resources["XObject"][name] = None  # its form, once the PDF is written
        intrinsic_width, intrinsic_height = image._svg.get_intrinsic_size(12)
        stream.push_state()
        # Recorded at the drawing's own size: scaled to the picture's.
        stream.transform(a=width / intrinsic_width, d=height / intrinsic_height)
        stream.stream.append(kept["operators"].encode())
        stream.pop_state()  # forgets the colour and alpha the operators set
        return None

    SVGImage.draw = from_operators
    try:
        yield
    finally:
        SVGImage.draw = draw


def _sized_picture(image: SVGImage, formulas: Set[Path]) -> Path | None:
    """The formula's sized picture (book/maths/drawing.py) that `image` is, if it is one."""
    url = urlsplit(image._base_url or "")
    file = Path(unquote(url.path))
    return file if url.scheme == "file" and file in formulas else None


def _whole(sized: SVGImage, drawing: Path) -> SVGImage:
    """The whole drawing, its paths too, read as WeasyPrint reads a picture."""
    return SVGImage(ElementTree.fromstring(drawing.read_bytes()), drawing.as_uri(),
                    sized._url_fetcher, sized._context)


def _record(image: SVGImage, stream: Stream) -> bytes | None:
    """The drawing's PDF operators at its own size, its symbols apart, and the alpha
    states they set, as JSON; None if they need other resources."""
    width, height = image._svg.get_intrinsic_size(12)
    if not width or not height:
        return None
    resources = {name: pydyf.Dictionary() for name in stream._resources
                 if isinstance(stream._resources[name], dict)}
    fonts = dict(stream._fonts)
    recorder = stream.clone(resources=resources, fonts=fonts, compress=False)
    image._svg.draw(recorder, width, height, image._base_url, image._context)
    used = {name: dict(entries) for name, entries in resources.items() if entries}
    states = used.pop("ExtGState", {})
    if used or len(fonts) != len(stream._fonts) \
            or any(dict(state) not in OPAQUE for state in states.values()) \
            or not all(isinstance(item, bytes) for item in recorder.stream):
        return None
    operators, symbols = _symbols_apart(recorder.stream)
    return json.dumps({"states": sorted(states), "operators": operators.decode(),
                       "symbols": symbols}).encode()


def _symbols_apart(lines: list[bytes]) -> tuple[bytes, dict[str, list[str]]]:
    """A drawing's operators with each symbol drawn as its form, and the symbols (their
    width, height and operators) by the names of their forms: a digest of their
    operators, so that one form serves each place of the same letter, in any formula."""
    ends, opened = {}, []
    for number, line in enumerate(lines):
        if line == b"q":
            opened.append(number)
        elif line == b"Q":
            ends[opened.pop()] = number
    kept, symbols, number = [], {}, 0
    while number < len(lines):
        box = SYMBOL.match(b"\n".join(lines[number:number + 5]))
        if box is None:
            kept.append(lines[number])
            number += 1
            continue
        symbol = b"\n".join(lines[number:ends[number] + 1])
        name = "g" + hashlib.sha256(symbol).hexdigest()[:16]
        symbols[name] = [box[1].decode(), box[2].decode(), symbol.decode()]
        kept.append(f"/{name} Do".encode())
        number = ends[number] + 1
    return b"\n".join(kept), symbols


def _state(name: str) -> pydyf.Dictionary:
    """The opaque alpha state WeasyPrint names so: A for strokes, a for fills."""
    return pydyf.Dictionary({"CA" if name.startswith("A") else "ca": 1})


@dataclass(frozen=True)
class _Symbol:
    """A symbol's form, as WeasyPrint's PDF writer takes a picture: it asks each PDF for
    its object once (`get_x_object`)."""

    width: str  # as the operators wrote them, so that its box is their clip to the digit
    height: str
    operators: str
    compress: bool

    def get_x_object(self, interpolate: bool, dpi_ratio: float) -> pydyf.Stream:
        return pydyf.Stream([self.operators.encode()], pydyf.Dictionary({
            "Type": "/XObject", "Subtype": "/Form",
            "BBox": pydyf.Array((0, 0, self.width, self.height)),
            "Resources": pydyf.Dictionary({"ExtGState": pydyf.Dictionary({
                name.decode(): _state(name.decode())
                for name in STATE.findall(self.operators.encode())})})}),
            compress=self.compress)
