"""What each kind of CSS rule costs WeasyPrint's layout of a booklet.

    python bench/css.py [BOOKLET_FOLDER]   (default: the sample)

Records the book's main document as a build gives it to WeasyPrint (bench/floor.py), then
lays it out with the theme as it is and with one feature of the theme taken out at a time
(hyphenation, justification, footnote floats, dot leaders, ...). The difference is what
that feature costs. Each layout runs five times, each in a fresh process, taking turns
with the others; the least processor time counts. "columns", which the main document does
not use, shows how far apart two equal layouts can come out on this machine.
"""
from __future__ import annotations

import json
import multiprocessing
import sys
import tempfile
import time
from pathlib import Path

import tinycss2
import weasyprint

sys.path.insert(0, str(Path(__file__).parent))
from floor import record

# A feature: (what it is, does this declaration belong to it?)
FEATURES = [
    ("hyphenation (hyphens: auto)", lambda name, value: name == "hyphens" and "auto" in value),
    ("justified text", lambda name, value: name == "text-align" and "justify" in value),
    ("footnotes at the page foot (float: footnote)",
     lambda name, value: name == "float" and "footnote" in value),
    ("page numbers of references (target-counter)",
     lambda name, value: name == "content" and "target-counter" in value),
    ("dot leaders", lambda name, value: name == "content" and "leader(" in value),
    ("keeping things together (break-inside, break-after: avoid)",
     lambda name, value: name in ("break-inside", "break-after") and "avoid" in value),
    ("orphans and widows", lambda name, value: name in ("orphans", "widows")),
    ("running heads (string-set)", lambda name, value: name == "string-set"),
    ("columns", lambda name, value: name.startswith("column")),
    ("backgrounds and borders", lambda name, value: name.startswith(("background", "border"))),
]


def without(css: str, belongs) -> str:
    """The stylesheet with every declaration of one feature taken out."""
    def strip(nodes):
        kept = []
        for node in nodes:
            if node.type == "declaration":
                value = tinycss2.serialize(node.value)
                if not belongs(node.lower_name, value):
                    kept.append(f"{node.name}: {value}{' !important' if node.important else ''};")
            elif node.type == "at-rule" and node.content is not None:
                kept.append(f"@{node.at_keyword} {tinycss2.serialize(node.prelude)} {{"
                            f"{strip(tinycss2.parse_blocks_contents(node.content))}}}")
            elif node.type == "qualified-rule":
                kept.append(f"{tinycss2.serialize(node.prelude)} {{"
                            f"{strip(tinycss2.parse_blocks_contents(node.content))}}}")
            elif node.type == "at-rule":
                kept.append(tinycss2.serialize([node]))
        return "\n".join(kept)
    return strip(tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True))


def layout_seconds(document: dict, changes: list) -> list[tuple[float, int]]:
    """Processor seconds and pages of the best of five layouts with each change.

    Each layout runs in a fresh process (forked), so that none pays for the memory that the
    ones before it left behind, and the changes take turns, so that a slow spell of the
    machine falls on all of them alike."""
    sheets = [[(change(sheet["string"]), sheet["base_url"]) for sheet in document["css"]]
              for change in changes]
    best: list[tuple[float, int]] = [(float("inf"), 0)] * len(changes)
    with multiprocessing.get_context("fork").Pool(1, maxtasksperchild=1) as pool:
        for _ in range(5):
            for number, css in enumerate(sheets):
                best[number] = min(best[number], pool.apply(_layout, (document, css)))
    return best


def _layout(document: dict, css: list[tuple[str, str]]) -> tuple[float, int]:
    start = time.process_time()
    sheets = [weasyprint.CSS(string=string, base_url=base_url) for string, base_url in css]
    laid_out = weasyprint.HTML(string=document["html"], base_url=document["base_url"]).render(
        stylesheets=sheets)
    return time.process_time() - start, len(laid_out.pages)


def main() -> None:
    root = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).parent.parent)
    with tempfile.TemporaryDirectory() as save:
        record(root, Path(save))
        document = json.loads((Path(save) / "documents.json").read_text())[0]
    changes = [lambda css: css] + [lambda css, belongs=belongs: without(css, belongs)
                                    for _, belongs in FEATURES]
    (whole, pages), *rows = layout_seconds(document, changes)
    print(f"layout of {root.resolve().name}'s book ({pages} pages, index apart): {whole:.2f} s")
    print(f"{'without':<62}{'seconds':>9}{'saves':>8}{'pages':>7}")
    for (name, _), (seconds, pages) in zip(FEATURES, rows):
        print(f"{name:<62}{seconds:>9.2f}{(whole - seconds) / whole:>8.0%}{pages:>7}")


if __name__ == "__main__":
    main()
