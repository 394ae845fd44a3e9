"""Would laying chapters out in parallel and stitching the PDFs pay? A measurement.

    python bench/stitch.py [BOOKLET_FOLDER] [--pages N]   (default: a generated 250-page book)

Takes the book's main document as a build gives it to WeasyPrint (bench/floor.py) and
writes it as PDF/UA twice: in one pass, and cut at a chapter opening into two halves laid
out at the same time in two processes, then joined with pypdf. Chapters open on a right
page, so each half can be laid out alone; the second half's page numbers start where the
one-pass layout says the first half ends (a real build would need them from a previous
layout). Prints both times and what the joined PDF kept of the one-pass PDF.
"""
from __future__ import annotations

import argparse
import io
import json
import multiprocessing
import sys
import tempfile
import time
from pathlib import Path

import lxml.html
import pypdf
import weasyprint

sys.path.insert(0, str(Path(__file__).parent))
from floor import record  # noqa: E402
from run import large_book  # noqa: E402


def write(html: str, base_url: str, css: list[dict], extra: str = "") -> tuple[bytes, dict]:
    sheets = [weasyprint.CSS(**sheet) for sheet in css] + [weasyprint.CSS(string=extra)]
    document = weasyprint.HTML(string=html, base_url=base_url).render(stylesheets=sheets)
    anchors = {name: number for number, page in enumerate(document.pages)
               for name in page.anchors}
    return document.write_pdf(pdf_variant="pdf/ua-1"), anchors


def halves(html: str) -> tuple[str, str, str, str]:
    """The document cut before the chapter that starts its second half, and the ids of the
    first chapter and of that one."""
    body = lxml.html.document_fromstring(html).body
    chapters = [section for section in body if "chapter" in (section.get("class") or "").split()]
    middle = chapters[len(chapters) // 2]
    cut = list(body).index(middle)
    return (_keep(html, slice(None, cut)), _keep(html, slice(cut, None)),
            chapters[0].get("id"), middle.get("id"))


def _keep(html: str, kept_part: slice) -> str:
    """The document with only that slice of its body's children."""
    tree = lxml.html.document_fromstring(html)
    children = list(tree.body)
    for element in set(children) - set(children[kept_part]):
        tree.body.remove(element)
    return lxml.html.tostring(tree, encoding="unicode")


def kept(path: bytes) -> dict:
    reader = pypdf.PdfReader(io.BytesIO(path))
    root = reader.trailer["/Root"]
    links = sum(1 for page in reader.pages for annotation in page.get("/Annots") or []
                if annotation.get_object().get("/Subtype") == "/Link")
    return {"pages": len(reader.pages), "links": links,
            "named destinations": len(reader.named_destinations),
            "outline entries": len(reader.outline),
            "tagged (structure tree)": "/StructTreeRoot" in root,
            "language": str(root.get("/Lang"))}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", nargs="?", type=Path)
    parser.add_argument("--pages", type=int, default=250)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        root = args.root or large_book(Path(scratch) / "book", args.pages)
        record(root, Path(scratch) / "floor")
        document = json.loads((Path(scratch) / "floor" / "documents.json").read_text())[0]
    html, base_url, css = document["html"], document["base_url"], document["css"]
    first, second, first_chapter, middle = halves(html)

    start = time.perf_counter()
    whole, anchors = write(html, base_url, css)
    one_pass = time.perf_counter() - start

    # The second half is numbered on from the first, as the one-pass layout numbered it.
    number = anchors[middle] - anchors[first_chapter]
    numbering = f"@page :first {{ counter-reset: page {number + 1} }}"
    start = time.perf_counter()
    with multiprocessing.get_context("fork").Pool(2) as pool:
        parts = [pool.apply_async(write, (first, base_url, css)),
                 pool.apply_async(write, (second, base_url, css, numbering))]
        pdfs = [part.get()[0] for part in parts]
    joined = pypdf.PdfWriter()
    for pdf in pdfs:
        joined.append(io.BytesIO(pdf))
    output = io.BytesIO()
    joined.write(output)
    stitched = time.perf_counter() - start

    print(f"{'':<28}{'one pass':>12}{'two halves':>12}")
    print(f"{'seconds':<28}{one_pass:>12.2f}{stitched:>12.2f}   ratio {stitched / one_pass:.2f}")
    for (name, single), joined_value in zip(kept(whole).items(), kept(output.getvalue()).values()):
        print(f"{name:<28}{single!s:>12}{joined_value!s:>12}")


if __name__ == "__main__":
    main()
