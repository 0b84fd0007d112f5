"""Registering, changing and listing incubators."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from .errors import Conflict, NotFound
from .incubator import KIND_STAGES, Incubator, IncubatorIndustry, IncubatorKind, IncubatorStage
from .reference_service import lookups


def get_incubator_or_raise(incubator_id: int, *, session: Session) -> Incubator:
    """The incubator with this id, or `NotFound`."""
    incubator = session.get(Incubator, incubator_id)
    if incubator is None:
        raise NotFound(f"孵化器 {incubator_id} 不存在")
    return incubator


def _apply(incubator: Incubator, data: dict[str, Any], *, session: Session) -> None:
    if "name" in data:
        duplicate = session.scalar(
            sa.select(Incubator.id).where(Incubator.name == data["name"], Incubator.id != incubator.id)
        )
        if duplicate is not None:
            raise Conflict(f"已有同名孵化器：{data['name']}（编号 {duplicate}）")
        incubator.name = data["name"]
    if "district" in data:
        incubator.district_code = lookups(session).district_code(data["district"])
    if "level" in data:
        incubator.level = data["level"]
    if "demonstration" in data:
        incubator.demonstration = data["demonstration"]
    if "kind" in data:
        incubator.kind = data["kind"]
    if "stages" in data:
        incubator.stage_links = [IncubatorStage(stage=stage) for stage in dict.fromkeys(data["stages"])]
    elif not incubator.stage_links:
        incubator.stage_links = [
            IncubatorStage(stage=stage) for stage in KIND_STAGES[IncubatorKind(incubator.kind or "incubator")]
        ]
    if "industries" in data:
        codes = lookups(session).industry_codes(data["industries"], field="industries")
        incubator.industry_links = [
            IncubatorIndustry(industry_code=code, position=i) for i, code in enumerate(codes)
        ]


def create_incubator(data: dict[str, Any], *, session: Session) -> Incubator:
    """Register an incubator from validated input."""
    incubator = Incubator()
    _apply(incubator, data, session=session)
    session.add(incubator)
    session.flush()
    return incubator


def update_incubator(incubator: Incubator, data: dict[str, Any], *, session: Session) -> Incubator:
    """Change the given fields of an incubator."""
    _apply(incubator, data, session=session)
    session.flush()
    return incubator


def list_incubators(
    *, session: Session, district: str | None = None, q: str | None = None
) -> sa.Select[tuple[Incubator]]:
    """A query of incubators, filtered, ordered by id."""
    query = sa.select(Incubator).order_by(Incubator.id)
    if district:
        code = lookups(session).district_code(district, field="query.district")
        query = query.where(Incubator.district_code == code)
    if q:
        query = query.where(Incubator.name.contains(q, autoescape=True))
    return query
