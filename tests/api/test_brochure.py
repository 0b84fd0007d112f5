"""招商推介单页: a site's one-page brochure as a PDF."""

from __future__ import annotations

import io
import re

from pypdf import PdfReader

from .test_sites import PARK, create


def _text(pdf: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(pdf))
    return len(reader.pages), re.sub(r"\s+", "", "".join(page.extract_text() for page in reader.pages))


def test_a_brochure_is_one_page_with_offers_map_and_contact(client, promotion_headers, operator_headers):
    body = {**PARK, "contact_name": "王主任", "contact_phone": "0577-61234567"}
    site = create(client, promotion_headers, body).json
    assert (site["contact_name"], site["contact_phone"]) == ("王主任", "0577-61234567")
    response = client.get(f"/api/v1/sites/{site['id']}/brochure.pdf", headers=operator_headers)
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment") and disposition.isascii()  # non-ASCII names percent-encoded
    pages, text = _text(response.data)
    assert pages == 1
    assert "乐清智能电气产业园" in text and "30,000㎡" in text and "2,000㎡" in text and "可提供的空间" in text
    assert "招商联系：王主任0577-61234567" in text and "位置示意图" in text


def test_a_brochure_without_a_contact_says_whom_to_call(client, promotion_headers):
    site = create(client, promotion_headers, {**PARK, "offers": []}).json
    _, text = _text(client.get(f"/api/v1/sites/{site['id']}/brochure.pdf", headers=promotion_headers).data)
    assert "投资促进部门" in text and "空间正在整理中" in text


def test_a_bad_phone_number_is_refused(client, promotion_headers):
    response = create(client, promotion_headers, {**PARK, "contact_phone": "call me"})
    assert response.status_code == 422 and "电话号码格式不正确" in str(response.json["errors"]["contact_phone"])


def test_the_contact_goes_in_and_out_with_imports(client, promotion_headers, db):
    from models.site import Site

    from .test_imports import upload

    csv = "名称,类型,区县,联系人,联系电话,空间类型,可用面积\n瑞安汽配园,园区,瑞安市,李科长,0577-65551234,厂房,5000\n"
    response = upload(client, promotion_headers, "sites", csv.encode("utf-8"), "sites.csv")
    assert response.status_code == 200, response.json
    site = db.query(Site).filter_by(name="瑞安汽配园").one()
    assert (site.contact_name, site.contact_phone) == ("李科长", "0577-65551234")
    exported = client.get("/api/v1/exports/sites.csv", headers=promotion_headers).data.decode("utf-8-sig")
    header, row = exported.splitlines()[0].split(","), next(r for r in exported.splitlines() if "瑞安汽配园" in r)
    assert row.split(",")[header.index("联系人")] == "李科长"
    assert row.split(",")[header.index("联系电话")] == "0577-65551234"
