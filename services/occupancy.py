"""How full each carrier's spaces are (空间入驻率): always computed from the placements, never typed in.

Only the placements of projects the carrier still holds count: a team that graduated, exited or
was handed on has left its desk (its placement row is removed or moved when that happens).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from models.carrier import CarrierSpaceType, Placement, Space


@dataclass(frozen=True)
class SpaceUse:
    """One space with what is placed in it."""

    space_id: int
    incubator_id: int
    space_type: CarrierSpaceType
    total_area: float
    desks: int | None
    used_area: float
    used_desks: int

    @property
    def vacant_area(self) -> float:
        return max(self.total_area - self.used_area, 0.0)

    @property
    def vacant_desks(self) -> int | None:
        return None if self.desks is None else max(self.desks - self.used_desks, 0)

    @property
    def rate(self) -> float:
        """The occupancy rate: desks for a desk space that counts them, area otherwise."""
        if self.space_type is CarrierSpaceType.desk and self.desks:
            return min(self.used_desks / self.desks, 1.0)
        return min(self.used_area / self.total_area, 1.0)


@dataclass(frozen=True)
class CarrierUse:
    """A carrier's spaces together: its occupancy is the share of its total area in use."""

    incubator_id: int
    spaces: tuple[SpaceUse, ...]

    @property
    def total_area(self) -> float:
        return sum(space.total_area for space in self.spaces)

    @property
    def used_area(self) -> float:
        return sum(min(space.used_area, space.total_area) for space in self.spaces)

    @property
    def vacant_area(self) -> float:
        return sum(space.vacant_area for space in self.spaces)

    @property
    def rate(self) -> float | None:
        """None for a carrier that has declared no space: its occupancy is unknown, not zero."""
        total = self.total_area
        return None if not total else self.used_area / total

    def vacant_by_type(self) -> dict[CarrierSpaceType, float]:
        vacant: dict[CarrierSpaceType, float] = {}
        for space in self.spaces:
            vacant[space.space_type] = vacant.get(space.space_type, 0.0) + space.vacant_area
        return vacant


def space_uses(*, session: Session, incubator_ids: Iterable[int] | None = None) -> list[SpaceUse]:
    """Every space (of `incubator_ids`, or of all carriers) with its placed area and desks, in one query."""
    used = (
        sa.select(
            Placement.space_id,
            sa.func.sum(Placement.area).label("area"),
            sa.func.sum(Placement.desks).label("desks"),
        )
        .group_by(Placement.space_id)
        .subquery()
    )
    query = (
        sa.select(
            Space.id, Space.incubator_id, Space.space_type, Space.total_area, Space.desks,
            sa.func.coalesce(used.c.area, 0.0), sa.func.coalesce(used.c.desks, 0),
        )
        .outerjoin(used, used.c.space_id == Space.id)
        .order_by(Space.incubator_id, Space.id)
    )
    if incubator_ids is not None:
        query = query.where(Space.incubator_id.in_(list(incubator_ids)))
    return [
        SpaceUse(row[0], row[1], CarrierSpaceType(row[2]), row[3], row[4], float(row[5]), int(row[6]))
        for row in session.execute(query)
    ]


def carrier_uses(*, session: Session, incubator_ids: Iterable[int] | None = None) -> dict[int, CarrierUse]:
    """Each carrier's spaces and occupancy, keyed by incubator id (carriers without spaces are absent)."""
    grouped: dict[int, list[SpaceUse]] = {}
    for use in space_uses(session=session, incubator_ids=incubator_ids):
        grouped.setdefault(use.incubator_id, []).append(use)
    return {incubator_id: CarrierUse(incubator_id, tuple(spaces)) for incubator_id, spaces in grouped.items()}


__all__ = ["CarrierUse", "SpaceUse", "carrier_uses", "space_uses"]
