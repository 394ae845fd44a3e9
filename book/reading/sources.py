"""Find the chapters, read their front matter, and keep line numbers for later errors."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from ..config import CONFIG_NAME, Settings
from ..errors import BookError, Problem, Problems
from ..files import read_text, without_accents
from ..model import OWN_PAGE_NAMES, Chapter, Source
from ..names import did_you_mean
from .markup.attributes import ATTRIBUTES

CHAPTER_DIR = "chapters"
FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*(\n|\Z)", re.S)
# The chapter's title: its first level-1 heading, `# Title` or Title over a line of `=`
# (after a blank line, as a longer paragraph above it would become part of the heading).
FIRST_HEADING = re.compile(r"^[ ]{0,3}#(?=[ \t]|$)[ \t]*(?P<atx>.*?)(?:[ \t]+#+)?[ \t]*$"
                           r"|(?:\A|(?<=\n\n))[ ]{0,3}(?P<setext>[^\s#>].*?)[ \t]*\n"
                           r"[ ]{0,3}=+[ \t]*$", re.M)
# The first line of text, when it is a heading but for the space after its `#`.
NO_SPACE_AFTER_HASH = re.compile(r"\A\s*^[ ]{0,3}#(?!#)[^\W\d_].*$", re.M)
# A fenced code block, whose lines are never the title.
FENCED_CODE = re.compile(r"^[ ]{0,3}(?P<fence>`{3,}|~{3,}).*?"
                         r"(?:^[ ]{0,3}(?P=fence)[`~]*[ \t]*$|\Z)", re.M | re.S)
LABEL = re.compile(r"\{:?[ ]*#(?P<id>[\w:-]+)[ ]*\}")
META_KEYS = ("title", "objectives", "key_terms")
# About a thousand printed pages: far beyond a study booklet, and it keeps layout in memory.
MAX_CHAPTER_BYTES = 3_000_000


def read_chapters(settings: Settings, report: Problems) -> list[Chapter]:
    """Read the front parts, every chapter (in book.toml's order or else by file name) and
    the back parts, in reading order; errors are raised, warnings go to `report`."""
    paths = settings.chapters
    if paths is None:
        found = sorted((settings.root / CHAPTER_DIR).glob("*.md"))
        outside = [p for p in found if not p.resolve().is_relative_to(settings.root)]
        if outside:
            raise BookError([Problem(p, 1, 1, "this chapter is a link to a file outside the "
                                              "booklet folder; copy the file in instead")
                             for p in outside])
        paths = tuple(found)
    else:
        _warn_of_unlisted_chapters(settings, report)
    if not paths:
        raise BookError.at(settings.root, 0, 0, f"no chapters found: put Markdown files in "
                                                f"{CHAPTER_DIR}/ or list them under 'chapters' "
                                                "in book.toml")
    problems = Problems()
    chapters = []
    slugs: dict[str, Path] = {}
    numbered = list(enumerate(paths, start=1))
    parts = ([(0, path, "front") for path in settings.front]
             + [(number, path, "chapter") for number, path in numbered]
             + [(0, path, "back") for path in settings.back])
    for number, path, kind in parts:
        try:
            chapter = read_chapter(path, number, report, kind)
        except BookError as error:
            problems.extend(error)
            continue
        if chapter.slug in slugs:
            problems.add(path, 1, 1, f"two chapters share the name {chapter.slug!r} (the other is "
                                     f"{slugs[chapter.slug].name}); rename one file")
        slugs[chapter.slug] = path
        chapters.append(chapter)
    if problems.items:
        # With the errors already reported, as of a front matter value of the wrong shape
        # in a chapter that could be read all the same.
        raise BookError([*report.items, *problems.items])
    return chapters


def _warn_of_unlisted_chapters(settings: Settings, report: Problems) -> None:
    """A warning, at book.toml's list of chapters, for each Markdown file in chapters/ that
    no list (chapters, front, back) names: an author who adds a file there expects it
    printed. A list set by an option or a class's settings chooses on purpose."""
    path, line, col = settings.origin("chapters")
    if path != settings.root / CONFIG_NAME:
        return
    listed = {listed.resolve() for listed in
              (*(settings.chapters or ()), *settings.front, *settings.back)}
    for found in sorted((settings.root / CHAPTER_DIR).glob("*.md")):
        if found.resolve() not in listed:
            name = found.relative_to(settings.root).as_posix()
            report.warn(path, line, col, f"{name} is not in this list of chapters, so it is "
                        f"left out of the booklet; add {name!r} to the list, or move the "
                        f"file out of {CHAPTER_DIR}/ if it is not to be printed")


def read_chapter(path: Path, number: int, report: Problems, kind: str = "chapter") -> Chapter:
    """Read one chapter file (or an unnumbered part): front matter, title and body; errors
    are raised, warnings go to `report`."""
    if path.stat().st_size > MAX_CHAPTER_BYTES:
        raise BookError.at(path, 1, 1, f"this chapter is {path.stat().st_size / 1e6:.1f} MB; "
                                       f"a chapter may be at most {MAX_CHAPTER_BYTES // 10**6} "
                                       "MB: split it into several chapters")
    text = read_text(path)
    meta: dict[str, Any] = {}
    body = Source(path, text)
    found = FRONT_MATTER.match(text)
    if found:
        meta = _front_matter(path, found[1] or "", report)
        # Keep the front matter's lines as empty lines, so body lines stay file lines.
        body = Source(path, "\n" * found[0].count("\n") + text[found.end():])
    title, label, title_line = meta.get("title"), "", 1
    if title is None:
        heading = FIRST_HEADING.search(_without_code(body.text))
        if heading is None:
            unspaced = NO_SPACE_AFTER_HASH.search(body.text)
            hint = (f" ({unspaced[0].strip()!r} needs a space after its '#' to be one)"
                    if unspaced else "")
            raise BookError.at(path, 1, 1, "the chapter has no title: add 'title:' to its front "
                                           f"matter or start it with a '# Heading'{hint}")
        title, label = _title(path, body, heading)
        title_line = body.position(heading.start())[0]
        # Its lines stay as empty lines, so the lines below keep their numbers.
        body = Source(path, body.text[: heading.start()] + "\n" * heading[0].count("\n")
                      + body.text[heading.end():])
    return Chapter(
        number=number,
        slug=chapter_slug(path),
        title=title,
        body=body,
        objectives=tuple(meta.get("objectives", ())),
        key_terms=dict(meta.get("key_terms", {})),
        kind=kind,
        label=label,
        title_line=title_line,
    )


def _without_code(text: str) -> str:
    """`text` with each fenced code block's lines emptied, at the same offsets."""
    return FENCED_CODE.sub(lambda code: re.sub(r"[^\n]", " ", code[0]), text)


def _title(path: Path, body: Source, heading: re.Match) -> tuple[str, str]:
    """The text of the chapter's title heading and the label written on it (`{#sec-x}`,
    as Quarto allows), or ""; other attributes there would be lost, so they are an error."""
    group = "atx" if heading["atx"] is not None else "setext"
    written = heading[group]
    attributes = re.search(rf"(?:^|[ \t]+)(?P<written>{ATTRIBUTES})$", written)
    title = written[: attributes.start()] if attributes else written
    if not title.strip():
        line, col = body.position(heading.start(group) if group == "setext"
                                  else heading.start())
        raise BookError.at(path, line, col, "the chapter's title heading has no text: write "
                                            "the title after the '#'")
    if not attributes:
        return title, ""
    label = LABEL.fullmatch(attributes["written"])
    if label is None:
        line, col = body.position(heading.start(group) + attributes.start("written"))
        raise BookError.at(path, line, col, f"the chapter's title takes no "
                                            f"{attributes['written']}, only a label such as "
                                            "{#sec-name}")
    return title, label["id"]


def chapter_slug(path: Path) -> str:
    """A stable, id-safe name for a chapter: its file name without an ordering prefix,
    and "ch-" before it where it would be a digit's or one of the book's own pages'."""
    stem = re.sub(r"^\d+[-_. ]*", "", path.stem) or path.stem
    # Accented letters without their accents: l’été.md is "l-ete", not "l-t".
    slug = re.sub(r"[^a-z0-9]+", "-", without_accents(stem).lower()).strip("-")
    own = not slug or slug[0].isdigit() or slug in OWN_PAGE_NAMES
    return f"ch-{slug or 'chapter'}" if own else slug


def _front_matter(path: Path, text: str, report: Problems) -> dict[str, Any]:
    """Parse and check the YAML front matter (which starts on line 2 of the file)."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line, col = (mark.line + 2, mark.column + 1) if mark else (2, 1)
        line, col, message = _yaml_mistake(error, text, line, col)
        raise BookError.at(path, line, col, f"front matter is not valid YAML: {message}") from None
    if data is None or node is None:  # an empty document composes to no node
        return {}
    if not isinstance(data, dict):
        raise BookError.at(path, 2, 1, "front matter must be 'key: value' lines")
    lines = {key.value: key.start_mark.line + 2 for key, _ in node.value}
    problems = Problems()
    _repeated_keys(path, node, problems)
    for key, value in list(data.items()):
        line = lines.get(key, 2)
        if key not in META_KEYS and did_you_mean(str(key), META_KEYS):
            report.add(path, line, 1, f"unknown front matter key {key!r}; the keys are: "
                                      f"{', '.join(META_KEYS)}"
                                      f"{did_you_mean(str(key), META_KEYS)}")
        elif key not in META_KEYS:
            # Another tool's key (Jekyll's layout, Quarto's format): the chapter is still
            # this booklet's, as it was written for the other tool.
            report.warn(path, line, 1, f"the front matter key {key!r} is not one the booklet "
                                       f"reads, so it is ignored; the keys are: "
                                       f"{', '.join(META_KEYS)}")
        elif key == "title" and not (isinstance(value, str) and value.strip()):
            report.add(path, line, 1, "title must be a non-empty string")
        elif key == "objectives" and not _is_text_list(value):
            report.add(path, line, 1, "objectives must be a list of '- ' lines")
        elif key == "key_terms" and not (isinstance(value, dict) and _is_text_list(
                list(value)) and _is_text_list(list(value.values()))):
            report.add(path, line, 1, "key_terms must be 'Term: definition' lines, one under "
                                      "another, each indented: '  Osmosis: the movement of "
                                      "water through a membrane'")
        else:
            continue
        # A value of the wrong shape is an error, but the chapter is read without it, so
        # that `check` goes on to list the problems in its text too.
        del data[key]
    problems.raise_if_any()
    return data


def _is_text_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def _yaml_mistake(error: yaml.YAMLError, text: str, line: int, col: int
                  ) -> tuple[int, int, str]:
    """Line, column and plain words for a YAML mistake in the front matter."""
    problem = getattr(error, "problem", None) or ""
    context = getattr(error, "context_mark", None)
    source = (text.splitlines() + [""])[max(line - 2, 0)] if text else ""
    key, _, value = source.partition(":")
    if problem == "mapping values are not allowed here":
        return line, col, (f"a colon (:) inside the text of {key.strip()!r}: put the text in "
                           f"quotes, as in {key.strip()}: \"{value.strip()}\"")
    if "unexpected end of stream" in problem and context is not None:
        return context.line + 2, context.column + 1, (
            "a missing quote: the text that starts here is never closed; add the closing "
            "quote at its end")
    if "'\\t'" in problem:
        return line, col, "a tab: indent the front matter with spaces, not tabs"
    if "cannot start any token" in problem or "undefined alias" in problem:
        sign = "*" if "alias" in problem else problem.split("'")[1]
        return line, col, (f"text cannot start with {sign!r} here: put the text in quotes, "
                           f"as in {key.strip()}: \"{value.strip()}\"")
    if "unknown escape character" in problem:
        return line, col, ("a backslash (\\) in \"double-quoted\" text starts an escape: "
                           "write \\\\ for one, or use 'single quotes'")
    if "expected <block end>, but found '<scalar>'" in problem:
        return line, col, ("there is more text after the closing quote: put all the text "
                           "inside the quotes")
    if "expected <block end>" in problem or "expected '-' indicator" in problem:
        return line, col, ("the indentation does not line up: indent every item of a list or "
                           "of key_terms by the same number of spaces")
    if "expected ','" in problem and context is not None:
        return context.line + 2, context.column + 1, (
            "the list or table opened here with '[' or '{' is not closed; close it, or put "
            "the text in quotes")
    return line, col, ("this is not valid front matter: write 'key: value' lines, lists as "
                       "'- item' lines, and put text with signs such as : # [ { in quotes")


def _repeated_keys(path: Path, node: yaml.Node, problems: Problems) -> None:
    """A key given twice would lose its first value without a word: say so."""
    if isinstance(node, yaml.MappingNode):
        seen: dict[Any, int] = {}
        for key, value in node.value:
            line = key.start_mark.line + 2
            if key.value in seen:
                problems.add(path, line, key.start_mark.column + 1,
                             f"{key.value!r} is given twice (also on line {seen[key.value]}); "
                             "keep one")
            seen.setdefault(key.value, line)
            _repeated_keys(path, value, problems)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            _repeated_keys(path, item, problems)
