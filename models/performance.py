"""A project's financings received (到账融资) and its yearly figures: the inputs of the operators' evaluation.

Recorded per project; the evaluation (`services.evaluation`) counts them for the carrier that
holds the project (the last one, for a graduate).
"""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, UTCDateTime, utcnow
from .project import Project

# Years a yearly figure may be given for: the programme's records, not a typo's.
FIRST_YEAR, LAST_YEAR = 2000, 2100


class Financing(Base):
    """One financing a project received: amount (万元), date received, investor and round."""

    __tablename__ = "financings"
    __table_args__ = (sa.CheckConstraint("amount > 0", name="amount"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(sa.ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    amount: Mapped[float] = mapped_column(sa.Float)  # 万元
    received_on: Mapped[date] = mapped_column(index=True)
    investor: Mapped[str] = mapped_column(sa.String(100), default="")
    round: Mapped[str] = mapped_column(sa.String(40), default="")  # 天使轮, A 轮 … as the team calls it
    created_by: Mapped[str] = mapped_column(sa.String(80))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    project: Mapped[Project] = relationship(back_populates="financings")


class AnnualFigures(Base):
    """A project's figures for one year: revenue (万元), employees, R&D staff, talents brought in."""

    __tablename__ = "annual_figures"
    __table_args__ = (
        sa.UniqueConstraint("project_id", "year", name="uq_annual_figures_project_year"),
        sa.CheckConstraint(f"year BETWEEN {FIRST_YEAR} AND {LAST_YEAR}", name="year"),
        sa.CheckConstraint("revenue IS NULL OR revenue >= 0", name="revenue"),
        sa.CheckConstraint("employees IS NULL OR employees >= 0", name="employees"),
        sa.CheckConstraint("rd_staff IS NULL OR rd_staff >= 0", name="rd_staff"),
        sa.CheckConstraint("rd_staff IS NULL OR employees IS NULL OR rd_staff <= employees", name="rd_within_employees"),
        sa.CheckConstraint("talents IS NULL OR talents >= 0", name="talents"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(sa.ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    year: Mapped[int] = mapped_column(index=True)
    revenue: Mapped[float | None] = mapped_column(sa.Float)  # 万元 in the year
    employees: Mapped[int | None]
    rd_staff: Mapped[int | None]
    talents: Mapped[int | None]  # talents brought in (人才招引) in the year
    created_by: Mapped[str] = mapped_column(sa.String(80))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    project: Mapped[Project] = relationship(back_populates="annual_figures")


Project.financings = relationship(Financing, back_populates="project", order_by=(Financing.received_on, Financing.id),
                                  cascade="all, delete-orphan")
Project.annual_figures = relationship(AnnualFigures, back_populates="project", order_by=AnnualFigures.year,
                                      cascade="all, delete-orphan")

__all__ = ["FIRST_YEAR", "LAST_YEAR", "AnnualFigures", "Financing"]
