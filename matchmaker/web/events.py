"""对接会/签约会: create an event, compute and keep its assignment, read it, download its report."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Response, flash, redirect, render_template, request, url_for
from flask_login import current_user

from api.common import content_disposition
from api.context import match_weights, rankings
from api.events.schemas import EventCreateSchema, SolveOptionsSchema
from models.db import start_writing
from models.errors import InvalidInput, NotFound
from models.event import Event, EventKind
from models.event_service import create_event, get_event_or_raise
from models.incubator import Incubator
from models.reference import District
from services.events import compute_report, signings_of
from services.reports.render import FORMATS, MIMETYPES, render

from .common import (
    STAFF,
    bp,
    form_text,
    is_htmx,
    paginate_list,
    paginate_query,
    roles_required,
    save,
    session,
)
from .forms import load_or_errors


def _choices() -> dict:
    db = session()
    return {
        "districts": db.execute(sa.select(District.code, District.name).order_by(District.position, District.code)).all(),
        "incubators": db.execute(sa.select(Incubator.id, Incubator.name).order_by(Incubator.name)).all(),
        "kinds": list(EventKind),
    }


def _event_input() -> dict:
    data: dict = {"name": form_text("name"), "date": form_text("date"), "kind": form_text("kind")}
    if form_text("district"):
        data["district"] = form_text("district")
    project_filter = {name: form_text(f"project_filter.{name}")
                      for name in ("district", "industry", "incubator_id", "graduated_since")
                      if form_text(f"project_filter.{name}")}
    data["project_filter"] = project_filter
    data["organiser"], data["venue"] = form_text("organiser"), form_text("venue")
    # One signatory per line: 单位，签字人，职务 (the last two may be left out).
    data["signatories"] = [
        dict(zip(("side", "name", "title"), (part.strip() for part in line.replace(",", "，").split("，")), strict=False))
        for line in form_text("signatories").splitlines() if line.strip()
    ]
    return data


@bp.route("/events", methods=["GET", "POST"])
@roles_required(*STAFF)
def events():
    """The events, newest first, and the form for a new one."""
    errors: dict = {}
    values = request.form
    if request.method == "POST":
        loaded, errors = load_or_errors(EventCreateSchema(), _event_input())
        if not errors:
            event, errors = save(lambda: create_event(loaded, actor=current_user.username, session=session()),
                                 conflict_field=None)
            if not errors:
                flash(f"已创建活动：{event.name}", "success")
                return redirect(url_for("web.event", event_id=event.id))
    page = paginate_query(sa.select(Event).order_by(Event.date.desc(), Event.id.desc()))
    return render_template("web/events.html", page=page, errors=errors, values=values, **_choices()), \
        (422 if errors else 200)


@bp.route("/events/<int:event_id>")
@roles_required(*STAFF)
def event(event_id: int):
    """An event and its latest report: the assignment and the unmatched projects, paginated."""
    item = get_event_or_raise(event_id, session=session())
    report = item.latest_report
    assigned = unmatched = None
    if report is not None:
        assigned = paginate_list(report.snapshot["assignments"], name="page")
        unmatched = paginate_list(report.snapshot["unmatched"], name="upage")
    return render_template("web/event.html", e=item, report=report, assigned=assigned, unmatched=unmatched,
                           formats=FORMATS, **_choices())


@bp.route("/events/<int:event_id>/report", methods=["POST"])
@roles_required(*STAFF)
def event_report(event_id: int):
    """Compute the event's assignment now and keep it as its report."""
    db = session()
    item = get_event_or_raise(event_id, session=db)
    options, errors = load_or_errors(SolveOptionsSchema(), {
        "time_limit_s": form_text("time_limit_s") or "5", "objective": form_text("objective") or "equal"})
    if errors:
        raise InvalidInput(errors)
    report = compute_report(item, options, session=db, rankings=rankings(), weights=match_weights(),
                            user=current_user, begin_writing=lambda: start_writing(db))
    db.commit()
    flash(f"已生成报告：匹配 {len(report.snapshot['assignments'])} 个项目，未匹配 {len(report.snapshot['unmatched'])} 个",
          "success")
    return redirect(url_for("web.event", event_id=item.id))


event_report.writes_late = True  # the write transaction begins after the solve (see compute_report)


@bp.route("/events/<int:event_id>/report.<any(json, csv, xlsx, html, pdf):fmt>")
@roles_required(*STAFF)
def event_report_file(event_id: int, fmt: str):
    """The latest report as a file, rendered by the same code as the API's."""
    item = get_event_or_raise(event_id, session=session())
    if item.latest_report is None:
        raise NotFound("该活动尚未生成报告，请先点击“生成分配报告”")
    response = Response(render(item.latest_report.snapshot, fmt), mimetype=MIMETYPES[fmt])
    response.headers["Content-Disposition"] = content_disposition(f"{item.name}.{fmt}", inline=fmt == "html")
    if fmt == "html":
        # The report is a standalone file with its own <style>; it may load nothing else.
        response.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
    return response


@bp.route("/events/<int:event_id>/screen")
@roles_required(*STAFF)
def event_screen(event_id: int):
    """The event hall's projection: its projects and where they land, each lit up as it signs.

    The page polls its own list every few seconds (htmx); nothing else on it moves.
    """
    item = get_event_or_raise(event_id, session=session())
    items = signings_of(item.latest_report, session=session()) if item.latest_report is not None else []
    signed = sum(1 for i in items if i["signed_at"])
    template = "web/_event_screen_list.html" if is_htmx() else "web/event_screen.html"
    return render_template(template, e=item, items=items, signed=signed)
