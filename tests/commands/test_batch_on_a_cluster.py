"""`batch --scheduler`: the variants built on a real Dask cluster, a scheduler and two
worker processes on 127.0.0.1, with no folder shared with the client."""
from __future__ import annotations

import shutil

import pypdf
import pytest
from conftest import BOOKS, png, write_book

from book.cli import main

distributed = pytest.importorskip("distributed")

# Class a's logo is a raster picture, which the PDF names (layout/image_ids.py).
CLASSES = ('[classes.a]\nteacher = "Ms A"\ntheme = "large-print"\npage_size = "A5"\n'
           'logo = "images/logo.png"\nlogo_alt = "An oak"\n\n'
           '[classes.b]\nteacher = "Mr B"\ntheme = "modern"\npage_size = "Letter"\n\n'
           '[classes.c]\nteacher = "Ms C"\ntheme = "ink-saver"\npage_size = "A4"\n')


@pytest.fixture(scope="module")
def scheduler():
    """The address of a scheduler with two worker processes, one thread each."""
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  host="127.0.0.1", dashboard_address=None) as cluster:
        yield cluster.scheduler_address


def test_a_batch_on_the_cluster_writes_the_bytes_of_a_local_batch(scheduler, tmp_path,
                                                                  monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    root = shutil.copytree(BOOKS / "figures", tmp_path / "figures")
    write_book(root, {"classes.toml": CLASSES, "images/logo.png": png("#205020")})
    here, there = tmp_path / "here", tmp_path / "there"
    assert main(["batch", "classes.toml", "-C", str(root), "-o", str(here)]) == 0
    assert main(["batch", "classes.toml", "-C", str(root), "-o", str(there),
                 "--scheduler", scheduler]) == 0
    files = sorted(path.name for path in there.iterdir() if path.is_file())
    # Each class in its theme and on its paper; the outputs only, no cache beside them.
    assert files == [f"figures-{name}.{kind}" for name in
                     ("a-large-print-a5", "b-modern-letter", "c-ink-saver")
                     for kind in ("epub", "pdf")]
    widths = {name: round(float(pypdf.PdfReader(there / f"figures-{name}.pdf")
                                .pages[0].mediabox.width))
              for name in ("a-large-print-a5", "b-modern-letter", "c-ink-saver")}
    assert widths == {"a-large-print-a5": 420, "b-modern-letter": 612, "c-ink-saver": 595}
    for name in files:
        assert (there / name).read_bytes() == (here / name).read_bytes(), name


@pytest.mark.parametrize("where", ["here", "on the cluster"])
def test_a_failing_class_is_named_with_its_errors_and_the_others_are_built(
        where, scheduler, tmp_path, capsys):
    root = shutil.copytree(BOOKS / "no-config", tmp_path / "classes")
    write_book(root, {
        "extra/bad.md": "# Bad\n\nA picture that is not there: ![x](images/none.png)\n",
        "classes.toml": '[classes.a]\nteacher = "Ms A"\n\n[classes.b]\nteacher = "Mr B"\n'
                        'chapters = ["chapters/01-first.md", "extra/bad.md"]\n\n'
                        '[classes.c]\nteacher = "Ms C"\n'})
    cluster = ["--scheduler", scheduler] if where == "on the cluster" else []
    assert main(["batch", "classes.toml", "-C", str(root), "--format", "pdf",
                 *cluster]) == 1
    err = capsys.readouterr().err
    # Located in the client's own copy of the booklet, not in a worker's.
    assert f"{root}/extra/bad.md:3:" in err, err
    assert "class b: failed, 1 error" in err
    assert "batch: 1 of 3 failed; the others were built" in err
    assert sorted(path.name for path in (root / "build").glob("*.pdf")) == [
        "classes-a.pdf", "classes-c.pdf"]


def test_a_scheduler_that_does_not_answer_is_a_located_error(tmp_path, capsys):
    root = shutil.copytree(BOOKS / "no-config", tmp_path / "classes")
    (root / "classes.toml").write_text('[classes.a]\nteacher = "Ms A"\n')
    assert main(["batch", "classes.toml", "-C", str(root),
                 "--scheduler", "tcp://127.0.0.1:9"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("--scheduler: error: no Dask scheduler answered "
                          "at tcp://127.0.0.1:9 within 10 seconds; check the address, or "
                          "start one with `dask scheduler`"), err
    assert not (root / "build").exists()

