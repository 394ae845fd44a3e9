"""Shared helpers: build a sample book from tests/books/ and read its PDF."""
from __future__ import annotations

import io
import logging
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pypdf
import pytest
from PIL import Image

from book import cli
from book.cli import main

BOOKS = Path(__file__).parent / "books"


@dataclass
class Run:
    """The outcome of one command-line run."""

    code: int
    out: str
    err: str
    root: Path


@pytest.fixture(autouse=True)
def no_unexpected_warnings(caplog):
    """A test that logs a warning it did not expect fails."""
    yield
    warnings = [r for r in caplog.get_records("call") if r.levelno >= logging.WARNING]
    assert not warnings, [r.getMessage() for r in warnings]


@pytest.fixture(autouse=True)
def no_internal_error(request, monkeypatch):
    """No test input may reach the command line's last guard: there, a fault fails the
    test with its traceback (tests of the guard itself are marked `internal_error`)."""
    if request.node.get_closest_marker("internal_error"):
        return

    def fail(error: Exception, debug: bool) -> int:
        raise error
    monkeypatch.setattr(cli, "internal_error", fail)


@pytest.fixture
def make_book(tmp_path, capsys):
    """Copy a book from tests/books/ into a temporary folder and run the command line on it."""
    def run(name: str, *args: str, root: Path | None = None) -> Run:
        if root is None:
            root = tmp_path / name
            shutil.copytree(BOOKS / name, root)
        code = main(["build", "-C", str(root), *args])
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err, root)
    return run


def messages(err: str) -> list[str]:
    """The lines of a command's messages, less the source lines quoted under them."""
    return [line for line in err.splitlines() if not re.match(r"\s+\d*\s\|", line)]


def png(colour: str = "white", size: tuple[int, int] = (40, 20)) -> bytes:
    """A real PNG picture of one colour."""
    output = io.BytesIO()
    Image.new("RGB", size, colour).save(output, format="PNG")
    return output.getvalue()


def write_book(root: Path, files: dict[str, str | bytes]) -> Path:
    """Make a small book in `root` from {relative path: text or bytes}."""
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content)
    return root


def pdf_page_png(pdf: Path, page: int, folder: Path) -> Path:
    """Page `page` (from 1) of the PDF drawn as a PNG by poppler, at 30 dpi."""
    stem = folder / f"{pdf.stem}-page-{page}"
    subprocess.run(["pdftoppm", "-png", "-r", "30", "-f", str(page), "-l", str(page),
                    "-singlefile", str(pdf), str(stem)], check=True)
    return stem.with_suffix(".png")


def page_texts(pdf: Path) -> list[str]:
    """The text of every page, laid out as printed."""
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout
    return text.split("\f")[:-1]


def unhyphenated(text: str) -> str:
    """The text with each word hyphenated at a line's end (by the hyphen WeasyPrint adds,
    U+2010) read whole."""
    return re.sub("\u2010\\s+", "", text)


def printed_number(page_text: str) -> str:
    """The page number printed in the page's footer (its last line)."""
    lines = [line.strip() for line in page_text.splitlines() if line.strip()]
    return lines[-1] if lines else ""


def contents_entries(texts: list[str]) -> list[tuple[str, str]]:
    """(title, printed page number) for each line of the contents page."""
    page = next(t for t in texts if "Contents" in t)
    return re.findall(r"^\s*(?:\d+\s+)?(\S.*?)\s*\.{3,}\s*(\S+)\s*$", page, re.M)


def link_targets(reader: pypdf.PdfReader, page_index: int) -> list[int]:
    """Destination page of each link on a page, in order (a link may have several boxes)."""
    names = []
    for annotation in reader.pages[page_index].get("/Annots", []):
        destination = annotation.get_object().get("/Dest")
        if destination is not None and (not names or names[-1] != destination):
            names.append(destination)
    destinations = reader.named_destinations
    return [reader.get_destination_page_number(destinations[name]) for name in names]


def tag_tree(catalog) -> list[pypdf.generic.DictionaryObject]:
    """Every element of a PDF's tag tree (each with its /S), from the PDF's catalog."""
    found, todo, seen = [], [catalog["/StructTreeRoot"]], set()
    while todo:
        node = todo.pop()
        if isinstance(node, pypdf.generic.IndirectObject):
            if node.idnum in seen:
                continue
            seen.add(node.idnum)
            node = node.get_object()
        if isinstance(node, pypdf.generic.ArrayObject):
            todo.extend(node)
        elif isinstance(node, pypdf.generic.DictionaryObject):
            if "/S" in node:
                found.append(node)
            todo.extend(node[key] for key in ("/K",) if key in node)
    return found
