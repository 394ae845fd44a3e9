"""A batch's variants as tasks on a Dask cluster: `batch classes.toml --scheduler ADDRESS`.

The workers need no folder shared with the client. The client packs the booklet's sources
into one archive and sends it once to every worker; a worker unpacks it into a folder of
its own, named by the archive's digest (a later batch of the same sources finds it there),
and builds each variant it is given there, its caches beside it. A task returns its
variant's files as bytes, with its warnings and errors as plain data, and the client
writes the files into the output folder, each whole. A variant laid out in one pass gives
the same bytes on a worker as on this machine (SOURCE_DATE_EPOCH is sent along).
"""
from __future__ import annotations

import contextlib
import hashlib
import io
import logging
import os
import tarfile
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from distributed import Client, Future, KilledWorker, as_completed, get_worker

from ..build import BuildResult, Options, output_folder
from ..cache import builder_digest, folder_files
from ..config import EPOCH
from ..errors import BookError, Problem
from ..files import write_atomically
from ..progress import Progress
from .batch import SCHEDULER, build_variant

log = logging.getLogger(__name__)
# How long the client waits for the scheduler to answer, and for a first worker.
CONNECT_SECONDS = 10
WORKERS_SECONDS = 60
# A build is Python under the GIL, and WeasyPrint's messages are heard process-wide
# (layout/pdf_messages.py): a worker process with several threads builds one variant at a
# time. Run workers with one thread each, and as many processes as cores.
ONE_BUILD_AT_A_TIME = threading.Lock()


@dataclass(frozen=True)
class Booklet:
    """What a task needs to know of the booklet besides its archive: the archive's digest,
    the booklet folder's name (the outputs' default name), where the client has the
    booklet and its output folder (for the paths in problems), and SOURCE_DATE_EPOCH."""

    digest: str
    folder_name: str
    root: str
    out_dir: str
    epoch: str | None


@dataclass(frozen=True)
class Outcome:
    """A variant built on a worker: its files, by name in the output folder; its
    warnings; its errors, when it failed; the builder it ran (cache.builder_digest), and
    the worker's address."""

    files: dict[str, bytes]
    warnings: list[Problem]
    errors: list[Problem] | None
    builder: str
    worker: str


def build_on_cluster(root: Path, variants: list[Options], scheduler: str, stage: str,
                     progress: Progress) -> list[BuildResult | BookError]:
    """Build each variant as a task on the scheduler's workers, writing its files as it
    comes back; Ctrl-C cancels the tasks still to run and keeps the files written."""
    root, out_dir = root.resolve(), output_folder(root, variants[0])
    archive, digest = pack_sources(root, out_dir)
    booklet = Booklet(digest, root.name, str(root), str(out_dir), os.environ.get(EPOCH))
    with _connected(scheduler) as client:
        futures = []
        try:
            # Sent once to every worker; a worker that joins later gets it from another.
            sources = client.scatter(archive, broadcast=True, hash=False)
            # A worker that dies has its tasks run on another (the scheduler's allowed
            # failures, three by default); past that the task's result is KilledWorker.
            futures = [client.submit(build_remotely, sources, booklet,
                                     replace(options, out_dir=None), pure=False)
                       for options in variants]
            return _gathered(futures, out_dir, stage, progress)
        finally:  # Ctrl-C, or a fault: what is still to run is not
            client.cancel([future for future in futures if not future.done()])


def _gathered(futures: list[Future], out_dir: Path, stage: str,
              progress: Progress) -> list[BuildResult | BookError]:
    """Each variant's outcome, in the order given, its files written as it comes back."""
    outcomes: dict[object, BuildResult | BookError] = {}  # by task key
    other_builders: set[str] = set()
    progress(stage, 0, len(futures))
    for done, future in enumerate(as_completed(futures), start=1):
        try:
            outcome = future.result()
        except KilledWorker:
            outcomes[future.key] = BookError.at(SCHEDULER, 0, 0, _killed())
        else:
            outcomes[future.key] = _written(outcome, out_dir)
            if outcome.builder != builder_digest():
                other_builders.add(outcome.worker)
        future.release()  # its bytes are written: the cluster may forget them
        progress(stage, done, len(futures))
    if other_builders:
        log.warning(_other_builders(other_builders))
    return [outcomes[future.key] for future in futures]


@contextlib.contextmanager
def _connected(scheduler: str) -> Iterator[Client]:
    """A client of the scheduler that has a worker; a scheduler that does not answer, or
    has no worker to run the tasks, is an error that says what to start."""
    start = ("start one with `dask scheduler` on a machine of the cluster and "
             "`dask worker --nthreads 1 ADDRESS` on each, and give the address it prints "
             "(tcp://HOST:8786)")
    try:
        client = Client(scheduler, timeout=CONNECT_SECONDS)
    except ValueError:  # not an address at all
        raise BookError.at(SCHEDULER, 0, 0, f"{scheduler!r} is not a scheduler's "
                                            f"address; {start}") from None
    except OSError:
        raise BookError.at(SCHEDULER, 0, 0, f"no Dask scheduler answered at {scheduler} "
                                            f"within {CONNECT_SECONDS} seconds; check the "
                                            f"address, or {start}") from None
    with client:
        try:
            client.wait_for_workers(1, timeout=WORKERS_SECONDS)
        except TimeoutError:
            raise BookError.at(SCHEDULER, 0, 0, f"the scheduler has had no worker for "
                                                f"{WORKERS_SECONDS} seconds: start one on "
                                                "each machine with `dask worker --nthreads "
                                                f"1 {scheduler}`") from None
        yield client


def pack_sources(root: Path, out_dir: Path) -> tuple[bytes, str]:
    """The booklet's sources as a tar archive, and a digest of their names and bytes: the
    files a build reads (cache.folder_files), less the booklet's own build/ folder, which
    holds outputs. Each file keeps its time: a build compares it with its caches'."""
    buffer = io.BytesIO()
    digest = hashlib.sha256()
    with tarfile.open(fileobj=buffer, mode="w") as archive:
        for path in folder_files(root, out_dir):
            if path.is_relative_to(root / "build"):
                continue
            name, data = str(path.relative_to(root)), path.read_bytes()
            digest.update(name.encode() + b"\0" + hashlib.sha256(data).digest())
            entry = tarfile.TarInfo(name)
            entry.size, entry.mtime, entry.mode = len(data), path.stat().st_mtime, 0o644
            archive.addfile(entry, io.BytesIO(data))
    return buffer.getvalue(), digest.hexdigest()


def build_remotely(archive: bytes, booklet: Booklet, options: Options) -> Outcome:
    """On a worker: build one variant from the sources in `archive`, in the worker's own
    folder, and return its files' bytes and its problems as plain data."""
    worker = get_worker()
    base = Path(worker.local_directory) / "make-book"
    with ONE_BUILD_AT_A_TIME:
        root = _unpacked(archive, booklet, base / "sources")
        # One output folder for every variant the worker builds, as a local batch has:
        # its caches (figures, citations) serve them all.
        out_dir = (base / "outputs" / booklet.folder_name).resolve()
        with _source_date_epoch(booklet.epoch):
            result = build_variant(root, replace(options, out_dir=out_dir))
        moved = _Moved({root: Path(booklet.root), root.resolve(): Path(booklet.root),
                        out_dir: Path(booklet.out_dir)})
        if isinstance(result, BookError):
            return Outcome({}, [], [moved(p) for p in result.problems], builder_digest(),
                           worker.address)
        files = {}
        for path in result.written:
            files[str(path.relative_to(out_dir))] = path.read_bytes()
            path.unlink()  # the client keeps it; the worker keeps only its caches
        return Outcome(files, [moved(p) for p in result.warnings], None, builder_digest(),
                       worker.address)


def _unpacked(archive: bytes, booklet: Booklet, folder: Path) -> Path:
    """The booklet folder unpacked from `archive`, under its digest: unpacked beside it
    and moved into place whole, so that a worker stopped half-way leaves no half folder."""
    target = folder / booklet.digest
    if not target.is_dir():
        scratch = folder / f".{booklet.digest}-{uuid.uuid4().hex}"
        with tarfile.open(fileobj=io.BytesIO(archive)) as sources:
            sources.extractall(scratch / booklet.folder_name, filter="data")
        scratch.rename(target)
    return target / booklet.folder_name


@contextlib.contextmanager
def _source_date_epoch(epoch: str | None) -> Iterator[None]:
    """SOURCE_DATE_EPOCH as the client has it (set or unset), for one build."""
    before = os.environ.get(EPOCH)
    if epoch is None:
        os.environ.pop(EPOCH, None)
    else:
        os.environ[EPOCH] = epoch
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(EPOCH, None)
        else:
            os.environ[EPOCH] = before


class _Moved:
    """A problem as the client's user reads it: a path in the worker's copy of the
    booklet (or its output folder) becomes the same path in the client's."""

    def __init__(self, folders: dict[Path, Path]):
        self.folders = folders

    def __call__(self, problem: Problem) -> Problem:
        for theirs, ours in self.folders.items():
            if problem.path.is_relative_to(theirs):
                return replace(problem, path=ours / problem.path.relative_to(theirs))
        return problem


def _written(outcome: Outcome, out_dir: Path) -> BuildResult | BookError:
    """Write a variant's files into the output folder, each whole; its outcome as a local
    build's."""
    if outcome.errors is not None:
        return BookError(outcome.errors)
    written = []
    for name, data in outcome.files.items():
        write_atomically(out_dir / name, data)
        written.append(out_dir / name)
    return BuildResult(written, outcome.warnings)


def _killed() -> str:
    return ("the workers building it stopped before it was built, each time it was tried "
            "(killed, perhaps for want of memory): give the workers more memory, or fewer "
            "threads (`dask worker --nthreads 1`)")


def _other_builders(workers: set[str]) -> str:
    return (f"{', '.join(sorted(workers))} built with another version of make-book or of "
            "its libraries than this machine's, so their files may differ from a local "
            "build's: install the same version on every worker")
