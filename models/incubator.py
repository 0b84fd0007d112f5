"""Incubators: the operators that register projects and move them through the stages."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from .base import Base, UTCDateTime, enum_column_type, utcnow
from .errors import Conflict, NotFound
from .reference import District, lookups


class IncubatorLevel(enum.StrEnum):
    national = "national"
    provincial = "provincial"
    municipal = "municipal"
    other = "other"


class IncubatorIndustry(Base):
    """One of an incubator's focus industries, in the order the incubator gave them."""

    __tablename__ = "incubator_industries"

    incubator_id: Mapped[int] = mapped_column(
        sa.ForeignKey("incubators.id", ondelete="CASCADE"), primary_key=True
    )
    industry_code: Mapped[str] = mapped_column(sa.ForeignKey("industries.code"), primary_key=True)
    position: Mapped[int] = mapped_column(default=0)


class Incubator(Base):
    """An incubator (孵化器) and its operator."""

    __tablename__ = "incubators"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(100), unique=True)
    district_code: Mapped[str] = mapped_column(sa.ForeignKey("districts.code"), index=True)
    level: Mapped[IncubatorLevel] = mapped_column(
        enum_column_type(IncubatorLevel, "incubator_level"), default=IncubatorLevel.other
    )
    demonstration: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    district: Mapped[District] = relationship(lazy="joined")
    industry_links: Mapped[list[IncubatorIndustry]] = relationship(
        order_by=IncubatorIndustry.position, cascade="all, delete-orphan", lazy="selectin"
    )

    @property
    def industries(self) -> list[str]:
        return [link.industry_code for link in self.industry_links]


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
