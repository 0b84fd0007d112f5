"""Fund investment intentions (基金拟投): a fund reports it intends to invest in a project."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, column_property, mapped_column, relationship

from .base import Base, UTCDateTime, utcnow
from .project import Project


class FundIntention(Base):
    """An intention to invest, and whether the fund wants the project to move out of Wenzhou."""

    __tablename__ = "fund_intentions"
    __table_args__ = (sa.CheckConstraint("amount IS NULL OR amount >= 0", name="amount"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(sa.ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    fund_name: Mapped[str] = mapped_column(sa.String(100))
    amount: Mapped[float | None] = mapped_column(sa.Float)  # 万元
    expected_date: Mapped[date | None]
    # The fund wants the project to move out of Wenzhou: a project the city may lose.
    relocate_out: Mapped[bool] = mapped_column(default=False, index=True)
    destination: Mapped[str] = mapped_column(sa.String(100), default="")
    note: Mapped[str] = mapped_column(sa.Text, default="")
    created_by: Mapped[str] = mapped_column(sa.String(80))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    project: Mapped[Project] = relationship(back_populates="fund_intentions")


Project.fund_intentions = relationship(
    FundIntention, back_populates="project", order_by=FundIntention.id, cascade="all, delete-orphan"
)
# A fund intends to invest on condition that the project moves out of Wenzhou. Read in the
# project's own SELECT, so lists need not load every intention to show the flag; an edit of the
# project itself cannot change it, so its flushes keep it (record_intention expires it).
Project.relocation_risk = column_property(
    sa.exists().where(FundIntention.project_id == Project.id, FundIntention.relocate_out == sa.true()),
    expire_on_flush=False,
)
