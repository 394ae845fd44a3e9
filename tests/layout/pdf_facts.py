"""What a reader, a screen reader or a PDF viewer gets from a PDF, to compare a book laid
out in parts with the book laid out in one pass (test_parts.py, test_lay_out.py)."""
from __future__ import annotations

import re
from pathlib import Path

import pdfplumber
import pikepdf


def pdf_facts(path: Path) -> dict:
    """What a reader, a screen reader or a PDF viewer gets from the file."""
    with pikepdf.open(path) as pdf:
        number = {page.objgen: index for index, page in enumerate(pdf.pages)}
        with pdf.open_outline() as outline:
            def items(entries, depth=0):
                for entry in entries:
                    yield depth, str(entry.title), number[entry.destination[0].objgen]
                    yield from items(entry.children, depth + 1)
            bookmarks = list(items(outline.root))
        names = pdf.Root.Names.Dests.Names
        destinations = {str(name): number[target[0].objgen]
                        for name, target in zip(names[::2], names[1::2])}
        links = [[str(link.get("/Dest", "")) or str(link.A.URI)
                  for link in page.obj.get("/Annots", [])]
                 for page in pdf.pages]
        tags = []

        def walk(element, depth):
            page = element.get("/Pg", pdf.pages[0].obj)
            tags.append((depth, str(element.S), number.get(page.objgen)))
            kids = element.get("/K", [])
            for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
                if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                    walk(kid, depth + 1)
        walk(pdf.Root.StructTreeRoot.K[0], 0)
        with pdfplumber.open(path) as document:
            texts = [re.sub(r"\s+", " ", page.extract_text() or "") for page in document.pages]
        return {"pages": len(pdf.pages), "texts": texts, "outline": bookmarks,
                "destinations": destinations, "links": links, "tags": tags,
                "language": str(pdf.Root.Lang), "title": str(pdf.docinfo.Title),
                "marked": bool(pdf.Root.MarkInfo.Marked), "xmp": "/Metadata" in pdf.Root,
                "parent tree": _parent_tree_problems(pdf)}


def _parent_tree_problems(pdf: pikepdf.Pdf) -> list[str]:
    """Each page and link must find its structure elements through the parent tree."""
    nums = pdf.Root.StructTreeRoot.ParentTree.Nums
    tree = {int(key): value for key, value in zip(nums[::2], nums[1::2])}
    problems = []
    for index, page in enumerate(pdf.pages):
        for element in tree.get(int(page.obj.StructParents), [None]):
            if element is None or element.Pg.objgen != page.objgen:
                problems.append(f"page {index + 1}: marked content without its element")
        for link in page.obj.get("/Annots", []):
            element = tree.get(int(link.StructParent))
            kids = element.K if element is not None else []
            if not any(isinstance(kid, pikepdf.Dictionary) and "/Obj" in kid
                       and kid.Obj.objgen == link.objgen
                       for kid in (kids if isinstance(kids, pikepdf.Array) else [kids])):
                problems.append(f"page {index + 1}: a link without its element")
    return problems
