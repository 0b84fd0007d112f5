"""项目: the list, a project's page, its forms and its stage transitions."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from werkzeug.datastructures import MultiDict

from api.common import check_version
from api.funds.schemas import FundIntentionCreateSchema
from api.projects.schemas import ProjectCreateSchema, ProjectUpdateSchema
from models.errors import InvalidInput
from models.fund_service import record_intention
from models.incubator import Incubator
from models.labels import ACTION_NAMES, STAGE_NAMES, STATUS_NAMES
from models.match import Match
from models.outcomes import TREND_EVENTS
from models.project import (
    CHAIN,
    STAGE_ROLES,
    USER_ACTIONS,
    Action,
    Project,
    Stage,
    Status,
)
from models.project_service import (
    create_project,
    get_project_or_raise,
    list_projects,
    transition_project,
    update_project,
)
from models.reference import District, Industry
from models.user import Role

from .carriers import may_hand_over, transfer_choices
from .common import (
    STAFF,
    bp,
    form_text,
    is_htmx,
    paginate_query,
    roles_required,
    save,
    session,
)
from .forms import flat_input, load_or_errors, project_input, top_level_partial

FILTERS = ("q", "stage", "status", "district", "industry", "incubator_id", "event", "since", "until")


def _choices() -> dict:
    db = session()
    incubators = [] if current_user.scope is not None else db.execute(
        sa.select(Incubator.id, Incubator.name).order_by(Incubator.name)).all()
    districts = db.execute(sa.select(District.code, District.name).order_by(District.position, District.code)).all()
    return {"incubators": incubators, "districts": districts, "stages": list(Stage), "statuses": list(Status),
            "TREND_EVENTS": TREND_EVENTS}


def _filters() -> tuple[dict, dict]:
    """The list's filters from the query string: what to show back, and what to query by."""
    shown = {name: (request.args.get(name) or "").strip() for name in FILTERS}
    query: dict = {}
    if shown["q"]:
        query["q"] = shown["q"][:100]
    if shown["stage"] in Stage.__members__:
        query["stage"] = Stage(shown["stage"])
    if shown["status"] in Status.__members__:
        query["status"] = Status(shown["status"])
    if shown["district"]:
        query["district"] = shown["district"]
    if shown["industry"]:
        query["industry"] = shown["industry"][:5]
    if shown["incubator_id"].isdigit() and current_user.scope is None:
        query["incubator_id"] = int(shown["incubator_id"])
    # The list behind a bar of the dashboard: projects with an event in a period.
    try:
        period = date.fromisoformat(shown["since"]), date.fromisoformat(shown["until"])
    except ValueError:
        period = None
    if shown["event"] in TREND_EVENTS and period is not None:
        query.update(event=shown["event"], since=period[0], until=period[1])
    else:
        shown.update(event="", since="", until="")
    return shown, query


@bp.route("/projects")
@login_required
def projects():
    """Projects, searchable and filtered; an operator sees its own incubator's only."""
    shown, query = _filters()
    try:
        page = paginate_query(list_projects(session=session(), incubator_scope=current_user.scope, **query))
    except InvalidInput:
        shown["district"] = ""
        query.pop("district")
        page = paginate_query(list_projects(session=session(), incubator_scope=current_user.scope, **query))
    template = "web/_project_rows.html" if is_htmx() else "web/projects.html"
    return render_template(template, page=page, shown=shown, **_choices())


def _can_write(project: Project | None = None) -> bool:
    return current_user.role in STAGE_ROLES


def _industry_names(codes: list[str]) -> dict[str, str]:
    if not codes:
        return {}
    return dict(session().execute(sa.select(Industry.code, Industry.name).where(Industry.code.in_(codes))).all())


def _render_project(item: Project, *, fund_values: MultiDict | None = None, fund_errors: dict | None = None,
                    status: int = 200):
    db = session()
    matches = db.scalars(sa.select(Match).where(Match.project_id == item.id).order_by(Match.id.desc())).all()
    actions = [a for a in USER_ACTIONS if item.allows(a, current_user.role)]
    hand_over = may_hand_over(item)
    return render_template("web/project.html", p=item, actions=actions, matches=matches,
                           industry_names=_industry_names(item.industries), can_write=_can_write(item),
                           fund_values=fund_values or MultiDict(), fund_errors=fund_errors or {},
                           may_hand_over=hand_over, **(transfer_choices(item) if hand_over else {})), status


@bp.route("/projects/<int:project_id>")
@login_required
def project(project_id: int):
    """A project: its data, stage history, fund intentions, matches and the steps the user may take."""
    return _render_project(get_project_or_raise(project_id, session=session(), incubator_scope=current_user.scope))


@bp.route("/projects/<int:project_id>/fund-intentions", methods=["POST"])
@roles_required(*STAFF)
def project_fund_intention(project_id: int):
    """Record a fund's intention to invest in the project (staff, as in the API)."""
    db = session()
    item = get_project_or_raise(project_id, session=db)
    data, _ = flat_input(request.form, ("amount", "expected_date"), texts=("fund_name", "destination", "note"),
                         flags=("relocate_out",))
    loaded, errors = load_or_errors(FundIntentionCreateSchema(), {**data, "project_id": item.id})
    if errors:
        return _render_project(item, fund_values=request.form, fund_errors=errors, status=422)
    record_intention(loaded, actor=current_user.username, session=db)
    db.commit()
    flash(f"已记录基金拟投：{loaded['fund_name']}" + ("（要求迁出温州，已标记迁出风险）" if loaded["relocate_out"] else ""),
          "warning" if loaded["relocate_out"] else "success")
    return redirect(url_for("web.project", project_id=item.id, _anchor="funds"))


def _form_values(project: Project | None) -> MultiDict:
    """What the form shows first: the project as it is, or blanks for a new one."""
    if project is None:
        return MultiDict({"stage": "nursery"})
    values = MultiDict({
        "name": project.name, "description": project.description,
        "team_size": project.team_size if project.team_size is not None else "",
        "revenue": project.revenue if project.revenue is not None else "",
        "financing": project.financing if project.financing is not None else "",
        "planned_investment": project.planned_investment if project.planned_investment is not None else "",
        "version": project.version, "incubator_id": project.incubator_id,
    })
    for code in project.preferred_districts:
        values.add("preferred_districts", code)
    for code in project.industries:
        values.add("industries", code)
    for name, value in (project.space_need or {}).items():
        if isinstance(value, bool):
            if value:
                values[f"space_need.{name}"] = "on"
        elif value is not None:
            values[f"space_need.{name}"] = getattr(value, "value", value)
    return values


def _render_form(project: Project | None, values: MultiDict, errors: dict, status: int = 200):
    return render_template("web/project_form.html", p=project, values=values, errors=errors,
                           chain=CHAIN, **_choices()), status


@bp.route("/projects/new", methods=["GET", "POST"])
@login_required
def project_new():
    """Register a project (operators for their own incubator, admins for any); staff may register a prospect."""
    if current_user.role not in (*STAGE_ROLES, *STAFF):
        abort(403)
    if request.method == "GET":
        return _render_form(None, _form_values(None), {})
    data = project_input(request.form, creating=True)
    # A prospect (待入孵, 赛展促孵) is held by no carrier until one accepts its hand-over.
    if current_user.role is Role.promotion or (current_user.is_staff and request.form.get("prospect") == "on"):
        data["status"] = "prospect"
        data.pop("incubator_id", None)
    if current_user.scope is not None:
        data["incubator_id"] = current_user.scope
    loaded, errors = load_or_errors(ProjectCreateSchema(), data)
    if loaded is not None and "incubator_id" not in loaded and loaded["status"] != "prospect":
        errors = {"incubator_id": ["必填（或勾选“待入孵”）"]}
    if not errors:
        created, errors = save(lambda: create_project(loaded, actor=current_user.username, session=session()),
                               conflict_field="name")
        if not errors:
            flash(f"已登记项目：{created.name}", "success")
            return redirect(url_for("web.project", project_id=created.id))
    return _render_form(None, request.form, errors, 422)


@bp.route("/projects/<int:project_id>/edit", methods=["GET", "POST"])
@login_required
def project_edit(project_id: int):
    """Change a project's data; a stale form (someone saved in between) is refused."""
    db = session()
    item = get_project_or_raise(project_id, session=db, incubator_scope=current_user.scope)
    if not _can_write(item):
        abort(403)
    if request.method == "GET":
        return _render_form(item, _form_values(item), {})
    data = project_input(request.form, creating=False)
    data.pop("incubator_id", None)
    loaded, errors = load_or_errors(top_level_partial(ProjectUpdateSchema), data)
    if not errors:
        def change():
            check_version(item, loaded)
            return update_project(item, loaded, session=db)

        _, errors = save(change)
        if not errors:
            flash("已保存", "success")
            return redirect(url_for("web.project", project_id=item.id))
    return _render_form(item, request.form, errors, 422 if "_schema" not in errors else 409)


@bp.route("/projects/<int:project_id>/transitions", methods=["POST"])
@login_required
def project_transition(project_id: int):
    """Advance, graduate or exit a project; the stage machine has the last word."""
    db = session()
    item = get_project_or_raise(project_id, session=db, incubator_scope=current_user.scope)
    action = form_text("action")
    if action not in {a.value for a in (Action.advance, Action.graduate, Action.exit)}:
        abort(400)
    if current_user.role not in STAGE_ROLES:
        abort(403)
    if action == Action.exit and (form_text("confirmed") != "1" or not form_text("reason")):
        flash("退出项目需要在确认框中填写退出原因并确认", "error")
        return redirect(url_for("web.project", project_id=item.id))
    change = transition_project(item, Action(action), actor=current_user.username,
                                reason=form_text("reason")[:1000], session=db)
    db.commit()
    flash(f"已{ACTION_NAMES[change.action]}：现为「{STAGE_NAMES[change.to_stage]}」阶段、{STATUS_NAMES[change.to_status]}",
          "success")
    return redirect(url_for("web.project", project_id=item.id))
