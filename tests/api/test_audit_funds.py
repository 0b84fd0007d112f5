"""The audit trail, and fund intentions that flag projects the city may lose."""

import io

from ..factories import IncubatorFactory, ProjectFactory


def test_changes_are_audited_with_actor_and_before_after(client, admin, admin_headers):
    created = client.post("/api/v1/incubators", json={"name": "审计孵化器", "district": "鹿城区"}, headers=admin_headers)
    iid = created.json["id"]
    client.patch(f"/api/v1/incubators/{iid}", json={"name": "审计孵化器（改）"}, headers=admin_headers)
    entries = client.get(f"/api/v1/audit?entity=incubators&entity_id={iid}", headers=admin_headers).json["items"]
    assert [e["action"] for e in entries] == ["update", "create"]
    assert entries[0]["changes"]["name"] == ["审计孵化器", "审计孵化器（改）"]
    assert entries[1]["changes"]["name"] == "审计孵化器" and all(e["actor"] == admin.username for e in entries)


def test_failed_changes_leave_no_trace_and_secrets_never_do(client, admin_headers, incubator):
    before = client.get("/api/v1/audit?per_page=1", headers=admin_headers).json["total"]
    bad = client.post("/api/v1/projects", json={"name": "x", "incubator_id": incubator.id, "industries": ["Z9"]},
                      headers=admin_headers)
    assert bad.status_code == 422
    assert client.get("/api/v1/audit?per_page=1", headers=admin_headers).json["total"] == before
    client.post("/api/v1/users", json={"username": "audited", "password": "a long password", "role": "promotion"},
                headers=admin_headers)
    user_entry = client.get("/api/v1/audit?entity=users", headers=admin_headers).json["items"][0]
    assert "password_hash" not in user_entry["changes"] and user_entry["changes"]["username"] == "audited"


def test_bulk_imported_projects_are_audited(client, admin_headers):
    incubator = IncubatorFactory()
    content = f"孵化器,名称\n{incubator.name},导入一\n{incubator.name},导入二\n".encode()
    response = client.post("/api/v1/imports/projects", data={"file": (io.BytesIO(content), "p.csv")},
                           headers=admin_headers, content_type="multipart/form-data")
    assert response.status_code == 200
    names = [e["changes"]["name"] for e in client.get("/api/v1/audit?entity=projects&action=create",
                                                        headers=admin_headers).json["items"]]
    assert {"导入一", "导入二"} <= set(names)


def test_only_admins_read_the_trail(client, promotion_headers):
    assert client.get("/api/v1/audit", headers=promotion_headers).status_code == 403


def test_a_fund_that_wants_the_project_out_flags_it(client, promotion_headers, operator_headers, incubator):
    project = ProjectFactory(incubator_id=incubator.id)
    assert client.get(f"/api/v1/projects/{project.id}", headers=promotion_headers).json["relocation_risk"] is False
    body = {"project_id": project.id, "fund_name": "某产业基金", "amount": 3000, "expected_date": "2027-03-01",
            "relocate_out": True, "destination": "杭州"}
    assert client.post("/api/v1/fund-intentions", json=body, headers=operator_headers).status_code == 403
    created = client.post("/api/v1/fund-intentions", json=body, headers=promotion_headers)
    assert created.status_code == 201
    assert client.get(f"/api/v1/projects/{project.id}", headers=promotion_headers).json["relocation_risk"] is True
    flagged = client.get("/api/v1/fund-intentions?relocate_out=true", headers=operator_headers).json
    assert [i["project_id"] for i in flagged["items"]] == [project.id]
    missing = client.post("/api/v1/fund-intentions", json={**body, "project_id": 999999}, headers=promotion_headers)
    assert missing.status_code == 422 and "project_id" in missing.json["errors"]
