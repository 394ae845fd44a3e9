"""Tagged PDFs, one after the other, as one tagged PDF.

WeasyPrint writes each part of the book as PDF/UA (part_layout.py). Joined, the book keeps
what a one-piece layout gives: the structure tree with its parent tree renumbered, links
(they name their targets, so they find them in any part), the named destinations, the
outline, and the first part's catalog entries and metadata (language, title, XMP)."""
from __future__ import annotations

import io
from collections.abc import Callable

import pikepdf
from pikepdf.models.outlines import OutlineItem

from .part_layout import PartLayout


def join(parts: list[PartLayout]) -> bytes:
    """The parts' PDFs as one. Each part has destinations for other parts' anchors too:
    the book keeps each anchor's from the part that owns it."""
    pdfs = [_opened(part) for part in parts]
    book = pdfs[0]
    document = book.Root.StructTreeRoot.K[0]
    elements: list[pikepdf.Object] = []
    pages_entries: list[pikepdf.Object] = []
    annotation_entries: list[tuple[pikepdf.Object, pikepdf.Object]] = []
    destinations: list[tuple[bytes, pikepdf.Object]] = []
    outline: list[OutlineItem] = []
    for part, laid in zip(pdfs, parts):
        own = part is book
        first = 0 if own else len(book.pages)
        if not own:
            for page in part.pages:
                book.pages.append(page)
        copied = _copier(book, part)
        tree = part.Root.StructTreeRoot
        entries = _number_tree(tree.ParentTree)
        elements.extend(copied(element) for element in tree.K[0].K)
        for page in book.pages[first:]:
            pages_entries.append(copied(entries[int(page.obj.StructParents)]))
            page.obj.StructParents = len(pages_entries) - 1
            for annotation in page.obj.get("/Annots", []):
                if "/StructParent" in annotation:
                    annotation_entries.append((annotation, copied(
                        entries[int(annotation.StructParent)])))
        names: pikepdf.Object | list[pikepdf.Object] = (
            part.Root.get("/Names", pikepdf.Dictionary()).get("/Dests", pikepdf.Dictionary())
            .get("/Names", []))
        destinations += [(bytes(name), copied(destination))
                         for name, destination in zip(names[::2], names[1::2])
                         if str(name) in laid.pages.anchors]
        with part.open_outline() as part_outline:
            outline += [_outline_item(item, copied) for item in part_outline.root]

    for element in elements:
        element.P = document
    document.K = pikepdf.Array(elements)
    _set_parent_tree(book, pages_entries, annotation_entries)
    if destinations:
        _set_destinations(book, destinations)
    with book.open_outline() as book_outline:
        book_outline.root[:] = outline
    output = io.BytesIO()
    book.save(output, deterministic_id=True,
              object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return output.getvalue()


def _opened(part: PartLayout) -> pikepdf.Pdf:
    assert part.pdf is not None  # the parts are joined once each is written
    return pikepdf.Pdf.open(io.BytesIO(part.pdf))


def _copier(book: pikepdf.Pdf, part: pikepdf.Pdf) -> Callable[[pikepdf.Object], pikepdf.Object]:
    """What copies an object of `part` into the book; the first part's are the book's own."""
    own = part is book

    def copied(obj: pikepdf.Object) -> pikepdf.Object:
        # qpdf copies each object of a part once, so pages and elements stay shared;
        # it copies only indirect objects, so a direct one becomes one first.
        if own or not isinstance(obj, (pikepdf.Array, pikepdf.Dictionary)):
            return obj
        return book.copy_foreign(obj if obj.is_indirect else part.make_indirect(obj))
    return copied


def _set_parent_tree(book: pikepdf.Pdf, pages_entries: list[pikepdf.Object],
                     annotation_entries: list[tuple[pikepdf.Object, pikepdf.Object]]) -> None:
    """The parent tree anew: the pages' entries, then the links'."""
    numbers = []
    for key, entry in enumerate(pages_entries):
        numbers += [key, entry]
    for key, (annotation, entry) in enumerate(annotation_entries, start=len(pages_entries)):
        annotation.StructParent = key
        numbers += [key, entry]
    book.Root.StructTreeRoot.ParentTree = book.make_indirect(
        pikepdf.Dictionary(Nums=pikepdf.Array(numbers)))
    book.Root.StructTreeRoot.ParentTreeNextKey = len(numbers) // 2


def _set_destinations(book: pikepdf.Pdf,
                      destinations: list[tuple[bytes, pikepdf.Object]]) -> None:
    """The named destinations, sorted by name as a name tree's leaf wants them."""
    names = []
    for name, destination in sorted(destinations, key=lambda pair: pair[0]):
        names += [pikepdf.String(name), destination]
    if "/Names" not in book.Root:
        book.Root.Names = pikepdf.Dictionary()
    book.Root.Names.Dests = pikepdf.Dictionary(Names=pikepdf.Array(names))


def _number_tree(tree: pikepdf.Object) -> dict[int, pikepdf.Object]:
    """A number tree's entries, from its leaves."""
    entries = {}
    nums: pikepdf.Object | list[pikepdf.Object] = tree.get("/Nums", [])
    for key, value in zip(nums[::2], nums[1::2]):
        entries[int(key)] = value
    for kid in tree.get("/Kids", []):
        entries.update(_number_tree(kid))
    return entries


def _outline_item(item: OutlineItem, copied: Callable) -> OutlineItem:
    joined = OutlineItem(item.title, destination=copied(item.destination))
    joined.is_closed = item.is_closed
    joined.children = [_outline_item(child, copied) for child in item.children]
    return joined
