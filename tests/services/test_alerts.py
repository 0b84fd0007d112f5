"""Supervision alerts on an injected clock: each kind is raised on the day it is due, not the day before."""

from datetime import date, datetime, time, timedelta

import pytest

from models.base import WENZHOU
from models.fund import FundIntention
from models.match import Match, MatchAction, MatchStatus, MatchStep
from models.project import Action, Stage, Status
from models.site_service import create_site
from models.user import Role
from services.alerts import ALERT_KINDS, DEFAULT_DAYS, list_alerts, parse_alert_days

from ..factories import IncubatorFactory, ProjectFactory, UserFactory

D0 = date(2026, 3, 2)
NOON = time(12, 0)


def at(day: date) -> datetime:
    return datetime.combine(day, NOON, tzinfo=WENZHOU)


def graduated_on(day: date, **kwargs):
    project = ProjectFactory(stage=Stage.acceleration, **kwargs)
    project.transition(Action.graduate, actor="test").at = at(day)
    return project


@pytest.fixture
def offer(db):
    site = create_site({"kind": "park", "name": "督办测试园", "district": "瑞安市", "industries": ["C3823"],
                        "offers": [{"space_type": "plant", "available_area": 90000, "rent": 18}]}, session=db)
    db.flush()
    return site.all_offers[0]


def match_on(db, project, offer, day, status=MatchStatus.proposed, **extra):
    match = Match(project=project, offer=offer, area=3000, status=MatchStatus.proposed, created_by="test", **extra)
    match.history.append(MatchStep(action=MatchAction.propose, to_status=MatchStatus.proposed, actor="test",
                                   happened_on=day))
    if status is MatchStatus.signed:
        match.history.append(MatchStep(action=MatchAction.sign, from_status=MatchStatus.proposed,
                                       to_status=MatchStatus.signed, actor="test", happened_on=day))
        project.transition(Action.sign, actor="test").at = at(day)
    match.status = status
    db.add(match)
    db.flush()
    return match


@pytest.fixture
def ledger(db, offer):
    """One project per kind, each with the day its alert falls due."""
    owner = UserFactory(role=Role.promotion, username="督办负责人")
    unmatched = graduated_on(D0, name="毕业未匹配项目")
    stalled = graduated_on(D0, name="停滞项目")
    match_on(db, stalled, offer, D0 + timedelta(days=3), owner=owner)
    overdue = graduated_on(D0, name="逾期项目")
    match_on(db, overdue, offer, D0 + timedelta(days=40), next_action="看厂房", next_action_on=D0 + timedelta(days=41))
    signed = graduated_on(D0, name="签约未落地项目")
    match_on(db, signed, offer, D0 + timedelta(days=5), status=MatchStatus.signed)
    risky = ProjectFactory(name="外迁风险项目")
    db.add(FundIntention(project=risky, fund_name="某基金", relocate_out=True, created_by="test",
                         created_at=at(D0 + timedelta(days=7))))
    exited = graduated_on(D0, name="退出占用项目")
    match_on(db, exited, offer, D0 + timedelta(days=8), status=MatchStatus.signed)
    exited.transition(Action.exit, actor="test").at = at(D0 + timedelta(days=9))
    db.flush()
    return {
        "unmatched_graduate": (unmatched, D0 + timedelta(days=30)),
        "stalled_match": (stalled, D0 + timedelta(days=3 + 14)),
        "overdue_action": (overdue, D0 + timedelta(days=42)),
        "signed_not_landed": (signed, D0 + timedelta(days=5 + 90)),
        "relocation_risk": (risky, D0 + timedelta(days=7)),
        "reservation_on_exited": (exited, D0 + timedelta(days=9)),
    }


@pytest.mark.parametrize("kind", ALERT_KINDS)
def test_each_kind_is_raised_on_its_due_day_and_not_the_day_before(db, ledger, kind):
    project, due = ledger[kind]

    def raised(day):
        return [a for a in list_alerts(session=db, today=day, kind=kind) if a.project.id == project.id]

    assert raised(due - timedelta(days=1)) == []
    [alert] = raised(due)
    assert (alert.kind, alert.due) == (kind, due)
    assert project.name in alert.message
    assert alert.as_dict()["project"]["name"] == project.name and alert.as_dict()["message"] == alert.message
    assert raised(due + timedelta(days=100))  # and it stays until dealt with


def test_a_project_that_is_dealt_with_raises_nothing(db, ledger, offer):
    project, due = ledger["unmatched_graduate"]
    match_on(db, project, offer, due)  # it has an open match now
    assert not [a for a in list_alerts(session=db, today=due, kind="unmatched_graduate") if a.project.id == project.id]
    landed, _ = ledger["relocation_risk"]
    landed.status = Status.exited
    db.flush()
    assert not [a for a in list_alerts(session=db, today=due, kind="relocation_risk") if a.project.id == landed.id]


def test_thresholds_come_from_the_setting(db, ledger):
    project, due = ledger["stalled_match"]
    days = parse_alert_days("stalled=3")
    assert days == {**DEFAULT_DAYS, "stalled": 3}
    early = due - timedelta(days=11)
    assert [a.project.id for a in list_alerts(session=db, today=early, kind="stalled_match", days=days)] == [project.id]
    with pytest.raises(ValueError):
        parse_alert_days("stalled=soon")


def test_filters_by_owner_district_and_incubator(db, ledger):
    late = D0 + timedelta(days=400)
    every = list_alerts(session=db, today=late)
    assert {a.kind for a in every} == set(ledger)
    stalled, _ = ledger["stalled_match"]
    owner = next(a.owner for a in every if a.project.id == stalled.id and a.kind == "stalled_match")
    assert {a.project.id for a in list_alerts(session=db, today=late, owner_id=owner.id)} == {stalled.id}
    # By the site's district (the test park is in 瑞安市) or the incubator's.
    in_ruian = {a.project.id for a in list_alerts(session=db, today=late, district="瑞安市")}
    assert in_ruian == {ledger[k][0].id for k in ("stalled_match", "overdue_action", "signed_not_landed",
                                                    "reservation_on_exited")}
    other = IncubatorFactory(district_code="330381")
    own = graduated_on(D0, incubator_id=other.id, name="别家项目")
    scoped = list_alerts(session=db, today=late, incubator_scope=other.id)
    assert [a.project.id for a in scoped] == [own.id]
