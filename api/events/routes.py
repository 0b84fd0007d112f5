"""Events (对接会/签约会), the capacity-aware assignment, and the reports."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import Response
from flask.views import MethodView

from models.base import wenzhou_today
from models.db import start_writing
from models.errors import NotFound
from models.event import Event, EventReport
from models.event_service import create_event, get_event_or_raise
from services.assignment import run_assignment
from services.events import compute_report
from services.inventory import select_projects
from services.reports.render import FORMATS as RENDERED
from services.reports.render import MIMETYPES, render

from ..common import ID, Blueprint, content_disposition, paginate
from ..context import db_session, match_weights, rankings
from ..security import STAFF, current_user, roles
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


@blp.route("/assignments")
class Assignments(MethodView):
    writes_late = True  # it writes nothing: no write lock (SQLite) for the length of the solve

    @roles(*STAFF)
    @blp.arguments(AssignmentRequestSchema)
    @blp.response(200, AssignmentResultSchema)
    def post(self, data):
        """Assign graduated projects to offers at once: at most one offer each, no offer over its area."""
        session = db_session()
        projects = select_projects(session=session, project_ids=data["project_ids"])
        offer_ids = None
        if data["site_ids"] is not None:
            ranking = rankings().get(session=session)
            sites = set(data["site_ids"])
            offer_ids = sorted(o.id for o in ranking.offers.values() if o.site_id in sites)
        today_event = {"id": None, "name": "临时分配", "date": wenzhou_today().isoformat(), "kind": None, "kind_name": "",
                       "district": None, "district_name": None, "project_filter": {}}
        snapshot = run_assignment(session=session, rankings=rankings(), weights=match_weights(), projects=projects,
                                  offer_ids=offer_ids, options=data, event=today_event)
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
        return paginate(sa.select(Event).order_by(Event.date.desc(), Event.id.desc()), args, session=db_session())

    @roles(*STAFF)
    @blp.arguments(EventCreateSchema)
    @blp.response(201, EventSchema)
    def post(self, data):
        """Create an event: which projects (a filter) and which offers (a district, or all)."""
        user = current_user()
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
        return get_event_or_raise(event_id, session=db_session())


def _summary(report: EventReport) -> dict[str, Any]:
    s = report.snapshot
    return {"id": report.id, "event_id": report.event_id, "created_at": report.created_at,
            "matched": len(s["assignments"]), "unmatched": len(s["unmatched"]), "optimal": s["optimal"],
            "gap": s["gap"], "objective": s["objective"], "formats": list(RENDERED)}


@blp.route(f"/events/<{ID}:event_id>/report")
class EventReportCompute(MethodView):
    writes_late = True  # the write transaction begins after the solve (compute_report's begin_writing)

    @roles(*STAFF)
    @blp.arguments(SolveOptionsSchema)
    @blp.response(201, ReportSummarySchema)
    def post(self, options, event_id):
        """Compute the event's assignment now and keep it as the published report."""
        user = current_user()
        session = db_session()
        report = compute_report(get_event_or_raise(event_id, session=session), options, session=session,
                                rankings=rankings(), weights=match_weights(), user=user,
                                begin_writing=lambda: start_writing(session))
        session.commit()
        return _summary(report)


@blp.route(f"/events/<{ID}:event_id>/report.<{FORMATS}:fmt>")
class EventReportFile(MethodView):
    @roles(*STAFF)
    @blp.response(200, content_type="application/octet-stream", description="The report file")
    def get(self, event_id, fmt):
        """The latest report of the event, as json, csv, xlsx, html or pdf."""
        event = get_event_or_raise(event_id, session=db_session())
        report = event.latest_report
        if report is None:
            raise NotFound("该活动尚未生成报告：请先 POST /api/v1/events/{id}/report")
        response = Response(render(report.snapshot, fmt), mimetype=MIMETYPES[fmt])
        if fmt != "html":
            response.headers["Content-Disposition"] = content_disposition(f"{event.name}.{fmt}")
        return response
