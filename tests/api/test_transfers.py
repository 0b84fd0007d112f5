"""Hand-overs between carriers (接续): one team through four carriers, prospects, refusals and who may decide."""

import pytest
import sqlalchemy as sa

from models.carrier import Transfer
from models.project import Project, StageChange
from models.user import Role

from ..factories import IncubatorFactory, ProjectFactory, UserFactory, token_for

PARK = {
    "kind": "park", "name": "瓯海智造园", "district": "瓯海区", "industries": ["C3823"],
    "offers": [{"space_type": "plant", "available_area": 9000, "min_area": 1000, "max_area": 9000}],
}


def carrier(client, headers, name, kind, space_type, total_area, **space):
    body = client.post("/api/v1/incubators", json={"name": name, "district": "瓯海区", "kind": kind,
                                                   "industries": ["C38"]}, headers=headers)
    assert body.status_code == 201, body.json
    made = client.post(f"/api/v1/incubators/{body.json['id']}/spaces",
                       json={"space_type": space_type, "total_area": total_area, **space}, headers=headers)
    assert made.status_code == 201
    return body.json["id"], made.json["id"]


def operator(db, incubator_id):
    user = UserFactory(role=Role.incubator, incubator_id=incubator_id)
    return token_for(user, db)


def rate(client, headers, incubator_id):
    return client.get(f"/api/v1/incubators/{incubator_id}", headers=headers).json["occupancy"]["rate"]


def hand_over(client, headers, project_id, to_id, **body):
    response = client.post(f"/api/v1/projects/{project_id}/transfers", json={"to_incubator_id": to_id, **body},
                           headers=headers)
    assert response.status_code == 201, response.json
    return response.json


def decide(client, headers, transfer_id, verb, reason=""):
    return client.post(f"/api/v1/transfers/{transfer_id}/{verb}", json={"reason": reason}, headers=headers)


def test_one_team_walks_through_four_carriers_to_a_landing(client, db, admin_headers, promotion_headers):
    maker, desks = carrier(client, admin_headers, "鹿城众创空间", "maker_space", "desk", 200, desks=40)
    incubator, offices = carrier(client, admin_headers, "瓯海孵化器", "incubator", "office", 1000)
    accelerator, plant = carrier(client, admin_headers, "瓯海加速器", "accelerator", "pilot_plant", 5000)
    ops = {cid: operator(db, cid) for cid in (maker, incubator, accelerator)}

    team = client.post("/api/v1/projects", json={
        "name": "智配开关", "industries": ["C3823"], "team_size": 6,
        "space_need": {"space_type": "plant", "area_min": 3000, "area_max": 5000},
        "placement": {"space_id": desks, "area": 30, "desks": 6}}, headers=ops[maker])
    assert team.status_code == 201
    pid = team.json["id"]
    assert rate(client, admin_headers, maker) == 0.15

    # Maker space → incubator, one stage up, into an office.
    first = hand_over(client, ops[maker], pid, incubator, advance=True, reason="苗圃期满，转入孵化",
                      placement={"space_id": offices, "area": 120})
    assert (first["status"], first["from_incubator"]["name"], first["to_incubator"]["kind"]) == (
        "pending", "鹿城众创空间", "incubator")
    assert decide(client, ops[incubator], first["id"], "accept", "同意接收").status_code == 200
    assert (rate(client, admin_headers, maker), rate(client, admin_headers, incubator)) == (0.0, 0.12)
    # From now on only the new carrier manages the team: the old one cannot even read it.
    assert client.get(f"/api/v1/projects/{pid}", headers=ops[maker]).status_code == 404
    assert client.patch(f"/api/v1/projects/{pid}", json={"team_size": 7}, headers=ops[maker]).status_code == 404
    assert client.get(f"/api/v1/projects/{pid}", headers=ops[incubator]).json["stage"] == "incubation"

    # Incubator → accelerator, into the pilot plant.
    second = hand_over(client, ops[incubator], pid, accelerator, advance=True, reason="进入加速",
                       placement={"space_id": plant, "area": 2000})
    accepted = decide(client, ops[accelerator], second["id"], "accept")
    assert accepted.status_code == 200 and accepted.json["status"] == "accepted"
    assert accepted.json["decided_by"] and accepted.json["decided_at"]
    assert (rate(client, admin_headers, incubator), rate(client, admin_headers, accelerator)) == (0.0, 0.4)

    # The accelerator graduates it (it leaves the pilot plant), and it lands in a park.
    assert client.post(f"/api/v1/projects/{pid}/transitions", json={"action": "graduate"},
                       headers=ops[accelerator]).status_code == 201
    assert rate(client, admin_headers, accelerator) == 0.0
    offer = client.post("/api/v1/sites", json=PARK, headers=promotion_headers).json["offers"][0]
    match = client.post("/api/v1/matches", json={"project_id": pid, "offer_id": offer["id"]}, headers=promotion_headers)
    for action in ("contact", "visit", "negotiate", "sign", "land"):
        assert client.post(f"/api/v1/matches/{match.json['id']}/transitions", json={"action": action},
                           headers=promotion_headers).status_code == 201

    history = client.get(f"/api/v1/projects/{pid}/history", headers=admin_headers).json["items"]
    assert [(h["action"], h["from_stage"], h["to_stage"], h["from_incubator_id"], h["to_incubator_id"])
            for h in history] == [
        ("admit", None, "nursery", None, maker),
        ("transfer", "nursery", "incubation", maker, incubator),
        ("transfer", "incubation", "acceleration", incubator, accelerator),
        ("graduate", "acceleration", "industrialization", None, None),
        ("sign", "industrialization", "industrialization", None, None),
        ("land", "industrialization", "industrialization", None, None),
    ]
    assert history[1]["reason"] == "苗圃期满，转入孵化" and history[-1]["to_status"] == "landed"
    # Each carrier sees its own side of the relay.
    outgoing = client.get("/api/v1/transfers?direction=outgoing", headers=ops[incubator]).json["items"]
    incoming = client.get("/api/v1/transfers?direction=incoming&status=accepted", headers=ops[incubator]).json["items"]
    assert [t["id"] for t in outgoing] == [second["id"]] and [t["id"] for t in incoming] == [first["id"]]
    assert client.get("/api/v1/transfers", headers=ops[maker]).json["total"] == 1
    # The flow and each carrier's relay rate tell the same story: handed on twice, graduated, landed at home.
    flow = client.get("/api/v1/flows?level=carrier", headers=promotion_headers).json
    m, i, a = (f"carrier:{c}" for c in (maker, incubator, accelerator))
    assert {(k["source"], k["target"]): k["value"] for k in flow["links"]} == {
        ("admitted", m): 1, (m, i): 1, (i, a): 1, (a, "graduated"): 1, ("graduated", "landed_local"): 1}
    assert [(r["incubator_id"], r["handed_on"], r["landed"], r["lost"], r["relay_rate"]) for r in flow["carriers"]
            if r["incubator_id"] in (maker, incubator, accelerator)] == [
        (maker, 1, 0, 0, 1.0), (incubator, 1, 0, 0, 1.0), (accelerator, 0, 1, 0, 1.0)]


def test_a_prospect_brought_in_by_staff_is_admitted_by_the_same_transfer(client, db, promotion_headers, admin_headers):
    maker, desks = carrier(client, admin_headers, "龙湾众创空间", "maker_space", "desk", 100, desks=20)
    prospect = client.post("/api/v1/projects", json={"name": "创赛冠军队", "status": "prospect", "industries": ["C3823"],
                                                      "description": "创新创业大赛获奖项目"}, headers=promotion_headers)
    assert prospect.status_code == 201
    assert (prospect.json["status"], prospect.json["incubator_id"], prospect.json["placement"]) == ("prospect", None, None)
    pid = prospect.json["id"]
    ops = operator(db, maker)
    # No carrier holds it: operators do not see it, and it cannot move through the stages yet.
    assert client.get(f"/api/v1/projects/{pid}", headers=ops).status_code == 404
    stuck = client.post(f"/api/v1/projects/{pid}/transitions", json={"action": "advance"}, headers=admin_headers)
    assert stuck.status_code == 409 and "须先由载体接收入孵" in stuck.json["detail"]

    transfer = hand_over(client, promotion_headers, pid, maker, reason="赛展促孵推荐",
                         placement={"space_id": desks, "area": 10, "desks": 4})
    assert transfer["from_incubator"] is None
    listed = client.get("/api/v1/transfers?direction=incoming&status=pending", headers=ops).json["items"]
    assert [(t["project"]["name"], t["project"]["status"]) for t in listed] == [("创赛冠军队", "prospect")]
    assert decide(client, ops, transfer["id"], "accept").status_code == 200
    project = client.get(f"/api/v1/projects/{pid}", headers=ops).json
    assert (project["status"], project["incubator_id"], project["placement"]["desks"]) == ("active", maker, 4)
    history = client.get(f"/api/v1/projects/{pid}/history", headers=ops).json["items"]
    assert [(h["action"], h["from_status"], h["to_status"], h["from_incubator_id"], h["to_incubator_id"])
            for h in history] == [("admit", None, "prospect", None, None), ("transfer", "prospect", "active", None, maker)]


def test_who_may_register_a_prospect(client, db, operator_headers, promotion_headers, incubator):
    by_operator = client.post("/api/v1/projects", json={"name": "自荐队", "status": "prospect"}, headers=operator_headers)
    assert by_operator.status_code == 403
    active_by_promotion = client.post("/api/v1/projects", json={"name": "招商队", "incubator_id": incubator.id},
                                      headers=promotion_headers)
    assert active_by_promotion.status_code == 403 and "待入孵" in active_by_promotion.json["detail"]
    with_carrier = client.post("/api/v1/projects", json={"name": "带载体", "status": "prospect",
                                                         "incubator_id": incubator.id}, headers=promotion_headers)
    assert with_carrier.status_code == 422 and "incubator_id" in with_carrier.json["errors"]


def test_refusals_say_why_and_change_nothing(client, db, admin_headers):
    maker, desks = carrier(client, admin_headers, "苗圃甲", "maker_space", "desk", 100, desks=10)
    accelerator, plant = carrier(client, admin_headers, "加速器乙", "accelerator", "pilot_plant", 500)
    ops = operator(db, maker)
    pid = client.post("/api/v1/projects", json={"name": "早期队"}, headers=ops).json["id"]

    def ask(**body):
        return client.post(f"/api/v1/projects/{pid}/transfers", json={"to_incubator_id": accelerator, **body},
                           headers=ops)

    # An accelerator hosts acceleration only: a nursery team cannot go there.
    wrong_stage = ask()
    assert wrong_stage.status_code == 409
    assert wrong_stage.json["detail"] == "「加速器乙」（加速器）承接加速阶段，不承接创业苗圃阶段的项目"
    to_self = client.post(f"/api/v1/projects/{pid}/transfers", json={"to_incubator_id": maker}, headers=ops)
    assert to_self.status_code == 409 and "无需接续" in to_self.json["detail"]
    client.post(f"/api/v1/projects/{pid}/transitions", json={"action": "advance"}, headers=ops)
    no_room = ask(advance=True, placement={"space_id": plant, "area": 600})
    assert no_room.status_code == 409 and no_room.json["detail"] == f"空间「中试厂房 {plant}」剩余 500㎡，不够安排 600㎡"
    foreign_space = ask(advance=True, placement={"space_id": desks, "area": 5, "desks": 1})
    assert foreign_space.status_code == 422 and "placement.space_id" in foreign_space.json["errors"]
    assert db.scalar(sa.select(sa.func.count()).select_from(Transfer)) == 0

    first = ask(advance=True, placement={"space_id": plant, "area": 300})
    assert first.status_code == 201
    twice = ask(advance=True)
    assert twice.status_code == 409 and "已有待处理的接续申请" in twice.json["detail"]
    declined = decide(client, operator(db, accelerator), first.json["id"], "decline", "暂无空间")
    assert declined.status_code == 200 and declined.json["decision_reason"] == "暂无空间"
    again = decide(client, operator(db, accelerator), first.json["id"], "accept")
    assert again.status_code == 409 and "不能再处理" in again.json["detail"]
    project = db.get(Project, pid)
    db.refresh(project)
    assert (project.incubator_id, project.stage.value) == (maker, "incubation")
    assert [c.action.value for c in db.scalars(sa.select(StageChange).where(StageChange.project_id == pid))] == [
        "admit", "advance"]


@pytest.mark.parametrize("who", ["sender", "stranger", "promotion"])
def test_only_the_receiver_or_an_admin_decides(client, db, admin_headers, promotion_headers, who):
    sender, receiver, stranger = IncubatorFactory(), IncubatorFactory(), IncubatorFactory()
    project = ProjectFactory(incubator_id=sender.id)
    transfer = hand_over(client, admin_headers, project.id, receiver.id)
    headers = {"sender": operator(db, sender.id), "stranger": operator(db, stranger.id),
               "promotion": promotion_headers}[who]
    response = decide(client, headers, transfer["id"], "accept")
    assert response.status_code == {"sender": 403, "stranger": 404, "promotion": 403}[who]
    assert db.get(Transfer, transfer["id"]).status.value == "pending"
    # A stranger does not see it listed either.
    if who == "stranger":
        assert client.get("/api/v1/transfers", headers=headers).json["total"] == 0
    assert decide(client, admin_headers, transfer["id"], "accept").status_code == 200


def test_staff_filter_transfers_by_carrier(client, db, admin_headers):
    sender, receiver = IncubatorFactory(), IncubatorFactory()
    transfer = hand_over(client, admin_headers, ProjectFactory(incubator_id=sender.id).id, receiver.id)
    listed = client.get(f"/api/v1/transfers?direction=incoming&incubator_id={receiver.id}", headers=admin_headers)
    assert [t["id"] for t in listed.json["items"]] == [transfer["id"]]
    assert client.get(f"/api/v1/transfers?direction=incoming&incubator_id={sender.id}",
                      headers=admin_headers).json["total"] == 0
    no_carrier = client.get("/api/v1/transfers?direction=incoming", headers=admin_headers)
    assert no_carrier.status_code == 422 and "query.direction" in no_carrier.json["errors"]


def test_a_prospect_is_exported_listed_and_not_matched_to_a_site(client, db, promotion_headers):
    body = {"name": "路演项目", "status": "prospect", "industries": ["C3823"],
            "space_need": {"space_type": "office", "area_min": 100}}
    pid = client.post("/api/v1/projects", json=body, headers=promotion_headers).json["id"]
    listed = client.get("/api/v1/projects?status=prospect", headers=promotion_headers).json
    assert [p["id"] for p in listed["items"]] == [pid]
    csv = client.get("/api/v1/exports/projects.csv", headers=promotion_headers)
    assert csv.status_code == 200 and "路演项目" in csv.get_data(as_text=True)
    matches = client.get(f"/api/v1/projects/{pid}/site-matches", headers=promotion_headers)
    assert matches.status_code == 409 and "待入孵项目尚无载体" in matches.json["detail"]


def test_acceptance_checks_the_room_again_and_changes_nothing_when_it_is_gone(client, db, admin_headers):
    sender, _ = carrier(client, admin_headers, "苗圃丙", "maker_space", "desk", 50, desks=10)
    receiver, office = carrier(client, admin_headers, "孵化器丁", "incubator", "office", 500)
    team = client.post("/api/v1/projects", json={"name": "后到队", "incubator_id": sender}, headers=admin_headers)
    transfer = hand_over(client, admin_headers, team.json["id"], receiver, placement={"space_id": office, "area": 300})
    # Meanwhile the receiver lets most of the office to a team of its own.
    client.post("/api/v1/projects", json={"name": "先到队", "incubator_id": receiver,
                                          "placement": {"space_id": office, "area": 400}}, headers=admin_headers)
    late = decide(client, admin_headers, transfer["id"], "accept")
    assert late.status_code == 409 and late.json["detail"] == f"空间「办公室 {office}」剩余 100㎡，不够安排 300㎡"
    project = client.get(f"/api/v1/projects/{team.json['id']}", headers=admin_headers).json
    assert project["incubator_id"] == sender
    assert client.get("/api/v1/transfers?status=pending", headers=admin_headers).json["total"] == 1
