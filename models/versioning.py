"""Data-version stamps: a number that changes with every change to a kind of data.

Caches in any worker process or server compare the stamp with the one they were built from;
the stamp lives in the database, so every process sharing it sees a change at once.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Mapped, Session, mapped_column

from .base import Base

# Sites, offers, industry codes and chains: everything the ranking index is built from.
INVENTORY = "inventory"
# Offers' available areas moved by signings and releases only: a ranking index refreshes its
# areas without being fitted again (a signing morning signs several offers a minute).
AVAILABILITY = "availability"


class DataVersion(Base):
    """The current stamp of one kind of data."""

    __tablename__ = "data_versions"

    name: Mapped[str] = mapped_column(sa.String(40), primary_key=True)
    version: Mapped[int] = mapped_column(default=0)


def bump_version(name: str, *, session: Session) -> None:
    """Mark `name` changed, in the caller's transaction (rolled back with it)."""
    # One upsert: two transactions bumping a stamp that has no row yet must not both insert it.
    insert = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}[session.get_bind().dialect.name]
    session.execute(
        insert(DataVersion).values(name=name, version=1)
        .on_conflict_do_update(index_elements=[DataVersion.name], set_={"version": DataVersion.version + 1})
    )


def current_version(name: str, *, session: Session) -> int:
    """The stamp of `name` as committed (0 before any change)."""
    return session.scalar(sa.select(DataVersion.version).where(DataVersion.name == name)) or 0


def current_versions(*names: str, session: Session) -> tuple[int, ...]:
    """The stamps of `names` as committed, in one query."""
    query = sa.select(DataVersion.name, DataVersion.version).where(DataVersion.name.in_(names))
    found = dict(session.execute(query).all())
    return tuple(found.get(name, 0) for name in names)
