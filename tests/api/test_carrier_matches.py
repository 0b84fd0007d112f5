"""寻找下一站 through HTTP: carriers for a team, teams for a carrier, and room that follows the placements."""

import pytest

from models.carrier import CarrierSpaceType, Placement, Space
from models.project import Project, Status

from ..factories import ProjectFactory


def _carrier(client, headers, name, kind, district, industries, *, level="provincial", demonstration=False,
             stages=None):
    body = {"name": name, "kind": kind, "district": district, "industries": industries, "level": level,
            "demonstration": demonstration}
    if stages is not None:
        body["stages"] = stages
    response = client.post("/api/v1/incubators", json=body, headers=headers)
    assert response.status_code == 201, response.json
    return response.json["id"]


def _space(db, incubator_id, space_type, total_area, desks=None):
    space = Space(incubator_id=incubator_id, space_type=CarrierSpaceType(space_type), name=space_type,
                  total_area=total_area, desks=desks)
    db.add(space)
    db.flush()
    return space


@pytest.fixture
def relay(client, db, admin_headers):
    """A maker space holding an 8-person team, and the carriers it could go to next."""
    ids = {
        "maker": _carrier(client, admin_headers, "鹿城众创空间", "maker_space", "鹿城区", ["C38"]),
        "electric": _carrier(client, admin_headers, "乐清电气孵化器", "incubator", "乐清市", ["C3823"],
                             level="national", demonstration=True),
        "general": _carrier(client, admin_headers, "鹿城综合孵化器", "incubator", "鹿城区", []),
        "full": _carrier(client, admin_headers, "瓯海满员孵化器", "incubator", "瓯海区", ["C3823"]),
        "accelerator": _carrier(client, admin_headers, "温州加速器", "accelerator", "鹿城区", ["C3823"]),
    }
    desk = _space(db, ids["maker"], "desk", 200, desks=40)
    _space(db, ids["electric"], "office", 600)
    _space(db, ids["general"], "office", 300)
    _space(db, ids["full"], "office", 50)
    _space(db, ids["accelerator"], "office", 2000)
    team = ProjectFactory(incubator_id=ids["maker"], industries=["C3823"], team_size=8, space_need=None)
    db.add(Placement(project_id=team.id, space_id=desk.id, desks=8))
    db.flush()
    return ids, team


def test_carriers_hosting_the_next_stage_with_room_best_first(client, promotion_headers, relay):
    ids, team = relay
    response = client.get(f"/api/v1/projects/{team.id}/carrier-matches", headers=promotion_headers)
    assert response.status_code == 200, response.json
    body = response.json
    # A nursery team moves on to incubation; 8 people need an office of 80 ㎡.
    assert body["need"] == {"stage": "incubation", "space_type": "office", "area": 80.0, "desks": None}
    names = [i["carrier"]["name"] for i in body["items"]]
    assert names == ["乐清电气孵化器", "鹿城综合孵化器"]  # not the full one, not the accelerator, not its own
    best = body["items"][0]
    assert best["feasible"] and set(best["factors"]) == {"industry", "space", "level", "locality"}
    assert best["reasons"] == ["主攻产业一致：配电开关控制设备制造", "办公室空余 600㎡，可容纳 80㎡ 需求",
                               "国家级载体，示范载体", "跨区县接续：乐清市，仍在温州"]
    assert best["carrier"] == {"id": ids["electric"], "name": "乐清电气孵化器", "kind": "incubator",
                               "district": "330382", "level": "national", "demonstration": True}


def test_carriers_without_room_or_the_stage_follow_on_request(client, promotion_headers, relay):
    _, team = relay
    url = f"/api/v1/projects/{team.id}/carrier-matches?include_infeasible=true"
    items = client.get(url, headers=promotion_headers).json["items"]
    tail = [(i["carrier"]["name"], i["feasible"], i["violations"]) for i in items[2:]]
    assert tail == [("瓯海满员孵化器", False, ["办公室空余 50㎡，不足所需 80㎡"]),
                    ("温州加速器", False, ["不承接孵化阶段的项目"])]
    assert items[2]["lacks"] == ["办公室差 30㎡"]


def test_room_follows_the_placements(client, db, promotion_headers, relay):
    ids, team = relay
    other = ProjectFactory(incubator_id=ids["electric"], team_size=20, space_need=None)
    office = db.query(Space).filter_by(incubator_id=ids["electric"]).one()
    db.add(Placement(project_id=other.id, space_id=office.id, area=560))
    db.flush()
    items = client.get(f"/api/v1/projects/{team.id}/carrier-matches", headers=promotion_headers).json["items"]
    assert [i["carrier"]["name"] for i in items] == ["鹿城综合孵化器"]


def test_target_stage_can_be_asked_within_what_a_transfer_can_do(client, db, promotion_headers, relay):
    _, team = relay
    url = f"/api/v1/projects/{team.id}/carrier-matches"
    same = client.get(f"{url}?stage=nursery", headers=promotion_headers)
    assert same.status_code == 200 and same.json["need"] == {"stage": "nursery", "space_type": "desk", "area": None,
                                                             "desks": 8}
    assert same.json["items"] == []  # no other maker space
    skip = client.get(f"{url}?stage=acceleration", headers=promotion_headers)
    assert skip.status_code == 409 and "接续只能进入「创业苗圃」或「孵化」阶段的载体" in skip.json["detail"]
    bad = client.get(f"{url}?stage=industrialization", headers=promotion_headers)
    assert bad.status_code == 422 and "query.stage" in bad.json["errors"]


def test_a_project_out_of_the_chain_has_no_next_carrier(client, db, admin_headers, relay):
    ids, _ = relay
    project = ProjectFactory(incubator_id=ids["electric"])
    for action in ("advance", "graduate"):
        client.post(f"/api/v1/projects/{project.id}/transitions", json={"action": action}, headers=admin_headers)
    response = client.get(f"/api/v1/projects/{project.id}/carrier-matches", headers=admin_headers)
    assert response.status_code == 409
    assert response.json["detail"] == "项目状态为「已毕业待落地」，已不在孵化链上，无需寻找下一站载体，请寻找落地空间"


def test_a_prospect_is_matched_for_its_own_stage_from_nowhere(client, db, promotion_headers, relay):
    ids, _ = relay
    prospect = ProjectFactory(incubator_id=ids["maker"], industries=["C3823"], team_size=3, space_need=None)
    row = db.get(Project, prospect.id)
    row.incubator_id, row.status = None, Status.prospect
    db.flush()
    body = client.get(f"/api/v1/projects/{prospect.id}/carrier-matches", headers=promotion_headers).json
    assert body["need"]["stage"] == "nursery" and body["need"]["desks"] == 3
    assert [i["carrier"]["name"] for i in body["items"]] == ["鹿城众创空间"]
    assert body["items"][0]["reasons"][3] == "跨区县接续：鹿城区，仍在温州"


def test_operators_match_their_own_projects_only(client, db, relay):
    from models.user import Role

    from ..factories import UserFactory, token_for

    ids, team = relay
    own = token_for(UserFactory(role=Role.incubator, incubator_id=ids["maker"]), db)
    other = token_for(UserFactory(role=Role.incubator, incubator_id=ids["electric"]), db)
    url = f"/api/v1/projects/{team.id}/carrier-matches"
    assert client.get(url, headers=own).status_code == 200
    assert client.get(url, headers=other).status_code == 404
    assert client.get(f"/api/v1/incubators/{ids['electric']}/project-matches", headers=other).status_code == 403


def test_teams_a_carrier_could_take_in_next(client, db, promotion_headers, relay):
    ids, team = relay
    ProjectFactory(incubator_id=ids["electric"], name="本孵化器项目", stage="nursery", space_need=None)
    big = ProjectFactory(incubator_id=ids["maker"], name="大团队", industries=["I65"], team_size=70, space_need=None)
    url = f"/api/v1/incubators/{ids['electric']}/project-matches"
    items = client.get(url, headers=promotion_headers).json["items"]
    assert [i["project"]["name"] for i in items] == [team.name]  # its own team and the one it has no room for left out
    assert items[0]["need"]["area"] == 80.0 and items[0]["reasons"][0] == "主攻产业一致：配电开关控制设备制造"
    items = client.get(f"{url}?include_infeasible=true", headers=promotion_headers).json["items"]
    assert [(i["project"]["id"], i["feasible"]) for i in items] == [(team.id, True), (big.id, False)]
    assert items[1]["violations"] == ["办公室空余 600㎡，不足所需 700㎡"]
    # An accelerator takes no nursery team.
    assert client.get(f"/api/v1/incubators/{ids['accelerator']}/project-matches",
                      headers=promotion_headers).json["items"] == []


def test_room_is_counted_in_one_space_not_summed(client, db, admin_headers, promotion_headers, relay):
    _, team = relay
    split = _carrier(client, admin_headers, "鹿城两间孵化器", "incubator", "鹿城区", ["C3823"])
    _space(db, split, "office", 60)
    _space(db, split, "office", 60)
    url = f"/api/v1/projects/{team.id}/carrier-matches?include_infeasible=true"
    item = next(i for i in client.get(url, headers=promotion_headers).json["items"] if i["carrier"]["id"] == split)
    assert not item["feasible"] and item["violations"] == ["办公室空余 60㎡，不足所需 80㎡"]
