"""The cache's one key scheme, its stores of cached files, and the stamp that lets a
rebuild with nothing new do nothing."""
from __future__ import annotations

import os
import time
from pathlib import Path

from conftest import write_book

from book.cache import MONTH, Store, cache_key, inputs_digest, record, up_to_date


def _aged(path: Path, seconds: float) -> Path:
    """Give `path` the times of a file last used `seconds` ago."""
    moment = time.time() - seconds
    os.utime(path, (moment, moment))
    return path


def test_a_key_is_the_same_for_the_same_parts():
    assert cache_key("figure", b"\x00data") == cache_key("figure", b"\x00data")
    assert len(cache_key("figure")) == 32


def test_a_key_changes_with_each_part():
    keys = {cache_key("a", "b", "c"), cache_key("x", "b", "c"), cache_key("a", "x", "c"),
            cache_key("a", "b", "x"), cache_key("a", "b"), cache_key("ab", "c")}
    assert len(keys) == 6


def test_a_part_given_as_text_or_as_its_utf8_bytes_makes_the_same_key():
    assert cache_key("café") == cache_key("café".encode())


def test_a_store_gives_back_what_was_written_under_its_key(tmp_path):
    store = Store(tmp_path / "figures")
    path = store.write("k1", ".svg", b"<svg/>")
    assert path == tmp_path / "figures" / "k1.svg"
    assert store.read("k1", ".svg") == b"<svg/>"
    assert store.read("k1", ".png") is None
    assert store.read("k2", ".svg") is None


def test_pruning_removes_a_file_unused_for_a_month_and_keeps_the_others(tmp_path):
    store = Store(tmp_path)
    old = _aged(store.write("old", ".bin", b"1"), MONTH + 3600)
    recent = _aged(store.write("recent", ".bin", b"2"), MONTH - 3600)
    store.prune()
    assert not old.exists()
    assert recent.read_bytes() == b"2"


def test_a_file_read_again_is_kept_by_pruning(tmp_path):
    store = Store(tmp_path)
    used = _aged(store.write("used", ".bin", b"kept"), MONTH + 3600)
    assert store.read("used", ".bin") == b"kept"
    store.prune()
    assert used.read_bytes() == b"kept"


def _booklet(tmp_path: Path) -> tuple[Path, Path]:
    root = write_book(tmp_path / "booklet", {"chapters/one.md": "# One\n\nText.\n",
                                             "book.toml": 'title = "T"\n'})
    return root, root / "build"


def test_the_inputs_digest_changes_with_a_source_file_and_with_the_options(tmp_path):
    root, out = _booklet(tmp_path)
    before = inputs_digest(root, out, "pdf")
    assert inputs_digest(root, out, "pdf") == before
    assert inputs_digest(root, out, "epub") != before
    (root / "chapters" / "one.md").write_text("# One\n\nOther text.\n")
    assert inputs_digest(root, out, "pdf") != before


def test_the_inputs_digest_leaves_out_the_outputs_and_hidden_files(tmp_path):
    root, out = _booklet(tmp_path)
    before = inputs_digest(root, out, "pdf")
    write_book(root, {"build/basic.pdf": b"%PDF", ".git/HEAD": "ref: main\n"})
    assert inputs_digest(root, out, "pdf") == before


def _recorded(tmp_path: Path) -> tuple[Path, str, Path]:
    root, out = _booklet(tmp_path)
    output = write_book(out, {"T.pdf": b"%PDF-1.7 pages"}) / "T.pdf"
    digest = inputs_digest(root, out, "pdf")
    record(out / ".cache", digest, [output])
    return out / ".cache", digest, output


def test_a_recorded_build_with_the_same_inputs_is_up_to_date(tmp_path):
    cache, digest, output = _recorded(tmp_path)
    assert up_to_date(cache, digest) == [output]


def test_a_build_with_other_inputs_is_not_up_to_date(tmp_path):
    cache, digest, _ = _recorded(tmp_path)
    assert up_to_date(cache, digest[::-1]) is None


def test_a_build_whose_output_was_deleted_is_not_up_to_date(tmp_path):
    cache, digest, output = _recorded(tmp_path)
    output.unlink()
    assert up_to_date(cache, digest) is None


def test_a_build_whose_output_was_changed_is_not_up_to_date(tmp_path):
    cache, digest, output = _recorded(tmp_path)
    output.write_bytes(b"%PDF-1.7 edited")
    assert up_to_date(cache, digest) is None


def test_a_build_never_recorded_is_not_up_to_date(tmp_path):
    assert up_to_date(tmp_path / ".cache", "0" * 64) is None
