"""匹配跟进 (the board), one match's ledger with its step forms, and 督办 (the alerts page)."""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa
from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from models.base import wenzhou_today
from models.errors import InvalidInput
from models.incubator import Incubator
from models.labels import MATCH_ACTION_NAMES
from models.match import OPEN, STEPS, DropReason, Match, MatchAction, MatchStatus
from models.match_service import OWNER_ROLES, UNSIGNED, get_match_or_raise, list_matches, step_match, update_match
from models.reference import District
from models.user import User
from services.alerts import ALERT_KINDS, count_alerts, list_alerts

from .common import STAFF, bp, form_text, is_htmx, roles_required, save, session

# Steps that cannot be undone by the next step: they ask for a reason and a confirmation.
CONFIRMED = (MatchAction.sign, MatchAction.drop)
BOARD_FILTERS = ("owner_id", "district", "incubator_id", "overdue")
COLUMN_LIMIT = 60


def next_actions(match: Match) -> list[MatchAction]:
    """The steps a match can take from where it is: the next one, and dropping it while open."""
    actions = [action for action, (before, _) in STEPS.items() if before is match.status]
    if match.status in OPEN:
        actions.append(MatchAction.drop)
    return actions


def is_overdue(match: Match, today: date | None = None) -> bool:
    """An open match whose next action date has passed."""
    return match.status in OPEN and match.next_action_on is not None and match.next_action_on < (today or wenzhou_today())


def owners() -> list[User]:
    """The users a match can be given to (负责人)."""
    return list(session().scalars(sa.select(User).where(User.role.in_(OWNER_ROLES), User.active.is_(True))
                                  .order_by(User.username)))


def ledger_context() -> dict[str, Any]:
    """What the step forms need in every template that shows them."""
    return {"next_actions": next_actions, "is_overdue": is_overdue, "owners": owners(), "today": wenzhou_today(),
            "drop_reasons": list(DropReason), "confirmed_actions": CONFIRMED, "signed_elsewhere": signed_elsewhere}


def signed_elsewhere(match: Match) -> Match | None:
    """The project's signed match other than this one (signing this one would replace it)."""
    return session().scalars(sa.select(Match).where(
        Match.project_id == match.project_id, Match.status == MatchStatus.signed, Match.id != match.id)).first()


def _choices() -> dict[str, Any]:
    db = session()
    return {"districts": db.execute(sa.select(District.code, District.name).order_by(District.position)).all(),
            "incubators": db.execute(sa.select(Incubator.id, Incubator.name).order_by(Incubator.name)).all()}


def board_filters() -> tuple[dict[str, str], dict[str, Any]]:
    """The board's filters from the query string: what to show back, and what to query by."""
    shown = {name: (request.args.get(name) or "").strip() for name in BOARD_FILTERS}
    query: dict[str, Any] = {}
    for name in ("owner_id", "incubator_id"):
        if shown[name].isdigit():
            query[name] = int(shown[name])
    if shown["district"]:
        query["district"] = shown["district"][:40]
    if shown["overdue"] == "1":
        query["overdue"] = True
    return shown, query


def filtered_matches(query: dict[str, Any]) -> sa.Select[tuple[Match]]:
    """The board's query; an unknown district shows everything rather than failing the page."""
    try:
        return list_matches(session=session(), **query)
    except InvalidInput:
        query.pop("district", None)
        return list_matches(session=session(), **query)


@bp.route("/matches", methods=["GET"])
@roles_required(*STAFF)
def matches():
    """The follow-up board: one column per status, a card per match, filtered by owner, district, incubator."""
    shown, query = board_filters()
    base = filtered_matches(query)
    db = session()
    columns = []
    for status in MatchStatus:
        status_query = base.where(Match.status == status)
        total = db.scalar(sa.select(sa.func.count()).select_from(status_query.order_by(None).subquery())) or 0
        columns.append((status, db.scalars(status_query.limit(COLUMN_LIMIT)).all(), total))
    return render_template("web/matches.html", columns=columns, shown=shown, limit=COLUMN_LIMIT,
                           **_choices(), **ledger_context())


@bp.route("/matches/<int:match_id>", methods=["GET"])
@roles_required(*STAFF)
def match_page(match_id: int):
    """One match: its ledger, the form to change it, the step forms and every step with its note."""
    match = get_match_or_raise(match_id, session=session())
    return render_template("web/match.html", m=match, editable_area=match.status in UNSIGNED, errors={},
                           **ledger_context())


def _date(name: str) -> date | None:
    text = form_text(name)
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInput({name: ["日期格式应为 YYYY-MM-DD"]}) from None


def _ledger_changes(*, with_area: bool) -> dict[str, Any]:
    """The ledger fields the form sent (the ones it has), checked."""
    changes: dict[str, Any] = {}
    if "next_action" in request.form:
        changes["next_action"] = form_text("next_action")[:200]
    if "next_action_on" in request.form:
        changes["next_action_on"] = _date("next_action_on")
    if "owner_id" in request.form:
        owner = form_text("owner_id")
        changes["owner_id"] = int(owner) if owner.isdigit() else None
    if "note" in request.form and with_area:
        changes["note"] = form_text("note")[:2000]
    if with_area and form_text("area"):
        try:
            changes["area"] = float(form_text("area"))
        except ValueError:
            raise InvalidInput({"area": ["面积应为数字"]}) from None
    return changes


@bp.route("/matches/<int:match_id>/edit", methods=["POST"])
@roles_required(*STAFF)
def match_edit(match_id: int):
    """Change the ledger: area until signing, note, owner, next action and its date."""
    db = session()
    match = get_match_or_raise(match_id, session=db)
    version = form_text("version")
    if version.isdigit() and int(version) != match.version:
        flash("该匹配已被他人修改，请核对后重新保存", "error")
        return redirect(url_for("web.match_page", match_id=match.id))
    _, errors = save(lambda: update_match(match, _ledger_changes(with_area=True), session=db))
    flash("；".join(m for messages in errors.values() for m in messages) or "已保存", "error" if errors else "success")
    return redirect(url_for("web.match_page", match_id=match_id))


def _step(match: Match, action: MatchAction) -> Any:
    db = session()
    note = form_text("note")[:2000] or form_text("reason")[:2000]
    if action in CONFIRMED:
        problems = {}
        if form_text("confirmed") != "1":
            problems["confirmed"] = [f"请确认{MATCH_ACTION_NAMES[action]}"]
        if not note:
            problems["note"] = [f"请填写{MATCH_ACTION_NAMES[action]}的原因或纪要"]
        if action is MatchAction.drop and form_text("drop_reason") not in DropReason.__members__:
            problems["drop_reason"] = ["请选择放弃原因"]
        if problems:
            raise InvalidInput(problems)
    replaces = form_text("replaces")
    step = step_match(match, action, actor=current_user.username, reason=note, at=_date("at"),
                      drop_reason=DropReason(form_text("drop_reason")) if action is MatchAction.drop else None,
                      replaces=int(replaces) if replaces.isdigit() else None, session=db)
    if changes := _ledger_changes(with_area=False):
        update_match(match, changes, session=db)
    return step


@bp.route("/matches/<int:match_id>/steps", methods=["POST"])
@roles_required(*STAFF)
def match_step(match_id: int):
    """Move a match one step with its note, date, next action and owner; signing and dropping are confirmed."""
    db = session()
    match = get_match_or_raise(match_id, session=db)
    action = form_text("action")
    if action not in MatchAction.__members__ or action == "propose":
        abort(400)
    _, errors = save(lambda: _step(match, MatchAction(action)))
    error = "；".join(m for messages in errors.values() for m in messages) or None
    match = get_match_or_raise(match_id, session=db)
    if is_htmx():
        return render_template("web/_match_row.html", m=match, error=error, show_project=request.args.get("list") == "1",
                               **ledger_context())
    flash(error or f"已{MATCH_ACTION_NAMES[action]}", "error" if error else "success")
    back = request.referrer if (request.referrer or "").startswith(request.host_url) else None
    return redirect(back or url_for("web.match_page", match_id=match_id))


def alert_filters() -> tuple[dict[str, str], dict[str, Any]]:
    """The alert page's filters: what to show back, and what to list by."""
    shown = {name: (request.args.get(name) or "").strip() for name in ("owner_id", "district", "kind")}
    query: dict[str, Any] = {}
    if shown["owner_id"].isdigit():
        query["owner_id"] = int(shown["owner_id"])
    if shown["district"]:
        query["district"] = shown["district"][:40]
    if shown["kind"] in ALERT_KINDS:
        query["kind"] = shown["kind"]
    return shown, query


def current_alerts(query: dict[str, Any]) -> list:
    """Today's alerts for the signed-in user (an operator: their own projects)."""
    options = {"session": session(), "days": current_app.config["ALERT_DAYS"], "incubator_scope": current_user.scope}
    try:
        return list_alerts(**options, **query)
    except InvalidInput:
        query.pop("district", None)
        return list_alerts(**options, **query)


@bp.route("/alerts")
@roles_required(*STAFF)
def alerts():
    """督办: today's alerts with counts by kind and by owner, filtered by owner, district and kind."""
    shown, query = alert_filters()
    items = current_alerts(query)
    return render_template("web/alerts.html", alerts=items, counts=count_alerts(items), shown=shown,
                           kinds=ALERT_KINDS, owners=owners(), **_choices())
