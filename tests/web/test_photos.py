"""Site photos through the pages: checked by content, stripped of metadata, shrunk, limited."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from PIL import Image

from models.site import SitePhoto

from .conftest import csrf_token


@pytest.fixture
def photo_dir(app, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "PHOTO_DIR", str(tmp_path / "photos"))
    return tmp_path / "photos"


def _jpeg_with_gps(size=(3000, 2000)) -> bytes:
    image = Image.new("RGB", size, (30, 120, 200))
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"  # Make
    exif[0x8825] = {1: "N", 2: (27.0, 59.0, 0.0)}  # GPS IFD: latitude
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def _upload(page, site, data: bytes, name: str = "photo.jpg"):
    token = csrf_token(page.get(f"/sites/{site.id}").text)
    return page.post(f"/sites/{site.id}/photos", data={"csrf_token": token, "photo": (io.BytesIO(data), name)},
                     content_type="multipart/form-data")


def test_a_photo_is_kept_upright_small_and_without_its_metadata(staff_page, db, park, photo_dir):
    original = _jpeg_with_gps()
    assert b"SecretCam" in original
    response = _upload(staff_page, park, original)
    assert response.status_code == 302
    db.refresh(park)
    [photo] = park.photos
    kept = (photo_dir / photo.file).read_bytes()
    assert b"SecretCam" not in kept and max(Image.open(io.BytesIO(kept)).size) == 1600
    assert (photo.width, photo.height) == (1600, 1067)
    served = staff_page.get(f"/sites/{park.id}/photos/{photo.id}.jpg")
    body = served.get_data()
    served.close()  # send_file streams from the open file
    assert served.status_code == 200 and served.mimetype == "image/jpeg" and body == kept
    assert f"/sites/{park.id}/photos/{photo.id}.jpg" in staff_page.get(f"/sites/{park.id}").text


@pytest.mark.parametrize(("data", "name"), [
    (b"<?php system($_GET['c']); ?>", "photo.jpg"),  # a script named like a photo
    (b"GIF89a" + b"\x00" * 40, "photo.gif"),  # an image, but not a photo format we keep
    (_jpeg_with_gps((400, 300))[:600], "cut.jpg"),  # truncated
])
def test_what_is_not_a_photo_is_refused_and_nothing_is_kept(staff_page, db, park, photo_dir, data, name):
    response = _upload(staff_page, park, data, name)
    assert response.status_code == 302
    assert "不是可识别的照片" in staff_page.get(f"/sites/{park.id}").text
    assert db.query(SitePhoto).count() == 0
    assert not photo_dir.exists() or not any(photo_dir.iterdir())


def _png_bomb(width: int, height: int) -> bytes:
    """A valid PNG header claiming a huge image, with a tiny compressed body."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    body = zlib.compress(b"\x00" * (width + 1) * 16)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", body) + chunk(b"IEND", b"")


def test_a_decompression_bomb_is_refused_before_it_is_decoded(staff_page, db, park, photo_dir):
    _upload(staff_page, park, _png_bomb(20_000, 20_000), "bomb.png")  # 400 megapixels: Pillow's own refusal
    assert "照片像素过多" in staff_page.get(f"/sites/{park.id}").text
    _upload(staff_page, park, _png_bomb(8_000, 8_000), "bomb.png")  # 64 megapixels: over our limit, under Pillow's
    assert "照片像素过多（8000×8000）" in staff_page.get(f"/sites/{park.id}").text
    assert db.query(SitePhoto).count() == 0


def test_a_site_keeps_at_most_six_photos_and_a_deleted_one_takes_its_file(staff_page, db, park, photo_dir):
    small = _jpeg_with_gps((64, 48))
    for _ in range(6):
        assert _upload(staff_page, park, small).status_code == 302
    _upload(staff_page, park, small)
    assert "最多 6 张照片" in staff_page.get(f"/sites/{park.id}").text
    db.refresh(park)
    assert len(park.photos) == 6
    first, first_file = park.photos[0], park.photos[0].file
    token = csrf_token(staff_page.get(f"/sites/{park.id}").text)
    staff_page.post(f"/sites/{park.id}/photos/{first.id}/delete", data={"csrf_token": token})
    db.expire_all()
    assert len(park.photos) == 5 and not (photo_dir / first_file).exists()


def test_operators_neither_upload_nor_see_photos(operator_page, db, park, photo_dir):
    assert operator_page.get(f"/sites/{park.id}/photos/1.jpg").status_code == 403
    token = csrf_token(operator_page.get("/").text)
    upload = operator_page.post(f"/sites/{park.id}/photos", content_type="multipart/form-data",
                                data={"csrf_token": token, "photo": (io.BytesIO(_jpeg_with_gps((64, 48))), "p.jpg")})
    assert upload.status_code == 403 and db.query(SitePhoto).count() == 0
