"""Searching sites by what their space offers, as a property-search user would."""

from __future__ import annotations

import pytest

from .test_sites import create

# One park whose plant is big, powered and high but dear, and whose office is cheap but small.
MIXED = {
    "kind": "park", "name": "瓯海高端装备园", "district": "瓯海区", "industries": ["C34"],
    "offers": [
        {"space_type": "plant", "available_area": 8000, "min_area": 2000, "rent": 30, "power_kva": 1500,
         "clear_height": 10, "available_from": "2027-06-01"},
        {"space_type": "office", "available_area": 600, "rent": 40},
    ],
}
SMALL = {
    "kind": "park", "name": "鹿城小微园", "district": "鹿城区", "industries": ["C34"],
    "offers": [{"space_type": "plant", "available_area": 1500, "rent": 15, "power_kva": 400, "clear_height": 6}],
}


@pytest.fixture
def parks(client, promotion_headers):
    for body in (MIXED, SMALL):
        assert create(client, promotion_headers, body).status_code == 201


def names(client, headers, query: str) -> list[str]:
    response = client.get(f"/api/v1/sites?{query}", headers=headers)
    assert response.status_code == 200, response.json
    return [site["name"] for site in response.json["items"]]


@pytest.mark.parametrize(("query", "expected"), [
    ("area_min=5000", ["瓯海高端装备园"]),
    ("area_max=1000", ["瓯海高端装备园", "鹿城小微园"]),  # the office has no unit size; the small plant none either
    ("area_max=1800&space_type=plant", ["鹿城小微园"]),  # the big plant lets no unit under 2,000 ㎡
    ("power_kva=1000&clear_height=8", ["瓯海高端装备园"]),
    ("rent_max=20", ["鹿城小微园"]),
    ("available_by=2027-01-01&space_type=plant", ["鹿城小微园"]),
    ("available_by=2027-06-30&space_type=plant", ["瓯海高端装备园", "鹿城小微园"]),
])
def test_sites_are_found_by_what_one_of_their_offers_gives(client, promotion_headers, parks, query, expected):
    assert names(client, promotion_headers, query) == expected


def test_criteria_hold_for_one_and_the_same_offer(client, promotion_headers, parks):
    # The park has a plant of 8,000 ㎡ and an office at 40 元, but no single offer that is both.
    assert names(client, promotion_headers, "area_min=5000&rent_max=20") == []
    assert names(client, promotion_headers, "area_min=5000&rent_max=30") == ["瓯海高端装备园"]


def test_a_free_area_search_follows_signings(client, promotion_headers, admin_headers, parks):
    # A signing changes only the offers' free area (the availability stamp), not the inventory:
    # the cached list of sites with 5,000 ㎡ free must still see it.
    from .test_matches import graduated, propose, step

    assert names(client, promotion_headers, "area_min=5000") == ["瓯海高端装备园"]
    site = client.get("/api/v1/sites?q=瓯海高端装备园", headers=promotion_headers).json["items"][0]
    plant = next(o for o in site["offers"] if o["space_type"] == "plant")
    match = propose(client, promotion_headers, graduated(client, admin_headers), plant, area=4000).json
    for action in ("contact", "visit", "negotiate", "sign"):
        assert step(client, promotion_headers, match["id"], action).status_code == 201, action
    assert names(client, promotion_headers, "area_min=5000") == []

@pytest.mark.parametrize(("query", "field"), [
    ("area_min=0", "area_min"), ("area_min=5000&area_max=100", "area_max"), ("power_kva=-5", "power_kva"),
    ("available_by=明天", "available_by"), ("rent_max=abc", "rent_max"),
])
def test_bad_criteria_are_refused_naming_the_field(client, promotion_headers, query, field):
    response = client.get(f"/api/v1/sites?{query}", headers=promotion_headers)
    assert response.status_code == 422 and field in str(response.json["errors"]), response.json



def test_sites_are_found_by_their_admission_rule(client, promotion_headers, parks):
    listed = {**SMALL, "name": "鹿城眼镜园", "admission": "listed", "industries": ["C3587"]}
    assert create(client, promotion_headers, listed).status_code == 201
    assert names(client, promotion_headers, "admission=listed") == ["鹿城眼镜园"]
    assert "鹿城眼镜园" not in names(client, promotion_headers, "admission=open")
    assert client.get("/api/v1/sites?admission=closed", headers=promotion_headers).status_code == 422
