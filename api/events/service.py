"""Running an event's assignment and storing its report, shared by the API and the staff pages."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from models.event import EVENT_KIND_NAMES, Event, EventReport
from models.reference import lookups
from models.user import User

from ..matching.assignment import build_problem, build_snapshot, solve
from ..matching.inventory import project_need, ranking_cache, select_projects
from ..matching.service import weights_from


def run_assignment(
    *, session: Session, projects, offer_ids: list[int] | None, options: dict[str, Any], event: dict[str, Any]
) -> dict[str, Any]:
    """Assign the projects to the offers (all on the market when None); the report snapshot."""
    ranking = ranking_cache().get(session=session)
    if offer_ids is None:
        offer_ids = sorted(ranking.offers)
    needs = [project_need(project, home) for project, home in projects]
    weights = weights_from({})
    problem = build_problem(needs, ranking, offer_ids, weights=weights, objective=options["objective"],
                               priorities={int(k): v for k, v in options.get("priorities", {}).items() if k.isdigit()})
    result = solve(problem, time_limit_s=options["time_limit_s"], objective=options["objective"])
    return build_snapshot(session=session, event=event, projects=projects, needs=needs, offer_ids=offer_ids,
                          ranking=ranking, problem=problem, result=result, objective=options["objective"],
                          weights=weights)


def event_dict(event: Event, session: Session) -> dict[str, Any]:
    names = lookups(session).district_names
    return {"id": event.id, "name": event.name, "date": event.date.isoformat(), "kind": event.kind.value,
            "kind_name": EVENT_KIND_NAMES[event.kind], "district": event.district_code,
            "district_name": names.get(event.district_code) if event.district_code else None,
            "project_filter": event.project_filter}


def compute_report(event: Event, options: dict[str, Any], *, session: Session, user: User) -> EventReport:
    """Run the event's assignment and store it as a snapshot."""
    f = event.project_filter or {}
    projects = select_projects(
        session=session, district=f.get("district"), industry=f.get("industry"), incubator_id=f.get("incubator_id"),
        graduated_since=date.fromisoformat(f["graduated_since"]) if f.get("graduated_since") else None)
    offer_ids = None
    if event.district_code:
        ranking = ranking_cache().get(session=session)
        offer_ids = sorted(o.id for o in ranking.offers.values() if o.district == event.district_code)
    snapshot = run_assignment(session=session, projects=projects, offer_ids=offer_ids, options=options,
                              event=event_dict(event, session))
    report = EventReport(event=event, snapshot=snapshot, created_by=user.username)
    session.add(report)
    session.flush()
    return report
