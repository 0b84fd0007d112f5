"""The flow across carriers: one team walked through four carriers, losses, prospects, period, district."""

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from models.fund_service import record_intention
from models.incubator import IncubatorKind
from models.project import Action, Project, Stage, StageChange, Status
from services.flows import acyclic_links
from services.transfers import accept_transfer, request_transfer

from ..factories import IncubatorFactory, ProjectFactory
from .test_matches import PARK
from .test_outcomes import land, transition

LUCHENG, RUIAN, YUEQING = "330302", "330381", "330382"
CHAIN = [Stage.nursery, Stage.incubation, Stage.acceleration]


def hand_over(db, project, to, *, advance=True, at=None):
    """A hand-over asked for and accepted through the transfer service, dated `at` when given."""
    transfer = request_transfer(project, {"to_incubator_id": to.id, "advance": advance}, actor="test", session=db)
    change = accept_transfer(transfer, actor="test", reason="", session=db)
    if at is not None:
        change.at = at
    db.flush()


def flows(client, headers, **query):
    response = client.get("/api/v1/flows", query_string=query, headers=headers)
    assert response.status_code == 200, response.json
    return response.json


def links(body):
    return {(link["source"], link["target"]): link["value"] for link in body["links"]}


def relay(body, carrier):
    return next(row for row in body["carriers"] if row["incubator_id"] == carrier.id)


@pytest.fixture
def chain(db):
    maker = IncubatorFactory(name="鹿城众创空间", kind=IncubatorKind.maker_space, district_code=LUCHENG)
    incubator = IncubatorFactory(name="鹿城孵化器", kind=IncubatorKind.incubator, district_code=LUCHENG)
    accelerator = IncubatorFactory(name="乐清加速器", kind=IncubatorKind.accelerator, district_code=YUEQING)
    return maker, incubator, accelerator


def test_one_team_through_four_carriers(client, db, admin_headers, promotion_headers, chain):
    maker, incubator, accelerator = chain
    park = client.post("/api/v1/sites", json=PARK, headers=promotion_headers).json  # in 乐清市
    team = ProjectFactory(incubator_id=maker.id, stage="nursery")
    hand_over(db, team, incubator)
    hand_over(db, team, accelerator)
    transition(client, admin_headers, team, "graduate")
    land(client, promotion_headers, team, park["offers"][0]["id"])

    history = client.get(f"/api/v1/projects/{team.id}/history", headers=promotion_headers).json["items"]
    assert [(h["action"], h["to_stage"], h["to_status"]) for h in history] == [
        ("admit", "nursery", "active"), ("transfer", "incubation", "active"), ("transfer", "acceleration", "active"),
        ("graduate", "industrialization", "graduated"), ("sign", "industrialization", "signed"),
        ("land", "industrialization", "landed")]

    body = flows(client, promotion_headers)
    assert links(body) == {
        ("admitted", "kind:maker_space"): 1, ("kind:maker_space", "kind:incubator"): 1,
        ("kind:incubator", "kind:accelerator"): 1, ("kind:accelerator", "graduated"): 1,
        ("graduated", "landed_local"): 1}
    assert [n["id"] for n in body["nodes"]] == [
        "admitted", "kind:maker_space", "kind:incubator", "kind:accelerator", "graduated", "landed_local"]
    assert [n["name"] for n in body["nodes"]] == ["入孵", "众创空间", "孵化器", "加速器", "毕业", "本区县落地"]

    by_carrier = flows(client, promotion_headers, level="carrier")
    m, i, a = (f"carrier:{c.id}" for c in chain)
    assert links(by_carrier) == {("admitted", m): 1, (m, i): 1, (i, a): 1, (a, "graduated"): 1,
                                 ("graduated", "landed_local"): 1}
    assert [(r["incubator_id"], r["leavers"], r["handed_on"], r["landed"], r["lost"], r["relay_rate"])
            for r in by_carrier["carriers"]] == [
        (maker.id, 1, 1, 0, 0, 1.0), (incubator.id, 1, 1, 0, 0, 1.0), (accelerator.id, 1, 0, 1, 0, 1.0)]
    assert relay(body, incubator)["handed_in"] == 1 and relay(body, maker)["admitted"] == 1


def test_losses_prospects_and_graduates_not_yet_landed(client, db, admin_headers, promotion_headers, chain):
    maker, incubator, accelerator = chain
    handed = ProjectFactory(incubator_id=maker.id)
    hand_over(db, handed, incubator)
    quit_ = ProjectFactory(incubator_id=maker.id)
    transition(client, admin_headers, quit_, "exit")
    moved = ProjectFactory(incubator_id=incubator.id, stage="incubation")
    record_intention({"project_id": moved.id, "fund_name": "某外地基金", "relocate_out": True, "destination": "杭州"},
                     actor="test", session=db)
    transition(client, admin_headers, moved, "exit")
    seeking = ProjectFactory(incubator_id=incubator.id, stage="incubation")
    transition(client, admin_headers, seeking, "graduate")
    prospect = Project(name="赛展项目", stage=Stage.nursery, status=Status.prospect, history=[StageChange(
        action=Action.admit, to_stage=Stage.nursery, to_status=Status.prospect, actor="test")])
    db.add(prospect)
    db.flush()
    prospect.history.append(StageChange(action=Action.transfer, from_stage=Stage.nursery, to_stage=Stage.nursery,
                                        from_status=Status.prospect, to_status=Status.active,
                                        to_incubator_id=accelerator.id, actor="test"))
    prospect.incubator_id, prospect.status = accelerator.id, Status.active
    db.flush()

    body = flows(client, promotion_headers)
    assert links(body) == {
        ("admitted", "kind:maker_space"): 2, ("admitted", "kind:incubator"): 2, ("admitted", "kind:accelerator"): 1,
        ("kind:maker_space", "kind:incubator"): 1, ("kind:maker_space", "exited"): 1,
        ("kind:incubator", "relocated"): 1, ("kind:incubator", "graduated"): 1, ("graduated", "not_landed"): 1}
    # 众创空间: one handed on, one lost; 孵化器: one lost, its graduate's fate still open.
    assert (relay(body, maker)["relay_rate"], relay(body, maker)["leavers"]) == (0.5, 2)
    assert (relay(body, incubator)["relay_rate"], relay(body, incubator)["not_landed"]) == (0.0, 1)
    assert relay(body, incubator)["relocated"] == 1
    assert relay(body, accelerator)["relay_rate"] is None


def test_period_and_district(client, db, promotion_headers, chain):
    maker, incubator, accelerator = chain
    team = ProjectFactory(incubator_id=maker.id)
    db.execute(sa.update(StageChange).where(StageChange.project_id == team.id)
               .values(at=datetime(2025, 1, 10, tzinfo=UTC)))
    hand_over(db, team, incubator, at=datetime(2025, 6, 1, tzinfo=UTC))
    hand_over(db, team, accelerator, at=datetime(2025, 9, 1, tzinfo=UTC))

    assert links(flows(client, promotion_headers, since="2025-05-01", until="2025-06-30")) == {
        ("kind:maker_space", "kind:incubator"): 1}
    yueqing = flows(client, promotion_headers, district="乐清市")
    assert links(yueqing) == {("kind:incubator", "kind:accelerator"): 1}
    assert [r["incubator_id"] for r in yueqing["carriers"]] == [accelerator.id]


def test_bad_queries_are_422(client, promotion_headers, operator_headers):
    for query in ({"district": "杭州市"}, {"level": "site"}, {"since": "2025-02-01", "until": "2025-01-01"}):
        response = client.get("/api/v1/flows", query_string=query, headers=promotion_headers)
        assert response.status_code == 422, query
        assert response.json["errors"]
    assert client.get("/api/v1/flows", headers=operator_headers).status_code == 403


def test_a_sankey_leaves_out_what_would_close_a_cycle():
    kept, left = acyclic_links([
        {"source": "a", "target": "b", "value": 5}, {"source": "b", "target": "c", "value": 3},
        {"source": "c", "target": "a", "value": 1}, {"source": "b", "target": "b", "value": 2}])
    assert [(k["source"], k["target"]) for k in kept] == [("a", "b"), ("b", "c")]
    assert sorted((k["source"], k["target"]) for k in left) == [("b", "b"), ("c", "a")]
