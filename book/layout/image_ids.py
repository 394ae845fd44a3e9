"""Name each picture in the PDF by its bytes, not by where the booklet folder is.

WeasyPrint (70) names a raster picture (a PNG logo, a cover image) in the PDF by a digest
of its URL, which holds the booklet folder's absolute path: the same booklet built in
another folder would give other bytes. A batch built on a cluster's workers, each in a
folder of its own, is to give the bytes of a local batch, so the name is made from the
picture's bytes instead. Two pictures of the same bytes share a name, as WeasyPrint
meant the name to let them share one image in the file."""
from __future__ import annotations

import functools
import hashlib
from typing import Any

from weasyprint.images import RasterImage

_by_url = RasterImage.__init__


@functools.wraps(_by_url)
def _by_content(self: Any, pillow_image: Any, image_id: str, image_data: bytes | None,
                *args: Any, **kwargs: Any) -> None:
    if image_data is not None:
        image_id = hashlib.md5(image_data, usedforsecurity=False).hexdigest()
    _by_url(self, pillow_image, image_id, image_data, *args, **kwargs)


def name_pictures_by_content() -> None:
    """Make WeasyPrint name raster pictures by their bytes (once per process)."""
    RasterImage.__init__ = _by_content
