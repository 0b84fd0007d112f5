"""Site photos: checked by their content, stripped of metadata, shrunk, kept as files.

An upload is trusted for nothing: its name and type are ignored, Pillow reads what it is, and
only JPEG, PNG or WebP images of a sane pixel count are kept, re-encoded as a fresh JPEG — so
no EXIF (GPS position, camera, owner), no ICC profile, no trailing payload survives.
"""

from __future__ import annotations

import io
import uuid
import warnings
from pathlib import Path
from typing import BinaryIO

from PIL import Image, ImageOps, UnidentifiedImageError
from sqlalchemy.orm import Session

from models.errors import Conflict, InvalidInput
from models.site import Site, SitePhoto

MAX_PHOTOS = 6
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 50_000_000  # a 50-megapixel camera; more is a decompression bomb, not a photo
LONG_SIDE = 1600  # px: sharp on a screen and in a brochure, about 200-400 KB
FORMATS = {"JPEG", "PNG", "WEBP"}


def photo_path(folder: Path, photo: SitePhoto) -> Path:
    return folder / photo.file


def add_photo(site: Site, upload: BinaryIO, *, folder: Path, session: Session) -> SitePhoto:
    """Check, clean and keep one photo of `site`; InvalidInput or Conflict says what is wrong."""
    if len(site.photos) >= MAX_PHOTOS:
        raise Conflict(f"每个落地空间最多 {MAX_PHOTOS} 张照片，请先删除一张")
    data = upload.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        raise InvalidInput({"photo": [f"照片不能超过 {MAX_UPLOAD_BYTES // (1024 * 1024)} MB"]})
    image = _open(data)
    image = ImageOps.exif_transpose(image).convert("RGB")  # upright as shot, then the EXIF is gone
    image.thumbnail((LONG_SIDE, LONG_SIDE))
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{uuid.uuid4().hex}.jpg"
    path = folder / name
    image.save(path, "JPEG", quality=85, optimize=True)
    photo = SitePhoto(file=name, width=image.width, height=image.height, size_bytes=path.stat().st_size)
    site.photos.append(photo)
    try:
        session.flush()
    except Exception:
        path.unlink(missing_ok=True)
        raise
    return photo


def delete_photo(site: Site, photo_id: int, *, folder: Path, session: Session) -> None:
    photo = next((p for p in site.photos if p.id == photo_id), None)
    if photo is None:
        raise InvalidInput({"photo": [f"照片 {photo_id} 不属于该落地空间"]})
    site.photos.remove(photo)
    session.flush()
    photo_path(folder, photo).unlink(missing_ok=True)


def _open(data: bytes) -> Image.Image:
    """The decoded image, or InvalidInput: not an image, another format, too many pixels, truncated."""
    refused = InvalidInput({"photo": ["不是可识别的照片：请上传 JPEG、PNG 或 WebP 图片"]})
    too_big = "照片像素过多{}，请缩小后再上传"
    try:
        with warnings.catch_warnings():
            # Pillow warns from 89 and refuses from 179 megapixels as it reads the header; ours is lower.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            if image.format not in FORMATS:
                raise refused
            if image.width * image.height > MAX_PIXELS:
                raise InvalidInput({"photo": [too_big.format(f"（{image.width}×{image.height}）")]})
            image.load()
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        raise InvalidInput({"photo": [too_big.format("")]}) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise refused from None
    return image
