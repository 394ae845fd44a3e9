"""The print layout of a book in parts (cut.py): each part laid out on its own by
WeasyPrint in a worker process (workers.py), numbered from the page counts of the others
(numbering.py), kept in a cache (part_cache.py), and joined into one PDF (join.py). The
single pass (one_pass.py) is the reference: the parts must give its pages, and when their
page numbers do not settle, the book is laid out in one pass instead.

The layout is one loop, run until every part was laid out with the numbering that the
others' pages give it:
1. number each part from the page counts there are: those laid out in this build, else
   the last build's (the cache), else estimated from the text's length;
2. start the parts whose layout is missing or numbered otherwise: from the cache if it
   has them, else in workers, as many at a time as there are processors;
3. wait for a worker's report of a part's pages (it reports them before it writes the
   PDF, so the next part starts while it writes), and go back to 1.
A part laid out before is laid out again only once the parts it waits for are laid out
in this build, and a worker whose numbering they show wrong is stopped. A part whose
numbering still changes after ROUNDS layouts does not settle.

The index is made once the other parts' pages are known (the front matter's too, when the
index points into it); it prints their page numbers as text."""
from __future__ import annotations

import hashlib
import logging
from collections import Counter
from collections.abc import Callable

import lxml.html

from ...progress import Progress
from ..pages import PrintPages
from ..renderer import Renderer
from .cut import FRONT, Numbering, Part, part_html
from .numbering import Counts, Placement, chapter_sizes, placement, print_pages
from .part_cache import LayoutCache
from .part_layout import PartLayout, warm_up
from .workers import Report, Workers

log = logging.getLogger(__name__)
ROUNDS = 4  # a numbering settles in two; more means pages that change it back and forth


class NotSettled(Exception):
    """A part's page numbers still changed after ROUNDS layouts: (its name, its layouts)."""


class PartsLayout:
    """Lays the parts out in the loop of the module docstring."""

    def __init__(self, tree: lxml.html.HtmlElement, renderer: Renderer, cache: LayoutCache,
                 write: bool, first_chapter: str, progress: Progress):
        self.tree, self.renderer, self.cache = tree, renderer, cache
        self.write, self.first_chapter, self.progress = write, first_chapter, progress
        self.workers = Workers(tree, renderer, write, renderer.root)
        self.counts = Counts(cache.previous(), {})
        self.done: dict[str, PartLayout] = {}  # each part's latest layout
        self.html_digests: dict[str, str] = {}  # each part's HTML, for its cache key
        self.rounds: Counter[str] = Counter()  # layouts not from estimates, cached or not
        self.anew: Counter[str] = Counter()  # layouts by a worker
        self.warm = False  # see part_layout.warm_up

    def book(self, parts: list[Part], index: Callable[[PrintPages], Part] | None,
             indexed: frozenset[str] = frozenset()) -> tuple[PrintPages, list[PartLayout]]:
        """Lay out every part, and then the index (`index` makes it, pointing at the
        anchors `indexed`), if asked for; the layouts in book order."""
        self.counts.sizes = chapter_sizes(parts)
        try:
            if index is not None:
                front = [part for part in parts if part.name == FRONT]
                # The index starts once the page numbers it prints are known, while the
                # parts are still being written, and beside the front matter unless it
                # points into it.
                before = parts if front and indexed & front[0].ids else \
                    [part for part in parts if part.name != FRONT]
                self._settle(parts, before, written=False)
                parts = [*parts, index(print_pages(parts, self.counts.laid,
                                                   self.first_chapter))]
            self._settle(parts, parts, written=True)
        finally:
            self.workers.stop_all()
        self.cache.remember({part.name: self.done[part.name].pages for part in parts})
        log.info("laid out %d of %d parts anew, %d of them again (page numbers moved)",
                 len(self.anew), len(parts), sum(self.anew.values()) - len(self.anew))
        return (print_pages(parts, self.counts.laid, self.first_chapter),
                [self.done[part.name] for part in parts])

    def _settle(self, parts: list[Part], group: list[Part], written: bool) -> None:
        """Lay out the parts of `group` until each was laid out with the numbering the
        others' pages give it; when `written`, until every part is written too."""
        for part in group:
            if part.name not in self.html_digests:
                html = part_html(self.tree, part, Numbering(False, 0, ()))
                self.html_digests[part.name] = hashlib.sha256(html.encode()).hexdigest()
        while True:
            placements = {part.name: found for part in group
                          if (found := placement(part, parts, self.counts, self.first_chapter))}
            self._stop_wrong(placements)
            if self._take_from_cache(group, placements):
                continue  # a part's pages are known: the numberings after it may change
            self._start(group, placements)
            settled = all(self._is_current(part.name, placements) for part in group)
            if settled and (not written or not self.workers.running):
                return
            if not self.warm and any(part.name not in self.done and not
                                     self.workers.job(part.name) for part in group):
                self.warm = True
                warm_up(self.tree, next(part for part in group if part.name != FRONT),
                        self.renderer)
            for report in self.workers.reports():
                self._learn(report, len(group))

    def _is_current(self, name: str, placements: dict[str, Placement]) -> bool:
        """Whether the part's latest layout has the numbering it has now."""
        done = self.done.get(name)
        return done is not None and name in placements and \
            done.numbering == placements[name].numbering

    def _to_lay_out(self, group: list[Part], placements: dict[str, Placement]
                    ) -> list[Part]:
        """The parts to lay out now: those never laid out first, in book order, then those
        laid out with another numbering once the parts they wait for are laid out. None of
        them is running."""
        never = [part for part in group if part.name not in self.done]
        again = [part for part in group if part.name in self.done]
        return [part for part in never + again if part.name in placements
                and not self._is_current(part.name, placements)
                and not self.workers.job(part.name)
                and (part.name not in self.done or placements[part.name].exact)]

    def _take_from_cache(self, group: list[Part], placements: dict[str, Placement]) -> bool:
        """Take the first part to lay out from the cache, if it is there."""
        for part in self._to_lay_out(group, placements):
            found = self.cache.get(self._key(part, placements), placements[part.name]
                                   .numbering, self.write)
            if found is not None:
                self._count_round(part, placements[part.name])
                self.done[part.name] = found
                self.counts.learn(part.name, found.pages)
                return True
        return False

    def _start(self, group: list[Part], placements: dict[str, Placement]) -> None:
        """Start the parts to lay out in workers, while there are workers free."""
        for part in self._to_lay_out(group, placements):
            place = placements[part.name]
            limit = self.workers.processors
            if place.exact and part.name not in self.done:
                # The part that the others wait for may start beside a full set of
                # workers busy writing, or laying out from guesses.
                limit += 1
            if len(self.workers.running) < limit:
                self._count_round(part, place)
                self.anew[part.name] += 1
                self.workers.start(part, place.numbering, self._key(part, placements))

    def _count_round(self, part: Part, place: Placement) -> None:
        """Count a layout toward the part's rounds. One from an estimate does not count:
        there is one from a count laid out or the last build's after it."""
        if place.estimated:
            return
        if self.rounds[part.name] >= ROUNDS:
            raise NotSettled(part.name, self.rounds[part.name])
        self.rounds[part.name] += 1

    def _stop_wrong(self, placements: dict[str, Placement]) -> None:
        """Stop the workers whose numbering the parts laid out show to be wrong."""
        for job in list(self.workers.running.values()):
            place = placements.get(job.part.name)
            if place is None or not place.exact or place.numbering == job.numbering:
                continue
            self.workers.stop(job)
            done = self.done.get(job.part.name)
            if self.write and done is not None and done.pdf is None:
                del self.done[job.part.name]  # its pages stand; they are not written

    def _learn(self, report: Report, total: int) -> None:
        name = report.job.part.name
        if report.layout is not None:
            self.done[name] = report.layout
            self.counts.learn(name, report.layout.pages)
            self.progress("laying out parts", len(self.done), total)
        else:
            laid = self.done[name]
            laid.pdf, laid.heard = report.pdf, laid.heard + report.heard
        if report.finished:
            self.cache.put(report.job.key, self.done[name])

    def _key(self, part: Part, placements: dict[str, Placement]) -> str:
        return self.cache.key(self.html_digests[part.name], placements[part.name].numbering)

