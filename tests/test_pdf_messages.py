"""What the PDF writer (WeasyPrint) says becomes our own located warning or error."""
from __future__ import annotations

import pytest
from conftest import png, write_book


def _book(tmp_path, toml: str = "", css: str = "", chapter: str = "Some text.\n"):
    return write_book(tmp_path / "messages", {
        "book.toml": 'title = "Messages"\ncss = ["extra.css"]\n' + toml,
        "extra.css": css, "images/logo.png": png("red", (8, 8)),
        "chapters/one.md": f"# One\n\n{chapter}", "chapters/two.md": "# Two\n\nMore.\n"})


@pytest.mark.parametrize("one_pass", [(), ("--one-pass",)], ids=["in parts", "one pass"])
def test_a_logo_without_alt_text_is_a_warning_at_its_line(make_book, tmp_path, one_pass):
    root = _book(tmp_path, '\n[classroom]\nschool = "Hill School"\nlogo = "images/logo.png"\n')
    run = make_book("messages", "--format", "pdf", *one_pass, root=root)
    assert run.code == 0, run.err
    assert "ERROR" not in run.err
    assert 'book.toml:6:8: warning: the classroom logo has no description for readers ' \
        'who cannot see it; add logo_alt = "..." beside logo in [classroom]' in run.err


def test_a_logo_with_alt_text_builds_quietly(make_book, tmp_path):
    root = _book(tmp_path, '\n[classroom]\nlogo = "images/logo.png"\n'
                           'logo_alt = "An oak on a green hill"\n')
    run = make_book("messages", "--format", "pdf", root=root)
    assert run.code == 0, run.err
    assert run.err == ""


def test_bad_css_in_the_booklets_stylesheet_is_located(make_book, tmp_path):
    root = _book(tmp_path, css="body { colr: red; }\n\np { margin: 3 furlongs; }\n")
    run = make_book("messages", "--format", "pdf", root=root)
    assert run.code == 0, run.err
    assert "extra.css:1:8: warning: the PDF writer ignores `colr: red`: unknown property; " \
        "fix it or remove it" in run.err
    assert "extra.css:3:5: warning: the PDF writer ignores `margin: 3 furlongs`: invalid " \
        "value" in run.err
    assert "WARNING" not in run.err


def test_a_missing_image_in_css_fails_the_build_at_its_place(make_book, tmp_path):
    root = _book(tmp_path, css="\nbody { background: url(images/gone.png); }\n")
    run = make_book("messages", "--format", "pdf", root=root)
    assert run.code == 1
    assert "extra.css:2:20: error: url(images/gone.png) names no file in" in run.err
    assert "ERROR" not in run.err and "URLError" not in run.err
    assert not (root / "build" / "messages.pdf").exists()


def test_what_the_layout_workers_hear_is_reported_again_from_the_cache(make_book, tmp_path):
    root = _book(tmp_path, chapter='A <span style="colr: red">styled</span> word.\n')
    expected = "one.md:3:16: warning: the PDF writer ignores `colr: red`: unknown property"
    run = make_book("messages", "--format", "pdf", root=root)
    assert run.code == 0, run.err
    assert expected in run.err
    (root / "chapters" / "two.md").write_text("# Two\n\nChanged.\n")  # one.md stays cached
    run = make_book("messages", "--format", "pdf", root=root)
    assert run.code == 0, run.err
    assert expected in run.err
