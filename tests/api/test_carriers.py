"""A carrier's spaces and what its teams occupy: vacancy and the occupancy rate follow the placements."""

import sqlalchemy as sa

from models.carrier import Placement

from ..factories import IncubatorFactory, ProjectFactory, UserFactory, token_for


def add_space(client, headers, incubator_id, **body):
    response = client.post(f"/api/v1/incubators/{incubator_id}/spaces", json=body, headers=headers)
    assert response.status_code == 201, response.json
    return response.json


def occupancy(client, headers, incubator_id):
    return client.get(f"/api/v1/incubators/{incubator_id}", headers=headers).json["occupancy"]


def test_occupancy_follows_placements_and_an_over_placement_is_a_409(client, db, incubator, operator_headers):
    offices = add_space(client, operator_headers, incubator.id, space_type="office", name="A 座办公", total_area=400,
                        unit_area=50)
    desks = add_space(client, operator_headers, incubator.id, space_type="desk", name="开放工位", total_area=100,
                      desks=20)
    assert occupancy(client, operator_headers, incubator.id) == {
        "total_area": 500.0, "used_area": 0.0, "vacant_area": 500.0, "vacant_desks": 20, "rate": 0.0,
        "vacant_by_type": {"office": 400.0, "desk": 100.0},
    }

    first = client.post("/api/v1/projects", json={"name": "甲队", "placement": {"space_id": offices["id"], "area": 300}},
                        headers=operator_headers)
    assert first.status_code == 201 and first.json["placement"] == {"space_id": offices["id"], "area": 300.0, "desks": 0}
    team = client.post("/api/v1/projects", json={"name": "乙队", "placement": {"space_id": desks["id"], "area": 25,
                                                                              "desks": 5}}, headers=operator_headers)
    assert team.status_code == 201
    figures = occupancy(client, operator_headers, incubator.id)
    assert figures["used_area"] == 325.0 and figures["rate"] == 0.65 and figures["vacant_desks"] == 15
    spaces = client.get(f"/api/v1/incubators/{incubator.id}/spaces", headers=operator_headers).json["items"]
    assert [(s["name"], s["vacant_area"], s["rate"]) for s in spaces] == [("A 座办公", 100.0, 0.75), ("开放工位", 75.0, 0.25)]

    # 150 ㎡ more than is left: refused, naming the space and what is left, and nothing is written.
    over = client.post("/api/v1/projects", json={"name": "丙队", "placement": {"space_id": offices["id"], "area": 150}},
                       headers=operator_headers)
    assert over.status_code == 409 and over.content_type == "application/problem+json"
    assert over.json["detail"] == "空间「A 座办公」剩余 100㎡，不够安排 150㎡"
    assert client.get("/api/v1/projects?q=丙队", headers=operator_headers).json["total"] == 0
    too_many_desks = client.patch(f"/api/v1/projects/{team.json['id']}",
                                  json={"placement": {"space_id": desks["id"], "area": 25, "desks": 21}},
                                  headers=operator_headers)
    assert too_many_desks.status_code == 409 and too_many_desks.json["detail"] == "空间「开放工位」剩余 100㎡、20 个工位，不够安排 25㎡、21 个工位"

    # Its own room counts as free when a team grows in place (the 409 above counted its 5 desks too).
    grown = client.patch(f"/api/v1/projects/{first.json['id']}", json={"placement": {"space_id": offices["id"], "area": 400}},
                         headers=operator_headers)
    assert grown.status_code == 200 and occupancy(client, operator_headers, incubator.id)["used_area"] == 425.0
    left = client.patch(f"/api/v1/projects/{first.json['id']}", json={"placement": None}, headers=operator_headers)
    assert left.status_code == 200 and left.json["placement"] is None
    assert occupancy(client, operator_headers, incubator.id)["used_area"] == 25.0


def test_a_team_that_graduates_or_exits_leaves_its_space(client, db, incubator, operator_headers):
    lab = add_space(client, operator_headers, incubator.id, space_type="lab", total_area=200)
    ids = []
    for name, stage in (("实验队", "incubation"), ("退出队", "nursery")):
        created = client.post("/api/v1/projects", json={"name": name, "stage": stage,
                                                          "placement": {"space_id": lab["id"], "area": 100}},
                              headers=operator_headers)
        ids.append(created.json["id"])
    assert occupancy(client, operator_headers, incubator.id)["rate"] == 1.0
    for project_id, action in zip(ids, ("graduate", "exit"), strict=True):
        step = client.post(f"/api/v1/projects/{project_id}/transitions", json={"action": action, "reason": "评审"},
                           headers=operator_headers)
        assert step.status_code == 201
    assert occupancy(client, operator_headers, incubator.id)["rate"] == 0.0
    assert db.scalar(sa.select(sa.func.count()).select_from(Placement)) == 0


def test_a_space_cannot_shrink_below_what_is_placed_in_it(client, db, incubator, operator_headers):
    space = add_space(client, operator_headers, incubator.id, space_type="desk", name="众创工位", total_area=60, desks=12)
    client.post("/api/v1/projects", json={"name": "工位队", "placement": {"space_id": space["id"], "area": 30, "desks": 6}},
                headers=operator_headers)
    url = f"/api/v1/incubators/{incubator.id}/spaces/{space['id']}"
    smaller = client.patch(url, json={"total_area": 20}, headers=operator_headers)
    assert smaller.status_code == 409 and smaller.json["detail"] == "空间「众创工位」已入驻 30㎡，总面积不能小于此"
    fewer = client.patch(url, json={"desks": 5}, headers=operator_headers)
    assert fewer.status_code == 409 and "已占用 6 个工位" in fewer.json["detail"]
    larger = client.patch(url, json={"total_area": 90, "desks": 18}, headers=operator_headers)
    assert larger.status_code == 200 and (larger.json["vacant_area"], larger.json["vacant_desks"]) == (60.0, 12)


def test_bad_spaces_and_placements_are_422_in_chinese(client, db, incubator, operator_headers):
    bad = client.post(f"/api/v1/incubators/{incubator.id}/spaces",
                      json={"space_type": "warehouse", "total_area": -1, "unit_area": 5}, headers=operator_headers)
    assert bad.status_code == 422 and {"space_type", "total_area"} <= bad.json["errors"].keys()
    assert bad.json["errors"]["total_area"] == ["应大于 0 且不超过 10000000"]
    elsewhere = IncubatorFactory()
    foreign = add_space(client, token_for(UserFactory(role="admin"), db), elsewhere.id, space_type="office",
                        total_area=100)
    wrong = client.post("/api/v1/projects", json={"name": "错放队", "placement": {"space_id": foreign["id"], "area": 10}},
                        headers=operator_headers)
    assert wrong.status_code == 422
    assert wrong.json["errors"] == {"placement.space_id": [f"空间 {foreign['id']} 不属于该载体"]}
    empty = client.post("/api/v1/projects", json={"name": "空队", "placement": {"space_id": foreign["id"]}},
                        headers=operator_headers)
    assert empty.status_code == 422 and empty.json["errors"] == {"placement.area": ["须填写占用面积或工位数"]}
    # Another carrier's operator may read the spaces, not change them.
    other = client.patch(f"/api/v1/incubators/{elsewhere.id}/spaces/{foreign['id']}", json={"total_area": 5},
                         headers=operator_headers)
    assert other.status_code == 403


def test_incubator_lists_carry_their_occupancy(client, db, admin_headers):
    full, bare = IncubatorFactory(), IncubatorFactory()
    space = add_space(client, admin_headers, full.id, space_type="pilot_plant", total_area=1000)
    ProjectFactory(incubator_id=full.id)
    project_id = client.get(f"/api/v1/projects?incubator_id={full.id}", headers=admin_headers).json["items"][0]["id"]
    assert client.patch(f"/api/v1/projects/{project_id}", json={"placement": {"space_id": space["id"], "area": 250}},
                        headers=admin_headers).status_code == 200
    items = {i["id"]: i["occupancy"] for i in client.get("/api/v1/incubators?per_page=500", headers=admin_headers).json["items"]}
    assert items[full.id]["rate"] == 0.25 and items[full.id]["vacant_by_type"] == {"pilot_plant": 750.0}
    assert items[bare.id]["rate"] is None and items[bare.id]["total_area"] == 0.0
