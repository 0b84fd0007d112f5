"""Registering, finding, changing and moving projects through the stages."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from .errors import Conflict, Forbidden, InvalidInput, NotFound
from .incubator import Incubator, get_incubator_or_raise
from .project import (
    CHAIN,
    Action,
    Project,
    ProjectDistrict,
    ProjectIndustry,
    Stage,
    StageChange,
    Status,
)
from .reference import lookups


def get_project_or_raise(
    project_id: int, *, session: Session, incubator_scope: int | None = None
) -> Project:
    """The project with this id; `NotFound` also when it belongs to another incubator than `incubator_scope`."""
    project = session.get(Project, project_id)
    if project is None or (incubator_scope is not None and project.incubator_id != incubator_scope):
        raise NotFound(f"项目 {project_id} 不存在")
    return project


def _apply(project: Project, data: dict[str, Any], *, session: Session, check_name: bool = True) -> None:
    errors: dict[str, list[str]] = {}  # every bad reference is reported at once
    if check_name and "name" in data and data["name"] != project.name:
        incubator_id = project.incubator_id or project.incubator.id
        duplicate = session.scalar(
            sa.select(Project.id).where(Project.incubator_id == incubator_id, Project.name == data["name"])
        )
        if duplicate is not None:
            raise Conflict(f"本孵化器已有同名项目：{data['name']}（编号 {duplicate}）")
    for name in ("name", "description", "team_size", "revenue", "financing"):
        if name in data:
            setattr(project, name, data[name])
    if "industries" in data:
        try:
            codes = lookups(session).industry_codes(data["industries"], field="industries")
            project.industry_links = [
                ProjectIndustry(industry_code=code, position=i) for i, code in enumerate(codes)
            ]
        except InvalidInput as exc:
            errors.update(exc.errors)
    if "preferred_districts" in data:
        try:
            codes = lookups(session).district_code_list(data["preferred_districts"], field="preferred_districts")
            project.preferred_links = [
                ProjectDistrict(district_code=code, position=i) for i, code in enumerate(codes)
            ]
        except InvalidInput as exc:
            errors.update(exc.errors)
    if "space_need" in data:
        need = data["space_need"]
        if need is not None:
            # A PATCH may give part of the need; the rest stays as it was.
            need = {**(project.space_need or {}), **need}
            errors.update(space_need_errors(need))
        if not errors:
            project.space_need = need
    if errors:
        raise InvalidInput(errors)


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
    project = register_project(data, stage=stage, status=Status.active, actor=actor, session=session)
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
    if (stage is Stage.industrialization) != (status in (Status.graduated, Status.landed)) and status is not Status.exited:
        raise InvalidInput({"status": ["状态与阶段不符：产业化阶段的项目应为已毕业或已落地，其余阶段应为在孵或已退出"]})
    incubator = get_incubator_or_raise(data["incubator_id"], session=session)
    project = Project(incubator=incubator, stage=stage, status=status)
    _apply(project, data, session=session, check_name=check_name)
    project.history.append(
        StageChange(
            action=Action.admit,
            from_stage=None,
            to_stage=stage,
            from_status=None,
            to_status=status,
            reason=reason,
            actor=actor,
        )
    )
    session.add(project)
    return project


def update_project(
    project: Project, data: dict[str, Any], *, session: Session, check_name: bool = True
) -> Project:
    """Change a project's data; its stage and status change only through transitions."""
    if "incubator_id" in data and data["incubator_id"] != project.incubator_id:
        raise Forbidden("项目不能转到其他孵化器；请由新孵化器重新登记")
    _apply(project, data, session=session, check_name=check_name)
    session.flush()
    return project


def transition_project(
    project: Project, action: Action, *, actor: str, reason: str, session: Session
) -> StageChange:
    """Advance, graduate or exit a project, recording who did it and why."""
    change = project.transition(action, actor=actor, reason=reason)
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
) -> sa.Select[tuple[Project]]:
    """A query of projects, filtered, ordered by id."""
    query = sa.select(Project).order_by(Project.id)
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
    if q:
        query = query.where(
            sa.or_(
                Project.name.contains(q, autoescape=True),
                Project.description.contains(q, autoescape=True),
            )
        )
    return query
