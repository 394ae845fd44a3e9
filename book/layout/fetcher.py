"""The one way WeasyPrint loads files: from the booklet's and the theme's folders."""
from __future__ import annotations

import os
from email.message import EmailMessage
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

SVG = "image/svg+xml"
# The headers of every SVG read at once, made once: a response's own headers are parsed as
# an e-mail's, a third of its cost.
SVG_HEADERS = EmailMessage()
SVG_HEADERS["Content-Type"] = SVG


class LocalFetcher(URLFetcher):
    """A WeasyPrint fetcher that loads files from the given folders and nothing else."""

    def __init__(self, folders: list[Path]):
        super().__init__(allowed_protocols={"file", "data"})
        self.folders = [folder.resolve() for folder in folders]
        # A file is in a folder if its resolved path starts with one of these.
        self.prefixes = tuple(os.path.join(folder, "") for folder in self.folders)
        self.fetched: set[Path] = set()  # what a laid-out part depends on (print_layout)

    def fetch(self, url: str, headers: dict | None = None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        if url.startswith("file:"):
            resolved = os.path.realpath(url2pathname(urlsplit(url).path))
            if os.path.join(resolved, "").startswith(self.prefixes):
                path = Path(resolved)
                self.fetched.add(path)  # even if it is missing: it may appear
                if path.suffix == ".svg" and path.is_file():
                    # Read at once: urllib's way costs a millisecond a file, which a
                    # chapter of formulas (a picture each) pays hundreds of times.
                    return URLFetcherResponse(url, path.read_bytes(), SVG_HEADERS)
                return super().fetch(url, headers)
        # Fatal, so that WeasyPrint stops instead of quietly leaving the resource out.
        raise FatalURLFetchingError(f"{url} is outside the booklet folder and the theme")
