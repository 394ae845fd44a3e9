"""check runs the build's stages once: each figure is drawn once for each medium (print and
the screen), the layout's findings are listed, and the outputs it validates go to a scratch
folder, not the output folder."""
from __future__ import annotations

from conftest import messages, write_book

from book.cli import main

# A figure script that counts, beside the booklet, how many times it was run.
COUNTING = """import matplotlib.pyplot as plt
from pathlib import Path


def draw(style):
    with open(Path.cwd().parent / "runs.txt", "a") as runs:
        runs.write(f"drawn for {style.medium}\\n")
    figure, axes = plt.subplots()
    axes.plot([1, 2, 3], [2, 1, 3])
    return figure
"""


DRAWN = ["drawn for print", "drawn for screen"]


def test_check_draws_each_figure_once_and_leaves_no_outputs(tmp_path, capsys):
    root = write_book(tmp_path / "counted", {
        "chapters/one.md": '# One\n\n![A line](figures/line.py){#fig-line fig-alt="A line"}\n',
        "figures/line.py": COUNTING})
    out = tmp_path / "out"
    assert main(["check", "-C", str(root), "-o", str(out)]) == 0, capsys.readouterr().err
    assert sorted((tmp_path / "runs.txt").read_text().splitlines()) == DRAWN
    assert not [path for path in out.iterdir() if path.name != ".cache"], \
        "check writes its outputs in a scratch folder"
    assert main(["build", "-C", str(root), "-o", str(out), "-q"]) == 0
    assert sorted((tmp_path / "runs.txt").read_text().splitlines()) == DRAWN, \
        "the build after a check finds the figure drawn"


def test_check_lists_what_the_layout_lost_and_fails_on_it_when_strict(tmp_path, capsys):
    root = write_book(tmp_path / "gone", {
        "chapters/one.md": "# One\n\nA first paragraph that stays.\n\n"
                           '<p class="gone">A paragraph the stylesheet hides.</p>\n',
        "hide.css": ".gone { display: none }\n",
        "book.toml": 'css = ["hide.css"]\n'})
    assert main(["check", "-C", str(root), "-o", str(tmp_path / "out")]) == 0
    lines = messages(capsys.readouterr().err)
    assert any(line.endswith("one.md: warning: the PDF lost the paragraph “A paragraph the "
                             "stylesheet hides.”: no page holds it (a stylesheet hides it, or "
                             "the layout engine dropped it, when rewording the text around "
                             "it usually helps)") for line in lines), lines
    assert lines[-1].startswith("0 errors, 1 warning, ")
    assert main(["check", "-C", str(root), "-o", str(tmp_path / "out"), "--strict"]) == 1
