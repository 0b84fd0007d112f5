"""A carrier's spaces, what its projects occupy in them, and hand-overs between carriers (接续).

A carrier is an `Incubator` of any kind (众创空间, 孵化器, 加速器, 大学科技园). Vacancy and the
occupancy rate are never stored: they follow from the placements (`services.carriers`).
"""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, UTCDateTime, enum_column_type, utcnow
from .incubator import Incubator
from .project import Project, Stage


class CarrierSpaceType(enum.StrEnum):
    desk = "desk"  # open desks (工位), counted by desk
    office = "office"
    lab = "lab"
    pilot_plant = "pilot_plant"  # 中试厂房


class TransferStatus(enum.StrEnum):
    pending = "pending"
    accepted = "accepted"
    declined = "declined"
    cancelled = "cancelled"


class Space(Base):
    """One kind of space a carrier lets to its teams: its total area and, for desks, their number."""

    __tablename__ = "carrier_spaces"
    __table_args__ = (
        sa.CheckConstraint("total_area > 0", name="total_area"),
        sa.CheckConstraint("unit_area IS NULL OR unit_area > 0", name="unit_area"),
        sa.CheckConstraint("desks IS NULL OR desks >= 0", name="desks"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    incubator_id: Mapped[int] = mapped_column(sa.ForeignKey("incubators.id", ondelete="CASCADE"), index=True)
    space_type: Mapped[CarrierSpaceType] = mapped_column(enum_column_type(CarrierSpaceType, "carrier_space_type"))
    name: Mapped[str] = mapped_column(sa.String(100), default="")
    total_area: Mapped[float] = mapped_column(sa.Float)  # ㎡
    unit_area: Mapped[float | None] = mapped_column(sa.Float)  # ㎡ of one unit (room, bay)
    desks: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    incubator: Mapped[Incubator] = relationship(back_populates="spaces")
    placements: Mapped[list[Placement]] = relationship(back_populates="space")


class Placement(Base):
    """What an active project occupies in its carrier: area in one space, and desks."""

    __tablename__ = "placements"
    __table_args__ = (
        sa.CheckConstraint("area >= 0", name="area"),
        sa.CheckConstraint("desks >= 0", name="desks"),
        sa.CheckConstraint("area > 0 OR desks > 0", name="occupies"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(sa.ForeignKey("projects.id", ondelete="CASCADE"), unique=True)
    space_id: Mapped[int] = mapped_column(sa.ForeignKey("carrier_spaces.id"), index=True)
    area: Mapped[float] = mapped_column(sa.Float, default=0.0)
    desks: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    space: Mapped[Space] = relationship(back_populates="placements", lazy="joined")
    project: Mapped[Project] = relationship(back_populates="placement")


class Transfer(Base):
    """A hand-over of a project to another carrier, or the admission of a prospect: asked, then decided."""

    __tablename__ = "transfers"
    __table_args__ = (
        sa.CheckConstraint(
            "from_incubator_id IS NULL OR from_incubator_id <> to_incubator_id", name="another_carrier"
        ),
        sa.CheckConstraint("area IS NULL OR area >= 0", name="area"),
        sa.CheckConstraint("desks IS NULL OR desks >= 0", name="desks"),
        # A project waits on at most one hand-over at a time.
        sa.Index(
            "uq_transfers_pending_project",
            "project_id",
            unique=True,
            sqlite_where=sa.text("status = 'pending'"),
            postgresql_where=sa.text("status = 'pending'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(sa.ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    from_incubator_id: Mapped[int | None] = mapped_column(sa.ForeignKey("incubators.id"), index=True)
    to_incubator_id: Mapped[int] = mapped_column(sa.ForeignKey("incubators.id"), index=True)
    advance: Mapped[bool] = mapped_column(default=False)
    # The placement asked for in the receiving carrier; none when the team needs no space there yet.
    space_id: Mapped[int | None] = mapped_column(sa.ForeignKey("carrier_spaces.id"))
    area: Mapped[float | None] = mapped_column(sa.Float)
    desks: Mapped[int | None]
    reason: Mapped[str] = mapped_column(sa.Text, default="")
    status: Mapped[TransferStatus] = mapped_column(
        enum_column_type(TransferStatus, "transfer_status"), default=TransferStatus.pending, index=True
    )
    decision_reason: Mapped[str] = mapped_column(sa.Text, default="")
    requested_by: Mapped[str] = mapped_column(sa.String(80))
    decided_by: Mapped[str | None] = mapped_column(sa.String(80))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    project: Mapped[Project] = relationship(lazy="joined")
    from_incubator: Mapped[Incubator | None] = relationship(foreign_keys=[from_incubator_id], lazy="joined")
    to_incubator: Mapped[Incubator] = relationship(foreign_keys=[to_incubator_id], lazy="joined")
    space: Mapped[Space | None] = relationship()


Incubator.spaces = relationship(Space, back_populates="incubator", order_by=Space.id, cascade="all, delete-orphan")
Project.placement = relationship(Placement, back_populates="project", uselist=False, cascade="all, delete-orphan")

__all__ = ["CarrierSpaceType", "Placement", "Space", "Stage", "Transfer", "TransferStatus"]
