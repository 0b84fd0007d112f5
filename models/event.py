"""Matchmaking and signing events (对接会/签约会) and the reports computed for them."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, UTCDateTime, enum_column_type, utcnow


class EventKind(enum.StrEnum):
    matchmaking = "matchmaking"
    signing = "signing"


class Event(Base):
    """An event that the assignment of graduating projects is prepared for."""

    __tablename__ = "events"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(100))
    date: Mapped[date]
    kind: Mapped[EventKind] = mapped_column(enum_column_type(EventKind, "event_kind"))
    district_code: Mapped[str | None] = mapped_column(sa.ForeignKey("districts.code"))
    # Which graduated projects: {district, industry, incubator_id, graduated_since}; empty = all.
    project_filter: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    # What the printed signing list carries: 主办单位, 地点, and who signs for the landing side.
    organiser: Mapped[str] = mapped_column(sa.String(100), default="", server_default="")
    venue: Mapped[str] = mapped_column(sa.String(200), default="", server_default="")
    signatories: Mapped[list[dict[str, str]]] = mapped_column(sa.JSON, default=list, server_default=sa.text("'[]'"))
    created_by: Mapped[str] = mapped_column(sa.String(80))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    reports: Mapped[list[EventReport]] = relationship(
        back_populates="event", order_by="EventReport.id", cascade="all, delete-orphan"
    )

    @property
    def latest_report(self) -> EventReport | None:
        return self.reports[-1] if self.reports else None


class EventReport(Base):
    """A computed assignment, frozen: later edits to projects and sites do not change it."""

    __tablename__ = "event_reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(sa.ForeignKey("events.id", ondelete="CASCADE"), index=True)
    snapshot: Mapped[dict[str, Any]] = mapped_column(sa.JSON)
    created_by: Mapped[str] = mapped_column(sa.String(80))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    event: Mapped[Event] = relationship(back_populates="reports")
