"""A carrier's spaces and what its projects occupy in them (placements).

What is vacant always comes from `services.occupancy`; a placement or a shrunk space that would
need more than is there is a `Conflict` naming the space and what is left. The space's row is
locked while it is checked, so two placements at once cannot both take the last room.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from models.carrier import CarrierSpaceType, Placement, Space
from models.errors import Conflict, InvalidInput, NotFound
from models.incubator import Incubator
from models.labels import CARRIER_SPACE_TYPE_NAMES, STATUS_NAMES
from models.project import Project, Status

from .occupancy import CarrierUse, SpaceUse, carrier_uses, space_uses

SPACE_FIELDS = ("space_type", "name", "total_area", "unit_area", "desks")


def space_label(space: Space) -> str:
    """How staff name a space: its own name, or its type and number."""
    return space.name or f"{CARRIER_SPACE_TYPE_NAMES[space.space_type]} {space.id}"


def _figure(value: float) -> str:
    return f"{value:g}"


def get_space_or_raise(space_id: int, *, session: Session, incubator_id: int | None = None) -> Space:
    """The space with this id (of `incubator_id` when given), or `NotFound`."""
    space = session.get(Space, space_id)
    if space is None or (incubator_id is not None and space.incubator_id != incubator_id):
        raise NotFound(f"空间 {space_id} 不存在")
    return space


def list_spaces(incubator: Incubator, *, session: Session) -> list[dict[str, Any]]:
    """The carrier's spaces, each with its placed and vacant area and desks and its occupancy rate."""
    uses = {use.space_id: use for use in space_uses(session=session, incubator_ids=[incubator.id])}
    spaces = session.scalars(sa.select(Space).where(Space.incubator_id == incubator.id).order_by(Space.id))
    return [space_view(space, uses.get(space.id)) for space in spaces]


def space_view(space: Space, use: SpaceUse | None) -> dict[str, Any]:
    """A space's columns and its use, as the API and the pages show them."""
    view = {name: getattr(space, name) for name in ("id", "incubator_id", *SPACE_FIELDS)}
    view.update(
        used_area=use.used_area if use else 0.0, used_desks=use.used_desks if use else 0,
        vacant_area=use.vacant_area if use else space.total_area,
        vacant_desks=use.vacant_desks if use else space.desks, rate=use.rate if use else 0.0,
    )
    return view


def occupancy_view(use: CarrierUse | None) -> dict[str, Any]:
    """A carrier's occupancy summary: area in use, vacancy by space type, the rate (None without spaces)."""
    if use is None:
        return {"total_area": 0.0, "used_area": 0.0, "vacant_area": 0.0, "vacant_desks": 0, "rate": None,
                "vacant_by_type": {}}
    return {
        "total_area": use.total_area, "used_area": use.used_area, "vacant_area": use.vacant_area,
        "vacant_desks": sum(space.vacant_desks or 0 for space in use.spaces), "rate": use.rate,
        "vacant_by_type": {kind.value: area for kind, area in use.vacant_by_type().items()},
    }


def attach_occupancy(incubators: list[Incubator], *, session: Session) -> list[Incubator]:
    """Set `occupancy` on each incubator for its dump, in one query for all of them."""
    uses = carrier_uses(session=session, incubator_ids=[incubator.id for incubator in incubators])
    for incubator in incubators:
        incubator.occupancy = occupancy_view(uses.get(incubator.id))
    return incubators


def create_space(incubator: Incubator, data: dict[str, Any], *, session: Session) -> Space:
    """Add a space to a carrier."""
    space = Space(incubator_id=incubator.id, **{name: data.get(name) for name in SPACE_FIELDS if name in data})
    space.name = space.name or ""
    session.add(space)
    session.flush()
    return space


def update_space(space: Space, data: dict[str, Any], *, session: Session) -> Space:
    """Change a space; it cannot shrink below what its teams occupy now."""
    _lock(space, session=session)
    use = _use_of(space, session=session)
    total, desks = data.get("total_area", space.total_area), data.get("desks", space.desks)
    if total < use.used_area:
        raise Conflict(f"空间「{space_label(space)}」已入驻 {_figure(use.used_area)}㎡，总面积不能小于此")
    if desks is not None and desks < use.used_desks:
        raise Conflict(f"空间「{space_label(space)}」已占用 {use.used_desks} 个工位，工位数不能小于此")
    for name in SPACE_FIELDS:
        if name in data:
            setattr(space, name, data[name] if name != "name" else (data[name] or ""))
    session.flush()
    return space


def _lock(space: Space, *, session: Session) -> None:
    # PostgreSQL: two placements in the same space wait for each other; SQLite writes one at a time anyway.
    session.execute(sa.select(Space.id).where(Space.id == space.id).with_for_update())


def _use_of(space: Space, *, session: Session, leaving: int | None = None) -> SpaceUse:
    """The space's use, without the placement of project `leaving` (it is being replaced)."""
    session.flush()
    use = next(u for u in space_uses(session=session, incubator_ids=[space.incubator_id]) if u.space_id == space.id)
    if leaving is not None:
        own = session.scalar(sa.select(Placement).where(Placement.project_id == leaving, Placement.space_id == space.id))
        if own is not None:
            use = SpaceUse(use.space_id, use.incubator_id, use.space_type, use.total_area, use.desks,
                           use.used_area - own.area, use.used_desks - own.desks)
    return use


def check_room(space: Space, area: float, desks: int, *, session: Session, leaving: int | None = None) -> None:
    """`Conflict` unless `area` ㎡ and `desks` desks fit in what the space has left (its row locked)."""
    _lock(space, session=session)
    use = _use_of(space, session=session, leaving=leaving)
    counts_desks = space.desks is not None
    short_area = area > use.vacant_area + 1e-9
    short_desks = counts_desks and desks > (use.vacant_desks or 0)
    if short_area or short_desks:
        left = f"剩余 {_figure(use.vacant_area)}㎡" + (f"、{use.vacant_desks} 个工位" if counts_desks else "")
        asked = f"{_figure(area)}㎡" + (f"、{desks} 个工位" if counts_desks and desks else "")
        raise Conflict(f"空间「{space_label(space)}」{left}，不够安排 {asked}")


def place_project(project: Project, placement: dict[str, Any] | None, *, session: Session) -> Placement | None:
    """Put an active project in one of its carrier's spaces (or take it out with None)."""
    if placement is None:
        release_placement(project, session=session)
        return None
    if project.status is not Status.active or project.incubator_id is None:
        raise Conflict(f"项目当前为「{STATUS_NAMES[project.status]}」，只有在孵项目占用载体空间")
    space = placement_space(placement, incubator_id=project.incubator_id, session=session)
    area, desks = placement.get("area") or 0.0, placement.get("desks") or 0
    check_room(space, area, desks, session=session, leaving=project.id)
    if project.placement is None:
        project.placement = Placement(space_id=space.id, area=area, desks=desks)
    else:
        project.placement.space_id, project.placement.area, project.placement.desks = space.id, area, desks
        project.placement.space = space
    session.flush()
    return project.placement


def placement_space(placement: dict[str, Any], *, incubator_id: int, session: Session) -> Space:
    """The space a placement names, which must be one of the carrier's (422 otherwise)."""
    space = session.get(Space, placement["space_id"])
    if space is None or space.incubator_id != incubator_id:
        raise InvalidInput({"placement.space_id": [f"空间 {placement['space_id']} 不属于该载体"]})
    if space.space_type is CarrierSpaceType.desk and space.desks is not None and not placement.get("desks"):
        raise InvalidInput({"placement.desks": ["工位区须填写占用的工位数"]})
    return space


def release_placement(project: Project, *, session: Session) -> None:
    """The team leaves its space (graduated, exited, handed over): the room is vacant again."""
    if project.placement is not None:
        project.placement = None  # delete-orphan: the row goes
        session.flush()


def teams_held(*, session: Session, incubator_ids: list[int] | None = None) -> dict[int, int]:
    """How many active teams each carrier holds (of `incubator_ids`, or of all), in one query."""
    query = (sa.select(Project.incubator_id, sa.func.count()).where(Project.status == Status.active,
                                                                   Project.incubator_id.is_not(None))
             .group_by(Project.incubator_id))
    if incubator_ids is not None:
        query = query.where(Project.incubator_id.in_(incubator_ids))
    return dict(session.execute(query).all())


__all__ = [
    "attach_occupancy", "check_room", "create_space", "get_space_or_raise", "list_spaces", "occupancy_view",
    "place_project", "placement_space", "release_placement", "space_label", "space_view", "teams_held", "update_space",
]
