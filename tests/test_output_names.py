"""Variants built into one folder keep their own files: a build whose class, theme or page
size is not book.toml's is named so, as the teacher's edition is."""
from __future__ import annotations

import hashlib
import shutil
import subprocess

from conftest import BOOKS

from book.cli import main


def built(out, *args: str, command: str = "build", root=None) -> None:
    root = root or out.parent / "citations"
    if not root.exists():
        shutil.copytree(BOOKS / "citations", root)  # A4, classic, no class
    assert main([command, *args, "-C", str(root), "-o", str(out)]) == 0


def test_each_variant_of_a_booklet_has_a_name_of_its_own(tmp_path):
    out = tmp_path / "out"
    variants = {
        (): "citations",
        ("--theme", "large-print"): "citations-large-print",
        ("--set", "page_size=A5"): "citations-a5",
        ("--set", 'classroom.teacher="Ms Lin"', "--set", 'classroom.term="Spring 2027"'):
            "citations-ms-lin-spring-2027",
        ("--edition", "teacher", "--theme", "large-print", "--set", "page_size=Letter"):
            "citations-large-print-letter-teacher",
        # The same as book.toml's, or the default: the same booklet, the same name.
        ("--theme", "classic", "--set", "page_size=A4"): "citations",
    }
    for args in variants:
        built(out, *args)
    names = set(variants.values())
    assert {path.name for path in out.iterdir() if path.is_file()} == {
        f"{name}.{kind}" for name in names for kind in ("pdf", "epub")}
    contents = {hashlib.sha256(path.read_bytes()).digest() for path in out.glob("*.pdf")}
    assert len(contents) == len(names), "no variant's PDF was written over another's"
    info = subprocess.run(["pdfinfo", str(out / "citations-a5.pdf")], capture_output=True,
                          text=True, check=True).stdout
    assert "419.528 x 595.276 pts" in info  # A5


def test_a_batch_and_a_handout_say_what_they_change_too(tmp_path):
    out = tmp_path / "out"
    root = shutil.copytree(BOOKS / "citations", tmp_path / "citations")
    (root / "classes.toml").write_text('[classes.7a]\nteacher = "Ms Lin"\n\n'
                                       '[classes.7b]\nteacher = "Mr Okafor"\npage_size = "A5"\n')
    built(out, "classes.toml", command="batch", root=root)
    built(out, "classes.toml", "--theme", "large-print", command="batch", root=root)
    built(out, "1", "--set", 'classroom.course="History, Year 10"', command="handout",
          root=root)
    # A class is named by its name in the classes file, not by its details.
    assert {path.name for path in out.glob("*.pdf")} == {
        "citations-7a.pdf", "citations-7b-a5.pdf", "citations-7a-large-print.pdf",
        "citations-7b-large-print-a5.pdf", "citations-sources-history-year-10.pdf"}


def test_a_booklets_style_on_another_base_is_named_for_the_base(tmp_path):
    out = tmp_path / "out"
    root = shutil.copytree(BOOKS / "acids", tmp_path / "acids")  # its own style, on modern
    built(out, "--format", "pdf", root=root)
    built(out, "--format", "pdf", "--theme", "large-print", root=root)
    assert {path.name for path in out.glob("*.pdf")} == {
        "acids-and-bases.pdf", "acids-and-bases-large-print.pdf"}
