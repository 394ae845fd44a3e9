"""A cover picture for the EPUB, drawn from the same things as the printed cover."""
from __future__ import annotations

import io

from PIL import Image, ImageDraw, ImageFont, ImageOps

from ..model import Book
from ..reading.glyphs import font_file

SIZE = (1200, 1800)
MARGIN = 90
TITLE_LINE, TEXT_LINE = 110, 64  # line heights of the title's 96 px and the text's 48 px


def cover_png(book: Book) -> bytes:
    """The title on the theme's accent colour, then the subtitle, authors and class; each
    wrapped to the picture's width, within its margins."""
    title, subtitle, details = _cover_text(book)
    variables = book.theme.variables
    heading = variables["heading_font"]
    image = Image.new("RGB", SIZE, "white")
    draw = ImageDraw.Draw(image)
    title_font = ImageFont.truetype(font_file(f"{heading}:bold"), 96)
    text_font = ImageFont.truetype(font_file(heading), 48)
    title_lines = _wrapped(title, title_font)
    subtitle_lines = _wrapped(subtitle, text_font)
    band = int(SIZE[1] * 0.62)
    draw.rectangle((0, 0, SIZE[0], band), fill=variables["accent"])
    # The title and subtitle stand on the band's foot.
    y = band - MARGIN - TITLE_LINE * len(title_lines) - TEXT_LINE * len(subtitle_lines)
    settings = book.settings
    if settings.cover_image:
        # As on the printed cover: across the band's top, all of it, above the title.
        with Image.open(settings.root / settings.cover_image) as picture:
            area = (SIZE[0], y - MARGIN)
            fitted = ImageOps.contain(picture.convert("RGB"), area)
        image.paste(fitted, ((area[0] - fitted.width) // 2, area[1] - fitted.height))
    for line in title_lines:
        draw.text((MARGIN, y), line, font=title_font, fill="white")
        y += TITLE_LINE
    for line in subtitle_lines:
        draw.text((MARGIN, y + 10), line, font=text_font, fill="white")
        y += TEXT_LINE
    y = band + MARGIN
    for detail in details:
        for line in _wrapped(detail, text_font):
            draw.text((MARGIN, y), line, font=text_font, fill=variables["accent"])
            y += TEXT_LINE
    output = io.BytesIO()
    image.save(output, format="PNG", optimize=True)
    return output.getvalue()


def _wrapped(text: str, font: ImageFont.FreeTypeFont) -> list[str]:
    """The text in lines that fit between the margins, broken between words (a word
    longer than the width stands on a line of its own)."""
    lines: list[str] = []
    for word in text.split():
        if lines and font.getlength(f"{lines[-1]} {word}") <= SIZE[0] - 2 * MARGIN:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return lines


def cover_description(book: Book) -> str:
    """What the cover picture says, for its alt text."""
    title, subtitle, details = _cover_text(book)
    return ". ".join(filter(None, [title, subtitle, book.settings.cover_image_alt, *details]))


def _cover_text(book: Book) -> tuple[str, str, list[str]]:
    """The title, the subtitle (or "") and the lines under the band: authors, class."""
    room = book.settings.classroom
    details = [", ".join(book.settings.authors),
               " · ".join(room[k] for k in ("school", "course", "teacher", "term") if k in room)]
    return book.title, book.settings.subtitle, [line for line in details if line]
