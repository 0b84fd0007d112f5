"""The follow-up ledger: one signing per project, the area of a match, dated steps with notes, filters."""

import json
from datetime import timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from models.base import wenzhou_today

from ..factories import IncubatorFactory, UserFactory
from .test_matches import PARK, STEPS, available, graduated, propose


def step(client, headers, match_id, action, **body):
    return client.post(f"/api/v1/matches/{match_id}/transitions", json={"action": action, **body}, headers=headers)


def negotiating(client, headers, project, offer, **extra):
    mid = propose(client, headers, project, offer, **extra).json["id"]
    for action in STEPS:
        assert step(client, headers, mid, action).status_code == 201
    return mid


@pytest.fixture
def two_offers(client, promotion_headers):
    first = client.post("/api/v1/sites", json=PARK, headers=promotion_headers).json
    second = client.post("/api/v1/sites", json={**PARK, "name": "瑞安科创园", "district": "瑞安市"},
                         headers=promotion_headers).json
    return [site["offers"][0] | {"site_id": site["id"]} for site in (first, second)]


def project_status(client, headers, project):
    return client.get(f"/api/v1/projects/{project.id}", headers=headers).json["status"]


def test_one_signing_per_project_and_replacing_it(client, admin_headers, promotion_headers, two_offers):
    first_offer, second_offer = two_offers
    project = graduated(client, admin_headers)
    first = negotiating(client, promotion_headers, project, first_offer, area=3000)
    second = negotiating(client, promotion_headers, project, second_offer, area=4000)
    assert step(client, promotion_headers, first, "sign", note="签约仪式").status_code == 201
    assert project_status(client, promotion_headers, project) == "signed"

    refused = step(client, promotion_headers, second, "sign")
    assert refused.status_code == 409 and refused.content_type == "application/problem+json"
    assert f"匹配 {first}" in refused.json["detail"] and "乐清电气园" in refused.json["detail"]
    assert (available(client, promotion_headers, first_offer), available(client, promotion_headers, second_offer)) == (
        6000, 9000)
    assert client.get(f"/api/v1/matches/{second}", headers=promotion_headers).json["status"] == "negotiating"

    # Re-signing elsewhere in one step: the first is dropped and its area released.
    moved = step(client, promotion_headers, second, "sign", replaces=first, note="改签瑞安")
    assert moved.status_code == 201, moved.json
    assert client.get(f"/api/v1/matches/{first}", headers=promotion_headers).json["status"] == "dropped"
    assert (available(client, promotion_headers, first_offer), available(client, promotion_headers, second_offer)) == (
        9000, 5000)
    assert project_status(client, promotion_headers, project) == "signed"

    # Dropping the signing: the project seeks a site again; landing needs a signing.
    assert step(client, promotion_headers, second, "drop", drop_reason="rent", note="租金谈不拢").status_code == 201
    assert project_status(client, promotion_headers, project) == "graduated"
    assert available(client, promotion_headers, second_offer) == 9000
    history = client.get(f"/api/v1/projects/{project.id}/history", headers=promotion_headers).json["items"]
    assert [h["action"] for h in history[-4:]] == ["sign", "unsign", "sign", "unsign"]


def test_replaces_must_be_another_open_match_of_the_project(client, admin_headers, promotion_headers, two_offers):
    project, other = graduated(client, admin_headers), graduated(client, admin_headers)
    mid = negotiating(client, promotion_headers, project, two_offers[0])
    foreign = propose(client, promotion_headers, other, two_offers[1]).json["id"]
    refused = step(client, promotion_headers, mid, "sign", replaces=foreign)
    assert refused.status_code == 422 and "replaces" in refused.json["errors"]
    assert available(client, promotion_headers, two_offers[0]) == 9000
    assert client.get(f"/api/v1/matches/{foreign}", headers=promotion_headers).json["status"] == "proposed"


def test_landing_and_counts_follow_the_status(client, admin_headers, promotion_headers, two_offers):
    project = graduated(client, admin_headers)
    seeking = graduated(client, admin_headers)
    mid = negotiating(client, promotion_headers, project, two_offers[0])

    def overall():
        return client.get("/api/v1/outcomes", headers=promotion_headers).json["overall"]

    before = overall()
    assert step(client, promotion_headers, mid, "sign").status_code == 201
    after = overall()
    assert (after["graduated_seeking"], after["signed_pending"]) == (
        before["graduated_seeking"] - 1, before["signed_pending"] + 1)
    # A signed project is proposed nowhere else and cannot exit the chain by graduating again.
    assert propose(client, promotion_headers, project, two_offers[1]).status_code == 409
    assert propose(client, promotion_headers, seeking, two_offers[1]).status_code == 201
    assert step(client, promotion_headers, mid, "land").status_code == 201
    assert project_status(client, promotion_headers, project) == "landed"
    assert overall()["signed_pending"] == before["signed_pending"]


def test_an_event_report_leaves_out_signed_projects_and_their_area(client, admin_headers, promotion_headers):
    site = client.post("/api/v1/sites", json={**PARK, "offers": [
        {"space_type": "plant", "available_area": 8000, "min_area": 1000, "max_area": 8000, "rent": 18}]},
        headers=promotion_headers).json
    offer = site["offers"][0] | {"site_id": site["id"]}
    incubator = IncubatorFactory(district_code="330382")
    signer = graduated(client, admin_headers, incubator_id=incubator.id, name="已签约项目")
    waiting = graduated(client, admin_headers, incubator_id=incubator.id, name="待分配项目")
    mid = negotiating(client, promotion_headers, signer, offer, area=5000)
    assert step(client, promotion_headers, mid, "sign").status_code == 201

    event = client.post("/api/v1/events", json={"name": "乐清签约会", "date": "2026-12-18", "kind": "signing"},
                        headers=promotion_headers).json
    url = f"/api/v1/events/{event['id']}/report"
    assert client.post(url, json={}, headers=promotion_headers).status_code == 201
    snapshot = json.loads(client.get(f"{url}.json", headers=promotion_headers).get_data())
    assigned = {a["project_id"]: a for a in snapshot["assignments"]}
    assert signer.id not in assigned and signer.id not in {u["project_id"] for u in snapshot["unmatched"]}
    assert waiting.id in assigned
    room = next(o for o in snapshot["offers"] if o["offer_id"] == offer["id"])
    assert room["capacity"] == 3000  # the 5,000 ㎡ reserved by the signing are taken
    listed = {row["project_id"]: row for row in snapshot["already_signed"]}
    assert listed[signer.id]["site_name"] == "乐清电气园" and listed[signer.id]["area"] == 5000
    assert listed[signer.id]["match_id"] == mid
    html = client.get(f"{url}.html", headers=promotion_headers).get_data(as_text=True)
    assert "已签约、不参与本次分配" in html and "已签约项目" in html
    assert snapshot["outcome"]["signed_pending"] == 1 and "签约待落地项目" in html

    assignment = client.post("/api/v1/assignments", json={"project_ids": [signer.id, waiting.id], "time_limit_s": 5},
                             headers=promotion_headers).json
    assert [a["project_id"] for a in assignment["assignments"]] == [waiting.id]


def test_the_area_of_a_match(client, admin_headers, promotion_headers, two_offers):
    offer = two_offers[0]
    small = client.post("/api/v1/sites", json={**PARK, "name": "小园区", "offers": [
        {"space_type": "plant", "available_area": 4200, "rent": 18}]}, headers=promotion_headers).json["offers"][0]
    project = graduated(client, admin_headers)  # needs 3,000–5,000 ㎡
    assert propose(client, promotion_headers, project, {"id": small["id"]}).json["area"] == 4200
    refused = propose(client, promotion_headers, project, offer, area=6000)
    assert refused.status_code == 422 and "3,000～5,000" in refused.json["errors"]["area"][0]
    match = propose(client, promotion_headers, project, offer, area=3500).json
    assert match["area"] == 3500 and match["version"] == 1

    url = f"/api/v1/matches/{match['id']}"
    etag = client.get(url, headers=promotion_headers).headers["ETag"]
    owner = UserFactory(role="promotion", username="zhang.san")
    changed = client.patch(url, json={"area": 4500, "note": "对方希望 4500㎡", "owner_id": owner.id,
                                      "next_action": "约看现场", "next_action_on": "2026-12-20"},
                           headers={**promotion_headers, "If-Match": etag})
    assert changed.status_code == 200, changed.json
    assert (changed.json["area"], changed.json["owner"], changed.json["next_action_on"]) == (4500, "zhang.san",
                                                                                            "2026-12-20")
    stale = client.patch(url, json={"area": 4000}, headers={**promotion_headers, "If-Match": etag})
    assert stale.status_code == 409
    assert client.patch(url, json={"area": 4000, "version": 1}, headers=promotion_headers).status_code == 409
    operator = UserFactory(role="incubator", incubator=IncubatorFactory())
    not_staff = client.patch(url, json={"owner_id": operator.id}, headers=promotion_headers)
    assert not_staff.status_code == 422 and "owner_id" in not_staff.json["errors"]
    assert client.patch(url, json={"area": 99999}, headers=promotion_headers).status_code == 422
    assert client.get(url, headers=promotion_headers).json["area"] == 4500

    for action in [*STEPS, "sign"]:
        assert step(client, promotion_headers, match["id"], action).status_code == 201
    assert available(client, promotion_headers, offer) == 9000 - 4500  # sign reserves the match's area
    late = client.patch(url, json={"area": 4000}, headers=promotion_headers)
    assert late.status_code == 409 and "签约前" in late.json["detail"]
    assert client.patch(url, json={"next_action": "跟进落地"}, headers=promotion_headers).status_code == 200


def test_steps_carry_a_note_a_date_and_a_drop_reason(client, admin_headers, promotion_headers, two_offers):
    project = graduated(client, admin_headers)
    mid = propose(client, promotion_headers, project, two_offers[0]).json["id"]
    today = wenzhou_today()
    tomorrow = step(client, promotion_headers, mid, "contact", at=(today + timedelta(days=1)).isoformat())
    assert tomorrow.status_code == 422 and "at" in tomorrow.json["errors"]
    contacted = step(client, promotion_headers, mid, "contact", note="电话联系园区", at=today.isoformat())
    assert contacted.status_code == 201 and contacted.json["note"] == "电话联系园区"
    earlier = step(client, promotion_headers, mid, "visit", at=(today - timedelta(days=3)).isoformat())
    assert earlier.status_code == 422 and "上一步" in earlier.json["errors"]["at"][0]
    unknown = step(client, promotion_headers, mid, "drop", drop_reason="weather")
    assert unknown.status_code == 422
    assert step(client, promotion_headers, mid, "drop", drop_reason="area", note="层高不够").status_code == 201
    history = client.get(f"/api/v1/matches/{mid}/history", headers=promotion_headers).json["items"]
    assert [(h["action"], h["note"], h["drop_reason"], h["at"]) for h in history[1:]] == [
        ("contact", "电话联系园区", None, today.isoformat()), ("drop", "层高不够", "area", today.isoformat())]


def test_the_match_list_filters(client, admin_headers, promotion_headers, two_offers):
    mine = UserFactory(role="promotion")
    incubator = IncubatorFactory()
    a = graduated(client, admin_headers, incubator_id=incubator.id)
    b = graduated(client, admin_headers)
    past = (wenzhou_today() - timedelta(days=2)).isoformat()
    ma = propose(client, promotion_headers, a, two_offers[0], owner_id=mine.id, next_action="回访",
                 next_action_on=past).json["id"]
    mb = propose(client, promotion_headers, b, two_offers[1]).json["id"]

    def ids(query):
        response = client.get(f"/api/v1/matches?{query}", headers=promotion_headers)
        assert response.status_code == 200, response.json
        return {m["id"] for m in response.json["items"]} & {ma, mb}

    assert ids(f"owner_id={mine.id}") == {ma}
    assert ids(f"incubator_id={incubator.id}") == {ma}
    assert ids("district=瑞安市") == {mb} and ids("district=330381") == {mb}
    assert ids("overdue=true") == {ma} and ids("overdue=false") == {mb}
    assert ids("status=proposed") == {ma, mb}
    assert client.get("/api/v1/matches?district=火星", headers=promotion_headers).status_code == 422
    listed = client.get(f"/api/v1/matches?owner_id={mine.id}", headers=promotion_headers).json["items"][0]
    assert listed["overdue"] is True and listed["next_action"] == "回访"


def test_the_database_refuses_a_second_signing(client, db, admin_headers, promotion_headers, two_offers):
    """The partial unique index holds even for writes that bypass the services."""
    project = graduated(client, admin_headers)
    first, second = (propose(client, promotion_headers, project, offer).json["id"] for offer in two_offers)
    db.execute(sa.text("UPDATE matches SET status = 'signed' WHERE id = :id"), {"id": first})
    with pytest.raises(IntegrityError):
        with db.begin_nested():
            db.execute(sa.text("UPDATE matches SET status = 'signed' WHERE id = :id"), {"id": second})
    db.execute(sa.text("UPDATE matches SET status = 'dropped' WHERE id = :id"), {"id": first})
    db.execute(sa.text("UPDATE matches SET status = 'signed' WHERE id = :id"), {"id": second})  # one is fine


def test_an_import_cannot_register_a_signed_project_but_a_signed_one_exports_and_reimports(
        client, admin_headers, promotion_headers, two_offers):
    from .test_imports import upload

    incubator = IncubatorFactory()
    content = (f"孵化器,名称,阶段,状态,空间类型,需求面积下限\n"
               f"{incubator.name},凭空签约项目,产业化,签约待落地,厂房,3000\n").encode()
    refused = upload(client, admin_headers, "projects", content, "p.csv")
    assert refused.status_code == 422
    assert any("只能由匹配签约产生" in e["message"] for e in refused.json["errors"])

    project = graduated(client, admin_headers, incubator_id=incubator.id)
    mid = negotiating(client, promotion_headers, project, two_offers[0])
    assert step(client, promotion_headers, mid, "sign").status_code == 201
    exported = client.get("/api/v1/exports/projects.csv", headers=admin_headers)
    assert "签约待落地" in exported.get_data(as_text=True)
    again = upload(client, admin_headers, "projects", exported.get_data(), "p.csv")
    assert again.status_code == 200, again.json
