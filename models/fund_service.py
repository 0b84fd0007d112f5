"""Recording a fund's intention to invest."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from .errors import InvalidInput
from .fund import FundIntention
from .project import Project


def record_intention(data: dict[str, Any], *, actor: str, session: Session) -> FundIntention:
    """Record a fund's intention for an existing project."""
    project = session.get(Project, data["project_id"])
    if project is None:
        raise InvalidInput({"project_id": [f"项目 {data['project_id']} 不存在"]})
    intention = FundIntention(**data, created_by=actor)
    session.add(intention)
    session.flush()
    session.expire(project, ["relocation_risk"])  # read again, now that this intention counts
    return intention
