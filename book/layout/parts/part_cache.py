"""Laid-out parts kept between builds, and the page counts of the last build's parts."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

from ...cache import Store, cache_key, file_digest
from ..pdf_messages import Said
from .cut import Numbering
from .part_layout import PartLayout, PartPages


class LayoutCache:
    """Laid-out parts under the key of all they depend on (cache.cache_key: the builder,
    the booklet folder and the stylesheets, the part's HTML and its numbering), with the
    digests of the files WeasyPrint read for them; and the last build's page counts,
    which let the parts be numbered before the ones before them are laid out."""

    def __init__(self, folder: Path, inputs: list[str]):
        self.store = Store(folder)
        self.inputs = inputs
        # The counts come from a build with the same stylesheets and builder.
        self.counts_key = "pages-" + cache_key(json.dumps(inputs))[:16]
        self.digests: dict[str, str | None] = {}

    def key(self, html_digest: str, numbering: Numbering) -> str:
        return cache_key(json.dumps([self.inputs, html_digest, numbering.__dict__]))

    def get(self, key: str, numbering: Numbering, write: bool) -> PartLayout | None:
        """The part laid out with that key, if the files it read are unchanged (and it was
        written, when `write`)."""
        entry = self.store.read(key, ".json")
        if entry is None:
            return None
        pages, files, pdf_digest, heard = json.loads(entry)
        pdf = self.store.read(key, ".pdf") if write else None
        if write and (pdf is None or hashlib.sha256(pdf).hexdigest() != pdf_digest):
            return None
        if any(self._digest(path) != digest for path, digest in files.items()):
            return None
        return PartLayout(numbering, PartPages.from_json(pages), pdf, files,
                          tuple(Said(level, text) for level, text in heard))

    def put(self, key: str, laid: PartLayout) -> None:
        if laid.pdf is not None:
            self.store.write(key, ".pdf", laid.pdf)
        pdf_digest = None if laid.pdf is None else hashlib.sha256(laid.pdf).hexdigest()
        self.store.write(key, ".json", json.dumps(
            [laid.pages.__dict__, laid.files, pdf_digest,
             [(said.level, said.text) for said in laid.heard]]).encode())

    def previous(self) -> dict[str, PartPages]:
        """The page counts of the last build's parts, by part name."""
        try:
            return {name: PartPages.from_json(pages) for name, pages
                    in json.loads(self.store.read(self.counts_key, ".json") or "{}").items()}
        except (ValueError, TypeError, KeyError):
            return {}

    def remember(self, counts: dict[str, PartPages]) -> None:
        """Keep this build's page counts for the next, and let go of unused entries."""
        self.store.write(self.counts_key, ".json", json.dumps(
            {name: pages.__dict__ for name, pages in counts.items()}).encode())
        self.store.prune()

    def _digest(self, path: str) -> str | None:
        if path not in self.digests:
            self.digests[path] = digest_if_any(Path(path))
        return self.digests[path]


def digest_if_any(path: Path) -> str | None:
    """A file's digest, or None when there is no such file (a font that a rule names
    but the theme does not ship, say): if one appears, the part is laid out again."""
    try:
        return file_digest(path)
    except OSError:
        return None
