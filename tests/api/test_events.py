"""The capacity-aware assignment, events, and their frozen reports."""

import json

import pytest

from ..factories import IncubatorFactory, ProjectFactory

PARK = {
    "kind": "park", "name": "乐清电气园", "district": "乐清市", "industries": ["C3823"], "state_owned": True,
    "offers": [{"space_type": "plant", "available_area": 5000, "min_area": 1000, "max_area": 5000, "rent": 18}],
}


@pytest.fixture
def scarce(client, admin_headers, promotion_headers):
    """One 5000 ㎡ offer, three graduated projects needing 3000 ㎡ each: only one fits."""
    site = client.post("/api/v1/sites", json=PARK, headers=promotion_headers).json
    local = IncubatorFactory(district_code="330382")
    elsewhere = IncubatorFactory(district_code="330329")
    projects = [
        ProjectFactory(incubator_id=local.id, industries=["C3823"], name="本地配电项目"),
        ProjectFactory(incubator_id=elsewhere.id, industries=["C1951"], name="外地制鞋项目"),
        ProjectFactory(incubator_id=local.id, industries=["C3823"], name="无需求项目", space_need=None),
    ]
    big = ProjectFactory(incubator_id=local.id, industries=["C3823"], name="超大项目",
                         space_need={"space_type": "plant", "area_min": 60000.0})
    for project in [*projects[:2], big]:
        for action in ("advance", "graduate"):
            response = client.post(f"/api/v1/projects/{project.id}/transitions", json={"action": action},
                                   headers=admin_headers)
            assert response.status_code == 201
    return site, projects, big


def test_assignment_respects_capacity_and_explains_the_rest(client, promotion_headers, scarce):
    site, (local, far, _), big = scarce
    response = client.post("/api/v1/assignments", json={"time_limit_s": 5}, headers=promotion_headers)
    assert response.status_code == 200, response.json
    body = response.json
    assert [a["project_id"] for a in body["assignments"]] == [local.id]
    assert sum(a["area"] for a in body["assignments"]) <= 5000
    assert body["optimal"] is True and body["gap"] == pytest.approx(0, abs=1e-9)
    assert body["objective"] == "equal" and body["objective_label"]
    unmatched = {u["project_id"]: u for u in body["unmatched"]}
    assert set(unmatched) == {far.id, big.id}
    assert "本地配电项目" in unmatched[far.id]["reason"]
    assert "全市无满足" in unmatched[big.id]["reason"] and "定制" in unmatched[big.id]["next_step"]


def test_event_report_is_a_snapshot_in_five_formats(client, promotion_headers, scarce):
    site, (local, _, _), _ = scarce
    event = client.post("/api/v1/events", json={"name": "乐清签约会", "date": "2026-12-18", "kind": "signing"},
                        headers=promotion_headers)
    assert event.status_code == 201
    url = f"/api/v1/events/{event.json['id']}/report"
    assert client.get(f"{url}.json", headers=promotion_headers).status_code == 404
    computed = client.post(url, json={}, headers=promotion_headers)
    assert computed.status_code == 201 and computed.json["matched"] == 1 and computed.json["unmatched"] == 2
    client.patch(f"/api/v1/sites/{site['id']}", json={"name": "改名后的园区"}, headers=promotion_headers)
    snapshot = json.loads(client.get(f"{url}.json", headers=promotion_headers).get_data())
    assert snapshot["assignments"][0]["site_name"] == "乐清电气园"
    assert snapshot["event"]["name"] == "乐清签约会"
    for fmt, magic in [("csv", b"\xef\xbb\xbf"), ("xlsx", b"PK"), ("html", b"<!"), ("pdf", b"%PDF")]:
        response = client.get(f"{url}.{fmt}", headers=promotion_headers)
        assert response.status_code == 200, fmt
        assert response.get_data().lstrip()[:len(magic)].upper() == magic.upper(), fmt


def test_event_for_a_district_uses_only_its_offers(client, promotion_headers, scarce):
    event = client.post("/api/v1/events", json={"name": "泰顺对接会", "date": "2026-12-01", "kind": "matchmaking",
                                                "district": "泰顺县"}, headers=promotion_headers).json
    summary = client.post(f"/api/v1/events/{event['id']}/report", json={}, headers=promotion_headers).json
    assert summary["matched"] == 0
    snapshot = json.loads(client.get(f"/api/v1/events/{event['id']}/report.json", headers=promotion_headers).get_data())
    steps = {u["project_name"]: u["next_step"] for u in snapshot["unmatched"]}
    assert "跨区落地" in steps["本地配电项目"] and "乐清电气园" in steps["本地配电项目"]


def test_events_are_for_staff(client, operator_headers):
    assert client.post("/api/v1/assignments", json={}, headers=operator_headers).status_code == 403
    assert client.get("/api/v1/events", headers=operator_headers).status_code == 403


def test_reports_flag_projects_a_fund_wants_out(client, promotion_headers, scarce):
    _, (local, far, _), _ = scarce
    for project in (local, far):
        assert client.post("/api/v1/fund-intentions", json={"project_id": project.id, "fund_name": "外地基金",
                                                              "relocate_out": True}, headers=promotion_headers).status_code == 201
    event = client.post("/api/v1/events", json={"name": "风险提示", "date": "2026-12-18", "kind": "signing"},
                        headers=promotion_headers).json
    client.post(f"/api/v1/events/{event['id']}/report", json={}, headers=promotion_headers)
    snapshot = json.loads(client.get(f"/api/v1/events/{event['id']}/report.json", headers=promotion_headers).get_data())
    assert snapshot["assignments"][0]["relocation_risk"] is True
    assert any("迁出温州" in r for r in snapshot["assignments"][0]["reasons"])
    assert "迁出温州" in next(u for u in snapshot["unmatched"] if u["project_id"] == far.id)["reason"]
