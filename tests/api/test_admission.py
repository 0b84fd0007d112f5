"""Industry admission (产业准入) through the API: ranking, reverse search, near misses, assignment, files, pages."""

import csv
import io

import pytest

from ..factories import IncubatorFactory, ProjectFactory

# A park leading in 眼镜制造; 塑料零件 (C2929) supplies it in the eye-health chain, 皮鞋 (C1952) does not.
PARK = {"kind": "park", "name": "瓯海眼健康产业园", "district": "瓯海区", "industries": ["C3587"],
        "offers": [{"space_type": "plant", "available_area": 20000, "min_area": 1000, "rent": 20}]}
ALLOWED = {
    "open": {"C3587", "C2929", "C1952"},
    "chain": {"C3587", "C2929"},
    "listed": {"C3587"},
}


@pytest.fixture
def graduated(client, admin_headers):
    """Three graduated projects of 瓯海区 needing 3000 ㎡ of plant, by industry code."""
    client.put("/api/v1/industry-chains", json={"chains": [{"name": "眼健康", "links": [["C2929", "C3587"]]}]},
               headers=admin_headers)
    incubator = IncubatorFactory(district_code="330304")
    projects = {}
    for code in ("C3587", "C2929", "C1952"):
        project = ProjectFactory(incubator_id=incubator.id, industries=[code], name=f"项目{code}",
                                 description="", space_need={"space_type": "plant", "area_min": 3000.0})
        for action in ("advance", "graduate"):
            assert client.post(f"/api/v1/projects/{project.id}/transitions", json={"action": action},
                               headers=admin_headers).status_code == 201
        projects[code] = project.id
    return projects


@pytest.mark.parametrize("rule", ["open", "chain", "listed"])
def test_forbidden_projects_are_left_out_everywhere(client, promotion_headers, graduated, rule):
    site = client.post("/api/v1/sites", json={**PARK, "admission": rule}, headers=promotion_headers)
    assert site.status_code == 201 and site.json["admission"] == rule
    site_id = site.json["id"]
    allowed = ALLOWED[rule]

    for code, project_id in graduated.items():
        for near in ("false", "true"):
            items = client.get(f"/api/v1/projects/{project_id}/site-matches?include_infeasible={near}",
                               headers=promotion_headers).json["items"]
            assert (site_id in [i["site"]["id"] for i in items]) is (code in allowed), (code, near)

    for near in ("false", "true"):
        items = client.get(f"/api/v1/sites/{site_id}/project-matches?include_infeasible={near}",
                           headers=promotion_headers).json["items"]
        assert {i["project"]["id"] for i in items} == {graduated[c] for c in allowed}

    body = client.post("/api/v1/assignments", json={"time_limit_s": 5}, headers=promotion_headers).json
    assert {a["project_id"] for a in body["assignments"]} == {graduated[c] for c in allowed}
    unmatched = {u["project_id"]: u["reason"] for u in body["unmatched"]}
    assert set(unmatched) == {graduated[c] for c in ALLOWED["open"] - allowed}


def test_admission_is_validated_exported_imported_and_shown(client, promotion_headers, admin_headers, db):
    bad = client.post("/api/v1/sites", json={**PARK, "admission": "closed"}, headers=promotion_headers)
    assert bad.status_code == 422 and "admission" in str(bad.json)
    site = client.post("/api/v1/sites", json={**PARK, "admission": "chain"}, headers=promotion_headers).json
    exported = client.get("/api/v1/exports/sites.csv", headers=admin_headers).get_data().decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(exported)))
    assert rows[0]["准入"] == "产业链"
    changed = exported.replace("产业链", "目录内")
    response = client.post("/api/v1/imports/sites", data={"file": (io.BytesIO(changed.encode()), "sites.csv")},
                           headers=admin_headers, content_type="multipart/form-data")
    assert response.status_code == 200, response.json
    assert client.get(f"/api/v1/sites/{site['id']}", headers=promotion_headers).json["admission"] == "listed"
    wrong = exported.replace("产业链", "随便")
    refused = client.post("/api/v1/imports/sites", data={"file": (io.BytesIO(wrong.encode()), "sites.csv")},
                          headers=admin_headers, content_type="multipart/form-data")
    assert refused.status_code == 422 and refused.json["errors"][0]["field"] == "准入"


def test_near_misses_come_nearest_first_and_reports_name_the_nearest(client, promotion_headers, admin_headers):
    for name, district, area, space in (("鹿城小办公楼", "鹿城区", 340, "office"), ("瓯海小厂房", "瓯海区", 340, "plant"),
                                        ("瓯海标准厂房", "瓯海区", 4800, "plant")):
        site = {"kind": "park", "name": name, "district": district, "industries": ["C3587"],
                "offers": [{"space_type": space, "available_area": area, "rent": 20}]}
        assert client.post("/api/v1/sites", json=site, headers=promotion_headers).status_code == 201
    incubator = IncubatorFactory(district_code="330304")
    project = ProjectFactory(incubator_id=incubator.id, industries=["C3587"], name="眼镜大项目",
                             space_need={"space_type": "plant", "area_min": 5000.0})
    for action in ("advance", "graduate"):
        client.post(f"/api/v1/projects/{project.id}/transitions", json={"action": action}, headers=admin_headers)
    items = client.get(f"/api/v1/projects/{project.id}/site-matches?include_infeasible=true",
                       headers=promotion_headers).json["items"]
    assert [i["site"]["name"] for i in items] == ["瓯海标准厂房", "瓯海小厂房", "鹿城小办公楼"]
    assert items[0]["lacks"] == ["面积差 200㎡"] and items[1]["lacks"] == ["面积差 4,660㎡"]
    assert items[1]["factors"]["space"] < 0.1
    body = client.post("/api/v1/assignments", json={"time_limit_s": 5}, headers=promotion_headers).json
    (unmatched,) = body["unmatched"]
    assert "最接近的是「瓯海标准厂房」（面积差 200㎡）" in unmatched["reason"]
