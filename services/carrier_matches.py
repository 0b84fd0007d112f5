"""寻找下一站: the carriers a team could move to next, and the teams a carrier could take in next.

The bridge from the database to :mod:`matching.carriers`: carriers with their room (from
`services.occupancy`, the one place occupancy is computed), projects with the need
:func:`matching.carriers.team_need` derives, and the ranked results as plain dicts for the API
and the pages. The index is fitted per request: a city has hundreds of carriers, and the fit
over 10,000 is measured in `benchmarks/carriers.py`.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from matching.carriers import (
    CarrierIndex,
    CarrierRecord,
    RankedCarrier,
    TeamNeed,
    next_stage,
    rank_teams,
    team_need,
)
from matching.carriers.types import CHAIN_STAGES
from models.carrier import CarrierSpaceType
from models.errors import Conflict
from models.incubator import (
    STAGE_ORDER,
    Incubator,
    IncubatorIndustry,
    IncubatorStage,
)
from models.labels import STAGE_NAMES, STATUS_NAMES
from models.project import Project, Status

from .inventory import load_taxonomy
from .occupancy import space_uses

__all__ = [
    "carrier_records",
    "project_team_need",
    "rank_carriers_for_project",
    "rank_projects_for_carrier",
]


def carrier_records(*, session: Session, incubator_ids: list[int] | None = None) -> list[CarrierRecord]:
    """Every carrier (or those of `incubator_ids`) with the room of its emptiest space of each type."""
    vacant: dict[int, dict[str, float]] = {}
    desks: dict[int, int] = {}
    uncounted: dict[int, float] = {}
    for use in space_uses(session=session, incubator_ids=incubator_ids):
        by_type = vacant.setdefault(use.incubator_id, {})
        kind = use.space_type.value
        by_type[kind] = max(by_type.get(kind, 0.0), use.vacant_area)
        if use.space_type is CarrierSpaceType.desk:
            if use.vacant_desks is None:
                uncounted[use.incubator_id] = max(uncounted.get(use.incubator_id, 0.0), use.vacant_area)
            else:
                desks[use.incubator_id] = max(desks.get(use.incubator_id, 0), use.vacant_desks)
    # Plain rows, not ORM objects: a city-wide ranking reads every carrier, and loading thousands
    # of incubators with their industry and stage collections costs far more than the ranking.
    industries: dict[int, list[str]] = {}
    stages: dict[int, set[str]] = {}
    query_industries = sa.select(IncubatorIndustry.incubator_id, IncubatorIndustry.industry_code).order_by(
        IncubatorIndustry.incubator_id, IncubatorIndustry.position)
    query_stages = sa.select(IncubatorStage.incubator_id, IncubatorStage.stage)
    # The stored enum values as plain strings: the records take the values, and converting each
    # row to the enum and back costs more than the rest of the ranking at city scale.
    query = sa.select(Incubator.id, Incubator.name, sa.type_coerce(Incubator.kind, sa.String), Incubator.district_code,
                      sa.type_coerce(Incubator.level, sa.String), Incubator.demonstration).order_by(Incubator.id)
    if incubator_ids is not None:
        query = query.where(Incubator.id.in_(incubator_ids))
        query_industries = query_industries.where(IncubatorIndustry.incubator_id.in_(incubator_ids))
        query_stages = query_stages.where(IncubatorStage.incubator_id.in_(incubator_ids))
    for incubator_id, code in session.execute(query_industries):
        industries.setdefault(incubator_id, []).append(code)
    for incubator_id, stage in session.execute(query_stages):
        stages.setdefault(incubator_id, set()).add(stage)
    return [
        CarrierRecord(
            id=id_, name=name, kind=kind, district=district, industries=tuple(industries.get(id_, ())),
            level=level, demonstration=bool(demonstration),
            stages=tuple(s for s in STAGE_ORDER if s in stages.get(id_, ())),
            vacant_area=vacant.get(id_, {}), vacant_desks=desks.get(id_, 0), uncounted_desk_area=uncounted.get(id_, 0.0),
        )
        for id_, name, kind, district, level, demonstration in session.execute(query)
    ]


def project_team_need(project: Project, stage: str | None = None) -> TeamNeed:
    """What the project needs in its next carrier (rule in `matching.carriers.need`); `Conflict` when it has left the chain.

    `stage` may name its current stage (a carrier that takes it as it is) or the next one (a
    hand-over with an advance); nothing else is a step a transfer can make.
    """
    default = next_stage(project.status.value, project.stage.value)
    if default is None:
        where = f"项目状态为「{STATUS_NAMES[project.status]}」"
        hint = "，请寻找落地空间" if project.status in (Status.graduated, Status.signed) else ""
        raise Conflict(f"{where}，已不在孵化链上，无需寻找下一站载体{hint}")
    if stage is not None and stage != default:
        current = project.stage.value
        allowed = {current, next_stage(Status.active.value, current)}
        if stage not in allowed:
            names = "或".join(f"「{STAGE_NAMES[s]}」" for s in CHAIN_STAGES if s in allowed)
            raise Conflict(f"项目处于「{STAGE_NAMES[current]}」阶段，接续只能进入{names}阶段的载体")
    placement = project.placement
    return team_need(
        id=project.id, name=project.name, industries=project.industries, stage=stage or default,
        team_size=project.team_size,
        space_need=(project.need_space_type.value, project.need_area_min) if project.need_space_type else None,
        placement=(placement.space.space_type.value, placement.area, placement.desks) if placement else None,
        home_district=project.incubator.district_code if project.incubator else None,
        preferred_districts=project.preferred_districts, current_carrier_id=project.incubator_id,
    )


def need_out(need: TeamNeed) -> dict[str, Any]:
    """The need as the API and the pages show it."""
    return {"stage": need.stage, "space_type": need.space_type,
            "area": None if need.space_type == "desk" else need.area,
            "desks": need.desks if need.space_type == "desk" else None}


def _common(match: RankedCarrier) -> dict[str, Any]:
    return {"score": match.score, "factors": dict(match.factors), "reasons": list(match.reasons),
            "feasible": match.feasible, "violations": list(match.violations), "lacks": list(match.lacks)}


def rank_carriers_for_project(
    project: Project, *, session: Session, stage: str | None = None, limit: int = 10, include_infeasible: bool = False
) -> dict[str, Any]:
    """The carriers best suited to take the team next, best first, with the need they were ranked for."""
    need = project_team_need(project, stage)
    carriers = carrier_records(session=session)
    index = CarrierIndex(load_taxonomy(session=session)).fit(carriers)
    by_id = {c.id: c for c in carriers}
    items = []
    for match in index.rank(need, limit=limit, include_infeasible=include_infeasible):
        c = by_id[match.carrier_id]
        items.append({**_common(match), "carrier": {
            "id": c.id, "name": c.name, "kind": c.kind, "district": c.district, "level": c.level,
            "demonstration": c.demonstration}})
    return {"need": need_out(need), "items": items}


def rank_projects_for_carrier(
    incubator: Incubator, *, session: Session, limit: int = 10, include_infeasible: bool = False
) -> list[dict[str, Any]]:
    """The prospects and active teams of other carriers this one could take in next, best first.

    Only teams whose next stage it hosts are considered; with `include_infeasible` those it has
    no room for follow.
    """
    hosted = set(incubator.stages)
    projects = session.scalars(
        sa.select(Project)
        .where(Project.status.in_((Status.prospect, Status.active)))
        .where(sa.or_(Project.incubator_id.is_(None), Project.incubator_id != incubator.id))
        .order_by(Project.id)
        .options(selectinload(Project.placement))
    ).all()
    needs = {}
    for project in projects:
        if next_stage(project.status.value, project.stage.value) in hosted:
            needs[project.id] = project_team_need(project)
    carrier = carrier_records(session=session, incubator_ids=[incubator.id])[0]
    matches = rank_teams(carrier, list(needs.values()), load_taxonomy(session=session), limit=limit,
                         include_infeasible=include_infeasible)
    by_id = {p.id: p for p in projects}
    items = []
    for match in matches:
        p = by_id[match.team_id]
        items.append({**_common(match), "need": need_out(needs[p.id]), "project": {
            "id": p.id, "name": p.name, "incubator_id": p.incubator_id,
            "incubator_name": p.incubator.name if p.incubator else None, "stage": p.stage.value,
            "status": p.status.value}})
    return items
