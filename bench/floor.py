"""Plain WeasyPrint on exactly the documents a build gives it: the floor for our layout.

    python bench/floor.py record BOOKLET_FOLDER SAVE_FOLDER
    python bench/floor.py render SAVE_FOLDER

`record` builds the PDF in one pass (--one-pass) and saves every HTML document and
stylesheet that reached WeasyPrint (the book, then the index on its own). `render` lays
them out and writes them as PDF/UA, as a build does, with nothing of ours around it;
bench/run.py times it.
"""
from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

import weasyprint


def record(root: Path, save: Path) -> None:
    from book.build import Options, build

    documents = []
    real_render = weasyprint.HTML.render

    def render(html, stylesheets=(), **options):
        documents.append({"html": html.source, "base_url": html.base_url,
                          "css": [sheet.source for sheet in stylesheets]})
        return real_render(html, stylesheets=stylesheets, **options)

    real_html, real_css = weasyprint.HTML.__init__, weasyprint.CSS.__init__

    def html_init(self, *args, string=None, **options):
        real_html(self, *args, string=string, **options)
        self.source = string

    def css_init(self, *args, string=None, base_url=None, **options):
        real_css(self, *args, string=string, base_url=base_url, **options)
        self.source = {"string": string, "base_url": base_url}

    weasyprint.HTML.__init__, weasyprint.CSS.__init__ = html_init, css_init
    weasyprint.HTML.render = render
    with tempfile.TemporaryDirectory() as out:
        build(root, Options(out_dir=Path(out), formats=("pdf",), one_pass=True))
    save.mkdir(parents=True, exist_ok=True)
    (save / "documents.json").write_text(json.dumps(documents))


def render(save: Path) -> None:
    for number, document in enumerate(json.loads((save / "documents.json").read_text())):
        stylesheets = [weasyprint.CSS(**sheet) for sheet in document["css"]]
        laid_out = weasyprint.HTML(string=document["html"], base_url=document["base_url"]).render(
            stylesheets=stylesheets)
        laid_out.write_pdf(save / f"{number}.pdf", pdf_variant="pdf/ua-1")


if __name__ == "__main__":
    if sys.argv[1] == "record":
        record(Path(sys.argv[2]), Path(sys.argv[3]))
    else:
        render(Path(sys.argv[2]))
