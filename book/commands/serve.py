"""Live preview: the book as a web page on 127.0.0.1, rebuilt when a source changes.

The page is the web version (writers/web.py) with the booklet's theme. It is rebuilt
first (Markdown and figures take a second or two); the PDF follows in the background, and
the page's link to it gives the newest, waiting for one under way. A build error is shown
in the page, and the server keeps running.
"""
from __future__ import annotations

import html
import logging
import multiprocessing
import signal
import threading
import urllib.parse
from collections.abc import Callable
from dataclasses import replace
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from multiprocessing.connection import Connection
from pathlib import Path

import watchfiles

from ..build import (
    Job,
    Options,
    lay_out_book,
    output_folder,
    read_and_draw,
    stop_if_strict,
    write_formats,
)
from ..errors import BookError, Problem, in_file_order
from ..files import located_write_faults
from ..progress import quiet
from ..theming.themes import BUILT_IN
from ..writers.web import book_page

log = logging.getLogger(__name__)
# Processes started afresh, not forked (Preview._build_pdf says why).
FRESH = multiprocessing.get_context("spawn")
# Asks the server, every second, whether the book changed; reloads the page when it did.
RELOAD = """<script>
(function () {
  var version = %d;
  setInterval(function () {
    fetch('/version').then(function (r) { return r.text(); }).then(function (v) {
      if (Number(v) !== version) { location.reload(); }
    }).catch(function () {});
  }, 1000);
})();
</script>"""
# A corner of the web version that says it is the preview and links to the PDF, in the
# web version's own colours (web.css), so that it follows dark mode too.
BANNER = ('<aside class="preview-banner" aria-label="Preview">Preview of your saves · '
          '<a href="/pdf">The newest PDF</a></aside>')
BANNER_STYLE = """<style>
.preview-banner { position: fixed; right: 0.75rem; bottom: 0.75rem; z-index: 3;
  padding: 0.4rem 0.75rem; font: 0.8rem/1.3 sans-serif; color: var(--text_colour, #1a1a1a);
  background: var(--page, #fff); border: 1px solid var(--rule_colour, #999); border-radius: 4px;
  box-shadow: 0 1px 4px rgb(0 0 0 / 0.3); }
@media print { .preview-banner { display: none; } }
</style>"""
# While no PDF is built yet, /pdf says so and tries again.
NO_PDF_YET = ("<!DOCTYPE html><html><head><meta charset='utf-8'><meta http-equiv='refresh' "
              "content='2'><title>No PDF yet</title></head><body style='font:15px sans-serif'>"
              "<p>There is no PDF yet: it is built after the page, and again after each "
              "save. This page tries again every two seconds.</p></body></html>")
# How long /pdf waits for a PDF under way, so that it gives the one of the latest save.
PDF_WAIT = 120


class Preview:
    """The current page, its version, and the PDF once it is built. One thread builds the
    PDFs, one after the other; after each it builds again if a save came meanwhile."""

    def __init__(self, root: Path, options: Options,
                 tell: Callable[[Problem], None] = lambda problem: None):
        self.root = root.resolve()
        # Where the problems of each rebuild go besides the page: the terminal.
        self.tell = tell
        # Only the PDF is written; nobody watches the stages' progress in the terminal.
        self.options = replace(options, formats=("pdf",), progress=quiet)
        self.out_dir = output_folder(self.root, options)
        self.version = 0
        self.page = ""
        self.pdf: Path | None = None
        self.lock = threading.Lock()
        self.pdf_wanted = False  # a save came after the PDF under way began
        self.pdf_busy = False
        self.pdf_done = threading.Condition(self.lock)
        self.pdf_process: multiprocessing.process.BaseProcess | None = None
        self.closed = False

    def rebuild(self) -> None:
        """Render the page again; then start the PDF of the same book in the background."""
        job = Job(self.root, self.options, self.out_dir)
        try:
            book = read_and_draw(job)
            page = book_page(book, self._asset_url, BANNER_STYLE + RELOAD % (self.version + 1),
                             BANNER)
        except BookError as error:
            book, page = None, self._error_page([p.with_source() for p in error.problems])
            problems = error.problems
        except Exception as error:  # a fault of ours: said as the command line says it,
            from ..cli import internal_error  # and the next save is built all the same

            internal_error(error, debug=False)
            book, page, problems = None, self._error_page([f"{type(error).__name__}: {error} "
                                                           "(a fault of make-book)"]), []
        else:
            problems = in_file_order(job.report.warnings)
        for problem in problems:
            self.tell(problem)
        with self.lock:
            self.version += 1
            self.page = page
        if book is not None:
            self._start_pdf()

    def _start_pdf(self) -> None:
        with self.lock:
            self.pdf_wanted = True
            if self.pdf_busy:
                return  # the thread under way takes this book when it is done
            self.pdf_busy = True
        threading.Thread(target=self._build_pdfs, daemon=True).start()

    def _build_pdfs(self) -> None:
        while True:
            with self.lock:
                if not self.pdf_wanted:
                    self.pdf_busy = False
                    self.pdf_done.notify_all()
                    return
                self.pdf_wanted = False
            self._build_pdf()

    def newest_pdf(self) -> Path | None:
        """The PDF of the latest save: one under way is waited for."""
        with self.pdf_done:
            self.pdf_done.wait_for(lambda: not self.pdf_busy, timeout=PDF_WAIT)
            return self.pdf if self.pdf and self.pdf.is_file() else None

    def _build_pdf(self) -> None:
        """The PDF, written by a process of its own. Layout forks workers, and a process
        forked while this one's other threads (the server's, the watcher's) hold a lock
        would wait for it forever; a fresh process has no other threads."""
        receiving, sending = FRESH.Pipe(duplex=False)
        # Not a daemon, which could not start layout workers: close() stops it.
        process = FRESH.Process(target=_write_pdf, args=(self.root, self.options, self.out_dir,
                                                         sending))
        with self.lock:
            if self.closed:
                return
            self.pdf_process = process
            process.start()
        sending.close()
        try:
            written, problems = receiving.recv()
        except EOFError:
            written, problems = None, []  # the process was stopped
        process.join()
        for problem in problems:
            self.tell(problem)
        if written is not None:
            self.pdf = written

    def close(self) -> None:
        """Stop the PDF under way, if any; build no more."""
        with self.lock:
            self.closed = True
            process = self.pdf_process
        if process is not None and process.is_alive():
            process.terminate()
            process.join()

    def _error_page(self, errors: list[str]) -> str:
        items = "".join(f"<li><pre>{html.escape(error)}</pre></li>" for error in errors)
        return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>Build failed</title>"
                f"{RELOAD % (self.version + 1)}</head><body style='font:15px sans-serif'>"
                f"<h1>The booklet did not build</h1><p>Fix these, save, and this page "
                f"reloads:</p><ul class='build-errors'>{items}</ul></body></html>")

    def _asset_url(self, path: Path, shown_as: Path) -> str:
        return "/asset?" + urllib.parse.urlencode({"path": str(path)})

    def asset(self, path: str) -> Path | None:
        """A file the page may load: inside the booklet folder, the build folder or the
        built-in themes (the pictures their stylesheets draw)."""
        target = Path(path).resolve()
        allowed = any(target.is_relative_to(folder)
                      for folder in (self.root, self.out_dir, BUILT_IN))
        return target if allowed and target.is_file() else None


def _write_pdf(root: Path, options: Options, out_dir: Path, sending: Connection) -> None:
    """Build the PDF and send its path, or None when the booklet has errors or the build
    failed (the last good PDF stays), with what the layout found: the page has shown what
    reading found."""
    # Ctrl-C stops the preview, which stops this process: it need not hear it too.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # What WeasyPrint says is heard by the layout; nothing else here is for the terminal.
    logging.getLogger().addHandler(logging.NullHandler())
    job = Job(root, options, out_dir)
    written, read = None, None  # `read`: how many warnings reading gave, once it is done
    problems: list[Problem] = []
    try:
        with located_write_faults(out_dir):
            book = read_and_draw(job)
            stop_if_strict(job)
            read = len(job.report.warnings)
            layout = lay_out_book(job, book)
            stop_if_strict(job)
            written = write_formats(book, layout, out_dir, ("pdf",), options.impose)[0]
    except BookError as error:
        if read is not None:  # the layout's, which the page cannot show
            problems = error.problems
    except Exception as error:  # a fault of ours: said as the command line says it
        from ..cli import internal_error
        internal_error(error, debug=False)
    if read is not None and not problems:
        problems = in_file_order(job.report.warnings[read:])
    sending.send((written, problems))


def handler_for(preview: Preview) -> type[BaseHTTPRequestHandler]:
    """Routes: / (the page), /version, /pdf, /asset?path=..."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            url = urllib.parse.urlsplit(self.path)
            if url.path == "/":
                with preview.lock:
                    self._send(preview.page.encode(), "text/html; charset=utf-8")
            elif url.path == "/version":
                self._send(str(preview.version).encode(), "text/plain")
            elif url.path == "/pdf":
                pdf = preview.newest_pdf()
                if pdf is None:
                    self._send(NO_PDF_YET.encode(), "text/html; charset=utf-8")
                else:
                    self._send(pdf.read_bytes(), "application/pdf")
            elif url.path == "/asset":
                found = preview.asset(urllib.parse.parse_qs(url.query).get("path", [""])[0])
                if found is None:
                    self.send_error(HTTPStatus.NOT_FOUND)
                else:
                    kind = "image/svg+xml" if found.suffix == ".svg" else "application/octet-stream"
                    self._send(found.read_bytes(), kind)
            else:
                self.send_error(HTTPStatus.NOT_FOUND)

        def _send(self, body: bytes, kind: str) -> None:
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args) -> None:
            log.debug(format, *args)

    return Handler


def watch(preview: Preview, stop: threading.Event) -> None:
    """Rebuild whenever a source changes; the build folder is not a source."""
    def is_source(change: watchfiles.Change, path: str) -> bool:
        return not Path(path).resolve().is_relative_to(preview.out_dir) and \
            "__pycache__" not in path and not Path(path).name.startswith(".")

    for _ in watchfiles.watch(preview.root, watch_filter=is_source, stop_event=stop,
                              debounce=200, step=50):
        preview.rebuild()


class PreviewServer(ThreadingHTTPServer):
    """The preview's server: shutting it down stops the preview's PDF under way too."""

    def __init__(self, preview: Preview, port: int):
        super().__init__(("127.0.0.1", port), handler_for(preview))
        self.preview = preview

    def shutdown(self) -> None:
        super().shutdown()
        self.preview.close()


def start(root: Path, options: Options, port: int = 8000,
          tell: Callable[[Problem], None] = lambda problem: None) -> tuple[PreviewServer,
                                                                           threading.Event]:
    """Build once, then serve and watch in background threads; returns the server and the
    event that stops the watcher. Each build's problems also go to `tell`."""
    preview = Preview(root, options, tell)
    server = PreviewServer(preview, port)  # first: a port in use stops it before any build
    preview.rebuild()
    stop = threading.Event()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    threading.Thread(target=watch, args=(preview, stop), daemon=True).start()
    return server, stop
