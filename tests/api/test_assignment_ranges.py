"""Signing-event assignment gives a project the area it asked for when a custom plant can build it."""

import json

from ..factories import IncubatorFactory, ProjectFactory

CUSTOM = {"kind": "custom_plant", "name": "瑞安定制厂房", "district": "瑞安市", "industries": ["C3670"],
          "offers": [{"space_type": "plant", "available_area": 20000, "min_area": 2000, "max_area": 9000,
                      "lead_time_days": 200}]}


def test_report_shows_the_assigned_area_against_the_need(client, promotion_headers, admin_headers):
    assert client.post("/api/v1/sites", json=CUSTOM, headers=promotion_headers).status_code == 201
    incubator = IncubatorFactory(district_code="330381")
    wants = {"汽配大项目": (5000.0, 8000.0), "汽配小项目": (3000.0, None)}
    for name, (low, high) in wants.items():
        project = ProjectFactory(incubator_id=incubator.id, industries=["C3670"], name=name,
                                 space_need={"space_type": "plant", "area_min": low, "area_max": high})
        for action in ("advance", "graduate"):
            client.post(f"/api/v1/projects/{project.id}/transitions", json={"action": action}, headers=admin_headers)
    event = client.post("/api/v1/events", json={"name": "瑞安签约会", "date": "2026-12-18", "kind": "signing"},
                        headers=promotion_headers).json
    client.post(f"/api/v1/events/{event['id']}/report", json={}, headers=promotion_headers)
    snapshot = json.loads(client.get(f"/api/v1/events/{event['id']}/report.json", headers=promotion_headers).get_data())
    got = {a["project_name"]: (a["area"], a["need_area"]) for a in snapshot["assignments"]}
    # The plant builds at most 9,000 ㎡ for one project: the large project gets all it asked for.
    assert got == {"汽配大项目": (8000.0, "5,000–8,000㎡"), "汽配小项目": (3000.0, "3,000㎡")}
    assert snapshot["optimal"] is True and snapshot["gap"] == 0
    html = client.get(f"/api/v1/events/{event['id']}/report.html", headers=promotion_headers).get_data(as_text=True)
    assert "需求 5,000–8,000㎡" in html
