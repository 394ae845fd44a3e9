"""Keep every resource inside the booklet: check what chapters load."""
from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

import lxml.html
from lxml import etree
from PIL import Image

from ..names import did_you_mean

RASTER = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".tif", ".tiff", ".bmp")
MAX_PIXELS = 50_000_000
# Attributes through which HTML loads another file.
RESOURCE_ATTRIBUTES = {
    "img": ("src",), "source": ("src",), "video": ("src", "poster"), "audio": ("src",),
    "track": ("src",), "embed": ("src",), "iframe": ("src",), "object": ("data",),
    "link": ("href",), "input": ("src",), "image": ("href", "{http://www.w3.org/1999/xlink}href"),
}


def folder_file(url: str, root: Path) -> Path:
    """The file in the booklet folder that a relative address names. HTML's writer escapes
    an address's spaces and accented letters (figures/d%C3%A9mographie.py), and an author
    may write them so: both name the same file."""
    return (root / unquote(urlsplit(url).path)).resolve()


def web_pictures(fragment: lxml.html.HtmlElement) -> Iterator[tuple[str, str]]:
    """Put each picture on the web (a README's badges, say) in its description's place, in
    place; yield (its address, why) for each. Nothing is fetched, so that a booklet prints
    the same wherever it is built, and a badge's text is what a reader needs of it."""
    for element in list(fragment.iter("img", "source")):
        remote = [url for url in (element.get("src"), *_srcset_urls(element.get("srcset")))
                  if url and _is_web_address(url)]
        if not remote:
            continue
        if element.tag == "source":
            if element.getparent() is not None and element.getparent().tag == "picture":
                # Another version of the picture, for a screen size or a dark mode. It keeps
                # what it holds: lxml's HTML parser puts the <img> after it inside it.
                element.drop_tag()
            continue  # a video's or a sound's: refused as any file from the web is
        if element.get("src") and not _is_web_address(element.get("src", "")):
            # Other sizes of a picture that is in the folder: the folder's copy prints.
            del element.attrib["srcset"]
            continue
        description = (element.get("alt") or "").strip()
        link = element.getparent()
        if not description and link is not None and link.tag == "a" and link.get("href") \
                and len(link) == 1 and not link.text_content().strip():
            # A sponsor's logo or a badge that is all of a link: the link stays, and shows
            # where it leads.
            description = link.get("href", "")
            printed = "the address of the link around it is printed in its place"
        elif link is not None and link.tag == "figure":
            description = ""  # the figure's caption says it
            printed = "its figure prints its number and caption only"
        else:
            printed = (f"its description {description!r} is printed in its place"
                       if description else "it has no description (alt text), so it is "
                       "left out")
        yield remote[0], (f"{remote[0]!r} is a picture on the web, which is not fetched: "
                          f"{printed}; to print the picture, save it in the booklet folder "
                          "and refer to it by a relative path")
        parent = element.getparent()
        element.tail = description + (element.tail or "")
        element.drop_tree()
        if parent is not None and parent.tag == "p" and not len(parent) \
                and not (parent.text or "").strip():
            parent.drop_tree()  # a paragraph that held only the picture
    for picture in list(fragment.iter("picture")):
        if picture.find(".//img") is None:
            picture.drop_tag()  # its text stays; a <picture> must hold a picture


def _srcset_urls(srcset: str | None) -> list[str]:
    """The addresses in a srcset ('a.png 1x, b.png 2x')."""
    return [candidate.split()[0] for candidate in (srcset or "").split(",")
            if candidate.strip()]


def _is_web_address(url: str) -> bool:
    return urlsplit(url).scheme in ("http", "https") or url.startswith("//")


def relative_to_the_folder(fragment: lxml.html.HtmlElement, chapter: Path, root: Path) -> None:
    """Write each path that is relative to the chapter's own file (`../img/map.png`, as
    GitHub and Pandoc read it) relative to the booklet folder, where the rest of the build
    looks; a path that names a file from the folder (`images/map.png`) stays as it is."""
    for element in fragment.iter():
        for attribute in RESOURCE_ATTRIBUTES.get(element.tag, ()):
            url = element.get(attribute)
            if not url or urlsplit(url).scheme or url.startswith(("/", "#", "//")):
                continue
            path = unquote(urlsplit(url).path)
            beside_chapter = (chapter.parent / path).resolve()
            if (not (root / path).is_file() and beside_chapter.is_file()
                    and beside_chapter.is_relative_to(root)):
                element.set(attribute, beside_chapter.relative_to(root).as_posix())


def resource_problems(fragment: lxml.html.HtmlElement, root: Path) -> Iterator[tuple[str, str]]:
    """(url, why) for each resource in the HTML that is remote, outside `root`, or missing."""
    for element in fragment.iter():
        for attribute in RESOURCE_ATTRIBUTES.get(element.tag, ()):
            url = element.get(attribute)
            message = url is not None and resource_problem(url, root)
            if message:
                yield url, message


def resource_problem(url: str, root: Path) -> str | None:
    """Why `url` may not be loaded, or None when it is a file inside `root`."""
    if url.startswith("data:"):
        return None
    if re.match(r"^[A-Za-z]:[\\/]", url) or url.startswith("\\\\"):
        return (f"'{url}' is a place on one computer, not in the booklet folder: copy the "
                "file into the folder and refer to it by a path from there, such as "
                f"images/{_file_name(url)}")
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return (f"{url!r} is not a file in the booklet folder; nothing is fetched from the "
                "network: save it in the booklet folder and refer to it by a relative path")
    if "\\" in url and not (root / unquote(parts.path)).is_file():
        # Written as Windows writes paths; an address's folders are parted by /.
        return (f"'{url}' does not exist: part the folders of a path with /, as in "
                f"'{url.replace(chr(92), '/')}'")
    target = (root / unquote(parts.path)).resolve()
    if parts.path.startswith("/") or not target.is_relative_to(root):
        return (f"{url!r} is outside the booklet folder; copy it into the folder and refer "
                "to it by a path relative to the folder")
    if not target.is_file():
        return (f"{url!r} does not exist (a path is relative to the chapter's file or to "
                "the booklet folder)"
                + _did_you_mean(unquote(parts.path), root))
    return _image_problem(url, target, root)


def _file_name(path: str) -> str:
    """The last part of a path written with either kind of slash."""
    return re.split(r"[\\/]", path)[-1]


def _did_you_mean(path: str, root: Path) -> str:
    """A file of the booklet whose path is close to `path`, ignoring case, as a hint."""
    files = []
    for folder, folders, names in os.walk(root):
        # Not the outputs, caches and hidden folders: nobody means those.
        folders[:] = [f for f in folders if not f.startswith(".")
                      and f not in ("build", "__pycache__")]
        files += [(Path(folder) / name).relative_to(root).as_posix() for name in names]
    # Paths share their folders, so only a closer match than for names is a likely one.
    return did_you_mean(path.removeprefix("./"), files, cutoff=0.75)


def _image_problem(url: str, path: Path, root: Path) -> str | None:
    """A picture that cannot be drawn: corrupt, enormous, or an SVG that loads others."""
    suffix = path.suffix.lower()
    if suffix == ".svg":
        try:
            tree = etree.parse(str(path), etree.XMLParser(resolve_entities=False,
                                                          no_network=True))
        except etree.XMLSyntaxError as error:
            return f"{url!r} is not a valid SVG file: {error}"
        for element in tree.iter():
            for name in ("href", "{http://www.w3.org/1999/xlink}href"):
                link = element.get(name) or ""
                if link and not link.startswith("#") and resource_problem(
                        link, path.parent if path.parent.is_relative_to(root) else root):
                    return f"{url!r} loads {link!r}, which is outside the booklet folder"
        return None
    if suffix in RASTER:
        try:
            with Image.open(path) as image:
                if image.width * image.height > MAX_PIXELS:
                    return (f"{url!r} is {image.width}×{image.height} pixels, too large to "
                            "print; scale it down below 50 megapixels")
                image.verify()
        except (OSError, Image.DecompressionBombError, SyntaxError) as error:
            return f"{url!r} is not a readable image ({error}); export it again"
    return None
