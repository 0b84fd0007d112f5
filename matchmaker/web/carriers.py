"""载体: the carriers, a carrier's page (spaces and occupancy, projects, hand-overs), and the hand-over forms."""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy.orm import selectinload

from api.incubators.schemas import SpaceCreateSchema
from api.projects.schemas import PlacementSchema
from models.carrier import Space, Transfer, TransferStatus
from models.incubator import Incubator
from models.incubator_service import get_incubator_or_raise
from models.labels import CARRIER_SPACE_TYPE_NAMES, INCUBATOR_KIND_NAMES, STAGE_NAMES
from models.project import Project, Status
from models.project_service import get_project_or_raise
from models.user import Role
from services.carriers import create_space, list_spaces, occupancy_view, teams_held
from services.occupancy import carrier_uses
from services.transfers import (
    accept_transfer,
    check_decider,
    decline_transfer,
    get_transfer_or_raise,
    list_transfers,
    request_transfer,
)

from .common import bp, form_text, paginate_query, save, session
from .forms import load_or_errors

RECENT_TRANSFERS = 20


@bp.route("/carriers")
@login_required
def carriers():
    """Every carrier with its kind, stages and occupancy; an operator goes straight to its own."""
    if current_user.scope is not None:
        return redirect(url_for("web.carrier", incubator_id=current_user.scope))
    db = session()
    kind = request.args.get("kind", "")
    query = sa.select(Incubator).order_by(Incubator.kind, Incubator.name)
    if kind in INCUBATOR_KIND_NAMES:
        query = query.where(Incubator.kind == kind)
    page = paginate_query(query, per_page=50)
    uses = carrier_uses(session=db, incubator_ids=[i.id for i in page.items])
    held = teams_held(session=db, incubator_ids=[i.id for i in page.items])
    rows = [(i, occupancy_view(uses.get(i.id)), held.get(i.id, 0)) for i in page.items]
    return render_template("web/carriers.html", page=page, rows=rows, kind=kind, kinds=INCUBATOR_KIND_NAMES)


def _visible_carrier(incubator_id: int) -> Incubator:
    # An operator's page is its own carrier's; another carrier's projects are not for it to read.
    if current_user.scope is not None and current_user.scope != incubator_id:
        abort(404)
    return get_incubator_or_raise(incubator_id, session=session())


@bp.route("/carriers/<int:incubator_id>")
@login_required
def carrier(incubator_id: int):
    """A carrier: its spaces and occupancy, the teams it holds, and its incoming and outgoing hand-overs."""
    db = session()
    item = _visible_carrier(incubator_id)
    spaces = list_spaces(item, session=db)
    occupancy = occupancy_view(carrier_uses(session=db, incubator_ids=[item.id]).get(item.id))
    # Each row shows its placement or its space: loaded with the rows, not one query per row.
    projects = db.scalars(sa.select(Project).where(Project.incubator_id == item.id, Project.status == Status.active)
                          .options(selectinload(Project.placement)).order_by(Project.stage, Project.name)).all()
    incoming, outgoing = (
        db.scalars(list_transfers(session=db, incubator_id=item.id, direction=direction)
                   .options(selectinload(Transfer.space)).limit(RECENT_TRANSFERS)).all()
        for direction in ("incoming", "outgoing")
    )
    may_decide = current_user.role is Role.admin or current_user.scope == item.id
    may_keep_spaces = current_user.is_staff or current_user.scope == item.id
    return render_template("web/carrier.html", c=item, spaces=spaces, occupancy=occupancy, projects=projects,
                           incoming=incoming, outgoing=outgoing, may_decide=may_decide,
                           may_keep_spaces=may_keep_spaces, space_types=CARRIER_SPACE_TYPE_NAMES,
                           stages=item.stages, space_names={s["id"]: s for s in spaces},
                           next_stage={"nursery": "incubation", "incubation": "acceleration"})


@bp.route("/carriers/<int:incubator_id>/spaces", methods=["POST"])
@login_required
def carrier_space_new(incubator_id: int):
    """Add a space to the carrier (staff, or its own operator), as the API does."""
    item = _visible_carrier(incubator_id)
    data = {name: form_text(name) for name in ("space_type", "name", "total_area", "unit_area", "desks")}
    data = {name: value for name, value in data.items() if value or name == "name"}
    loaded, errors = load_or_errors(SpaceCreateSchema(), data)
    if errors:
        flash("空间未登记：" + "；".join(m for messages in errors.values() for m in messages), "error")
    else:
        space, _ = save(lambda: create_space(item, loaded, session=session()))
        flash(f"已登记空间：{space.name or CARRIER_SPACE_TYPE_NAMES[space.space_type]}", "success")
    return redirect(url_for("web.carrier", incubator_id=item.id, _anchor="spaces"))


@bp.route("/transfers/<int:transfer_id>/<any(accept, decline):verb>", methods=["POST"])
@login_required
def transfer_decide(transfer_id: int, verb: str):
    """Accept or decline a hand-over (the receiving carrier's operator, or an admin)."""
    db = session()
    transfer = get_transfer_or_raise(transfer_id, session=db, party=current_user.scope)
    check_decider(transfer, current_user)
    name = transfer.project.name
    decide = accept_transfer if verb == "accept" else decline_transfer
    decide(transfer, actor=current_user.username, reason=form_text("reason")[:1000], session=db)
    db.commit()
    if verb == "accept":
        flash(f"已接收：{name}，现由「{transfer.to_incubator.name}」管理", "success")
    else:
        flash(f"已拒绝：{name}", "success")
    return redirect(url_for("web.carrier", incubator_id=transfer.to_incubator_id, _anchor="incoming"))


def transfer_choices(project: Project) -> dict:
    """What the hand-over form offers: the carriers that host the team's stage (or the next) and their spaces."""
    db = session()
    targets = [c for c in db.scalars(sa.select(Incubator).order_by(Incubator.kind, Incubator.name))
               if c.id != project.incubator_id]
    uses = carrier_uses(session=db, incubator_ids=[c.id for c in targets])
    spaces = db.scalars(sa.select(Space).where(Space.incubator_id.in_([c.id for c in targets]))
                        .order_by(Space.incubator_id, Space.id)).all()
    vacant = {use.space_id: use for u in uses.values() for use in u.spaces}
    pending = db.scalar(sa.select(Transfer).where(Transfer.project_id == project.id,
                                                  Transfer.status == TransferStatus.pending))
    return {"targets": targets, "target_spaces": spaces, "vacant": vacant, "pending_transfer": pending,
            "STAGE_NAMES": STAGE_NAMES}


def may_hand_over(project: Project) -> bool:
    """The current carrier's operator, or staff, for a team in the chain or a prospect (staff only)."""
    if project.status is Status.prospect:
        return current_user.is_staff
    return project.status is Status.active and (current_user.is_staff or current_user.scope == project.incubator_id)


@bp.route("/projects/<int:project_id>/transfers", methods=["POST"])
@login_required
def project_transfer(project_id: int):
    """Ask another carrier to take the team over (接续), from the project's page."""
    db = session()
    item = get_project_or_raise(project_id, session=db, incubator_scope=current_user.scope)
    if not may_hand_over(item):
        abort(403)
    data: dict = {"reason": form_text("reason")[:1000], "advance": request.form.get("advance") == "on"}
    errors: dict = {}
    target = form_text("to_incubator_id")
    if not target.isdigit():
        errors["to_incubator_id"] = ["请选择接收载体"]
    else:
        data["to_incubator_id"] = int(target)
    if form_text("space_id"):
        placement = {"space_id": form_text("space_id"), "area": form_text("area") or "0",
                     "desks": form_text("desks") or "0"}
        loaded, placement_errors = load_or_errors(PlacementSchema(), placement)
        errors.update({f"placement.{k}": v for k, v in placement_errors.items()})
        data["placement"] = loaded
    if not errors:
        transfer, errors = save(lambda: request_transfer(item, data, actor=current_user.username, session=db))
        if not errors:
            flash(f"已向「{transfer.to_incubator.name}」发起接续申请，待对方接收", "success")
            return redirect(url_for("web.project", project_id=item.id, _anchor="transfer"))
    flash("接续申请未提交：" + "；".join(m for messages in errors.values() for m in messages), "error")
    return redirect(url_for("web.project", project_id=item.id, _anchor="transfer"))

