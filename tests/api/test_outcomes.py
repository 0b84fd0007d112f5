"""Outcome figures: counts per stage and event, local landings, the period, the median, the ranking."""

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from models.base import utcnow
from models.match import Match, MatchAction, MatchStep
from models.project import Action, StageChange

from ..factories import IncubatorFactory, ProjectFactory
from .test_matches import PARK, STEPS, propose, step

YUEQING, RUIAN, LUCHENG = "330382", "330381", "330302"
GRADUATED_AT = datetime(2025, 3, 1, 12, tzinfo=UTC)
ZERO_STAGES = {"nursery": 0, "incubation": 0, "acceleration": 0, "industrialization": 0}
ZERO = {"by_stage": ZERO_STAGES, "admitted": 0, "graduated": 0, "graduated_seeking": 0, "signed_pending": 0, "signed": 0,
        "landed": 0, "landed_local": 0, "landed_elsewhere": 0, "exited": 0,
        "median_days_graduation_to_signing": None}


def outcomes(client, headers, **query):
    return client.get("/api/v1/outcomes", query_string=query, headers=headers)


def transition(client, headers, project, action):
    response = client.post(f"/api/v1/projects/{project.id}/transitions", json={"action": action}, headers=headers)
    assert response.status_code == 201, response.json
    return response


def land(client, headers, project, offer_id):
    mid = propose(client, headers, project, {"id": offer_id}).json["id"]
    for action in [*STEPS, "sign", "land"]:
        assert step(client, headers, mid, action).status_code == 201
    return mid


def backdate_signing(db, project, *, days_after_graduation):
    """The project's signing, `days_after_graduation` after GRADUATED_AT."""
    match_ids = sa.select(Match.id).where(Match.project_id == project.id)
    db.execute(sa.update(MatchStep).where(MatchStep.match_id.in_(match_ids), MatchStep.action == MatchAction.sign)
               .values(at=GRADUATED_AT + timedelta(days=days_after_graduation)))


@pytest.fixture
def scenario(client, db, admin_headers, promotion_headers):
    """Incubator A in 乐清市 lands one project locally and one in 瑞安市, and loses one; B has one seeking."""
    a = IncubatorFactory(name="乐清孵化器", district_code=YUEQING)
    b = IncubatorFactory(name="鹿城孵化器", district_code=LUCHENG)
    local_park = client.post("/api/v1/sites", json=PARK, headers=promotion_headers).json
    other_park = client.post("/api/v1/sites", json={**PARK, "name": "瑞安园", "district": "瑞安市"},
                             headers=promotion_headers).json
    local = ProjectFactory(incubator_id=a.id, stage="incubation", financing=500.0, revenue=200.0)
    elsewhere = ProjectFactory(incubator_id=a.id, stage="acceleration")
    lost = ProjectFactory(incubator_id=a.id, financing=300.0)
    ProjectFactory(incubator_id=a.id, stage="incubation")
    seeking = ProjectFactory(incubator_id=b.id, stage="acceleration", financing=1000.0, revenue=50.0)
    ProjectFactory(incubator_id=b.id)
    for project in (local, elsewhere, seeking):
        transition(client, admin_headers, project, "graduate")
    transition(client, admin_headers, lost, "exit")
    land(client, promotion_headers, local, local_park["offers"][0]["id"])
    land(client, promotion_headers, elsewhere, other_park["offers"][0]["id"])
    backdate_signing(db, local, days_after_graduation=10)
    backdate_signing(db, elsewhere, days_after_graduation=20)
    for project in (local, elsewhere, seeking):
        db.execute(sa.update(StageChange).where(StageChange.project_id == project.id,
                                                StageChange.action == Action.graduate).values(at=GRADUATED_AT))
    return a, b


def test_the_figures_of_a_small_scenario(client, promotion_headers, scenario):
    a, b = scenario
    response = outcomes(client, promotion_headers)
    assert response.status_code == 200
    body = response.json
    assert body["since"] is None and body["until"] is None
    assert body["overall"] == {
        "by_stage": {"nursery": 1, "incubation": 1, "acceleration": 0, "industrialization": 3},
        "admitted": 6, "graduated": 3, "graduated_seeking": 1, "signed_pending": 0, "signed": 2, "landed": 2,
        "landed_local": 1, "landed_elsewhere": 1, "exited": 1, "median_days_graduation_to_signing": 15.0,
    }
    districts = {row["district"]: row for row in body["by_district"]}
    assert len(body["by_district"]) == 13
    assert districts[YUEQING] == {
        "district": YUEQING, "district_name": "乐清市",
        "by_stage": {"nursery": 0, "incubation": 1, "acceleration": 0, "industrialization": 2},
        "admitted": 4, "graduated": 2, "graduated_seeking": 0, "signed_pending": 0, "signed": 2, "landed": 2,
        "landed_local": 1, "landed_elsewhere": 1, "exited": 1, "median_days_graduation_to_signing": 15.0,
    }
    assert districts[LUCHENG]["by_stage"] == {"nursery": 1, "incubation": 0, "acceleration": 0,
                                              "industrialization": 1}
    assert districts[LUCHENG]["graduated_seeking"] == 1 and districts[LUCHENG]["landed"] == 0
    # Landing in 瑞安市 counts for the incubator's district, not the site's.
    assert districts[RUIAN] == {"district": RUIAN, "district_name": "瑞安市", **ZERO}

    first, second = body["by_incubator"]
    assert first["incubator_id"] == a.id and first["rank"] == 1 and first["incubator_name"] == "乐清孵化器"
    assert first["district"] == YUEQING and first["signed"] == 2 and first["median_days_graduation_to_signing"] == 15.0
    # The evaluation of services.evaluation: A leads admissions, graduations and local landings
    # (each normalised to 1; weights 1+2+3 of 10) → 60; B has half A's admissions and graduations
    # → 100 × (0.5 + 2 × 0.5) / 10 = 15. A project's own financing field is not a financing received.
    assert first["evaluation"] == {"occupancy": None, "admitted": 4, "talents": 0, "financing": 0.0, "revenue": 0.0,
                                   "graduated": 2, "landed_local": 1, "score": 60.0}
    assert second["incubator_id"] == b.id and second["rank"] == 2
    assert second["evaluation"] == {"occupancy": None, "admitted": 2, "talents": 0, "financing": 0.0, "revenue": 0.0,
                                    "graduated": 1, "landed_local": 0, "score": 15.0}
    assert second["median_days_graduation_to_signing"] is None


def test_the_period_filters_events_but_not_the_current_stages(client, admin_headers, scenario):
    tomorrow = (utcnow() + timedelta(days=1)).date().isoformat()
    body = outcomes(client, admin_headers, since=tomorrow).json
    assert body["since"] == tomorrow and body["until"] is None
    assert body["overall"] == {
        **ZERO, "by_stage": {"nursery": 1, "incubation": 1, "acceleration": 0, "industrialization": 3},
        "graduated_seeking": 1,
    }
    assert [row["evaluation"]["score"] for row in body["by_incubator"]] == [0.0, 0.0]


def test_until_is_inclusive_and_the_median_follows_the_period(client, admin_headers, scenario):
    # Graduations on 1 March, signings on 11 and 21 March (12:00 UTC).
    body = outcomes(client, admin_headers, since="2025-03-01", until="2025-03-11").json
    overall = body["overall"]
    assert (overall["graduated"], overall["signed"], overall["admitted"], overall["landed"]) == (3, 1, 0, 0)
    assert overall["median_days_graduation_to_signing"] == 10.0
    later = outcomes(client, admin_headers, since="2025-03-12", until="2025-03-31").json["overall"]
    assert (later["graduated"], later["signed"], later["median_days_graduation_to_signing"]) == (0, 1, 20.0)
    assert outcomes(client, admin_headers, until="2025-02-28").json["overall"]["graduated"] == 0


def test_an_empty_database_gives_zeros_for_every_district(client, admin_headers):
    body = outcomes(client, admin_headers).json
    assert body["overall"] == ZERO
    assert len(body["by_district"]) == 13 and all(
        {k: v for k, v in row.items() if k not in ("district", "district_name")} == ZERO
        for row in body["by_district"])
    assert body["by_district"][0]["district_name"] == "鹿城区"
    assert body["by_incubator"] == []


def test_ties_in_score_and_financing_go_to_the_lower_id(client, admin_headers):
    first, second = IncubatorFactory(), IncubatorFactory()
    ProjectFactory(incubator_id=second.id)
    ProjectFactory(incubator_id=first.id)
    rows = outcomes(client, admin_headers).json["by_incubator"]
    assert [(r["incubator_id"], r["rank"], r["evaluation"]["score"]) for r in rows] == [
        (first.id, 1, 10.0), (second.id, 2, 10.0)]


def test_an_operator_may_not_read_the_figures(client, operator_headers):
    response = outcomes(client, operator_headers)
    assert response.status_code == 403 and response.content_type == "application/problem+json"
    assert outcomes(client, {}).status_code == 401


def test_since_after_until_is_422_on_until(client, promotion_headers):
    response = outcomes(client, promotion_headers, since="2025-06-02", until="2025-06-01")
    assert response.status_code == 422 and response.content_type == "application/problem+json"
    assert list(response.json["errors"]) == ["query.until"]
    assert outcomes(client, promotion_headers, since="2025-06-01", until="2025-06-01").status_code == 200
    assert outcomes(client, promotion_headers, since="yesterday").status_code == 422
    assert outcomes(client, promotion_headers, year="2025").status_code == 422


def test_the_extreme_dates_are_no_error(client, admin_headers):
    response = outcomes(client, admin_headers, since="0001-01-01", until="9999-12-31")
    assert response.status_code == 200 and response.json["overall"] == ZERO
