"""The print layout of a book in parts (parts.py): each part laid out on its own by
WeasyPrint in a process of its own, numbered from where the parts before it end, and kept
in a cache; the PDF is then the parts joined (join.py).

A part's layout depends on its numbering: the side and number of its first page and the
numbers of the pages it points at in other parts. Those are known once the parts before
it, and the parts it points at, are laid out, or guessed from the previous build's layout.
So the parts go in an order that knows most of them (the chapters and the back matter,
then the front matter with its contents, and beside it the index, which prints the
others' page numbers as text); a part whose numbering turned out wrong is laid out
again, until none is.

A part waits only for the page counts of the parts before it: it is laid out while the
one before it is still being written; with the previous build's counts, all of them
at once, about as many at a time as there are processors; and without them, once a
chapter is laid out, beside the one before it, numbered from estimated page counts."""
from __future__ import annotations

import copy
import hashlib
import json
import logging
import math
import multiprocessing
import os
import signal
import traceback
from collections import Counter
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Callable

import lxml.html
import pydyf
import weasyprint

from ..cache import forget_unused, read_cached
from ..errors import BookError
from .fetcher import LocalFetcher
from ..files import write_atomically
from .pages import PrintPages, anchor_pages, page_number
from .pdf_messages import Said, listening
from .parts.cut import BACK, FRONT, NEXT, NUMBERING, START, Numbering, Part, part_html
from ..progress import Progress
from ..cache import file_digest

log = logging.getLogger(__name__)
ROUNDS = 4  # a numbering settles in two; more means pages that change it back and forth
WARM_UP = 40  # elements of a part laid out to warm WeasyPrint up (Layouts._warm_up)


class Inseparable(Exception):
    """The theme lets a part begin on the page where the one before it ends."""


@dataclass(frozen=True)
class Facts:
    """What the rest of the book needs to know of a part's layout."""

    pages: int  # its own pages, blank ones at its end included
    anchors: dict[str, int]  # each of its anchors, by the part's page it starts on


@dataclass
class LaidOut:
    numbering: Numbering
    facts: Facts
    pdf: bytes | None = None
    files: dict[str, str | None] | None = None  # the files WeasyPrint read, and digests
    heard: tuple[Said, ...] = ()  # what WeasyPrint said laying it out and writing it


def lay_out_part(tree: lxml.html.HtmlElement, part: Part, numbering: Numbering,
                 layout: Callable[[str], weasyprint.Document]
                 ) -> tuple[Facts, weasyprint.Document]:
    """Lay a part out with WeasyPrint; its facts, and a document of its own pages."""
    first_id = part.elements[0].get("id") or START
    for flip in (False, True):
        document = layout(part_html(tree, part, numbering, flip))
        anchors = anchor_pages(document)
        first = anchors[first_id]
        if first == anchors[NUMBERING] + 1 and first % 2 == numbering.side:
            break
    end = anchors.get(NEXT, len(document.pages))
    if end < len(document.pages) and _below_top(document, NEXT, end, anchors[NUMBERING]):
        raise Inseparable(part.name)  # the next part would begin on this one's last page
    own = {anchor: page - first for anchor, page in anchors.items() if anchor in part.ids}
    kept = document.pages[first:end]
    # WeasyPrint leaves out links to anchors that are not on the pages it writes. Another
    # part's anchor, pinned to the first page, keeps them; join.py then takes each
    # anchor's destination from the part it belongs to.
    for anchor in part.links:
        kept[0].anchors.setdefault(anchor, (0, 0, 0, 0))
    return Facts(end - first, own), document.copy(kept)


def _below_top(document: weasyprint.Document, anchor: str, page: int, empty: int) -> bool:
    """Whether the anchor lies lower on its page than an anchor alone on page `empty`:
    something is above it."""
    return document.pages[page].anchors[anchor][1] > \
        document.pages[empty].anchors[NUMBERING][1] + 0.5


class LayoutCache:
    """Laid-out parts under the hash of all they depend on, and the previous build's
    facts, which let the parts be numbered before the ones before them are laid out."""

    def __init__(self, folder: Path, inputs: list[str]):
        self.folder = folder
        package = Path(__file__).parent.parent
        code = [file_digest(package / name) for name in
                ("layout/parts/cut.py", "layout/print_layout.py", "writers/pdf.py")]
        self.inputs = [weasyprint.__version__, pydyf.__version__, *code, *inputs]
        # Guesses come from a build with the same stylesheets and code.
        self.previous_path = folder / f"pages-{self._hash([self.inputs])[:16]}.json"
        self.digests: dict[str, str | None] = {}

    def key(self, digest: str, numbering: Numbering) -> str:
        return self._hash([self.inputs, digest, numbering.__dict__])

    def get(self, key: str, numbering: Numbering, write: bool) -> LaidOut | None:
        """The part laid out with that key, if the files it read are unchanged (and it was
        written, when `write`)."""
        entry = read_cached(self.folder / f"{key}.json")
        if entry is None:
            return None
        facts, files, pdf_digest, heard = json.loads(entry)
        pdf = read_cached(self.folder / f"{key}.pdf") if write else None
        if write and (pdf is None or hashlib.sha256(pdf).hexdigest() != pdf_digest):
            return None
        if any(self._digest(path) != digest for path, digest in files.items()):
            return None
        return LaidOut(numbering, Facts(**facts), pdf, files,
                       tuple(Said(level, text) for level, text in heard))

    def put(self, key: str, laid: LaidOut) -> None:
        if laid.pdf is not None:
            write_atomically(self.folder / f"{key}.pdf", laid.pdf)
        pdf_digest = None if laid.pdf is None else hashlib.sha256(laid.pdf).hexdigest()
        write_atomically(self.folder / f"{key}.json", json.dumps(
            [laid.facts.__dict__, laid.files, pdf_digest,
             [(said.level, said.text) for said in laid.heard]]).encode())

    def previous(self) -> dict[str, Facts]:
        try:
            return {name: Facts(**facts) for name, facts
                    in json.loads(read_cached(self.previous_path) or "{}").items()}
        except (ValueError, TypeError):
            return {}

    def remember(self, facts: dict[str, Facts]) -> None:
        write_atomically(self.previous_path, json.dumps(
            {name: fact.__dict__ for name, fact in facts.items()}).encode())
        forget_unused(self.folder)

    def _digest(self, path: str) -> str | None:
        if path not in self.digests:
            self.digests[path] = digest_if_any(Path(path))
        return self.digests[path]

    @staticmethod
    def _hash(value: list) -> str:
        return hashlib.sha256(json.dumps(value).encode()).hexdigest()


def digest_if_any(path: Path) -> str | None:
    """A file's digest, or None when there is no such file (a font that a rule names
    but the theme does not ship, say): if one appears, the part is laid out again."""
    try:
        return file_digest(path)
    except OSError:
        return None


@dataclass
class _Job:
    """A part being laid out (and written) in a forked process."""

    part: Part
    numbering: Numbering
    key: str
    process: multiprocessing.Process


class Layouts:
    """Lays parts out in worker processes, in the order their numberings allow."""

    def __init__(self, tree: lxml.html.HtmlElement, layout: Callable[[str], weasyprint.Document],
                 fetcher: LocalFetcher, cache: LayoutCache, write: bool, first_chapter: str,
                 root: Path, progress: Progress):
        self.tree, self.layout, self.fetcher = tree, layout, fetcher
        self.cache, self.write, self.first_chapter = cache, write, first_chapter
        self.root, self.progress = root, progress
        # What the stylesheets loaded (fonts) counts for every part; the rest, for the
        # part that loaded it.
        self.stylesheet_files = set(fetcher.fetched)
        self.workers = _processors()
        self.facts: dict[str, Facts] = {}  # of the parts laid out in this build
        self.guesses = cache.previous()  # for the others (see _dispatch)
        self.sizes: dict[str, int] = {}  # the chapters' text lengths, for _estimate
        self.estimates: dict[str, Facts] = {}  # for the chapters neither laid out nor guessed
        self.laid: dict[str, LaidOut] = {}
        self.running: dict[Connection, _Job] = {}
        self.rounds: Counter[str] = Counter()  # layouts, and layouts found in the cache
        self.laid_out: Counter[str] = Counter()  # layouts by a worker
        self.warm = False  # see _warm_up

    def book(self, parts: list[Part], index: Callable[[PrintPages], Part] | None,
             indexed: frozenset[str] = frozenset()) -> tuple[PrintPages, list[LaidOut]]:
        """Lay out every part, and then the index (`index` makes it, pointing at the
        anchors `indexed`), if asked for."""
        rest = [part for part in parts if part.name != FRONT]
        front = [part for part in parts if part.name == FRONT]
        self.sizes = {part.name: sum(len(element.text_content()) for element in part.elements)
                      for part in rest if part.name != BACK}
        order = rest + front
        try:
            if index is None:
                self._settle(parts, order, until_written=True)
            else:
                # The index starts once the chapters' and the back matter's page numbers
                # are known, while they are still being written; beside the front matter,
                # unless it points into it.
                self._settle(parts, rest, until_written=False)
                if front and indexed & front[0].ids:
                    self._settle(parts, front, until_written=False)
                    front = []
                part = index(self._print_pages(parts))
                parts, order = [*parts, part], [*order, part]
                self._settle(parts, [*front, part], until_written=True, side_by_side=True)
        finally:
            for connection, job in self.running.items():
                job.process.kill()
                job.process.join()
                connection.close()
        for part in order:
            if not self._settled(part, parts, at_most=False):
                log.warning("the page numbers in %s did not settle after %d layouts; "
                            "build with --one-pass to have them right", part.name, ROUNDS)
        self.cache.remember({part.name: self.laid[part.name].facts for part in parts})
        log.info("laid out %d of %d parts anew, %d of them again (page numbers moved)",
                 len(self.laid_out), len(parts),
                 sum(self.laid_out.values()) - len(self.laid_out))
        return self._print_pages(parts), [self.laid[part.name] for part in parts]

    def _settle(self, parts: list[Part], order: list[Part], until_written: bool,
                side_by_side: bool = False) -> None:
        """Lay out the parts of `order` until each was laid out with its right numbering;
        `until_written`, until every part is written too. Each part waits for the page
        counts of the parts before it in `order`, unless they go `side_by_side`."""
        digests = {part.name: hashlib.sha256(part_html(self.tree, part, Numbering(0, 0, ()))
                                             .encode()).hexdigest() for part in order}
        while True:
            if self._dispatch(parts, order, digests, side_by_side):
                continue  # a part came from the cache: the numberings after it may change
            if not self.running or not until_written and all(
                    self._settled(part, parts) for part in order):
                return
            if not self.warm and any(self._waiting(part) for part in order):
                self._warm_up(order[0])
            self._receive(sum(part.name in self.laid for part in order), len(order))

    def _settled(self, part: Part, parts: list[Part], at_most: bool = True) -> bool:
        """Whether the part is laid out with the numbering the others' pages give it (or,
        `at_most`, has been laid out as often as it may)."""
        done = self.laid.get(part.name)
        return done is not None and (
            done.numbering == self._numbering(part, parts)
            or at_most and self.rounds[part.name] >= ROUNDS)

    def _known(self) -> dict[str, Facts]:
        return {**self.guesses, **self.facts}

    def _numbering(self, part: Part, parts: list[Part]) -> Numbering:
        return _numbering(part, parts, self._known(), self.estimates, self.first_chapter)

    def _learn(self, name: str, laid: LaidOut) -> None:
        """A part's layout, done by a worker or found in the cache."""
        self.laid[name], self.facts[name] = laid, laid.facts
        self.estimates = self._estimate()

    def _estimate(self) -> dict[str, Facts]:
        """Page counts for the chapters not laid out yet, from the pages per character of
        those laid out so far, when the previous build did not leave better guesses: the
        next chapter can then start beside the one before it, and is laid out again if
        the estimate was wrong."""
        done = [name for name in self.sizes if name in self.facts]
        characters = sum(self.sizes[name] for name in done)
        if not characters:
            return {}
        rate = sum(self.facts[name].pages for name in done) / characters
        # Chapters that open on a right page end on a left one, blank or not.
        step = 2 if all(self.facts[name].pages % 2 == 0 for name in done) else 1
        return {name: Facts(max(step, math.ceil(round(size * rate) / step) * step), {})
                for name, size in self.sizes.items()
                if name not in self.facts and name not in self.guesses}

    def _waiting(self, part: Part) -> bool:
        return part.name not in self.laid and not any(
            job.part.name == part.name for job in self.running.values())

    def _warm_up(self, part: Part) -> None:
        """Lay out and write the beginning of a part, while the first workers run: the
        fonts, hyphenation dictionaries and images WeasyPrint loads for it are then loaded
        already in the workers forked after, which saves a fifth of each part's time."""
        self.warm = True
        beginning = copy.deepcopy(part.elements[0])
        for element in list(beginning.iter())[WARM_UP:]:
            if element.getparent() is not None:
                element.getparent().remove(element)
        sample = Part(part.name, (beginning,), part.ids, part.links, part.numbered, part.next)
        links = tuple((anchor, 1) for anchor in sorted(part.numbered))
        weasyprint_log = logging.getLogger("weasyprint")
        level = weasyprint_log.level
        weasyprint_log.setLevel(logging.CRITICAL)  # cut short, its links may lead nowhere
        try:
            pdf_bytes(lay_out_part(self.tree, sample, Numbering(0, 1, links), self.layout)[1])
        finally:
            weasyprint_log.setLevel(level)

    def _dispatch(self, parts: list[Part], order: list[Part], digests: dict[str, str],
                  side_by_side: bool) -> bool:
        """Start laying out the parts that need it, while workers are free: first those
        not laid out yet, in order, then those whose numbering was wrong. True when a part
        was found in the cache instead.

        A part is numbered from the pages of the parts before it: laid out, as the
        previous build laid them out or estimated (_estimate), so that it need not wait
        for them. A part numbered from a guess that turns out wrong is laid out again; one
        still running is stopped as soon as the parts before it show the guess wrong."""
        self._stop_wrong(parts, order, side_by_side)
        known = {**self.estimates, **self._known()}
        waiting = [part for part in order if part.name not in self.laid]
        for part in waiting + [part for part in order if part.name in self.laid]:
            before = [] if side_by_side else order[:order.index(part)]
            if any(other.name not in known for other in before):
                continue  # its numbering waits for their pages
            exact = all(other.name in self.facts for other in before)
            if part.name in self.laid and not exact:
                continue  # laid out again only once the parts before it are
            if any(job.part.name == part.name for job in self.running.values()) or \
                    self._settled(part, parts):
                continue
            numbering = self._numbering(part, parts)
            key = self.cache.key(digests[part.name], numbering)
            # A layout from an estimate does not count toward the rounds: there is one
            # from an exact count or a guess after it.
            estimated = any(other.name in self.estimates for other in before)
            if (found := self.cache.get(key, numbering, self.write)) is not None:
                self._learn(part.name, found)
                self.rounds[part.name] += not estimated
                return True
            # The first part that others wait for may start beside a full set of workers
            # busy writing, guessing or laying out again.
            if len(self.running) < self.workers + (exact and part.name not in self.laid):
                self._start(part, numbering, key, estimated)
        return False

    def _stop_wrong(self, parts: list[Part], order: list[Part], side_by_side: bool) -> None:
        """Stop the workers laying out a part of `order` with a numbering that the parts
        before it, now laid out, show to be wrong."""
        for connection, job in list(self.running.items()):
            if job.part not in order or self.rounds[job.part.name] >= ROUNDS:
                continue
            before = [] if side_by_side else order[:order.index(job.part)]
            if all(other.name in self.facts for other in before) and job.numbering != \
                    self._numbering(job.part, parts):
                job.process.kill()
                job.process.join()
                connection.close()
                del self.running[connection]
                if self.laid.get(job.part.name) and self.laid[job.part.name].pdf is None \
                        and self.write:
                    del self.laid[job.part.name]  # its facts stand; its pages are not written

    def _start(self, part: Part, numbering: Numbering, key: str, estimated: bool) -> None:
        receiving, sending = multiprocessing.Pipe(duplex=False)
        process = multiprocessing.get_context("fork").Process(
            target=self._run, args=(part, numbering, sending), daemon=True)
        process.start()
        sending.close()
        self.running[receiving] = _Job(part, numbering, key, process)
        self.rounds[part.name] += not estimated
        self.laid_out[part.name] += 1

    def _run(self, part: Part, numbering: Numbering, connection: Connection) -> None:
        """In the worker: the facts as soon as the layout is done, then the PDF, each with
        what WeasyPrint said on the way (a worker's log would not reach the parent)."""
        # The parent stops its workers when it is interrupted: Ctrl-C is not theirs.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        self.fetcher.fetched = set(self.stylesheet_files)
        try:
            with listening() as heard:
                facts, document = lay_out_part(self.tree, part, numbering, self.layout)
            files = {str(path): digest_if_any(path) for path in self.fetcher.fetched}
            connection.send(("facts", facts, files, tuple(heard)))
            if self.write:
                with listening() as heard:
                    pdf = pdf_bytes(document)
                connection.send(("pdf", pdf, tuple(heard)))
        except (BookError, Inseparable) as error:
            connection.send(("error", error))
        except Exception:  # a bug: its traceback, for the parent to raise
            connection.send(("error", RuntimeError(traceback.format_exc())))
        connection.close()

    def _receive(self, done: int, total: int) -> None:
        for connection in wait(list(self.running)):
            job = self.running[connection]
            try:
                message = connection.recv()
            except EOFError:
                job.process.join()
                raise BookError.at(self.root, 0, 0, _stopped(job.part.name,
                                                             job.process.exitcode)) from None
            if message[0] == "error":
                raise message[1]
            if message[0] == "facts":
                _, facts, files, heard = message
                self._learn(job.part.name, LaidOut(job.numbering, facts, None, files, heard))
                self.progress("laying out parts", done + 1, total)
            else:
                laid = self.laid[job.part.name]
                laid.pdf, laid.heard = message[1], laid.heard + message[2]
            if message[0] == "pdf" or not self.write:
                self.cache.put(job.key, self.laid[job.part.name])
                del self.running[connection]
                connection.close()
                job.process.join()

    def _print_pages(self, parts: list[Part]) -> PrintPages:
        """Where the parts put every anchor, and the index's first page if it is not
        laid out (its stand-in, parts.cut): the EPUB marks that page too."""
        starts = _starts(parts, self.facts)
        pages = {anchor: starts[part.name] + page for part in parts if part.name in self.laid
                 for anchor, page in self.laid[part.name].facts.anchors.items()}
        count = starts[None]
        if parts[-1].next:
            pages[parts[-1].next[-1].get("id")] = count
            count += 1
        return PrintPages.numbered(pages, count, starts[self.first_chapter])


def _processors() -> int:
    """The processors this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _stopped(part: str, status: int | None) -> str:
    """Why a worker ended without a word: killed, most often for want of memory."""
    how = (f"was killed ({signal.Signals(-status).name})" if status and status < 0
           else f"ended with status {status}")
    return (f"laying out {part} stopped: its process {how}, perhaps because the machine "
            f"ran short of memory; build again once more memory is free")


def pdf_bytes(document: weasyprint.Document) -> bytes:
    """The laid-out pages as PDF bytes."""
    # PDF/UA-1 gives a tagged PDF with the document language and title in its catalog.
    return document.write_pdf(pdf_variant="pdf/ua-1")


def _starts(parts: list[Part], facts: dict[str, Facts]) -> dict[str | None, int]:
    """Each part's first page in the book, and the book's end (under None); a part not
    laid out yet counts no pages."""
    starts, page = {}, 0
    for part in parts:
        starts[part.name] = page
        page += facts[part.name].pages if part.name in facts else 0
    starts[None] = page
    return starts


def _numbering(part: Part, parts: list[Part], facts: dict[str, Facts],
               estimates: dict[str, Facts], first_chapter: str) -> Numbering:
    """Where the part goes, from the page counts known (`facts`) or else estimated; the
    pages it points at, from known counts only. A page printed from an estimate would
    change with every chapter laid out, and the part be laid out again each time."""
    starts = _starts(parts, facts)
    chapters = starts[first_chapter]
    # Only the anchors it prints the pages of: this runs for every part at every event.
    known = {}
    # Whether the parts so far have page counts. The front matter's does not matter: its
    # pages are numbered from its first, the others' from the first chapter's.
    counted = True
    for other in parts:
        first = other.elements[0].get("id")
        if counted and first in part.numbered:
            # A part's first element starts on its first page, laid out or not.
            known[first] = starts[other.name]
        if other.name in facts:
            anchors = facts[other.name].anchors
            known.update((anchor, starts[other.name] + anchors[anchor])
                         for anchor in part.numbered if anchor in anchors)
        elif other.name != FRONT:
            counted = False
    if parts[-1].next and counted:  # the index's stand-in (parts.cut)
        known.setdefault(parts[-1].next[-1].get("id"), starts[None])
    start = _starts(parts, {**estimates, **facts})[part.name]
    # A page not laid out yet is guessed to be the part's own first: close in width.
    links = tuple(sorted((anchor, page_number(known.get(anchor, start), chapters))
                         for anchor in part.numbered))
    return Numbering(start % 2, page_number(start, chapters), links)
