"""Recording a project's financings and yearly figures."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from .errors import Conflict
from .performance import AnnualFigures, Financing
from .project import Project

FIGURE_FIELDS = ("revenue", "employees", "rd_staff", "talents")


def record_financing(project: Project, data: dict[str, Any], *, actor: str, session: Session) -> Financing:
    """Record one financing the project received."""
    financing = Financing(project_id=project.id, created_by=actor, **data)
    session.add(financing)
    session.flush()
    return financing


def list_financings(project: Project, *, session: Session) -> list[Financing]:
    """The project's financings, by the date received."""
    return list(session.scalars(sa.select(Financing).where(Financing.project_id == project.id)
                                .order_by(Financing.received_on, Financing.id)))


def record_annual_figures(project: Project, data: dict[str, Any], *, actor: str, session: Session) -> AnnualFigures:
    """Record the project's figures of a year; a year already recorded is a `Conflict`."""
    existing = session.scalar(sa.select(AnnualFigures.id).where(
        AnnualFigures.project_id == project.id, AnnualFigures.year == data["year"]))
    if existing is not None:
        raise Conflict(f"项目「{project.name}」{data['year']} 年的年度数据已登记，不能重复登记")
    figures = AnnualFigures(project_id=project.id, created_by=actor, **data)
    session.add(figures)
    session.flush()
    return figures


def save_annual_figures(project_id: int, data: dict[str, Any], *, actor: str, session: Session) -> str:
    """Create or replace a project's figures of a year (imports): "created", "updated" or "unchanged"."""
    figures = session.scalar(sa.select(AnnualFigures).where(
        AnnualFigures.project_id == project_id, AnnualFigures.year == data["year"]))
    if figures is None:
        session.add(AnnualFigures(project_id=project_id, created_by=actor, **data))
        return "created"
    changed = {k: data.get(k) for k in FIGURE_FIELDS if getattr(figures, k) != data.get(k)}
    for name, value in changed.items():
        setattr(figures, name, value)
    return "updated" if changed else "unchanged"


def list_annual_figures(project: Project, *, session: Session) -> list[AnnualFigures]:
    """The project's yearly figures, oldest year first."""
    return list(session.scalars(sa.select(AnnualFigures).where(AnnualFigures.project_id == project.id)
                                .order_by(AnnualFigures.year)))


__all__ = ["FIGURE_FIELDS", "list_annual_figures", "list_financings", "record_annual_figures", "record_financing",
           "save_annual_figures"]
