"""The project-flow registry through HTTP, as an incubator's system or a script would use it."""

import pytest
import sqlalchemy as sa

from models.project import Project, StageChange

from ..factories import PASSWORD, IncubatorFactory, ProjectFactory


def count(db, model):
    return db.scalar(sa.select(sa.func.count()).select_from(model))


def test_a_script_walks_a_project_to_graduation(client, admin):
    token = client.post("/api/v1/auth/token", json={"username": admin.username, "password": PASSWORD})
    assert token.status_code == 200
    headers = {"Authorization": f"Bearer {token.json['token']}"}

    incubator = client.post(
        "/api/v1/incubators",
        json={"name": "乐清电气孵化器", "district": "乐清市", "level": "provincial",
              "demonstration": True, "industries": ["C382"]},
        headers=headers,
    )
    assert incubator.status_code == 201 and incubator.json["district"] == "330382"

    project = client.post(
        "/api/v1/projects",
        json={
            "name": "智配开关", "incubator_id": incubator.json["id"], "industries": ["C3823"],
            "description": "智能配电开关", "team_size": 12,
            "space_need": {"space_type": "plant", "area_min": 3000, "area_max": 5000, "needed_by": "2027-03-01"},
            "preferred_districts": ["乐清市", "330303"],
        },
        headers=headers,
    )
    assert project.status_code == 201
    body = project.json
    assert (body["stage"], body["status"]) == ("nursery", "active")
    assert body["preferred_districts"] == ["330382", "330303"]
    assert body["space_need"]["needed_by"] == "2027-03-01"
    url = f"/api/v1/projects/{body['id']}"

    for action, stage in [("advance", "incubation"), ("advance", "acceleration"), ("graduate", "industrialization")]:
        step = client.post(f"{url}/transitions", json={"action": action, "reason": "阶段评审通过"}, headers=headers)
        assert step.status_code == 201 and step.json["to_stage"] == stage
    assert client.get(url, headers=headers).json["status"] == "graduated"

    history = client.get(f"{url}/history", headers=headers).json["items"]
    assert [h["action"] for h in history] == ["admit", "advance", "advance", "graduate"]
    assert history[0]["from_stage"] is None and history[-1]["to_status"] == "graduated"
    assert all(h["actor"] == admin.username for h in history)

    again = client.post(f"{url}/transitions", json={"action": "graduate"}, headers=headers)
    assert again.status_code == 409
    assert again.content_type == "application/problem+json"
    assert "不能再次毕业" in again.json["detail"]

    negative = client.patch(url, json={"space_need": {"area_min": -5}}, headers=headers)
    assert negative.status_code == 422
    assert negative.content_type == "application/problem+json"
    assert list(negative.json["errors"]) == ["space_need.area_min"]
    assert client.get(url, headers=headers).json["space_need"]["area_min"] == 3000


def test_invalid_project_changes_nothing(client, admin_headers, incubator, db):
    before = (count(db, Project), count(db, StageChange))
    bad = client.post(
        "/api/v1/projects",
        json={"name": "x", "incubator_id": incubator.id, "industries": ["C3823", "Z99"],
              "preferred_districts": ["杭州市"]},
        headers=admin_headers,
    )
    assert bad.status_code == 422
    assert set(bad.json["errors"]) == {"industries.1", "preferred_districts.0"}
    assert (count(db, Project), count(db, StageChange)) == before


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"name": ""}, "name"),
        ({"stage": "industrialization"}, "stage"),
        ({"stage": "launch"}, "stage"),
        ({"team_size": -1}, "team_size"),
        ({"space_need": {"space_type": "plant", "area_min": 500, "area_max": 100}}, "space_need.area_max"),
        ({"space_need": {"space_type": "garage", "area_min": 500}}, "space_need.space_type"),
        ({"space_need": {"area_min": 500}}, "space_need.space_type"),
        ({"surprise": 1}, "surprise"),
    ],
)
def test_field_errors_are_keyed_by_path(client, admin_headers, incubator, payload, field):
    response = client.post(
        "/api/v1/projects", json={"name": "ok", "incubator_id": incubator.id, **payload}, headers=admin_headers
    )
    assert response.status_code == 422
    assert field in response.json["errors"]


def test_partial_space_need_update_keeps_the_rest(client, admin_headers, db):
    project = ProjectFactory()
    response = client.patch(
        f"/api/v1/projects/{project.id}", json={"space_need": {"area_max": 8000}}, headers=admin_headers
    )
    assert response.status_code == 200
    need = response.json["space_need"]
    assert (need["space_type"], need["area_min"], need["area_max"]) == ("plant", 3000.0, 8000.0)


def test_clearing_a_required_need_field_is_refused(client, admin_headers, db):
    # Leaving area_min out of a PATCH keeps it; sending null asks to clear a required value.
    project = ProjectFactory()
    response = client.patch(
        f"/api/v1/projects/{project.id}", json={"space_need": {"area_min": None, "area_max": 9000}},
        headers=admin_headers,
    )
    assert response.status_code == 422
    assert response.json["errors"] == {"space_need.area_min": ["不能为空"]}
    db.refresh(project)
    assert (project.need_area_min, project.need_area_max) == (3000, 5000)


def test_operator_sees_and_changes_only_its_own_projects(client, incubator, operator_headers, db):
    own = ProjectFactory(incubator_id=incubator.id)
    other = ProjectFactory()

    listed = client.get("/api/v1/projects", headers=operator_headers).json
    assert [p["id"] for p in listed["items"]] == [own.id] and listed["total"] == 1

    assert client.get(f"/api/v1/projects/{own.id}", headers=operator_headers).status_code == 200
    for method, path, body in [
        ("get", f"/api/v1/projects/{other.id}", None),
        ("get", f"/api/v1/projects/{other.id}/history", None),
        ("patch", f"/api/v1/projects/{other.id}", {"name": "改名"}),
        ("post", f"/api/v1/projects/{other.id}/transitions", {"action": "exit"}),
    ]:
        response = getattr(client, method)(path, json=body, headers=operator_headers)
        assert response.status_code == 404, (method, path)
    db.refresh(other)
    assert other.name.startswith("测试项目") and other.status.value == "active"

    foreign = client.post(
        "/api/v1/projects", json={"name": "越权", "incubator_id": other.incubator_id}, headers=operator_headers
    )
    assert foreign.status_code == 403
    mine = client.post("/api/v1/projects", json={"name": "自己的"}, headers=operator_headers)
    assert mine.status_code == 201 and mine.json["incubator_id"] == incubator.id


def test_promotion_staff_read_but_do_not_move_projects(client, promotion_headers):
    project = ProjectFactory()
    assert client.get(f"/api/v1/projects/{project.id}", headers=promotion_headers).status_code == 200
    moved = client.post(f"/api/v1/projects/{project.id}/transitions", json={"action": "advance"}, headers=promotion_headers)
    assert moved.status_code == 403
    assert moved.content_type == "application/problem+json"


def test_list_filters_and_pagination(client, admin_headers, db):
    lq = IncubatorFactory(district_code="330382")
    a = ProjectFactory(incubator_id=lq.id, industries=["C3823"], name="智能断路器")
    b = ProjectFactory(incubator_id=lq.id, industries=["C3841"], stage="incubation", description="储能电池")
    c = ProjectFactory(industries=["I6513"])

    def ids(query):
        response = client.get(f"/api/v1/projects?{query}", headers=admin_headers)
        assert response.status_code == 200, response.json
        return [p["id"] for p in response.json["items"]]

    assert ids("district=乐清市") == [a.id, b.id]
    assert ids("industry=C38") == [a.id, b.id]
    assert ids("industry=C384") == [b.id]
    assert ids("stage=incubation") == [b.id]
    assert ids("q=断路器") == [a.id]
    assert ids("q=储能") == [b.id]
    assert ids(f"incubator_id={c.incubator_id}") == [c.id]
    page = client.get("/api/v1/projects?per_page=2&page=2", headers=admin_headers).json
    assert (page["page"], page["per_page"], page["total"], len(page["items"])) == (2, 2, 3, 1)
    assert client.get("/api/v1/projects?per_page=0", headers=admin_headers).status_code == 422


def test_exit_then_nothing_more(client, admin_headers):
    project = ProjectFactory()
    url = f"/api/v1/projects/{project.id}/transitions"
    assert client.post(url, json={"action": "exit", "reason": "团队解散"}, headers=admin_headers).status_code == 201
    response = client.post(url, json={"action": "advance"}, headers=admin_headers)
    assert response.status_code == 409 and "退出" in response.json["detail"]


def test_incubator_user_cannot_change_official_level(client, incubator, operator_headers):
    url = f"/api/v1/incubators/{incubator.id}"
    assert client.patch(url, json={"industries": ["C3823", "C3824"]}, headers=operator_headers).status_code == 200
    assert client.patch(url, json={"demonstration": True}, headers=operator_headers).status_code == 403
    other = IncubatorFactory()
    assert client.patch(f"/api/v1/incubators/{other.id}", json={"name": "x"}, headers=operator_headers).status_code == 403


def test_duplicate_incubator_name_is_a_conflict(client, admin_headers, incubator):
    response = client.post(
        "/api/v1/incubators", json={"name": incubator.name, "district": "鹿城区"}, headers=admin_headers
    )
    assert response.status_code == 409


def test_a_page_of_projects_costs_the_same_statements_whatever_its_size(app, client, incubator, operator_headers):
    # Every project's answer carries its placement: loaded with the page, not one query per project.
    from matchmaker.database import EXTENSION

    space = client.post(f"/api/v1/incubators/{incubator.id}/spaces", json={"space_type": "office", "name": "A 座",
                                                                            "total_area": 5000}, headers=operator_headers)
    for n in range(12):
        created = client.post("/api/v1/projects", json={"name": f"团队{n}", "placement": {"space_id": space.json["id"],
                                                                                          "area": 100}},
                              headers=operator_headers)
        assert created.status_code == 201
    sent = []
    engine = app.extensions[EXTENSION].engine

    def counted(*args):
        sent.append(1)

    sa.event.listen(engine, "before_cursor_execute", counted)
    try:
        statements = []
        for size in (2, 12):
            before = len(sent)
            page = client.get(f"/api/v1/projects?per_page={size}", headers=operator_headers)
            statements.append(len(sent) - before)
            assert [item["placement"]["area"] for item in page.json["items"]] == [100.0] * size
    finally:
        sa.event.remove(engine, "before_cursor_execute", counted)
    assert statements[0] == statements[1]
