"""Loading the synthetic sample through the API's schemas and the same domain functions."""

from __future__ import annotations

import json
from datetime import timedelta

import marshmallow as ma
from sqlalchemy.orm import Session

from api.incubators.schemas import IncubatorCreateSchema
from api.projects.schemas import ProjectCreateSchema
from api.sites.schemas import SiteCreateSchema
from models.base import utcnow
from models.incubator_service import create_incubator
from models.project import Action
from models.project_service import create_project
from models.site_service import create_site
from sample_data import REGISTRY_FILE

ACTOR = "sample-data"


def _load(schema: ma.Schema, item: dict, what: str) -> dict:
    try:
        return schema.load(item)
    except ma.ValidationError as exc:
        raise ValueError(f"sample {what} {item.get('name')!r} is invalid: {exc.messages}") from None


def load_sample_data(*, session: Session) -> dict[str, int]:
    """Create the sample incubators, sites and projects, with backdated stage histories."""
    data = json.loads(REGISTRY_FILE.read_text(encoding="utf-8"))
    incubator_ids = {}
    for item in data["incubators"]:
        incubator = create_incubator(_load(IncubatorCreateSchema(), item, "incubator"), session=session)
        incubator_ids[incubator.name] = incubator.id
    offers = 0
    for item in data.get("sites", []):
        site = create_site(_load(SiteCreateSchema(), item, "site"), session=session)
        offers += len(site.all_offers)
    now = utcnow()
    project_schema = ProjectCreateSchema()
    for item in data["projects"]:
        fields = {k: v for k, v in item.items() if k not in ("incubator", "steps", "admitted_days_ago")}
        fields["incubator_id"] = incubator_ids[item["incubator"]]
        project = create_project(_load(project_schema, fields, "project"), actor=ACTOR, session=session)
        project.history[0].at = project.created_at = now - timedelta(days=item["admitted_days_ago"])
        for action, days_ago, reason in item["steps"]:
            change = project.transition(Action(action), actor=ACTOR, reason=reason)
            change.at = now - timedelta(days=days_ago)
    session.flush()
    return {
        "incubators": len(data["incubators"]),
        "sites": len(data.get("sites", [])),
        "offers": offers,
        "projects": len(data["projects"]),
    }
