"""Reading an author's text files and writing outputs whole."""
from __future__ import annotations

import pytest

from book.errors import BookError
from book.files import content_name, read_text, write_atomically


def test_writing_replaces_the_file_and_leaves_no_temporary_file(tmp_path):
    target = tmp_path / "out" / "book.pdf"
    write_atomically(target, b"first")
    write_atomically(target, b"second")
    assert target.read_bytes() == b"second"
    assert [p.name for p in target.parent.iterdir()] == ["book.pdf"]


def test_a_failed_write_leaves_the_old_file_as_it_was(tmp_path):
    target = tmp_path / "book.pdf"
    target.write_bytes(b"old")
    with pytest.raises(TypeError):
        write_atomically(target, "text, not bytes")  # type: ignore[arg-type]
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["book.pdf"]


def test_a_folder_in_the_place_of_the_file_is_an_error_naming_the_file(tmp_path):
    target = tmp_path / "book.pdf"
    (target / "inside").mkdir(parents=True)
    with pytest.raises(BookError) as raised:
        write_atomically(target, b"data")
    [problem] = raised.value.problems
    assert problem.path == target
    assert problem.message == ("cannot write here: Is a directory; a file stands where a "
                               "folder is needed (or a folder where a file is): move it, "
                               "or choose another output folder with -o")
    assert [p.name for p in tmp_path.iterdir()] == ["book.pdf"]
    assert [p.name for p in target.iterdir()] == ["inside"]


def test_reading_gives_unix_line_endings_whatever_the_file_has(tmp_path):
    path = tmp_path / "one.md"
    path.write_bytes(b"# One\r\n\r\nWindows\rold Mac\nUnix\n")
    assert read_text(path) == "# One\n\nWindows\nold Mac\nUnix\n"


def test_reading_drops_a_byte_order_mark(tmp_path):
    path = tmp_path / "one.md"
    path.write_bytes(b"\xef\xbb\xbf# One\r\n")
    assert read_text(path) == "# One\n"


def test_a_file_that_is_not_utf8_is_an_error_at_its_line_and_column(tmp_path):
    path = tmp_path / "one.md"
    path.write_bytes(b"# One\n\nCaf\xe9 au lait\n")
    with pytest.raises(BookError) as raised:
        read_text(path)
    [problem] = raised.value.problems
    assert (problem.path, problem.line, problem.col) == (path, 3, 4)
    assert problem.message == "byte 0xe9 is not UTF-8; save the file as UTF-8"


def test_a_copied_file_is_named_by_its_content(tmp_path):
    first = content_name(tmp_path / "Map.PNG", b"one")
    assert first == content_name(tmp_path / "Map.PNG", b"one")
    assert first.startswith("Map-") and first.endswith(".png") and len(first) == 20
    assert content_name(tmp_path / "Map.PNG", b"two") != first


def test_a_copied_files_name_is_an_address_as_it_is(tmp_path):
    """An EPUB refuses a space in an address; accents come off their letters."""
    name = content_name(tmp_path / "prise de la Bastille été.png", b"one")
    assert name.startswith("prise-de-la-Bastille-ete-") and name.endswith(".png")
