"""Following a match from first contact to signing and landing, with safe space reservation."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, UTCDateTime, enum_column_type, utcnow, wenzhou_today
from .project import Project
from .site import Offer
from .user import User


class MatchStatus(enum.StrEnum):
    proposed = "proposed"
    contacted = "contacted"
    visited = "visited"
    negotiating = "negotiating"
    signed = "signed"
    landed = "landed"
    dropped = "dropped"


class MatchAction(enum.StrEnum):
    propose = "propose"
    contact = "contact"
    visit = "visit"
    negotiate = "negotiate"
    sign = "sign"
    land = "land"
    drop = "drop"


# Each step moves one status forward; drop ends any open match.
STEPS = {
    MatchAction.contact: (MatchStatus.proposed, MatchStatus.contacted),
    MatchAction.visit: (MatchStatus.contacted, MatchStatus.visited),
    MatchAction.negotiate: (MatchStatus.visited, MatchStatus.negotiating),
    MatchAction.sign: (MatchStatus.negotiating, MatchStatus.signed),
    MatchAction.land: (MatchStatus.signed, MatchStatus.landed),
}
# Why a match was dropped (labels.DROP_REASON_NAMES gives the Chinese).
class DropReason(enum.StrEnum):
    area = "area"
    rent = "rent"
    location = "location"
    industry = "industry"
    policy = "policy"
    company = "company"
    other = "other"


OPEN = (MatchStatus.proposed, MatchStatus.contacted, MatchStatus.visited, MatchStatus.negotiating, MatchStatus.signed)


class Match(Base):
    """A project proposed for an offer, and how far the two have come."""

    __tablename__ = "matches"
    __table_args__ = (
        sa.CheckConstraint("area > 0", name="area"),
        # A project holds at most one signing: the database refuses the second, whatever races.
        sa.Index("uq_matches_project_signed", "project_id", unique=True,
                 sqlite_where=sa.text("status = 'signed'"), postgresql_where=sa.text("status = 'signed'")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(sa.ForeignKey("projects.id"), index=True)
    offer_id: Mapped[int] = mapped_column(sa.ForeignKey("offers.id"), index=True)
    event_id: Mapped[int | None] = mapped_column(sa.ForeignKey("events.id"), index=True)
    area: Mapped[float] = mapped_column(sa.Float)
    note: Mapped[str] = mapped_column(sa.Text, default="")
    status: Mapped[MatchStatus] = mapped_column(enum_column_type(MatchStatus, "match_status"), index=True)
    # The score and factors when it was proposed, kept as the reason it was proposed.
    score: Mapped[float | None] = mapped_column(sa.Float)
    factors: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    # The ledger: who follows it (负责人, a promotion user), and what happens next by when.
    owner_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"), index=True)
    next_action: Mapped[str] = mapped_column(sa.String(200), default="", server_default="")
    next_action_on: Mapped[date | None]
    created_by: Mapped[str] = mapped_column(sa.String(80))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    __mapper_args__ = {"version_id_col": version}

    project: Mapped[Project] = relationship()
    offer: Mapped[Offer] = relationship()
    owner: Mapped[User | None] = relationship()
    history: Mapped[list[MatchStep]] = relationship(
        order_by="MatchStep.id", cascade="all, delete-orphan", back_populates="match"
    )

    @property
    def last_step_on(self) -> date | None:
        """The date of its latest step."""
        return self.history[-1].happened_on if self.history else None


class MatchStep(Base):
    """One step of a match: who moved it, from where to where, why and when."""

    __tablename__ = "match_steps"

    id: Mapped[int] = mapped_column(primary_key=True)
    match_id: Mapped[int] = mapped_column(sa.ForeignKey("matches.id", ondelete="CASCADE"), index=True)
    action: Mapped[MatchAction] = mapped_column(enum_column_type(MatchAction, "match_action"))
    from_status: Mapped[MatchStatus | None] = mapped_column(enum_column_type(MatchStatus, "match_from_status"))
    to_status: Mapped[MatchStatus] = mapped_column(enum_column_type(MatchStatus, "match_to_status"))
    reason: Mapped[str] = mapped_column(sa.Text, default="")  # the note (纪要)
    drop_reason: Mapped[DropReason | None] = mapped_column(enum_column_type(DropReason, "drop_reason"))
    actor: Mapped[str] = mapped_column(sa.String(80))
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)  # when it was recorded
    happened_on: Mapped[date] = mapped_column(default=wenzhou_today)  # when it happened, as staff give it

    match: Mapped[Match] = relationship(back_populates="history")

    @property
    def note(self) -> str:
        return self.reason


OFFER_ARCHIVED = "空间已下架"
