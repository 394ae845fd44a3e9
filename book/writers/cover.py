"""A cover picture for the EPUB, drawn from the same things as the printed cover."""
from __future__ import annotations

import io
import textwrap

from PIL import Image, ImageDraw, ImageFont, ImageOps

from ..model import Book
from ..reading.glyphs import font_file

SIZE = (1200, 1800)


def cover_png(book: Book) -> bytes:
    """The title on the theme's accent colour, then the subtitle, authors and class."""
    title, subtitle, details = _cover_text(book)
    variables = book.theme.variables
    heading = variables["heading_font"]
    image = Image.new("RGB", SIZE, "white")
    draw = ImageDraw.Draw(image)
    band = int(SIZE[1] * 0.62)
    draw.rectangle((0, 0, SIZE[0], band), fill=variables["accent"])
    settings = book.settings
    if settings.cover_image:
        # As on the printed cover: across the band's top, all of it, standing on the title.
        with Image.open(settings.root / settings.cover_image) as picture:
            area = (SIZE[0], band - 200 - 110 * len(textwrap.wrap(title, 20)) - 60)
            fitted = ImageOps.contain(picture.convert("RGB"), area)
        image.paste(fitted, ((area[0] - fitted.width) // 2, area[1] - fitted.height))
    title_font = ImageFont.truetype(font_file(f"{heading}:bold"), 96)
    text_font = ImageFont.truetype(font_file(heading), 48)
    lines = textwrap.wrap(title, 20)
    y = band - 90 - 110 * len(lines)
    for line in lines:
        draw.text((90, y), line, font=title_font, fill="white")
        y += 110
    if subtitle:
        draw.text((90, y + 10), subtitle, font=text_font, fill="white")
    y = band + 90
    for line in details:
        draw.text((90, y), line, font=text_font, fill=variables["accent"])
        y += 70
    output = io.BytesIO()
    image.save(output, format="PNG", optimize=True)
    return output.getvalue()


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
