"""book.toml: typed settings, every error at once with its line; defaults without one."""
from __future__ import annotations

from conftest import messages, write_book

from book.cli import main


def test_every_settings_error_is_reported_with_its_line(make_book):
    run = make_book("bad-config")
    assert run.code == 1
    lines = messages(run.err)
    expected = [
        ("book.toml:2:1:", "unknown setting 'colour'"),
        ("book.toml:3:1:", "authors must be a list of strings"),
        ("book.toml:4:1:", "'B5' is not a page size"),
        ("book.toml:5:1:", "is not a language tag"),
        ("book.toml:8:4:", "'chapters/missing.md' does not exist"),
        ("book.toml:9:4:", "'../outside.md' is outside the booklet folder"),
    ]
    for (where, what), line in zip(expected, lines):
        assert where in line and what in line, line
    assert len(lines) == len(expected) + 1
    assert "Traceback" not in run.err
    assert not (run.root / "build").exists()


def test_malformed_toml_points_at_the_line(make_book, tmp_path):
    root = write_book(tmp_path / "broken", {
        "chapters/one.md": "# One\n\nText.\n",
        "book.toml": 'title = "A"\nauthors = ["x",\nlanguage = "en"\n'})
    run = make_book("broken", root=root)
    assert run.code == 1
    assert "book.toml:3:" in run.err and "not valid TOML" in run.err


def test_unknown_theme_lists_the_themes(make_book, tmp_path):
    root = write_book(tmp_path / "themed", {"chapters/one.md": "# One\n\nText.\n",
                                            "book.toml": 'title = "T"\ntheme = "nosuch"\n'})
    run = make_book("themed", root=root)
    assert run.code == 1
    assert "book.toml:2:1: error: there is no theme 'nosuch'; the themes are: classic" in run.err


def test_bad_usage_exits_2(capsys):
    try:
        main(["build", "--format", "docx"])
    except SystemExit as exit:
        assert exit.code == 2
    else:
        raise AssertionError("bad usage did not exit")
    assert "unknown format docx" in capsys.readouterr().err


def test_a_chapter_file_left_out_of_the_list_is_a_warning_at_the_list(make_book, tmp_path):
    root = write_book(tmp_path / "listed", {
        "chapters/01-one.md": "# One\n\nText.\n",
        "chapters/02-two.md": "# Two\n\nMore text.\n",
        "front/preface.md": "# Preface\n\nWhy.\n",
        "book.toml": 'title = "T"\n\nchapters = ["chapters/01-one.md"]\n'})
    run = make_book("listed", "--format", "epub", root=root)
    assert run.code == 0, run.err
    assert [line.removeprefix(f"{root}/") for line in messages(run.err)] == [
        "book.toml:3:1: warning: chapters/02-two.md is not in this list of chapters, so it "
        "is left out of the booklet; add 'chapters/02-two.md' to the list, or move the file "
        "out of chapters/ if it is not to be printed"]
    # A list set on the command line chooses on purpose: no warning.
    run = make_book("listed", "--format", "epub", "--set", 'chapters=["chapters/02-two.md"]',
                    root=root)
    assert run.code == 0 and "warning" not in run.err, run.err
