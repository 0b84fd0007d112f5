"""Running an event's assignment and storing its report, shared by the API and the staff pages."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from matching.types import Weights
from models.event import Event, EventReport
from models.labels import EVENT_KIND_NAMES
from models.match import Match, MatchAction, MatchStatus, MatchStep
from models.project import Project, Status
from models.reference_service import lookups
from models.user import User

from .assignment import run_assignment
from .inventory import select_projects
from .state import RankingCache


def event_dict(event: Event, session: Session) -> dict[str, Any]:
    """The event as its report snapshot records it."""
    names = lookups(session).district_names
    return {"id": event.id, "name": event.name, "date": event.date.isoformat(), "kind": event.kind.value,
            "kind_name": EVENT_KIND_NAMES[event.kind], "district": event.district_code,
            "district_name": names.get(event.district_code) if event.district_code else None,
            "project_filter": event.project_filter, "organiser": event.organiser, "venue": event.venue,
            "signatories": event.signatories}


def already_signed(projects: list[tuple[Project, str]], *, session: Session) -> list[dict[str, Any]]:
    """The projects an event leaves out because they have signed, each with the site it signed for."""
    ids = [project.id for project, _ in projects]
    signed = {m.project_id: m for m in session.scalars(
        sa.select(Match).where(Match.project_id.in_(ids), Match.status == MatchStatus.signed))}
    rows = []
    for project, _ in projects:
        match = signed.get(project.id)
        rows.append({
            "project_id": project.id, "project_name": project.name, "incubator_name": project.incubator.name,
            "match_id": match.id if match else None, "site_id": match.offer.site_id if match else None,
            "site_name": match.offer.site.name if match else "", "offer_id": match.offer_id if match else None,
            "area": match.area if match else None,
            "signed_on": match.last_step_on.isoformat() if match and match.last_step_on else None,
        })
    return rows


def compute_report(
    event: Event, options: dict[str, Any], *, session: Session, rankings: RankingCache, weights: Weights, user: User,
    begin_writing: Callable[[], None] | None = None,
) -> EventReport:
    """Run the event's assignment and store it as a snapshot.

    ``begin_writing`` (the caller's, e.g. ``models.db.start_writing``) is called once the solve is
    done and before the report is written: on SQLite a write lock taken at the request's start
    would hold every other writer up for the whole solve.
    """
    f = event.project_filter or {}
    chosen = {"district": f.get("district"), "industry": f.get("industry"), "incubator_id": f.get("incubator_id"),
              "graduated_since": date.fromisoformat(f["graduated_since"]) if f.get("graduated_since") else None}
    projects = select_projects(session=session, **chosen)
    offer_ids = None
    if event.district_code:
        ranking = rankings.get(session=session)
        offer_ids = sorted(o.id for o in ranking.offers.values() if o.district == event.district_code)
    snapshot = run_assignment(session=session, rankings=rankings, weights=weights, projects=projects,
                              offer_ids=offer_ids, options=options, event=event_dict(event, session))
    snapshot["already_signed"] = already_signed(select_projects(session=session, status=Status.signed, **chosen),
                                                session=session)
    if begin_writing is not None:
        begin_writing()
    report = EventReport(event=event, snapshot=snapshot, created_by=user.username)
    session.add(report)
    session.flush()
    return report



def signings_of(report: EventReport, *, session: Session) -> list[dict[str, Any]]:
    """The report's assignments, each with `signed_at`: when its project signed for that offer, or None.

    What the event hall's screen shows: signed pairs first, the latest signing on top.
    """
    assignments = report.snapshot["assignments"]
    pairs = [(a["project_id"], a["offer_id"]) for a in assignments]
    signed_at: dict[tuple[int, int], Any] = {}
    if pairs:
        rows = session.execute(
            sa.select(Match.project_id, Match.offer_id, sa.func.max(MatchStep.at))
            .join(MatchStep, MatchStep.match_id == Match.id)
            .where(sa.tuple_(Match.project_id, Match.offer_id).in_(pairs), MatchStep.action == MatchAction.sign,
                   Match.status.in_((MatchStatus.signed, MatchStatus.landed)))
            .group_by(Match.project_id, Match.offer_id))
        signed_at = {(project_id, offer_id): at for project_id, offer_id, at in rows}
    items = [{**a, "signed_at": signed_at.get((a["project_id"], a["offer_id"]))} for a in assignments]
    signed = sorted((i for i in items if i["signed_at"]), key=lambda i: i["signed_at"], reverse=True)
    return signed + [i for i in items if not i["signed_at"]]
