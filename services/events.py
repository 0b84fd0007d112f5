"""Running an event's assignment and storing its report, shared by the API and the staff pages."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from matching.types import Weights
from models.event import Event, EventReport
from models.labels import EVENT_KIND_NAMES
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
            "project_filter": event.project_filter}


def compute_report(
    event: Event, options: dict[str, Any], *, session: Session, rankings: RankingCache, weights: Weights, user: User
) -> EventReport:
    """Run the event's assignment and store it as a snapshot."""
    f = event.project_filter or {}
    projects = select_projects(
        session=session, district=f.get("district"), industry=f.get("industry"), incubator_id=f.get("incubator_id"),
        graduated_since=date.fromisoformat(f["graduated_since"]) if f.get("graduated_since") else None)
    offer_ids = None
    if event.district_code:
        ranking = rankings.get(session=session)
        offer_ids = sorted(o.id for o in ranking.offers.values() if o.district == event.district_code)
    snapshot = run_assignment(session=session, rankings=rankings, weights=weights, projects=projects,
                              offer_ids=offer_ids, options=options, event=event_dict(event, session))
    report = EventReport(event=event, snapshot=snapshot, created_by=user.username)
    session.add(report)
    session.flush()
    return report
