"""Pick chapters for a handout: by number, slug or range (`3`, `famine`, `2-3`)."""
from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from .errors import BookError
from .model import Book
from .names import did_you_mean


def select_chapters(book: Book, wanted: tuple[str, ...]) -> Book:
    """The book with only the chosen chapters, each with its own source list, and no
    index or book-wide back matter. Numbers stay as in the book (Figure 3.1 stays 3.1)."""
    numbers: list[int] = []
    by_slug = {r.chapter.slug: r.chapter.number for r in book.chapters}
    last = len(book.chapters)
    for item in wanted:
        found = re.fullmatch(r"(\d+)(?:-(\d+))?", item)
        if found:
            first, end = int(found[1]), int(found[2] or found[1])
            if not 1 <= first <= end <= last:
                raise _unknown(book, item)
            numbers += range(first, end + 1)
        elif item in by_slug:
            numbers.append(by_slug[item])
        else:
            raise _unknown(book, item)
    chosen = tuple(r for r in book.chapters if r.chapter.number in set(numbers))
    return replace(book, chapters=chosen, front=(), back=(), handout=True, index=(), glossary=(),
                   figures=tuple(f for f in book.figures
                                 if f.chapter.number in set(numbers)),
                   answer_key=tuple(a for a in book.answer_key if a[0].number in set(numbers)))


def handout_name(book: Book) -> str:
    """`great-leap-forward-famine` or `...-background-to-famine` for a range."""
    slugs = [r.chapter.slug for r in book.chapters]
    return "-".join([book.settings.name, slugs[0]] + ([f"to-{slugs[-1]}"] if len(slugs) > 1
                                                       else []))


def _unknown(book: Book, item: str) -> BookError:
    chapters = ", ".join(f"{r.chapter.number} ({r.chapter.slug})" for r in book.chapters)
    count = len(book.chapters)
    # Blamed on the command that asked for it: `handout 4: error: ...`.
    return BookError.at(Path(f"handout {item}"), 0, 0,
                        f"there is no chapter {item!r}: the booklet has {count} chapter"
                        f"{'s' if count != 1 else ''}: {chapters}"
                        f"{did_you_mean(item, [r.chapter.slug for r in book.chapters])}")
