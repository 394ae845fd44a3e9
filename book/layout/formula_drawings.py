"""Each formula's drawing is turned into PDF once, then copied: WeasyPrint reads an SVG's
paths anew at each of its pictures in each PDF it writes (about 0.07 s a formula, ten times
the formula's share of the layout), though a formula's drawing never changes.

The layout places each formula as a picture of its size alone (book/maths/drawing.py's
SIZED), which WeasyPrint reads quickly. While `drawn_once` lasts, the first time one is
drawn, the PDF operators of its whole drawing are kept beside it in the formula cache; from
then on, in this PDF and in every later build's, they are copied in at the picture's size.
A drawing that needs more than the shared alpha states (a pattern, a group, a font) is
drawn as usual."""
from __future__ import annotations

from collections.abc import Iterator, Set
from contextlib import contextmanager, suppress
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
# by name (`/a1 gs` before a fill), added to the page's when the operators are copied in.
OPAQUE = ({"ca": 1}, {"CA": 1})


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
        states, operators = operators.split(b"\n", 1)
        for name in states.decode().split():
            stream._resources["ExtGState"].setdefault(
                name, pydyf.Dictionary({"CA" if name.startswith("A") else "ca": 1}))
        intrinsic_width, intrinsic_height = image._svg.get_intrinsic_size(12)
        stream.push_state()
        # Recorded at the drawing's own size: scaled to the picture's.
        stream.transform(a=width / intrinsic_width, d=height / intrinsic_height)
        stream.stream.append(operators)
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
    """The drawing's PDF operators at its own size, after a line that names the alpha
    states they set; None if they need other resources."""
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
    return (" ".join(states) + "\n").encode() + b"\n".join(recorder.stream)
