"""Events (对接会/签约会), the capacity-aware assignment, and the reports."""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import quote

import sqlalchemy as sa
from flask import Response
from flask.views import MethodView
from sqlalchemy.orm import Session

from models.errors import NotFound
from models.event import EVENT_KIND_NAMES, Event, EventReport, create_event, get_event_or_raise
from models.reference import lookups
from models.user import User

from ..common import ID, Blueprint, paginate
from ..context import db_session
from ..matching.assignment import build_problem, build_snapshot, solve
from ..matching.inventory import project_need, ranking_cache, select_projects, today
from ..matching.routes import weights_from
from ..reports.render import FORMATS as RENDERED
from ..reports.render import MIMETYPES, render
from ..security import STAFF, require_role, roles
from .schemas import (
    AssignmentRequestSchema,
    AssignmentResultSchema,
    EventCreateSchema,
    EventPageSchema,
    EventQuerySchema,
    EventSchema,
    ReportSummarySchema,
    SolveOptionsSchema,
)

blp = Blueprint("events", __name__, url_prefix="/api/v1", description="对接会/签约会：整体分配与报告")
FORMATS = "any(json, csv, xlsx, html, pdf)"


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


def _event_dict(event: Event, session: Session) -> dict[str, Any]:
    names = lookups(session).district_names
    return {"id": event.id, "name": event.name, "date": event.date.isoformat(), "kind": event.kind.value,
            "kind_name": EVENT_KIND_NAMES[event.kind], "district": event.district_code,
            "district_name": names.get(event.district_code) if event.district_code else None,
            "project_filter": event.project_filter}


@blp.route("/assignments")
class Assignments(MethodView):
    @roles(*STAFF)
    @blp.arguments(AssignmentRequestSchema)
    @blp.response(200, AssignmentResultSchema)
    def post(self, data):
        """Assign graduated projects to offers at once: at most one offer each, no offer over its area."""
        require_role(*STAFF)
        session = db_session()
        projects = select_projects(session=session, project_ids=data["project_ids"])
        offer_ids = None
        if data["site_ids"] is not None:
            ranking = ranking_cache().get(session=session)
            sites = set(data["site_ids"])
            offer_ids = sorted(o.id for o in ranking.offers.values() if o.site_id in sites)
        today_event = {"id": None, "name": "临时分配", "date": today().isoformat(), "kind": None, "kind_name": "",
                       "district": None, "district_name": None, "project_filter": {}}
        snapshot = run_assignment(session=session, projects=projects, offer_ids=offer_ids, options=data,
                                  event=today_event)
        return {
            **{k: snapshot[k] for k in ("objective", "objective_label", "objective_value", "optimal", "gap", "bound",
                                        "method", "seconds")},
            "assignments": [{k: a[k] for k in ("project_id", "site_id", "offer_id", "area", "score")}
                            for a in snapshot["assignments"]],
            "unmatched": [{k: u[k] for k in ("project_id", "reason", "next_step")} for u in snapshot["unmatched"]],
        }


@blp.route("/events")
class Events(MethodView):
    @roles(*STAFF)
    @blp.arguments(EventQuerySchema, location="query")
    @blp.response(200, EventPageSchema)
    def get(self, args):
        """Events, newest first."""
        require_role(*STAFF)
        return paginate(sa.select(Event).order_by(Event.date.desc(), Event.id.desc()), args, session=db_session())

    @roles(*STAFF)
    @blp.arguments(EventCreateSchema)
    @blp.response(201, EventSchema)
    def post(self, data):
        """Create an event: which projects (a filter) and which offers (a district, or all)."""
        user = require_role(*STAFF)
        session = db_session()
        event = create_event(data, actor=user.username, session=session)
        session.commit()
        return event


@blp.route(f"/events/<{ID}:event_id>")
class EventById(MethodView):
    @roles(*STAFF)
    @blp.response(200, EventSchema)
    def get(self, event_id):
        """One event."""
        require_role(*STAFF)
        return get_event_or_raise(event_id, session=db_session())


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
                              event=_event_dict(event, session))
    report = EventReport(event=event, snapshot=snapshot, created_by=user.username)
    session.add(report)
    session.flush()
    return report


def _summary(report: EventReport) -> dict[str, Any]:
    s = report.snapshot
    return {"id": report.id, "event_id": report.event_id, "created_at": report.created_at,
            "matched": len(s["assignments"]), "unmatched": len(s["unmatched"]), "optimal": s["optimal"],
            "gap": s["gap"], "objective": s["objective"], "formats": list(RENDERED)}


@blp.route(f"/events/<{ID}:event_id>/report")
class EventReportCompute(MethodView):
    @roles(*STAFF)
    @blp.arguments(SolveOptionsSchema)
    @blp.response(201, ReportSummarySchema)
    def post(self, options, event_id):
        """Compute the event's assignment now and keep it as the published report."""
        user = require_role(*STAFF)
        session = db_session()
        report = compute_report(get_event_or_raise(event_id, session=session), options, session=session, user=user)
        session.commit()
        return _summary(report)


@blp.route(f"/events/<{ID}:event_id>/report.<{FORMATS}:fmt>")
class EventReportFile(MethodView):
    @roles(*STAFF)
    @blp.response(200, content_type="application/octet-stream", description="The report file")
    def get(self, event_id, fmt):
        """The latest report of the event, as json, csv, xlsx, html or pdf."""
        require_role(*STAFF)
        event = get_event_or_raise(event_id, session=db_session())
        report = event.latest_report
        if report is None:
            raise NotFound("该活动尚未生成报告：请先 POST /api/v1/events/{id}/report")
        response = Response(render(report.snapshot, fmt), mimetype=MIMETYPES[fmt])
        if fmt != "html":
            response.headers["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(event.name)}.{fmt}"
        return response
