"""Loading the synthetic sample through the API's schemas and the same domain functions."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

import marshmallow as ma
from sqlalchemy.orm import Session

from api.incubators.schemas import IncubatorCreateSchema
from api.performance.schemas import AnnualFiguresCreateSchema, FinancingCreateSchema
from api.projects.schemas import ProjectCreateSchema
from api.sites.schemas import SiteCreateSchema
from models.base import utcnow, wenzhou_today
from models.carrier import Placement, Space, Transfer
from models.incubator_service import create_incubator
from models.match import DropReason, MatchAction, MatchStatus
from models.match_service import step_match
from models.performance import AnnualFigures, Financing
from models.project import Action, Project, Stage, Status
from models.project_service import create_project, register_project
from models.site_service import create_site
from sample_data import REGISTRY_FILE
from services.matches import propose_scored_match
from services.transfers import accept_transfer, request_transfer
from services.state import RankingCache

ACTOR = "sample-data"


def _load(schema: ma.Schema, item: dict, what: str) -> dict:
    try:
        return schema.load(item)
    except ma.ValidationError as exc:
        raise ValueError(f"sample {what} {item.get('name')!r} is invalid: {exc.messages}") from None


def load_sample_data(*, session: Session) -> dict[str, int]:
    """Create the sample incubators, sites and projects, with backdated stage histories and hand-overs."""
    data = json.loads(REGISTRY_FILE.read_text(encoding="utf-8"))
    carriers = data.get("carriers", {})
    kinds = carriers.get("kinds", {})
    incubator_ids = {}
    for item in data["incubators"]:
        fields = {**item, "kind": kinds[item["name"]]} if item["name"] in kinds else item
        incubator = create_incubator(_load(IncubatorCreateSchema(), fields, "incubator"), session=session)
        incubator_ids[incubator.name] = incubator.id
    offer_ids = {}
    for item in data.get("sites", []):
        site = create_site(_load(SiteCreateSchema(), item, "site"), session=session)
        offer_ids.update({(site.name, offer.ref): offer.id for offer in site.all_offers})
    now = utcnow()
    project_schema = ProjectCreateSchema()
    relays = carriers.get("relays", {})
    projects = {}
    project_ids = {}
    for item in data["projects"]:
        fields = {k: v for k, v in item.items() if k not in ("incubator", "steps", "admitted_days_ago")}
        # The sample's carriers admit only the stages they host (a few teams go to another carrier).
        fields["incubator_id"] = incubator_ids[carriers.get("admitted_at", {}).get(item["name"], item["incubator"])]
        project = create_project(_load(project_schema, fields, "project"), actor=ACTOR, session=session)
        project_ids[item["incubator"], item["name"]] = project.id
        project.history[0].at = project.created_at = now - timedelta(days=item["admitted_days_ago"])
        projects[project.name] = project
        # A hand-over with `advance` takes the place of the advance step of the same day.
        moves = {move["days_ago"]: move for move in relays.get(item["name"], [])}
        timeline = [(days, action, reason) for action, days, reason in item["steps"]]
        timeline += [(days, None, move["reason"]) for days, move in moves.items() if not move["advance"]]
        for days_ago, action, reason in sorted(timeline, key=lambda step: -step[0]):
            move = moves.get(days_ago)
            if move is not None and (action is None or (action == "advance" and move["advance"])):
                _hand_over(project, incubator_ids[move["to"]], advance=move["advance"], reason=reason,
                           at=now - timedelta(days=days_ago), session=session)
            else:
                change = project.transition(Action(action), actor=ACTOR, reason=reason)
                change.at = now - timedelta(days=days_ago)
    session.flush()
    figures = _load_carriers(carriers, incubator_ids, projects, now, session=session) if carriers else {}
    financings = _load_performance(data.get("performance", []), project_ids, session=session)
    matches = _load_follow_ups(data.get("follow_ups", []), project_ids, offer_ids, now, session=session)
    return {
        "incubators": len(data["incubators"]),
        "sites": len(data.get("sites", [])),
        "offers": len(offer_ids),
        "projects": len(data["projects"]),
        "financings": financings,
        **figures,
        **matches,
    }


def _hand_over(project: Project, to_id: int, *, advance: bool, reason: str, at: datetime, session: Session) -> None:
    """A hand-over asked for and accepted through the transfer service, then dated back to `at`."""
    transfer = request_transfer(project, {"to_incubator_id": to_id, "advance": advance, "reason": reason},
                                actor=ACTOR, session=session)
    change = accept_transfer(transfer, actor=ACTOR, reason="", session=session)
    transfer.created_at, transfer.decided_at, change.at = at - timedelta(days=7), at, at


def _load_carriers(carriers: dict[str, Any], incubator_ids: dict[str, int], projects: dict[str, Project],
                   now: datetime, *, session: Session) -> dict[str, int]:
    """The carriers' spaces, the teams' placements, the transfers waiting for an answer, and the prospects."""
    spaces = {}
    for name, items in carriers["spaces"].items():
        for item in items:
            space = Space(incubator_id=incubator_ids[name], **item)
            session.add(space)
            spaces[incubator_ids[name], item["space_type"]] = space
    for name, placed in carriers["placements"].items():
        project = projects[name]
        session.add(Placement(project=project, space=spaces[project.incubator_id, placed["space_type"]],
                              area=placed["area"], desks=placed["desks"]))
    for i, item in enumerate(carriers["pending"]):
        project = projects[item["project"]]
        session.add(Transfer(project=project, from_incubator_id=project.incubator_id,
                             to_incubator_id=incubator_ids[item["to"]], advance=item["advance"], reason=item["reason"],
                             requested_by=ACTOR, created_at=now - timedelta(days=2 + i)))
    schema = ProjectCreateSchema()
    any_carrier = next(iter(incubator_ids.values()))
    for i, item in enumerate(carriers["prospects"]):
        fields = {k: v for k, v in item.items() if k not in ("source", "to")}
        reason = f"{item['source']}推荐（赛展促孵）"
        # Checked as any project is; then held by no carrier (待入孵).
        project = register_project(_load(schema, {**fields, "incubator_id": any_carrier}, "prospect"),
                                   stage=Stage.nursery, status=Status.prospect, actor=ACTOR, reason=reason,
                                   session=session)
        project.incubator_id = None
        project.history[0].at = project.created_at = now - timedelta(days=10 + 3 * i)
        if item["to"]:
            session.add(Transfer(project=project, from_incubator_id=None, to_incubator_id=incubator_ids[item["to"]],
                                 reason=reason, requested_by=ACTOR, created_at=now - timedelta(days=5 + i)))
    session.flush()
    return {"spaces": len(spaces), "placements": len(carriers["placements"]),
            "pending_transfers": len(carriers["pending"]) + sum(1 for p in carriers["prospects"] if p["to"]),
            "prospects": len(carriers["prospects"])}




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


def _load_follow_ups(entries: list[dict], project_ids: dict, offer_ids: dict, now: datetime, *,
                     session: Session) -> dict[str, int]:
    """The graduates' matches, proposed (with the ranking's score and factors) and stepped through the match
    service, each step dated back from today; the signings and landings in the projects' histories carry the same dates."""
    today, rankings = wenzhou_today(), RankingCache()
    ends = {status: 0 for status in ("signed", "landed")}
    for entry in entries:
        project_id = project_ids[entry["incubator"], entry["project"]]
        (_, proposed, note), *steps = entry["steps"]
        data = {"project_id": project_id, "offer_id": offer_ids[entry["site"], entry["offer"]], "area": entry["area"],
                "note": note}
        match = propose_scored_match(data, actor=ACTOR, session=session, rankings=rankings)
        match.created_at = match.history[0].at = now - timedelta(days=proposed)
        match.history[0].happened_on = today - timedelta(days=proposed)
        for action, days_ago, reason in steps:
            history = len(match.project.history)
            drop = DropReason(entry["drop_reason"]) if action == "drop" else None
            step = step_match(match, MatchAction(action), actor=ACTOR, reason=reason, session=session,
                              at=today - timedelta(days=days_ago), drop_reason=drop, today=today)
            step.at = now - timedelta(days=days_ago)
            for change in match.project.history[history:]:  # the project's 签约 / 落地
                change.at = step.at
        match.updated_at = now - timedelta(days=steps[-1][1]) if steps else match.created_at
        if match.status in (MatchStatus.signed, MatchStatus.landed):
            ends[match.status.value] += 1
    session.flush()
    return {"matches": len(entries), "signed": ends["signed"], "landed": ends["landed"]}
