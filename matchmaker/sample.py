"""Loading the synthetic sample registry through the same domain functions the API uses."""

from __future__ import annotations

import json
from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from models.base import utcnow
from models.incubator import Incubator, create_incubator
from models.project import Action
from models.project_service import create_project
from sample_data import REGISTRY_FILE

ACTOR = "sample-data"


def load_sample_data(*, session: Session) -> dict[str, int]:
    """Create the sample incubators and projects, with backdated stage histories."""
    data = json.loads(REGISTRY_FILE.read_text(encoding="utf-8"))
    incubator_ids = {}
    for item in data["incubators"]:
        incubator_ids[item["name"]] = create_incubator(item, session=session).id
    now = utcnow()
    for item in data["projects"]:
        fields = {k: v for k, v in item.items() if k not in ("incubator", "steps", "admitted_days_ago")}
        fields["incubator_id"] = incubator_ids[item["incubator"]]
        project = create_project(fields, actor=ACTOR, session=session)
        project.history[0].at = project.created_at = now - timedelta(days=item["admitted_days_ago"])
        for action, days_ago, reason in item["steps"]:
            change = project.transition(Action(action), actor=ACTOR, reason=reason)
            change.at = now - timedelta(days=days_ago)
    session.flush()
    return {
        "incubators": session.scalar(sa.select(sa.func.count(Incubator.id))),
        "projects": len(data["projects"]),
    }
