"""Incubators: the operators that register projects and move them through the stages."""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, UTCDateTime, enum_column_type, utcnow
from .reference import District


class IncubatorLevel(enum.StrEnum):
    national = "national"
    provincial = "provincial"
    municipal = "municipal"
    other = "other"


class IncubatorKind(enum.StrEnum):
    """The carrier's place in the relay 创业苗圃 → 孵化 → 加速 (seed plan 000, 二(三))."""

    maker_space = "maker_space"  # 众创空间/创业苗圃
    incubator = "incubator"
    accelerator = "accelerator"
    university_park = "university_park"  # 大学科技园


# The stages a carrier of each kind hosts when it names none itself (values of `models.project.Stage`).
KIND_STAGES = {
    IncubatorKind.maker_space: ("nursery",),
    IncubatorKind.incubator: ("nursery", "incubation"),
    IncubatorKind.accelerator: ("acceleration",),
    IncubatorKind.university_park: ("nursery", "incubation", "acceleration"),
}
STAGE_ORDER = ("nursery", "incubation", "acceleration")


class IncubatorStage(Base):
    """A stage of the chain a carrier hosts."""

    __tablename__ = "incubator_stages"
    __table_args__ = (sa.CheckConstraint(f"stage IN {STAGE_ORDER}", name="stage"),)

    incubator_id: Mapped[int] = mapped_column(
        sa.ForeignKey("incubators.id", ondelete="CASCADE"), primary_key=True
    )
    stage: Mapped[str] = mapped_column(sa.String(20), primary_key=True)


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
    kind: Mapped[IncubatorKind] = mapped_column(
        enum_column_type(IncubatorKind, "incubator_kind"), default=IncubatorKind.incubator, index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    district: Mapped[District] = relationship(lazy="joined")
    industry_links: Mapped[list[IncubatorIndustry]] = relationship(
        order_by=IncubatorIndustry.position, cascade="all, delete-orphan", lazy="selectin"
    )
    stage_links: Mapped[list[IncubatorStage]] = relationship(cascade="all, delete-orphan", lazy="selectin")

    @property
    def industries(self) -> list[str]:
        return [link.industry_code for link in self.industry_links]

    @property
    def stages(self) -> list[str]:
        """The stages it hosts, in the order of the chain."""
        hosted = {link.stage for link in self.stage_links}
        return [stage for stage in STAGE_ORDER if stage in hosted]
