"""Import and export of projects' financings (到账融资) and yearly figures (年度经营数据).

A row names its project by 孵化器 and 项目 (a project's name is unique in its incubator). A
financing is found again by project, date, investor and round (its amount is updated); yearly
figures by project and year (replaced). All or nothing, like every import.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from models.incubator import Incubator
from models.performance import AnnualFigures, Financing
from models.performance_service import save_annual_figures
from models.project import Project
from models.user import Role, User

from .limits import quote
from .reader import Table


def _project_ids(session: Session) -> dict[tuple[str, str], int]:
    rows = session.execute(sa.select(Incubator.name, Project.name, Project.id)
                           .join(Incubator, Incubator.id == Project.incubator_id))
    return {(incubator, project): pid for incubator, project, pid in rows}


def _owned(session: Session, user: User) -> set[int] | None:
    if user.role is not Role.incubator:
        return None
    return set(session.scalars(sa.select(Project.id).where(Project.incubator_id == user.incubator_id)))


def import_records(kind: str, table: Table, *, session: Session, user: User, schemas: Any) -> Any:
    """Financings or yearly figures, each row loaded by the API's create schema."""
    # The shared row machinery; imported here because the importer dispatches to this module.
    from .importer import ImportReport, _duplicate, _load_valid, _Rows

    report = ImportReport()
    rows = _Rows(kind, table, report)
    projects, owned = _project_ids(session), _owned(session, user)
    own_name = None if owned is None else session.scalar(sa.select(Incubator.name).where(Incubator.id == user.incubator_id))
    schema = (schemas.financing if kind == "financings" else schemas.annual_figures)()
    seen: dict[Any, int] = {}
    for number, values in rows:
        incubator = values.pop("incubator", None) or own_name
        name = values.pop("project", None)
        project_id = projects.get((incubator, name))
        if name is None or incubator is None:
            rows.fail(number, {"project" if name is None else "incubator": ["必填"]})
            continue
        if project_id is None or (owned is not None and project_id not in owned):
            rows.fail(number, {"project": [f"未知项目：{quote(incubator)} 的 {quote(name)}"]})
            continue
        data, errors = _load_valid(schema, values)
        rows.fail(number, errors)
        if errors:
            continue
        if kind == "financings":
            key = (project_id, data["received_on"], data["investor"], data["round"])
            if _duplicate(seen, key, number, rows, "received_on"):
                continue
            outcome = _save_financing(project_id, data, actor=user.username, session=session)
        else:
            if _duplicate(seen, (project_id, data["year"]), number, rows, "year"):
                continue
            outcome = save_annual_figures(project_id, data, actor=user.username, session=session)
        setattr(report, outcome, getattr(report, outcome) + 1)
    session.flush()
    return report


def _save_financing(project_id: int, data: dict[str, Any], *, actor: str, session: Session) -> str:
    found = session.scalar(sa.select(Financing).where(
        Financing.project_id == project_id, Financing.received_on == data["received_on"],
        Financing.investor == data["investor"], Financing.round == data["round"]))
    if found is None:
        session.add(Financing(project_id=project_id, created_by=actor, **data))
        return "created"
    if found.amount == data["amount"]:
        return "unchanged"
    found.amount = data["amount"]
    return "updated"


def financing_rows(session: Session, scope: int | None) -> Iterator[dict[str, Any]]:
    """Every financing with its project's incubator and name, by project and date."""
    query = (sa.select(Incubator.name, Project.name, Financing).join(Project, Project.id == Financing.project_id)
             .join(Incubator, Incubator.id == Project.incubator_id)
             .order_by(Project.id, Financing.received_on, Financing.id))
    if scope is not None:
        query = query.where(Project.incubator_id == scope)
    for incubator, project, f in session.execute(query):
        yield {"incubator": incubator, "project": project, "amount": f.amount, "received_on": f.received_on,
               "investor": f.investor, "round": f.round}


def annual_figure_rows(session: Session, scope: int | None) -> Iterator[dict[str, Any]]:
    """Every project's yearly figures, by project and year."""
    query = (sa.select(Incubator.name, Project.name, AnnualFigures)
             .join(Project, Project.id == AnnualFigures.project_id)
             .join(Incubator, Incubator.id == Project.incubator_id).order_by(Project.id, AnnualFigures.year))
    if scope is not None:
        query = query.where(Project.incubator_id == scope)
    for incubator, project, f in session.execute(query):
        yield {"incubator": incubator, "project": project, "year": f.year, "revenue": f.revenue,
               "employees": f.employees, "rd_staff": f.rd_staff, "talents": f.talents}


__all__ = ["annual_figure_rows", "financing_rows", "import_records"]
