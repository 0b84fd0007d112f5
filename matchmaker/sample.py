"""Loading the synthetic sample through the API's schemas and the same domain functions."""

from __future__ import annotations

import json
from datetime import timedelta

import marshmallow as ma
from sqlalchemy.orm import Session

from api.incubators.schemas import IncubatorCreateSchema
from api.performance.schemas import AnnualFiguresCreateSchema, FinancingCreateSchema
from api.projects.schemas import ProjectCreateSchema
from api.sites.schemas import SiteCreateSchema
from models.base import utcnow, wenzhou_today
from models.incubator_service import create_incubator
from models.performance import AnnualFigures, Financing
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
    project_ids = {}
    for item in data["projects"]:
        fields = {k: v for k, v in item.items() if k not in ("incubator", "steps", "admitted_days_ago")}
        fields["incubator_id"] = incubator_ids[item["incubator"]]
        project = create_project(_load(project_schema, fields, "project"), actor=ACTOR, session=session)
        project_ids[item["incubator"], item["name"]] = project.id
        project.history[0].at = project.created_at = now - timedelta(days=item["admitted_days_ago"])
        for action, days_ago, reason in item["steps"]:
            change = project.transition(Action(action), actor=ACTOR, reason=reason)
            change.at = now - timedelta(days=days_ago)
    session.flush()
    financings = _load_performance(data.get("performance", []), project_ids, session=session)
    return {
        "incubators": len(data["incubators"]),
        "sites": len(data.get("sites", [])),
        "offers": offers,
        "projects": len(data["projects"]),
        "financings": financings,
    }


def _load_performance(entries: list[dict], project_ids: dict, *, session: Session) -> int:
    """Each project's financings and yearly figures, dated back from today; the number of financings."""
    today, financing_schema, figures_schema = wenzhou_today(), FinancingCreateSchema(), AnnualFiguresCreateSchema()
    count = 0
    for entry in entries:
        project_id = project_ids[entry["incubator"], entry["project"]]
        for item in entry["financings"]:
            fields = {k: v for k, v in item.items() if k != "received_days_ago"}
            fields["received_on"] = (today - timedelta(days=item["received_days_ago"])).isoformat()
            session.add(Financing(project_id=project_id, created_by=ACTOR,
                                  **_load(financing_schema, fields, "financing")))
            count += 1
        for item in entry["annual_figures"]:
            fields = {k: v for k, v in item.items() if k != "years_ago"}
            fields["year"] = today.year - item["years_ago"]
            session.add(AnnualFigures(project_id=project_id, created_by=ACTOR,
                                      **_load(figures_schema, fields, "annual figures")))
    session.flush()
    return count
