"""The sites page searched by space criteria."""

from __future__ import annotations

import pytest

from api.sites.schemas import SiteCreateSchema
from models.site_service import create_site

from ..api.test_site_search import MIXED, SMALL


@pytest.fixture
def parks(db):
    return [create_site(SiteCreateSchema().load(body), session=db) for body in (MIXED, SMALL)]


def test_the_sites_page_searches_by_criteria_and_explains_bad_ones(staff_page, parks):
    html = staff_page.get("/sites?area_min=5000&power_kva=1000").text
    assert "瓯海高端装备园" in html and "鹿城小微园" not in html and "按空间条件" in html
    bad = staff_page.get("/sites?area_min=5000&area_max=100").text
    assert "面积下限不能大于上限" in bad and "鹿城小微园" in bad  # a bad criterion is explained, not applied
