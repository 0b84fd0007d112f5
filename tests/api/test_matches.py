"""Following a match to a landing: steps, 409s, and space reservation that holds under concurrency."""

import threading
from datetime import timedelta

import pytest
import sqlalchemy as sa

from api.context import init_worker_state
from models.match import Match
from models.site import Offer

from ..factories import ProjectFactory
from .committed import committed_data

PARK = {
    "kind": "park", "name": "乐清电气园", "district": "乐清市", "industries": ["C3823"],
    "offers": [{"space_type": "plant", "available_area": 9000, "min_area": 1000, "max_area": 9000, "rent": 18}],
}
STEPS = ["contact", "visit", "negotiate"]


def graduated(client, headers, **kwargs):
    project = ProjectFactory(industries=["C3823"], **kwargs)
    for action in ("advance", "graduate"):
        assert client.post(f"/api/v1/projects/{project.id}/transitions", json={"action": action},
                           headers=headers).status_code == 201
    return project


@pytest.fixture
def offer(client, promotion_headers):
    site = client.post("/api/v1/sites", json=PARK, headers=promotion_headers).json
    return site["offers"][0] | {"site_id": site["id"]}


def propose(client, headers, project, offer, **extra):
    return client.post("/api/v1/matches", json={"project_id": project.id, "offer_id": offer["id"], **extra},
                       headers=headers)


def step(client, headers, match_id, action, reason=""):
    return client.post(f"/api/v1/matches/{match_id}/transitions", json={"action": action, "reason": reason},
                       headers=headers)


def available(client, headers, offer):
    site = client.get(f"/api/v1/sites/{offer['site_id']}", headers=headers).json
    return next(o for o in site["offers"] if o["id"] == offer["id"])["available_area"]


def listed_available(client, headers, offer):
    sites = client.get("/api/v1/sites?per_page=500", headers=headers).json["items"]
    return next(o for s in sites for o in s["offers"] if o["id"] == offer["id"])["available_area"]


def test_a_match_goes_from_proposal_to_landing(client, admin_headers, promotion_headers, offer):
    project = graduated(client, admin_headers)
    other_offer_site = client.post("/api/v1/sites", json={**PARK, "name": "瑞安园", "district": "瑞安市"},
                                   headers=promotion_headers).json
    match = propose(client, promotion_headers, project, offer, note="首次推荐")
    assert match.status_code == 201
    # The default area: the largest the offer can host within the need range (3,000–5,000 ㎡).
    assert match.json["status"] == "proposed" and match.json["area"] == 5000 and match.json["score"] > 0
    other = propose(client, promotion_headers, project, other_offer_site["offers"][0] | {"id": other_offer_site["offers"][0]["id"]}).json
    mid = match.json["id"]
    for action in STEPS:
        assert step(client, promotion_headers, mid, action).status_code == 201
    assert step(client, promotion_headers, mid, "sign", "签约仪式").status_code == 201
    assert available(client, promotion_headers, offer) == 4000
    landed = step(client, promotion_headers, mid, "land")
    assert landed.status_code == 201 and landed.json["to_status"] == "landed"
    assert client.get(f"/api/v1/projects/{project.id}", headers=promotion_headers).json["status"] == "landed"
    history = client.get(f"/api/v1/projects/{project.id}/history", headers=promotion_headers).json["items"]
    assert history[-1]["action"] == "land" and "乐清电气园" in history[-1]["reason"]
    steps = client.get(f"/api/v1/matches/{mid}/history", headers=promotion_headers).json["items"]
    assert [s["action"] for s in steps] == ["propose", "contact", "visit", "negotiate", "sign", "land"]
    assert client.get(f"/api/v1/matches/{other['id']}", headers=promotion_headers).json["status"] == "dropped"


def test_steps_out_of_order_are_409_and_change_nothing(client, admin_headers, promotion_headers, offer):
    project = graduated(client, admin_headers)
    mid = propose(client, promotion_headers, project, offer).json["id"]
    response = step(client, promotion_headers, mid, "sign")
    assert response.status_code == 409 and response.content_type == "application/problem+json"
    assert "洽谈中" in response.json["detail"]
    assert available(client, promotion_headers, offer) == 9000
    assert step(client, promotion_headers, mid, "drop", "项目放弃").status_code == 201
    assert step(client, promotion_headers, mid, "contact").status_code == 409
    assert propose(client, promotion_headers, ProjectFactory(), offer).status_code == 409  # not graduated


def test_site_matches_see_a_signing_and_its_release_at_once(client, admin_headers, promotion_headers, offer):
    signer = graduated(client, admin_headers, space_need={"space_type": "plant", "area_min": 7000.0})
    other = graduated(client, admin_headers)  # needs 3000–5000㎡

    def as_offered():
        items = client.get(f"/api/v1/projects/{other.id}/site-matches?include_infeasible=true",
                           headers=promotion_headers).json["items"]
        return next(item for item in items if item["offer_id"] == offer["id"])

    assert (as_offered()["offer"]["available_area"], as_offered()["feasible"]) == (9000, True)
    mid = propose(client, promotion_headers, signer, offer, area=7000).json["id"]
    for action in [*STEPS, "sign"]:
        assert step(client, promotion_headers, mid, action).status_code == 201
    assert (as_offered()["offer"]["available_area"], as_offered()["feasible"]) == (2000, False)
    assert step(client, promotion_headers, mid, "drop").status_code == 201
    assert (as_offered()["offer"]["available_area"], as_offered()["feasible"]) == (9000, True)


def test_dropping_a_signed_match_releases_its_area(client, app, admin_headers, promotion_headers, offer):
    project = graduated(client, admin_headers)
    mid = propose(client, promotion_headers, project, offer, area=4000).json["id"]
    assert listed_available(client, promotion_headers, offer) == 9000
    for action in [*STEPS, "sign"]:
        assert step(client, promotion_headers, mid, action).status_code == 201
    assert available(client, promotion_headers, offer) == 5000
    assert listed_available(client, promotion_headers, offer) == 5000
    # The kept list took the new area (and the offer's new version) from the offers alone: it
    # reads exactly as a list built afresh.
    refreshed = client.get("/api/v1/sites?per_page=500", headers=promotion_headers).get_data()
    init_worker_state(app)  # forget the kept list
    assert client.get("/api/v1/sites?per_page=500", headers=promotion_headers).get_data() == refreshed
    assert step(client, promotion_headers, mid, "drop").status_code == 201
    assert available(client, promotion_headers, offer) == 9000
    assert listed_available(client, promotion_headers, offer) == 9000  # the site list is not kept past it


def test_signing_more_than_is_left_is_409(client, admin_headers, promotion_headers, offer):
    first, second = graduated(client, admin_headers), graduated(client, admin_headers)
    ids = [propose(client, promotion_headers, p, offer, area=5000).json["id"] for p in (first, second)]
    for mid in ids:
        for action in STEPS:
            step(client, promotion_headers, mid, action)
    assert step(client, promotion_headers, ids[0], "sign").status_code == 201
    refused = step(client, promotion_headers, ids[1], "sign")
    assert refused.status_code == 409 and "不足" in refused.json["detail"]
    assert available(client, promotion_headers, offer) == 4000
    status = client.get(f"/api/v1/matches/{ids[1]}", headers=promotion_headers).json["status"]
    assert status == "negotiating"


def test_twenty_concurrent_signings_for_room_of_three(database_url):
    """Separate connections, committed data: exactly 3 of 20 signings succeed, the area is exact."""
    with committed_data(database_url) as state:
        app, session = state.app, state.session
        from models.incubator_service import create_incubator
        from models.project import Action
        from models.project_service import create_project
        from models.site_service import create_site
        from models.user import Role
        from models.user_service import create_user, issue_token

        site = create_site({**PARK, "name": "并发测试园", "offers": [
            {"space_type": "plant", "available_area": 3000, "rent": 18}]}, session=session)
        incubator = create_incubator({"name": "并发测试孵化器", "district": "乐清市"}, session=session)
        user = create_user("concurrency-staff", "a long password", Role.promotion, session=session)
        token, _ = issue_token(user, ttl=timedelta(hours=1), session=session)
        offer_id = site.all_offers[0].id
        match_ids = []
        for i in range(20):
            project = create_project({"name": f"并发项目{i:02d}", "incubator_id": incubator.id, "stage": "incubation",
                                      "space_need": {"space_type": "plant", "area_min": 1000}},
                                     actor="test", session=session)
            project.transition(Action.graduate, actor="test")
            match = Match(project=project, offer_id=offer_id, area=1000, status="negotiating", created_by="test")
            session.add(match)
            session.flush()
            match_ids.append(match.id)
        session.commit()
        state.created = {"site": [site.id], "incubator": [incubator.id], "user": [user.id], "matches": match_ids}

        barrier = threading.Barrier(20)
        statuses: list[int] = []
        lock = threading.Lock()

        def sign(match_id: int) -> None:
            client = app.test_client()
            barrier.wait()
            response = client.post(f"/api/v1/matches/{match_id}/transitions", json={"action": "sign"},
                                   headers={"Authorization": f"Bearer {token}"})
            with lock:
                statuses.append(response.status_code)

        threads = [threading.Thread(target=sign, args=(mid,)) for mid in match_ids]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        assert sorted(statuses) == [201] * 3 + [409] * 17
        session.expire_all()
        assert session.get(Offer, offer_id).available_area == 0
        signed = session.scalar(sa.select(sa.func.count()).where(Match.offer_id == offer_id, Match.status == "signed"))
        assert signed == 3


def test_reservations_are_in_the_audit_trail(client, admin_headers, promotion_headers, offer):
    project = graduated(client, admin_headers)
    mid = propose(client, promotion_headers, project, offer, area=3500).json["id"]
    for action in [*STEPS, "sign", "drop"]:
        assert step(client, promotion_headers, mid, action).status_code == 201
    entries = client.get(f"/api/v1/audit?entity=offers&entity_id={offer['id']}", headers=admin_headers).json["items"]
    assert [e["changes"].get("available_area") for e in entries[:2]] == ["+3500（释放）", "-3500（签约占用）"]
    statuses = client.get(f"/api/v1/audit?entity=matches&entity_id={mid}", headers=admin_headers).json["items"]
    assert statuses[0]["changes"]["status"] == ["signed", "dropped"]


def signed_and_proposed(client, admin_headers, promotion_headers, offer):
    """On one offer: project 甲 signed (3,000 ㎡ reserved) and project 乙 only proposed."""
    signer, waiting = graduated(client, admin_headers, name="甲项目"), graduated(client, admin_headers, name="乙项目")
    signed = propose(client, promotion_headers, signer, offer, area=3000).json["id"]
    for action in [*STEPS, "sign"]:
        assert step(client, promotion_headers, signed, action).status_code == 201
    proposed = propose(client, promotion_headers, waiting, offer).json["id"]
    return signed, proposed


def match_status(client, headers, match_id):
    return client.get(f"/api/v1/matches/{match_id}", headers=headers).json["status"]


def test_an_offer_with_a_signing_cannot_be_archived_and_open_matches_go_with_it(
        client, admin_headers, promotion_headers, offer):
    signed, proposed = signed_and_proposed(client, admin_headers, promotion_headers, offer)
    url = f"/api/v1/sites/{offer['site_id']}/offers/{offer['id']}"
    refused = client.delete(url, headers=promotion_headers)
    assert refused.status_code == 409 and refused.content_type == "application/problem+json"
    assert refused.json["detail"] == f"空间已有签约项目：「甲项目」（空间 {offer['ref']}），请先落地或撤销签约"
    assert "乙项目" not in refused.json["detail"]
    # Nothing changed: the offer is on the market with its area reserved, both matches as they were.
    assert available(client, promotion_headers, offer) == 6000
    assert (match_status(client, promotion_headers, signed), match_status(client, promotion_headers, proposed)) == (
        "signed", "proposed")

    assert step(client, promotion_headers, signed, "drop", "改签他处").status_code == 201
    assert client.delete(url, headers=promotion_headers).status_code == 204
    site = client.get(f"/api/v1/sites/{offer['site_id']}", headers=promotion_headers).json
    assert offer["id"] not in [o["id"] for o in site["offers"]]
    assert match_status(client, promotion_headers, proposed) == "dropped"
    history = client.get(f"/api/v1/matches/{proposed}/history", headers=promotion_headers).json["items"]
    assert [(s["action"], s["from_status"], s["to_status"], s["reason"]) for s in history[1:]] == [
        ("drop", "proposed", "dropped", "空间已下架")]
    assert history[1]["actor"] == history[0]["actor"]  # the staff member who archived it
    assert step(client, promotion_headers, proposed, "contact").status_code == 409


def test_a_site_with_a_signing_cannot_be_archived_until_it_lands(client, admin_headers, promotion_headers, offer):
    signed, proposed = signed_and_proposed(client, admin_headers, promotion_headers, offer)
    url = f"/api/v1/sites/{offer['site_id']}"
    refused = client.delete(url, headers=promotion_headers)
    assert refused.status_code == 409
    assert refused.json["detail"] == f"空间已有签约项目：「甲项目」（空间 {offer['ref']}），请先落地或撤销签约"
    site = client.get(url, headers=promotion_headers).json
    assert site["archived_at"] is None and [o["id"] for o in site["offers"]] == [offer["id"]]
    assert match_status(client, promotion_headers, proposed) == "proposed"

    assert step(client, promotion_headers, signed, "land").status_code == 201
    assert client.delete(url, headers=promotion_headers).status_code == 204
    assert client.get(url, headers=promotion_headers).json["archived_at"] is not None
    assert match_status(client, promotion_headers, signed) == "landed"  # a landing stays as it was
    assert match_status(client, promotion_headers, proposed) == "dropped"
    history = client.get(f"/api/v1/matches/{proposed}/history", headers=promotion_headers).json["items"]
    assert history[-1]["reason"] == "空间已下架"
