"""Data-version stamps: a number that changes with every change to a kind of data.

Caches in any worker process or server compare the stamp with the one they were built from;
the stamp lives in the database, so every process sharing it sees a change at once.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, Session, mapped_column

from .base import Base

# Sites, offers, industry codes and chains: everything the ranking index is built from.
INVENTORY = "inventory"


class DataVersion(Base):
    """The current stamp of one kind of data."""

    __tablename__ = "data_versions"

    name: Mapped[str] = mapped_column(sa.String(40), primary_key=True)
    version: Mapped[int] = mapped_column(default=0)


def bump_version(name: str, *, session: Session) -> None:
    """Mark `name` changed, in the caller's transaction (rolled back with it)."""
    updated = session.execute(
        sa.update(DataVersion).where(DataVersion.name == name).values(version=DataVersion.version + 1)
    ).rowcount
    if not updated:
        session.add(DataVersion(name=name, version=1))
        session.flush()


def current_version(name: str, *, session: Session) -> int:
    """The stamp of `name` as committed (0 before any change)."""
    return session.scalar(sa.select(DataVersion.version).where(DataVersion.name == name)) or 0
