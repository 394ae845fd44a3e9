"""Bad input: clear errors at path:line:col, exit 1, and earlier outputs kept."""
from __future__ import annotations

import re
import shutil

import pytest
from conftest import BOOKS, write_book

from book.cli import main


def test_outside_and_missing_resources_are_refused_and_web_pictures_not_fetched(make_book):
    run = make_book("bad-sources")
    assert run.code == 1
    err = run.err
    assert "https://example.com/map.png" not in err  # a warning, printed when the rest builds
    assert "01-images.md:5:42: error: '../../outside.png' is outside the booklet folder" in err
    assert "01-images.md:7:39: error: 'images/nothing.png' does not exist" in err
    assert "01-images.md:9:1: error: unknown block kind 'unknown-kind'" in err
    assert "Traceback" not in err


def test_raw_html_cannot_load_remote_files(make_book, tmp_path):
    root = write_book(tmp_path / "raw", {
        "chapters/one.md": '# One\n\nText.\n\n'
                           '<p><img src="http://example.com/x.png" alt="x"></p>\n'})
    run = make_book("raw", root=root)
    assert run.code == 0, run.err
    assert "one.md:5:14: warning: 'http://example.com/x.png' is a picture on the web, which " \
           "is not fetched: its description 'x' is printed in its place" in run.err
    (root / "chapters/one.md").write_text('# One\n\n<audio src="http://example.com/a.mp3">'
                                          '</audio>\n')
    run = make_book("raw", root=root)
    assert run.code == 1
    assert "one.md:3:13: error: 'http://example.com/a.mp3' is not a file in the booklet " \
           "folder; nothing is fetched from the network" in run.err


def test_paths_written_as_on_windows_say_how_to_write_them(make_book, tmp_path):
    root = write_book(tmp_path / "windows", {
        "chapters/one.md": "# One\n\n![A cell](images\\cell.png) and "
                           "![A leaf](C:\\Users\\me\\leaf.png)\n"})
    run = make_book("windows", root=root)
    assert run.code == 1
    assert "one.md:3:11: error: 'images\\cell.png' does not exist: part the folders of a " \
           "path with /, as in 'images/cell.png'" in run.err
    assert "one.md:3:42: error: 'C:\\Users\\me\\leaf.png' is a place on one computer, not " \
           "in the booklet folder: copy the file into the folder and refer to it by a path " \
           "from there, such as images/leaf.png" in run.err


def test_theme_css_cannot_reach_outside(make_book, tmp_path):
    root = tmp_path / "css"
    shutil.copytree(BOOKS / "no-config", root)
    write_book(root, {
        "styles/remote/theme.toml": 'extends = "classic"\nstylesheets = ["extra.css"]\n',
        "styles/remote/extra.css":
            "body {\n  color: black;\n}\n@font-face { src: url(https://example.com/f.woff); }\n",
        "book.toml": 'theme = "remote"\n'})
    run = make_book("css", root=root)
    assert run.code == 1
    assert "extra.css:4:19: error: url(https://example.com/f.woff) is outside the theme" in run.err


def test_duplicate_labels_are_reported_where_they_repeat(make_book):
    run = make_book("duplicate-ids")
    assert run.code == 1
    assert ("01-labels.md:9:12: error: the id 'sec-shared' is already used in 01-labels.md"
            in run.err)
    assert "02-other.md:3:15: error: the id 'sec-shared' is already used in 01-labels.md" in run.err
    assert "02-other.md:7:14: error: the id 'contents' is already used by the book's own pages" \
        in run.err


def test_unclosed_block_is_reported(make_book, tmp_path):
    root = write_book(tmp_path / "unclosed",
                      {"chapters/one.md": "# One\n\nText.\n\n::: note\nNever closed.\n"})
    run = make_book("unclosed", root=root)
    assert run.code == 1
    assert "one.md:5:1: error: this ::: block is never closed" in run.err


def test_a_failed_build_keeps_the_previous_pdf(make_book):
    first = make_book("no-config")
    assert first.code == 0, first.err
    pdf = first.root / "build" / "no-config.pdf"
    before = pdf.read_bytes()
    (first.root / "chapters" / "02-second.md").write_text(
        "# Second\n\n![Gone](images/gone.png)\n")
    second = make_book("no-config", root=first.root)
    assert second.code == 1
    assert "02-second.md:3:" in second.err and "does not exist" in second.err
    assert pdf.read_bytes() == before
    assert not list(pdf.parent.rglob("*.tmp")), "no temporary files are left"


def test_footnote_without_text_and_note_without_call(make_book, tmp_path):
    root = write_book(tmp_path / "notes", {"chapters/one.md":
        "# Notes\n\nA call to nothing.[^missing] And `[^code]` stays.\n\nA real one.[^ok]\n\n"
        "[^ok]: Fine.\n[^unused]: Never called.\n"})
    run = make_book("notes", root=root)
    assert run.code == 1
    assert "one.md:3:19: error: footnote [^missing] has no text" in run.err
    assert "one.md:8:1: error: footnote [^unused] is never called" in run.err
    assert "[^code]" not in "\n".join(line for line in run.err.splitlines() if ": error: " in line)


def test_an_error_shows_its_source_line_with_a_caret(make_book, tmp_path):
    root = write_book(tmp_path / "caret", {
        "chapters/one.md": "# One\n\nAs shown in\t![a map](images/nothing.png), it works.\n"})
    run = make_book("caret", root=root)
    assert run.code == 1
    lines = run.err.splitlines()
    first = next(i for i, line in enumerate(lines) if "one.md:3:" in line)
    col = int(lines[first].split(":")[2])
    assert lines[first + 1] == " 3 | As shown in\t![a map](images/nothing.png), it works."
    # The caret stands under the column, with the tab kept so that it lines up.
    assert lines[first + 2] == "   | " + " " * 11 + "\t" + " " * (col - 13) + "^"
    assert lines[-1] == "build failed: 1 error; earlier outputs were left as they were"


@pytest.mark.internal_error
def test_a_fault_of_the_builder_is_one_line_and_exit_70(make_book, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("something the builder did not expect")
    monkeypatch.setattr("book.build._build", broken)
    run = make_book("basic")
    assert run.code == 70
    assert run.err.splitlines() == [
        "internal error: RuntimeError: something the builder did not expect (this is a fault "
        "of make-book, not of your booklet; run again with --debug for the details to report)"]
    run = make_book("basic", "--debug", root=run.root)
    assert run.code == 70
    assert "Traceback" in run.err and "internal error: RuntimeError" in run.err


def test_a_long_source_line_is_quoted_around_its_column(make_book, tmp_path):
    alt = "A long description of the picture. " * 6
    root = write_book(tmp_path / "long", {
        "chapters/one.md": f'# One\n\n![{alt}](images/nothing.png){{#fig-x fig-alt="{alt}"}}\n'})
    run = make_book("long", root=root)
    lines = run.err.splitlines()
    first = next(i for i, line in enumerate(lines) if "one.md:3:" in line)
    quoted, caret = lines[first + 1], lines[first + 2]
    assert len(quoted) < 120 and quoted.startswith(" 3 | …") and quoted.endswith("…")
    assert quoted[caret.index("^"):].startswith("images/nothing.png")


def test_a_library_line_that_gets_through_is_named_as_the_librarys():
    import logging

    from book.cli import LogLines
    lines = LogLines()
    record = logging.LogRecord("fontTools.subset", logging.ERROR, __file__, 1,
                               "glyph %s is missing", ("x",), None)
    assert lines.format(record) == "error: fontTools said: glyph x is missing"
    lines.emit(record)
    assert lines.errors == 1, "an error printed makes the command fail"
    record = logging.LogRecord("book.layout.print_layout", logging.WARNING, __file__, 1, "ours",
                               (), None)
    assert lines.format(record) == "warning: ours"


def test_with_debug_an_error_in_the_sources_is_still_one_exit_1(make_book, tmp_path):
    root = write_book(tmp_path / "debug", {"book.toml": "colour = 1\n",
                                           "chapters/one.md": "# One\n\nText.\n"})
    run = make_book("debug", "--debug", root=root)
    assert run.code == 1
    assert "book.toml:1:1: error: unknown setting 'colour'" in run.err
    assert "Traceback" in run.err and "internal error" not in run.err


def test_new_over_a_file_is_bad_usage(tmp_path, capsys):
    (tmp_path / "taken").write_text("a file")
    with pytest.raises(SystemExit) as exit:
        main(["new", str(tmp_path / "taken")])
    assert exit.value.code == 2
    assert "is a file; choose a new folder" in capsys.readouterr().err


def test_flags_before_the_command_are_the_commands(tmp_path, capsys, monkeypatch):
    root = tmp_path / "basic"
    shutil.copytree(BOOKS / "basic", root)
    assert main(["-v", "handout", "1", "-C", str(root)]) == 0
    assert capsys.readouterr().out.startswith("wrote ")
    assert list((root / "build").glob("*-floods.pdf")), "the handout of chapter 1"
    assert main(["-q", "build", "-C", str(root), "--format", "epub"]) == 0
    # An option of the build before it may take a value: it is not moved (-o new).
    monkeypatch.chdir(tmp_path)
    assert main(["-o", "new", "-C", str(root), "--format", "epub"]) == 0
    assert list((tmp_path / "new").glob("*.epub"))


def test_a_problem_with_the_whole_folder_has_no_line(make_book, tmp_path):
    root = write_book(tmp_path / "empty", {"notes.txt": "no chapters here"})
    run = make_book("empty", root=root)
    assert run.code == 1
    assert f"{root}: error: no chapters found" in run.err


def test_words_read_as_a_made_up_html_tag_are_an_error_not_a_crash(make_book, tmp_path):
    root = write_book(tmp_path / "tag", {"chapters/one.md": (
        "# One\n\nLicensed under the Apache License <LICENSE-APACHE or\n"
        "[the licence](https://www.apache.org/licenses/LICENSE-2.0)>, at your option.\n")})
    run = make_book("tag", root=root)
    assert run.code == 1
    assert "one.md:3:35: error: '<LICENSE-APACHE ...' is read as an HTML tag, but it is " \
           "not one" in run.err


def test_warnings_are_listed_in_the_order_of_their_places_in_the_file(make_book, tmp_path):
    # The picture by reference is placed at its definition, and found first.
    root = write_book(tmp_path / "order", {"chapters/01-one.md": (
        "# One\n\n![B][b] and ![A](https://e.org/a.png)\n\nText ![C](https://e.org/c.png).\n\n"
        "[b]: https://e.org/b.png\n")})
    run = make_book("order", "--format", "html", root=root)
    assert run.code == 0, run.err
    places = re.findall(r"01-one\.md:(\d+):(\d+): warning", run.err)
    assert places == [("3", "18"), ("5", "11"), ("7", "6")], run.err
    # A rebuild with nothing to do says its warnings again: they hold for its outputs.
    again = make_book("order", "--format", "html", root=root)
    assert again.code == 0 and "up to date" in again.out
    assert again.err == run.err
