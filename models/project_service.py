"""Registering, finding, changing and moving projects through the stages."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session, joinedload, lazyload

from . import carrier  # noqa: F401  (attaches Project.placement, which the loads below name)
from .audit import AuditAction, record
from .base import utcnow
from .errors import Conflict, Forbidden, InvalidInput, NotFound
from .incubator import Incubator
from .incubator_service import get_incubator_or_raise
from .outcomes import event_project_ids
from .project import (
    CHAIN,
    SPACE_NEED_FIELDS,
    Action,
    Project,
    ProjectDistrict,
    ProjectIndustry,
    Stage,
    StageChange,
    Status,
)
from .reference_service import lookups

# A project's incubator comes along for its district (the incubator's own industries and stages
# are not needed with it), and its short collections (a row or three each) in the same query: for one
# project and for a page of them (limited in a subquery), joined rows cost less than more queries.
PROJECT_LOAD = (
    joinedload(Project.incubator).options(lazyload(Incubator.industry_links), lazyload(Incubator.stage_links)),
    joinedload(Project.industry_links),
    joinedload(Project.preferred_links),
    joinedload(Project.placement),  # in every project's answer: a query per project otherwise
)


def get_project_or_raise(
    project_id: int, *, session: Session, incubator_scope: int | None = None
) -> Project:
    """The project with this id; `NotFound` also when it belongs to another incubator than `incubator_scope`."""
    project = session.get(Project, project_id, options=PROJECT_LOAD)
    if project is None or (incubator_scope is not None and project.incubator_id != incubator_scope):
        raise NotFound(f"项目 {project_id} 不存在")
    return project


@dataclass
class CheckedProject:
    """A project's input, checked against the reference data: columns and ordered links."""

    columns: dict[str, Any] = field(default_factory=dict)
    industries: list[str] | None = None
    districts: list[str] | None = None


def check_project_data(
    data: dict[str, Any], *, session: Session, current_need: dict[str, Any] | None = None
) -> CheckedProject:
    """Check codes, districts and the space need of `data`; every problem is reported at once.

    `current_need` is the need a PATCH starts from: it may give part of the need.
    """
    checked, errors = CheckedProject(), {}
    for name in ("name", "description", "team_size", "revenue", "financing", "planned_investment"):
        if name in data:
            checked.columns[name] = data[name]
    # Loading the reference lookups costs a query of every industry code: only when needed.
    if "industries" in data:
        try:
            checked.industries = lookups(session).industry_codes(data["industries"], field="industries")
        except InvalidInput as exc:
            errors.update(exc.errors)
    if "preferred_districts" in data:
        try:
            checked.districts = lookups(session).district_code_list(data["preferred_districts"], field="preferred_districts")
        except InvalidInput as exc:
            errors.update(exc.errors)
    if "space_need" in data:
        need = data["space_need"]
        if need is not None:
            need = {**(current_need or {}), **need}
            errors.update(space_need_errors(need))
        checked.columns.update({f"need_{name}": (need or {}).get(name) for name in SPACE_NEED_FIELDS})
    if errors:
        raise InvalidInput(errors)
    return checked


def _apply(project: Project, data: dict[str, Any], *, session: Session, check_name: bool = True) -> None:
    if check_name and "name" in data and data["name"] != project.name:
        duplicate = session.scalar(
            sa.select(Project.id).where(Project.incubator_id == project.incubator_id, Project.name == data["name"])
        )
        if duplicate is not None:
            raise Conflict(f"本孵化器已有同名项目：{data['name']}（编号 {duplicate}）")
    checked = check_project_data(data, session=session, current_need=project.space_need)
    for name, value in checked.columns.items():
        setattr(project, name, value)
    if checked.industries is not None:
        project.industry_links = [ProjectIndustry(industry_code=c, position=i) for i, c in enumerate(checked.industries)]
    if checked.districts is not None:
        project.preferred_links = [ProjectDistrict(district_code=c, position=i) for i, c in enumerate(checked.districts)]


def space_need_errors(need: dict[str, Any]) -> dict[str, list[str]]:
    """What is missing or inconsistent in a whole space need, keyed by field path."""
    errors = {}
    if need.get("space_type") is None:
        errors["space_need.space_type"] = ["缺少空间类型"]
    if need.get("area_min") is None:
        errors["space_need.area_min"] = ["缺少需求面积下限"]
    elif need.get("area_max") is not None and need["area_max"] < need["area_min"]:
        errors["space_need.area_max"] = ["需求面积上限不能小于下限"]
    return errors


def create_project(data: dict[str, Any], *, actor: str, session: Session) -> Project:
    """Register a project in the chain and record its admission (入孵)."""
    stage = data.get("stage", Stage.nursery)
    if stage not in CHAIN:
        raise InvalidInput({"stage": ["新登记的项目只能处于苗圃、孵化或加速阶段；产业化请通过毕业进入"]})
    # A prospect (赛展促孵) waits for a carrier to admit it through a hand-over.
    status = Status(data.pop("status", Status.active))
    reason = "登记待入孵" if status is Status.prospect else "登记入孵"
    if status is Status.prospect:
        data.pop("incubator_id", None)
    project = register_project(data, stage=stage, status=status, actor=actor, session=session, reason=reason)
    session.flush()
    return project


def register_project(
    data: dict[str, Any],
    *,
    stage: Stage,
    status: Status,
    actor: str,
    session: Session,
    reason: str = "登记入孵",
    check_name: bool = True,
) -> Project:
    """A new project in the given stage and status, its admission recorded; added, not flushed.

    Bulk imports bring projects that are already further along; they check names themselves.
    """
    check_stage_status(stage, status)
    incubator_id = None
    if status is not Status.prospect:
        incubator_id = get_incubator_or_raise(data["incubator_id"], session=session).id
    admission = StageChange(
        action=Action.admit, from_stage=None, to_stage=stage, from_status=None, to_status=status,
        reason=reason, actor=actor, to_incubator_id=incubator_id,
    )
    # Built whole in the constructor: appending to a new object's collections costs more.
    project = Project(incubator_id=incubator_id, stage=stage, status=status, history=[admission])
    _apply(project, data, session=session, check_name=check_name)
    session.add(project)
    return project


def check_stage_status(stage: Stage, status: Status) -> None:
    """`InvalidInput` unless the stage and status can stand together (and a new project is never `signed`)."""
    if status is Status.signed:
        raise InvalidInput({"status": ["签约待落地只能由匹配签约产生，不能直接登记"]})
    if (stage is Stage.industrialization) != (status in (Status.graduated, Status.signed, Status.landed)) and status is not Status.exited:
        raise InvalidInput({"status": ["状态与阶段不符：产业化阶段的项目应为已毕业或已落地，其余阶段应为在孵或已退出"]})


def bulk_register_projects(
    items: list[tuple[int, Stage, Status, CheckedProject]], *, actor: str, reason: str, session: Session
) -> None:
    """Insert many checked projects (incubator id, stage, status, data) with their admissions.

    The same rows as `register_project` writes, as a few multi-row INSERTs instead of one
    unit-of-work per project: what makes a 100,000-row import take seconds, not minutes.
    """
    if not items:
        return
    now = utcnow()
    # Every row with the same keys, so each table gets one batched statement.
    blank = {"description": "", "team_size": None, "revenue": None, "financing": None, "planned_investment": None,
             **{f"need_{name}": None for name in SPACE_NEED_FIELDS}}
    rows = [
        {**blank, "incubator_id": incubator_id, "stage": stage, "status": status, "version": 1,
         "created_at": now, "updated_at": now, **checked.columns}
        for incubator_id, stage, status, checked in items
    ]
    ids = session.scalars(sa.insert(Project).returning(Project.id, sort_by_parameter_order=True), rows).all()
    session.execute(sa.insert(StageChange), [
        {"project_id": pid, "action": Action.admit, "from_stage": None, "to_stage": stage, "from_status": None,
         "to_status": status, "reason": reason, "actor": actor, "at": now, "to_incubator_id": incubator_id}
        for pid, (incubator_id, stage, status, _) in zip(ids, items, strict=True)
    ])
    links = [{"project_id": pid, "industry_code": code, "position": i}
             for pid, (*_, checked) in zip(ids, items, strict=True) for i, code in enumerate(checked.industries or [])]
    if links:
        session.execute(sa.insert(ProjectIndustry), links)
    record(session, action=AuditAction.create, entity="projects", entity_ids=list(ids),
           changes=[{"name": row["name"], "incubator_id": row["incubator_id"], "stage": row["stage"],
                     "status": row["status"], "via": reason} for row in rows])
    preferred = [{"project_id": pid, "district_code": code, "position": i}
                 for pid, (*_, checked) in zip(ids, items, strict=True) for i, code in enumerate(checked.districts or [])]
    if preferred:
        session.execute(sa.insert(ProjectDistrict), preferred)


def update_project(
    project: Project, data: dict[str, Any], *, session: Session, check_name: bool = True
) -> Project:
    """Change a project's data; its stage and status change only through transitions."""
    if "incubator_id" in data and data["incubator_id"] != project.incubator_id:
        raise Forbidden("项目不能直接改到其他载体；请发起接续（POST /api/v1/projects/{id}/transfers），由接收方载体接收")
    _apply(project, data, session=session, check_name=check_name)
    session.flush()
    return project


def transition_project(
    project: Project, action: Action, *, actor: str, reason: str, session: Session
) -> StageChange:
    """Advance, graduate or exit a project, recording who did it and why."""
    change = project.transition(action, actor=actor, reason=reason)
    if project.status is not Status.active:
        project.placement = None  # a team that graduated or exited leaves its desk
    session.flush()
    return change


def list_projects(
    *,
    session: Session,
    incubator_scope: int | None = None,
    stage: Stage | None = None,
    status: Status | None = None,
    incubator_id: int | None = None,
    district: str | None = None,
    industry: str | None = None,
    q: str | None = None,
    event: str | None = None,
    since: date | None = None,
    until: date | None = None,
) -> sa.Select[tuple[Project]]:
    """A query of projects, filtered, ordered by id.

    `event` (admit, graduate, sign or land) with `since`..`until` keeps the projects that had
    it on a Wenzhou day in that period: the list behind a bar of the dashboard's trend.
    """
    query = sa.select(Project).options(*PROJECT_LOAD).order_by(Project.id)
    if incubator_scope is not None:
        query = query.where(Project.incubator_id == incubator_scope)
    if stage is not None:
        query = query.where(Project.stage == stage)
    if status is not None:
        query = query.where(Project.status == status)
    if incubator_id is not None:
        query = query.where(Project.incubator_id == incubator_id)
    if district:
        code = lookups(session).district_code(district, field="query.district")
        query = query.where(
            Project.incubator_id.in_(sa.select(Incubator.id).where(Incubator.district_code == code))
        )
    if industry:
        # A division or group code matches every class below it.
        prefix = industry.strip().upper()
        query = query.where(
            Project.id.in_(
                sa.select(ProjectIndustry.project_id).where(
                    ProjectIndustry.industry_code.startswith(prefix, autoescape=True)
                )
            )
        )
    if event is not None and since is not None and until is not None:
        query = query.where(Project.id.in_(event_project_ids(event, since, until)))
    if q:
        query = query.where(
            sa.or_(
                Project.name.contains(q, autoescape=True),
                Project.description.contains(q, autoescape=True),
            )
        )
    return query
