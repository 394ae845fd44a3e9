"""Parts laid out in forked worker processes, one part each. A worker reports the part's
pages as soon as they are laid out, so that the parts numbered from them can start while
it writes the PDF; then it reports the PDF."""
from __future__ import annotations

import multiprocessing
import os
import signal
import traceback
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import cast

import lxml.html

from ...errors import BookError
from ..pdf_messages import Said, listening
from ..renderer import Renderer
from .cut import Numbering, Part
from .part_cache import digest_if_any
from .part_layout import PartLayout, PartPages, SharedPage, lay_out_part


@dataclass
class Job:
    """A part being laid out (and written) by a worker."""

    part: Part
    numbering: Numbering
    key: str  # its cache key
    process: BaseProcess
    connection: Connection


@dataclass(frozen=True)
class _LaidOut:
    pages: PartPages
    files: dict[str, str | None]
    heard: tuple[Said, ...]


@dataclass(frozen=True)
class _Written:
    pdf: bytes
    heard: tuple[Said, ...]


@dataclass(frozen=True)
class _Failed:
    error: Exception


@dataclass(frozen=True)
class Report:
    """What a worker reported of its job: the layout, without its PDF until `finished`
    (when the book is not to be written, the layout finishes the job)."""

    job: Job
    layout: PartLayout | None  # when laid out
    pdf: bytes | None  # when written
    heard: tuple[Said, ...]
    finished: bool


class Workers:
    """The running workers, at most about as many as there are processors."""

    def __init__(self, tree: lxml.html.HtmlElement, renderer: Renderer, write: bool,
                 root: Path):
        self.tree, self.renderer, self.write, self.root = tree, renderer, write, root
        # What the stylesheets loaded (fonts) counts for every part; the rest, for the
        # part that loaded it.
        self.stylesheet_files = set(renderer.fetcher.fetched)
        self.processors = _processors()
        self.running: dict[Connection, Job] = {}

    def job(self, name: str) -> Job | None:
        """The running job of that part, if any."""
        return next((job for job in self.running.values() if job.part.name == name), None)

    def start(self, part: Part, numbering: Numbering, key: str) -> None:
        receiving, sending = multiprocessing.Pipe(duplex=False)
        process = multiprocessing.get_context("fork").Process(
            target=self._run, args=(part, numbering, sending), daemon=True)
        process.start()
        sending.close()
        self.running[receiving] = Job(part, numbering, key, process, receiving)

    def stop(self, job: Job) -> None:
        job.process.kill()
        self._end(job)

    def stop_all(self) -> None:
        for job in list(self.running.values()):
            self.stop(job)

    def reports(self) -> list[Report]:
        """Wait for the next reports of the running workers."""
        reports = []
        # wait() gives back the connections it is given; its stubs allow sockets too.
        for connection in cast(list[Connection], wait(list(self.running))):
            job = self.running[connection]
            try:
                message = connection.recv()
            except EOFError:
                job.process.join()
                raise BookError.at(self.root, 0, 0, _stopped(job.part.name,
                                                             job.process.exitcode)) from None
            if isinstance(message, _Failed):
                raise message.error
            if isinstance(message, _LaidOut):
                layout = PartLayout(job.numbering, message.pages, None, message.files,
                                    message.heard)
                reports.append(Report(job, layout, None, message.heard, not self.write))
            else:
                reports.append(Report(job, None, message.pdf, message.heard, True))
            if reports[-1].finished:
                self._end(job)
        return reports

    def _end(self, job: Job) -> None:
        job.process.join()
        job.connection.close()
        del self.running[job.connection]

    def _run(self, part: Part, numbering: Numbering, connection: Connection) -> None:
        """In the worker: the pages as soon as the layout is done, then the PDF, each with
        what WeasyPrint said on the way (a worker's log would not reach the parent)."""
        # The parent stops its workers when it is interrupted: Ctrl-C is not theirs.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        fetcher = self.renderer.fetcher
        fetcher.fetched = set(self.stylesheet_files)
        try:
            with listening() as heard:
                pages, document = lay_out_part(self.tree, part, numbering, self.renderer)
            files = {str(path): digest_if_any(path) for path in fetcher.fetched}
            connection.send(_LaidOut(pages, files, tuple(heard)))
            if self.write:
                with listening() as heard:
                    pdf = self.renderer.pdf_bytes(document)
                connection.send(_Written(pdf, tuple(heard)))
        except (BookError, SharedPage) as error:
            connection.send(_Failed(error))
        except Exception:  # a bug: its traceback, for the parent to raise
            connection.send(_Failed(RuntimeError(traceback.format_exc())))
        connection.close()


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
