"""The demo sample's follow-up of its graduates: what the dashboard, the flow and the evaluation read."""

import json
from datetime import timedelta

import sqlalchemy as sa

from matchmaker.sample import load_sample_data
from models.base import wenzhou_today
from models.match import Match, MatchStatus
from models.outcomes import outcome_figures
from models.project import Action, Project, Status
from models.site import Offer
from sample_data import REGISTRY_FILE
from services.evaluation import evaluate
from services.flows import flows


def test_sample_graduates_sign_and_land_through_the_pipeline_after_graduation(db):
    counts = load_sample_data(session=db)
    registry = json.loads(REGISTRY_FILE.read_text(encoding="utf-8"))
    ends = [entry["end"] for entry in registry["follow_ups"]]
    assert counts["landed"] == ends.count("landed") >= 15 and counts["signed"] == ends.count("signed") >= 5

    matches = db.scalars(sa.select(Match)).all()
    by_status = {status: [m for m in matches if m.status is status] for status in MatchStatus}
    assert len(by_status[MatchStatus.landed]) == counts["landed"]
    assert len(by_status[MatchStatus.signed]) == counts["signed"]
    # The 匹配跟进 board has matches under way, and a dropped one says why.
    assert {MatchStatus.contacted, MatchStatus.visited, MatchStatus.negotiating} & {m.status for m in matches}
    dropped = by_status[MatchStatus.dropped]
    assert dropped and all(m.history[-1].drop_reason is not None and m.history[-1].reason for m in dropped)

    today = wenzhou_today()
    for match in matches:
        project = match.project
        graduated = next(c for c in project.history if c.action is Action.graduate)
        days = [step.happened_on for step in match.history]
        assert graduated.at.date() <= days[0] and days == sorted(days) and days[-1] < today, project.name
        assert [s.action.value for s in match.history][:2] == ["propose", "contact"]
        # The ranking engine, asked when it was proposed, finds nothing that rules the offer out.
        assert match.score is not None and match.factors["violations"] == [], (project.name, match.factors)
        expected = {MatchStatus.landed: Status.landed, MatchStatus.signed: Status.signed}.get(match.status,
                                                                                            Status.graduated)
        assert project.status is expected, project.name
        if match.status is MatchStatus.landed:
            # The project's own history says it signed, then landed, on the match's dates.
            assert [c.action for c in project.history[-3:]] == [Action.graduate, Action.sign, Action.land]
            assert project.history[-1].at == match.history[-1].at and project.history[-2].at == match.history[-2].at

    # The signings took their area off the offers.
    for match in by_status[MatchStatus.landed] + by_status[MatchStatus.signed]:
        listed = next(o for s in registry["sites"] if s["name"] == match.offer.site.name
                      for o in s["offers"] if o["ref"] == match.offer.ref)
        assert db.get(Offer, match.offer_id).available_area <= listed["available_area"] - match.area + 1e-6

    figures = outcome_figures(session=db, since=today - timedelta(days=365), until=today)["overall"]
    assert figures["landed"] == counts["landed"] and figures["signed"] == counts["signed"] + counts["landed"]
    assert figures["landed_local"] > figures["landed_elsewhere"] > 0

    links = {(link["source"], link["target"]): link["value"] for link in flows(session=db)["links"]}
    assert links["graduated", "landed_local"] > links["graduated", "landed_wenzhou"] > 0
    assert links["graduated", "landed_local"] + links["graduated", "landed_wenzhou"] == counts["landed"]

    values = [item["values"]["landed_local"] for item in evaluate(session=db)["items"]]
    assert sum(values) == figures["landed_local"] and sum(v > 0 for v in values) >= 5
    assert db.scalar(sa.select(sa.func.count(Project.id)).where(Project.status == Status.graduated)) == 78 - len(
        by_status[MatchStatus.landed]) - len(by_status[MatchStatus.signed])
