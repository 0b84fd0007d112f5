"""Weights learned from signed and dropped proposals, adopted by a person, then used by every ranking."""

import pytest
import sqlalchemy as sa

from models.audit import AuditEntry
from models.match import Match, MatchStatus
from models.site import Offer, Site
from sample_data.outcomes import simulate_outcomes

from ..factories import IncubatorFactory, ProjectFactory

TRUE = (0.2, 0.5, 0.3)


@pytest.fixture
def outcomes(db):
    """Proposals of 30 projects (4 each) that ended signed or dropped as simulated from TRUE."""
    incubator = IncubatorFactory(district_code="330304")
    site = Site(kind="park", name="结果园区", district_code="330304")
    site.all_offers = [Offer(ref=str(k), space_type="plant", available_area=5000) for k in range(4)]
    db.add(site)
    db.flush()
    projects = {}
    rows = simulate_outcomes(TRUE, projects=30, noise=0.05, seed=7)
    for k, row in enumerate(rows):
        if row["project"] not in projects:
            projects[row["project"]] = ProjectFactory(incubator_id=incubator.id, name=f"结果项目{row['project']}").id
        db.add(Match(project_id=projects[row["project"]], offer_id=site.all_offers[k % 4].id, area=1000,
                     status=MatchStatus(row["status"]), factors={**row["factors"], "reasons": []}, created_by="test"))
    db.flush()
    return rows


def test_too_few_outcomes_are_refused_with_a_clear_message(app, db):
    result = app.test_cli_runner().invoke(args=["weights", "fit"])
    assert result.exit_code != 0 and "结果太少：0 条" in result.output and "至少需要 40 条" in result.output


def test_fit_then_adopt_records_who_and_when_and_rankings_use_them(app, client, db, admin, promotion_headers, outcomes):
    runner = app.test_cli_runner()
    before = client.get("/api/v1/match-weights", headers=promotion_headers).json
    assert before["in_force"]["source"] == "configured" and before["history"] == []
    assert before["in_force"]["industry"] == pytest.approx(0.45)

    fit = runner.invoke(args=["weights", "fit"])
    assert fit.exit_code == 0, fit.output
    assert "outcomes used: " in fit.output and "proposed weights" in fit.output and "held-out NDCG@3" in fit.output
    assert client.get("/api/v1/match-weights", headers=promotion_headers).json["history"] == []  # fit changes nothing
    later = runner.invoke(args=["weights", "fit", "--since", "2099-01-01"])
    assert later.exit_code != 0 and "结果太少：0 条" in later.output

    adopted = runner.invoke(args=["weights", "adopt", "--fit", "--by", admin.username])
    assert adopted.exit_code == 0, adopted.output
    body = client.get("/api/v1/match-weights", headers=promotion_headers).json
    in_force = body["in_force"]
    assert in_force["source"] == "adopted" and in_force["adopted_by"] == admin.username and in_force["adopted_at"]
    learned = [in_force[k] for k in ("industry", "space", "locality")]
    assert learned[1] > learned[0] and learned[1] > 0.35  # space matters most in the simulated choices
    assert in_force["outcomes"] >= 40 and in_force["summary"]["ndcg_fitted"] > 0
    entry = db.scalars(sa.select(AuditEntry).where(AuditEntry.entity == "match_weights")).one()
    assert entry.actor == admin.username and entry.changes["space"] == pytest.approx(learned[1])

    # Every ranking now uses them unless the request gives its own.
    project = db.scalars(sa.select(Match.project_id)).first()
    ranked = client.get(f"/api/v1/projects/{project}/site-matches", headers=promotion_headers).json
    assert [ranked["weights"][k] for k in ("industry", "space", "locality")] == pytest.approx(learned, abs=1e-4)

    by_hand = runner.invoke(args=["weights", "adopt", "--weights", "1,1,2", "--by", admin.username])
    assert by_hand.exit_code == 0, by_hand.output
    body = client.get("/api/v1/match-weights", headers=promotion_headers).json
    assert body["in_force"]["locality"] == pytest.approx(0.5) and len(body["history"]) == 2
    assert body["history"][1]["space"] == pytest.approx(learned[1])


def test_adopting_needs_a_known_user_and_valid_weights(app, db, admin, operator_headers, client):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["weights", "adopt", "--weights", "0,0,0", "--by", admin.username]).exit_code != 0
    assert runner.invoke(args=["weights", "adopt", "--weights", "1,1,1", "--by", "nobody"]).exit_code != 0
    assert client.get("/api/v1/match-weights", headers=operator_headers).status_code == 403


def test_drops_for_the_companys_own_reasons_are_not_outcomes(db, outcomes):
    from models.match import DropReason, MatchStep
    from services.weights import outcome_data

    x, _, _ = outcome_data(db)
    dropped = db.scalars(sa.select(Match).where(Match.status == MatchStatus.dropped).order_by(Match.id)).first()
    db.add(MatchStep(match_id=dropped.id, action="drop", from_status="proposed", to_status="dropped",
                     drop_reason=DropReason.company, actor="test"))
    db.flush()
    fewer, _, _ = outcome_data(db)
    assert len(fewer) == len(x) - 1
