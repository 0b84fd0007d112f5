"""The landing-site inventory through HTTP."""

import csv

import pytest

from ..conftest import SHARED

PARK = {
    "kind": "park",
    "name": "乐清智能电气产业园",
    "district": "乐清市",
    "industries": ["C382", "C3823"],
    "state_owned": True,
    "location": {"lat": 28.12, "lon": 120.98},
    "description": "国有标准厂房，主导输配电及控制设备",
    "offers": [
        {"space_type": "plant", "available_area": 30000, "min_area": 1000, "max_area": 30000, "rent": 18,
         "available_from": "2027-01-01", "floor_load": 10, "clear_height": 9, "power_kva": 2000},
        {"space_type": "office", "available_area": 2000, "rent": 45},
    ],
}
CUSTOM = {
    "kind": "custom_plant",
    "name": "瑞安定制厂房一期",
    "district": "330381",
    "offers": [{"space_type": "plant", "min_area": 3000, "max_area": 12000, "lead_time_days": 365}],
}


def create(client, headers, body):
    return client.post("/api/v1/sites", json=body, headers=headers)


def test_staff_register_a_park_with_offers(client, promotion_headers):
    response = create(client, promotion_headers, PARK)
    assert response.status_code == 201, response.json
    site = response.json
    assert (site["district"], site["location"], site["archived_at"]) == ("330382", {"lat": 28.12, "lon": 120.98}, None)
    assert [o["ref"] for o in site["offers"]] == ["1", "2"]
    assert site["offers"][0]["available_from"] == "2027-01-01" and site["offers"][1]["clean_room"] is False


def test_custom_plant_defaults_its_area_to_what_it_can_be_built_to(client, promotion_headers):
    response = create(client, promotion_headers, CUSTOM)
    assert response.status_code == 201, response.json
    assert response.json["offers"][0]["available_area"] == 12000


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"offers": [{"space_type": "plant", "max_area": 5000}]}, "offers.0.min_area"),
        ({"offers": [{"space_type": "office", "min_area": 10, "max_area": 50}]}, "offers.0.space_type"),
        ({"offers": [{"space_type": "plant", "min_area": 9000, "max_area": 3000}]}, "offers.0.max_area"),
        ({"location": {"lat": 120.6, "lon": 28.0}}, "location.lat"),
        ({"location": {"lat": 28.0, "lon": 20.0}}, "location.lon"),
        ({"district": "杭州市"}, "district"),
        ({"industries": ["C3823", "Q9999"]}, "industries.1"),
        ({"offers": [{"space_type": "plant", "min_area": 100, "max_area": 200, "available_area": -1}]}, "offers.0.available_area"),
        ({"offers": [{"space_type": "plant", "min_area": 100, "max_area": 200, "available_from": "2027-02-30"}]}, "offers.0.available_from"),
    ],
)
def test_invalid_sites_are_refused_with_the_field_named(client, promotion_headers, change, field):
    response = create(client, promotion_headers, {**CUSTOM, **change})
    assert response.status_code == 422
    assert field in response.json["errors"], response.json
    assert client.get("/api/v1/sites", headers=promotion_headers).json["total"] == 0


def test_duplicate_site_name_is_a_conflict(client, promotion_headers):
    assert create(client, promotion_headers, PARK).status_code == 201
    assert create(client, promotion_headers, PARK).status_code == 409


def test_operators_read_but_do_not_keep_the_inventory(client, promotion_headers, operator_headers):
    site = create(client, promotion_headers, PARK).json
    assert client.get(f"/api/v1/sites/{site['id']}", headers=operator_headers).status_code == 200
    assert create(client, operator_headers, CUSTOM).status_code == 403
    assert client.delete(f"/api/v1/sites/{site['id']}", headers=operator_headers).status_code == 403


def test_filters(client, promotion_headers):
    park = create(client, promotion_headers, PARK).json["id"]
    custom = create(client, promotion_headers, CUSTOM).json["id"]

    def ids(query):
        response = client.get(f"/api/v1/sites?{query}", headers=promotion_headers)
        assert response.status_code == 200, response.json
        return [s["id"] for s in response.json["items"]]

    assert ids("kind=custom_plant") == [custom]
    assert ids("district=乐清市") == [park]
    assert ids("industry=C38") == [park]
    assert ids("space_type=office") == [park]
    assert ids("space_type=plant") == [park, custom]
    assert ids("q=标准厂房") == [park]
    assert client.get("/api/v1/sites?distrct=乐清市", headers=promotion_headers).status_code == 422


def test_the_list_shows_every_change_at_once(client, promotion_headers):
    """The list is kept between requests (read far more than written); any change ends that."""

    def listed(query=""):
        response = client.get(f"/api/v1/sites?{query}", headers=promotion_headers)
        assert response.status_code == 200, response.json
        return response.json["items"]

    site = create(client, promotion_headers, PARK).json
    offer = site["offers"][0]
    assert [s["name"] for s in listed()] == [PARK["name"]]
    assert listed("kind=custom_plant") == []  # each filter is a list of its own

    changed = client.patch(f"/api/v1/sites/{site['id']}/offers/{offer['id']}", headers=promotion_headers,
                           json={"available_area": 500, "version": offer["version"]})
    assert changed.status_code == 200, changed.json
    assert listed()[0]["offers"][0]["available_area"] == 500
    assert client.patch(f"/api/v1/sites/{site['id']}", json={"name": "乐清电气新园"},
                        headers=promotion_headers).status_code == 200
    assert [s["name"] for s in listed()] == ["乐清电气新园"]
    custom = create(client, promotion_headers, CUSTOM).json["id"]
    assert [s["id"] for s in listed("kind=custom_plant")] == [custom]
    assert client.delete(f"/api/v1/sites/{site['id']}", headers=promotion_headers).status_code == 204
    assert [s["id"] for s in listed()] == [custom]


def test_deleting_a_site_archives_it(client, promotion_headers):
    site = create(client, promotion_headers, PARK).json
    assert client.delete(f"/api/v1/sites/{site['id']}", headers=promotion_headers).status_code == 204
    assert client.get("/api/v1/sites", headers=promotion_headers).json["total"] == 0
    kept = client.get(f"/api/v1/sites/{site['id']}", headers=promotion_headers).json
    assert kept["archived_at"] is not None and kept["name"] == PARK["name"]
    assert client.get("/api/v1/sites?include_archived=true", headers=promotion_headers).json["total"] == 1
    assert client.patch(f"/api/v1/sites/{site['id']}", json={"name": "x"}, headers=promotion_headers).status_code == 404


def test_offers_are_added_changed_and_archived(client, promotion_headers):
    site = create(client, promotion_headers, PARK).json
    base = f"/api/v1/sites/{site['id']}/offers"
    added = client.post(base, json={"space_type": "lab", "available_area": 800, "clean_room": True}, headers=promotion_headers)
    assert added.status_code == 201 and added.json["ref"] == "3"
    offer = site["offers"][0]
    too_small = client.patch(f"{base}/{offer['id']}", json={"max_area": 500}, headers=promotion_headers)
    assert too_small.status_code == 422 and "max_area" in too_small.json["errors"]
    changed = client.patch(f"{base}/{offer['id']}", json={"rent": 16.5}, headers=promotion_headers)
    assert changed.status_code == 200 and changed.json["rent"] == 16.5 and changed.json["min_area"] == 1000
    assert client.delete(f"{base}/{offer['id']}", headers=promotion_headers).status_code == 204
    refs = [o["ref"] for o in client.get(f"/api/v1/sites/{site['id']}", headers=promotion_headers).json["offers"]]
    assert refs == ["2", "3"]
    other = create(client, promotion_headers, CUSTOM).json
    assert client.patch(f"{base}/{other['offers'][0]['id']}", json={"rent": 1}, headers=promotion_headers).status_code == 404


def test_districts_carry_centroids(client, promotion_headers):
    items = client.get("/api/v1/districts", headers=promotion_headers).json["items"]
    assert len(items) == 13 and all(d["centroid"] for d in items)
    reference = SHARED / "data" / "wenzhou_district_centroids.csv"
    if not reference.exists():
        pytest.skip("../shared/data is not beside this checkout")
    with reference.open(encoding="utf-8") as f:
        expected = {row["adcode"]: (float(row["centroid_lat"]), float(row["centroid_lon"])) for row in csv.DictReader(f)}
    for district in items:
        if district["code"] in expected:
            lat, lon = expected[district["code"]]
            assert abs(district["centroid"]["lat"] - lat) < 0.01 and abs(district["centroid"]["lon"] - lon) < 0.01


def test_plan_targets_are_reference_data(client, promotion_headers):
    response = client.get("/api/v1/plan-targets?district=全市&year=2025&metric=new_incubated_projects",
                          headers=promotion_headers)
    assert response.status_code == 200
    assert [(t["scope_name"], t["target"]) for t in response.json["items"]] == [("全市", 4000)]
    lq = client.get("/api/v1/plan-targets?district=乐清市", headers=promotion_headers).json
    assert lq["total"] > 0 and {t["scope"] for t in lq["items"]} == {"330382"}


def test_two_editors_never_silently_overwrite_each_other(client, promotion_headers):
    site = create(client, promotion_headers, PARK).json
    url = f"/api/v1/sites/{site['id']}"
    read = client.get(url, headers=promotion_headers)
    assert read.headers["ETag"] == f'"{site["version"]}"'
    first = client.patch(url, json={"description": "甲的修改"}, headers={**promotion_headers, "If-Match": read.headers["ETag"]})
    assert first.status_code == 200 and first.json["version"] == site["version"] + 1
    second = client.patch(url, json={"description": "乙的修改"}, headers={**promotion_headers, "If-Match": read.headers["ETag"]})
    assert second.status_code == 409 and "他人修改" in second.json["detail"]
    stale_body = client.patch(url, json={"description": "乙的修改", "version": site["version"]}, headers=promotion_headers)
    assert stale_body.status_code == 409
    assert client.get(url, headers=promotion_headers).json["description"] == "甲的修改"
    offer = site["offers"][0]
    stale_offer = client.patch(f"{url}/offers/{offer['id']}", json={"rent": 1, "version": offer["version"] + 5},
                               headers=promotion_headers)
    assert stale_offer.status_code == 409
