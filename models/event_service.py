"""Creating and finding events."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from .errors import NotFound
from .event import Event
from .reference_service import lookups


def create_event(data: dict[str, Any], *, actor: str, session: Session) -> Event:
    """Register an event; its district and filter are checked against the reference data."""
    reference = lookups(session)
    district = data.get("district")
    project_filter = dict(data.get("project_filter") or {})
    if project_filter.get("district"):
        project_filter["district"] = reference.district_code(project_filter["district"], field="project_filter.district")
    if project_filter.get("industry"):
        project_filter["industry"] = project_filter["industry"].strip().upper()
    if isinstance(project_filter.get("graduated_since"), date):
        project_filter["graduated_since"] = project_filter["graduated_since"].isoformat()
    event = Event(
        name=data["name"], date=data["date"], kind=data["kind"],
        district_code=reference.district_code(district) if district else None,
        project_filter=project_filter, created_by=actor, organiser=data.get("organiser", ""),
        venue=data.get("venue", ""), signatories=list(data.get("signatories") or []),
    )
    session.add(event)
    session.flush()
    return event


def get_event_or_raise(event_id: int, *, session: Session) -> Event:
    """The event with this id, or `NotFound`."""
    event = session.get(Event, event_id)
    if event is None:
        raise NotFound(f"活动 {event_id} 不存在")
    return event
