"""The dashboard's monthly trend and the project lists behind its bars."""

from __future__ import annotations

from datetime import UTC, date, datetime

import sqlalchemy as sa

from models.outcomes import monthly_trend
from models.project import Action, Stage
from models.project_service import list_projects

from ..factories import ProjectFactory


def _graduated_at(db, when: datetime, **kwargs):
    project = ProjectFactory(stage=Stage.acceleration, **kwargs)
    project.transition(Action.graduate, actor="t")
    db.flush()
    project.history[-1].at = when
    db.flush()
    return project


def test_months_are_wenzhou_months_and_the_list_behind_a_bar_matches_it(db, incubator):
    # 17:00 UTC on 30 April is 01:00 on 1 May in Wenzhou: a May graduation.
    may = _graduated_at(db, datetime(2026, 4, 30, 17, 0, tzinfo=UTC), incubator_id=incubator.id)
    april = _graduated_at(db, datetime(2026, 4, 30, 15, 59, tzinfo=UTC), incubator_id=incubator.id)
    _graduated_at(db, datetime(2025, 5, 31, 12, 0, tzinfo=UTC), incubator_id=incubator.id)  # 13 months before
    trend = monthly_trend(session=db, until=date(2026, 5, 20), months=12)
    assert trend["months"][0] == "2025-06" and trend["months"][-1] == "2026-05"
    graduations = dict(zip(trend["months"], trend["counts"]["graduate"], strict=True))
    assert graduations["2026-05"] == 1 and graduations["2026-04"] == 1 and sum(graduations.values()) == 2
    assert trend["bounds"][-1] == (date(2026, 5, 1), date(2026, 5, 31))

    behind_may = db.scalars(list_projects(session=db, event="graduate", since=date(2026, 5, 1),
                                          until=date(2026, 5, 31))).unique().all()
    assert [p.id for p in behind_may] == [may.id]
    behind_april = db.scalars(list_projects(session=db, event="graduate", since=date(2026, 4, 1),
                                            until=date(2026, 4, 30))).unique().all()
    assert [p.id for p in behind_april] == [april.id]


def test_an_operator_sees_the_trend_of_its_own_incubator(db, incubator):
    _graduated_at(db, datetime(2026, 5, 5, 4, 0, tzinfo=UTC), incubator_id=incubator.id)
    _graduated_at(db, datetime(2026, 5, 6, 4, 0, tzinfo=UTC))  # another incubator's
    mine = monthly_trend(session=db, until=date(2026, 5, 31), months=1, incubator_scope=incubator.id)
    everyone = monthly_trend(session=db, until=date(2026, 5, 31), months=1)
    assert mine["counts"]["graduate"] == [1] and everyone["counts"]["graduate"] == [2]
    assert db.scalar(sa.select(sa.func.count()).select_from(
        list_projects(session=db, incubator_scope=incubator.id, event="graduate", since=date(2026, 5, 1),
                      until=date(2026, 5, 31)).subquery())) == 1
