"""Outcome figures for programme leaders: stages, graduations, signings and where projects landed.

Everything is counted per incubator in a few grouped queries, then summed per district (the
incubator's district) and overall. Event counts (admitted, graduated, signed, landed, exited)
follow the period, by the timestamp of the history entry; the current-state figures
(`by_stage`, `graduated_seeking`) do not, as they have no date. The operators' evaluation and
ranking are `services.evaluation`'s.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from .base import WENZHOU
from .incubator import Incubator
from .match import Match, MatchAction, MatchStatus, MatchStep
from .project import Action, Project, Stage, StageChange, Status
from .reference import District
from .site import Offer, Site

COUNTS = ("admitted", "graduated", "graduated_seeking", "signed_pending", "signed", "landed", "landed_local",
          "landed_elsewhere", "exited")
_EVENT_COUNTS = {Action.admit: "admitted", Action.graduate: "graduated", Action.land: "landed",
                 Action.exit: "exited"}


def period_bounds(since: date | None, until: date | None) -> tuple[datetime | None, datetime | None]:
    """The half-open UTC interval [start, end) covering the inclusive dates; None is unbounded."""
    start = datetime.combine(since, time.min, tzinfo=UTC) if since is not None else None
    end = None
    if until is not None and until < date.max:
        end = datetime.combine(until + timedelta(days=1), time.min, tzinfo=UTC)
    return start, end


def in_period(column: Any, start: datetime | None, end: datetime | None) -> list[Any]:
    """``start <= column < end``, each bound only when given."""
    conditions = []
    if start is not None:
        conditions.append(column >= start)
    if end is not None:
        conditions.append(column < end)
    return conditions


def _empty() -> dict[str, Any]:
    return {"by_stage": {stage.value: 0 for stage in Stage}, **{name: 0 for name in COUNTS}}


def _add(total: dict[str, Any], part: dict[str, Any]) -> None:
    for stage, n in part["by_stage"].items():
        total["by_stage"][stage] += n
    for name in COUNTS:
        total[name] += part[name]


def _median_days(rows: list[tuple[datetime, datetime]]) -> float | None:
    # Median is not portable SQL (SQLite has none), and there is one row per signed project.
    days = [(signed - graduated).total_seconds() / 86400 for signed, graduated in rows]
    return round(statistics.median(days), 1) if days else None


def outcome_figures(*, session: Session, since: date | None = None, until: date | None = None) -> dict[str, Any]:
    """The figures overall, per district (all of them) and per incubator (by id).

    Definitions (the period is ``since``..``until``, inclusive UTC dates, either open):

    - ``by_stage``: current stage of every project not exited (landed ones count as
      industrialization); ``graduated_seeking``: projects whose status is now ``graduated``;
      ``signed_pending``: projects whose status is now ``signed`` (a signing, not yet landed).
    - ``admitted``, ``graduated``, ``landed``, ``exited``: stage-history entries of that action
      in the period.
    - ``landed_local`` / ``landed_elsewhere``: of those landings, the ones whose landed match is
      on a site in / outside the incubator's district. A landing without a landed match (say,
      recorded by an import) is in neither, so the two may add up to less than ``landed``.
    - ``signed``: distinct projects with a ``sign`` match step in the period.
    - ``median_days_graduation_to_signing``: over those signed projects that have a graduate
      entry, days from graduation to their first signing in the period (one decimal).

    A prospect (no carrier yet) counts overall, in no district and no incubator.
    """
    start, end = period_bounds(since, until)
    incubators = session.execute(
        sa.select(Incubator.id, Incubator.name, Incubator.district_code).order_by(Incubator.id)).all()
    figures: dict[int | None, dict[str, Any]] = defaultdict(_empty)

    current = session.execute(
        sa.select(Project.incubator_id, Project.stage, Project.status, sa.func.count())
        .where(Project.status != Status.exited)
        .group_by(Project.incubator_id, Project.stage, Project.status))
    for incubator_id, stage, status, n in current:
        figures[incubator_id]["by_stage"][stage.value] += n
        if status is Status.graduated:
            figures[incubator_id]["graduated_seeking"] += n
        elif status is Status.signed:
            figures[incubator_id]["signed_pending"] += n

    events = session.execute(
        sa.select(Project.incubator_id, StageChange.action, sa.func.count(StageChange.id))
        .join(Project, Project.id == StageChange.project_id)
        .where(StageChange.action.in_(list(_EVENT_COUNTS)), *in_period(StageChange.at, start, end))
        .group_by(Project.incubator_id, StageChange.action))
    for incubator_id, action, n in events:
        figures[incubator_id][_EVENT_COUNTS[action]] += n

    landed_match = sa.and_(Match.project_id == Project.id, Match.status == MatchStatus.landed)
    locality = session.execute(
        sa.select(
            Project.incubator_id,
            sa.func.count(sa.distinct(sa.case((Site.district_code == Incubator.district_code, Project.id)))),
            sa.func.count(sa.distinct(sa.case((Site.district_code != Incubator.district_code, Project.id)))),
        )
        .select_from(StageChange)
        .join(Project, Project.id == StageChange.project_id)
        .join(Incubator, Incubator.id == Project.incubator_id)
        .outerjoin(Match, landed_match)
        .outerjoin(Offer, Offer.id == Match.offer_id)
        .outerjoin(Site, Site.id == Offer.site_id)
        .where(StageChange.action == Action.land, *in_period(StageChange.at, start, end))
        .group_by(Project.incubator_id))
    for incubator_id, local, elsewhere in locality:
        figures[incubator_id]["landed_local"] += local
        figures[incubator_id]["landed_elsewhere"] += elsewhere

    first_signing = (
        sa.select(Match.project_id, sa.func.min(MatchStep.at).label("signed_at"))
        .join(Match, Match.id == MatchStep.match_id)
        .where(MatchStep.action == MatchAction.sign, *in_period(MatchStep.at, start, end))
        .group_by(Match.project_id)
        .subquery())
    graduation = (
        sa.select(StageChange.project_id, sa.func.max(StageChange.at).label("graduated_at"))
        .where(StageChange.action == Action.graduate)
        .group_by(StageChange.project_id)
        .subquery())
    signed = session.execute(
        sa.select(Project.incubator_id, first_signing.c.signed_at, graduation.c.graduated_at)
        .select_from(first_signing)
        .join(Project, Project.id == first_signing.c.project_id)
        .outerjoin(graduation, graduation.c.project_id == first_signing.c.project_id)).all()
    delays: dict[int, list[tuple[datetime, datetime]]] = defaultdict(list)
    for incubator_id, signed_at, graduated_at in signed:
        figures[incubator_id]["signed"] += 1
        if graduated_at is not None:
            delays[incubator_id].append((signed_at, graduated_at))

    district_of = {incubator_id: district for incubator_id, _, district in incubators}
    overall, by_district = _empty(), {}
    district_delays: dict[str, list[tuple[datetime, datetime]]] = defaultdict(list)
    for code, name in session.execute(sa.select(District.code, District.name).order_by(District.position, District.code)):
        by_district[code] = {"district": code, "district_name": name, **_empty()}
    # Prospects (待入孵) have no carrier yet: nothing of theirs is any carrier's figure.
    figures.pop(None, None)
    delays.pop(None, None)
    for incubator_id, part in figures.items():
        _add(overall, part)
        if incubator_id in district_of:  # prospects (待入孵) have no carrier, so no district yet
            _add(by_district[district_of[incubator_id]], part)
    for incubator_id, rows in delays.items():
        if incubator_id in district_of:
            district_delays[district_of[incubator_id]].extend(rows)
    overall["median_days_graduation_to_signing"] = _median_days([r for rows in delays.values() for r in rows])
    for code, row in by_district.items():
        row["median_days_graduation_to_signing"] = _median_days(district_delays[code])

    rows = []
    for incubator_id, name, district in incubators:
        part = figures[incubator_id]
        rows.append({"incubator_id": incubator_id, "incubator_name": name, "district": district, **part,
                     "median_days_graduation_to_signing": _median_days(delays[incubator_id])})

    return {"since": since, "until": until, "overall": overall,
            "by_district": list(by_district.values()), "by_incubator": rows}


# The events of the monthly trend, as the dashboard names them (a signing is a match step).
TREND_EVENTS = {"admit": "入孵", "graduate": "毕业", "sign": "签约", "land": "落地"}


def local_bounds(since: date, until: date) -> tuple[datetime, datetime]:
    """The instants [start, end) of the inclusive dates as days in Wenzhou."""
    start = datetime.combine(since, time.min, tzinfo=WENZHOU)
    return start, datetime.combine(until + timedelta(days=1), time.min, tzinfo=WENZHOU)


def _event_times(event: str) -> sa.Select:
    """(project id, incubator id, time) of every `event`: a stage change, or a match's sign step."""
    if event == "sign":
        return (sa.select(Match.project_id, Project.incubator_id, MatchStep.at)
                .join(Match, Match.id == MatchStep.match_id).join(Project, Project.id == Match.project_id)
                .where(MatchStep.action == MatchAction.sign))
    return (sa.select(StageChange.project_id, Project.incubator_id, StageChange.at)
            .join(Project, Project.id == StageChange.project_id)
            .where(StageChange.action == Action(event)))


def event_project_ids(event: str, since: date, until: date) -> sa.Select:
    """The ids of projects with `event` (see TREND_EVENTS) on a Wenzhou day from `since` to `until`."""
    start, end = local_bounds(since, until)
    query = _event_times(event).subquery()
    return sa.select(query.c.project_id).where(query.c.at >= start, query.c.at < end)


def monthly_trend(*, session: Session, until: date, months: int = 12,
                  incubator_scope: int | None = None) -> dict[str, Any]:
    """Counts of each trend event per Wenzhou month, for the `months` months ending with `until`'s.

    ``{"months": ["2026-01", …], "counts": {"admit": [n, …], …}, "bounds": [(first day, last day), …]}``;
    a project signed twice in a month counts twice, as two signings.
    """
    firsts = []
    year, month = until.year, until.month
    for _ in range(months):
        firsts.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    firsts.reverse()
    lasts = [nxt - timedelta(days=1) for nxt in firsts[1:]] + [_next_month(firsts[-1]) - timedelta(days=1)]
    start, end = local_bounds(firsts[0], lasts[-1])
    labels = [f"{d:%Y-%m}" for d in firsts]
    index = {label: i for i, label in enumerate(labels)}
    counts = {event: [0] * months for event in TREND_EVENTS}
    for event in TREND_EVENTS:
        times = _event_times(event).subquery()
        query = sa.select(times.c.at).where(times.c.at >= start, times.c.at < end)
        if incubator_scope is not None:
            query = query.where(times.c.incubator_id == incubator_scope)
        # Bucketed here, not in SQL: a Wenzhou month is not a UTC month, and SQL dialects differ.
        for at in session.scalars(query):
            counts[event][index[f"{at.astimezone(WENZHOU):%Y-%m}"]] += 1
    return {"months": labels, "counts": counts, "bounds": list(zip(firsts, lasts, strict=True))}


def _next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


__all__ = ["COUNTS", "TREND_EVENTS", "event_project_ids", "in_period", "local_bounds", "monthly_trend",
           "outcome_figures", "period_bounds"]
