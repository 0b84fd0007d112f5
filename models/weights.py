"""The ranking weights a person adopted, newest in force; the configured ones before any."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, UTCDateTime, utcnow


class MatchWeights(Base):
    """One adoption of the three factor weights: the values, who adopted them, when, and from what fit."""

    __tablename__ = "match_weights"
    __table_args__ = (
        sa.CheckConstraint("industry >= 0 AND space >= 0 AND locality >= 0", name="non_negative"),
        sa.CheckConstraint("industry + space + locality > 0", name="not_all_zero"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    industry: Mapped[float] = mapped_column(sa.Float)
    space: Mapped[float] = mapped_column(sa.Float)
    locality: Mapped[float] = mapped_column(sa.Float)
    # How many outcomes the fit used (None when set by hand), and its figures.
    outcomes: Mapped[int | None]
    summary: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    adopted_by: Mapped[str] = mapped_column(sa.String(80))
    adopted_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
