"""Ranking for one project or one site, shared by the API routes and the staff pages."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy.orm import Session

from matching.ranking import rank_projects
from matching.types import RankedOffer, Weights
from models.base import wenzhou_today
from models.errors import Conflict, InvalidInput
from models.project import Project
from models.site import Site

from .inventory import (
    active_offer_records,
    graduated_needs,
    load_taxonomy,
    project_need,
)
from .state import RankingCache


def weights_from(args: dict, *, default: Mapping[str, float]) -> Weights:
    """The default weights (from the configuration), overridden by the request's `w_*` arguments."""
    values = {name: args.pop(f"w_{name}", default[name]) for name in ("industry", "space", "locality")}
    try:
        return Weights(**values)
    except ValueError:
        raise InvalidInput({"query.w_industry": ["三项权重不能全为 0"]}) from None


def _common(match: RankedOffer, offer) -> dict[str, Any]:
    return {
        "offer_id": match.offer_id,
        "offer": {"space_type": offer.space_type, "available_area": offer.available_area, "rent": offer.rent,
                  "available_from": offer.available_from},
        "score": match.score,
        "factors": dict(match.factors),
        "reasons": list(match.reasons),
        "feasible": match.feasible,
        "violations": list(match.violations),
        "lacks": list(match.lacks),
    }


def rank_sites_for_project(
    project: Project,
    *,
    session: Session,
    rankings: RankingCache,
    weights: Weights,
    limit: int,
    kind: str | None = None,
    district: str | None = None,
    include_infeasible: bool = False,
) -> list[dict[str, Any]]:
    """The best offers for a project, best first; `Conflict` when it has no space need or no carrier yet."""
    if project.incubator is None:
        raise Conflict("待入孵项目尚无载体：请先由载体接收入孵（接续），再匹配落地空间")
    need = project_need(project, project.incubator.district_code)
    if need is None:
        raise Conflict("项目尚未填写空间需求（空间类型和面积），无法匹配")
    ranking = rankings.get(session=session)
    matches = ranking.index.rank(
        need, today=wenzhou_today(), limit=limit, weights=weights, kind=kind,
        district=district.strip() if district else None, include_infeasible=include_infeasible,
    )
    items = []
    for match in matches:
        offer = ranking.offers[match.offer_id]
        items.append({**_common(match, offer), "site": {"id": offer.site_id, "name": offer.site_name,
                                                          "kind": offer.site_kind, "district": offer.district}})
    return items


def rank_projects_for_site(
    site: Site, *, session: Session, weights: Weights, limit: int, include_infeasible: bool = False
) -> list[dict[str, Any]]:
    """The graduated projects best suited to a site's offers, best first."""
    offers = active_offer_records(session=session, site_ids=[site.id])
    needs = graduated_needs(session=session)
    matches = rank_projects(
        offers, needs, load_taxonomy(session=session), today=wenzhou_today(), limit=limit,
        weights=weights, include_infeasible=include_infeasible,
    ) if offers and needs else []
    by_offer = {o.id: o for o in offers}
    projects = {p.id: p for p in session.query(Project).filter(Project.id.in_([m.project_id for m in matches]))}
    items = []
    for match in matches:
        project = projects[match.project_id]
        items.append({**_common(match, by_offer[match.offer_id]), "project": {
            "id": project.id, "name": project.name, "incubator_id": project.incubator_id,
            "stage": project.stage.value, "status": project.status.value}})
    return items


def score_at_proposal(
    project: Project, offer_id: int, *, session: Session, rankings: RankingCache, weights: Weights | None = None
) -> tuple[float | None, dict]:
    """The score and factors of one offer for a project now, kept on a new match."""
    need = project_need(project, project.incubator.district_code) if project.incubator is not None else None
    if need is None:
        return None, {}
    match = rankings.get(session=session).index.match(need, offer_id, today=wenzhou_today(), weights=weights)
    if match is None:
        return None, {}
    return match.score, {**match.factors, "reasons": list(match.reasons), "violations": list(match.violations)}
