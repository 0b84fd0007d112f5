"""Assigning graduated projects to offers for an event, and the report snapshot of the result."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

import numpy as np
import sqlalchemy as sa
from sqlalchemy.orm import Session

from matching.assignment import AreaRanges, AssignmentProblem, AssignmentResult
from matching.constraints import lacks
from matching.types import ProjectNeed, Weights
from models.base import utcnow, wenzhou_today
from models.incubator import Incubator
from models.labels import OBJECTIVE_NAMES, SITE_KIND_NAMES, SPACE_TYPE_NAMES, STAGE_NAMES
from models.outcomes import outcome_figures
from models.project import Project, Stage, Status
from models.reference import PlanTarget
from models.reference_service import lookups

from . import solver_pool
from .inventory import project_need
from .state import Ranking, RankingCache

RELOCATION_WARNING = "注意：有基金拟投资并要求迁出温州，请优先跟进"


def build_problem(
    needs: list[ProjectNeed], ranking: Ranking, offer_ids: list[int], *, weights: Weights,
    objective: str, priorities: dict[int, float] | None = None,
) -> AssignmentProblem:
    """Eligible (project, offer) pairs with their scores, under each offer's available area."""
    column = {int(offer_id): i for i, offer_id in enumerate(ranking.index.columns_.ids)}
    chosen = np.array([column[o] for o in offer_ids], dtype=np.int64)
    pi, pj, ps = [], [], []
    for i, need in enumerate(needs):
        factors = ranking.index.score_all(need, today=wenzhou_today(), weights=weights)
        feasible = factors["failures"][:, chosen].sum(axis=0) == 0
        for j in np.flatnonzero(feasible):
            pi.append(i)
            pj.append(int(j))
            ps.append(max(float(factors["score"][chosen[j]]), 1e-6))
    area = np.array([need.area_min for need in needs], dtype=float)
    cap = np.array([ranking.offers[o].available_area for o in offer_ids], dtype=float)
    weight = None
    if objective == "priority":
        weight = np.array([max(float((priorities or {}).get(need.id, 1.0)), 1e-6) for need in needs], dtype=float)
    problem = AssignmentProblem(
        area=area, cap=cap, pi=np.array(pi, dtype=np.int64), pj=np.array(pj, dtype=np.int64),
        ps=np.array(ps, dtype=float), weight=weight,
    )
    return problem


def area_ranges(needs: list[ProjectNeed], ranking: Ranking, offer_ids: list[int]) -> AreaRanges:
    """What each project wants at most, and the most one project may take of each offer (a custom plant: its buildable maximum)."""
    def most(offer) -> float:
        if offer.site_kind == "custom_plant" and offer.max_area is not None:
            return min(offer.available_area, offer.max_area)
        return offer.available_area

    return AreaRanges(area_max=np.array([need.area_upper for need in needs], dtype=float),
                      offer_max=np.array([most(ranking.offers[o]) for o in offer_ids], dtype=float))


def solve(problem: AssignmentProblem, *, time_limit_s: float, objective: str,
          ranges: AreaRanges | None = None) -> AssignmentResult:
    """The assignment, with each project's area chosen within its need range; never raising for scarcity.

    It runs in the solver pool (:mod:`services.solver_pool`), within the caller's time limit.
    """
    ranges = ranges if ranges is not None else AreaRanges(area_max=problem.area)
    return solver_pool.solve(problem, ranges, time_limit_s=time_limit_s, seed=0, objective=objective)


def _fmt_area(value: float) -> str:
    return f"{value:,.0f}㎡"


def _need_text(need: ProjectNeed) -> str:
    """The need as staff write it: "3,000㎡" or "3,000–5,000㎡"."""
    if need.area_max is None or need.area_max == need.area_min:
        return _fmt_area(need.area_min)
    return f"{need.area_min:,.0f}–{need.area_max:,.0f}㎡"


def explain_unmatched(
    need: ProjectNeed, *, problem: AssignmentProblem, index: int, result: AssignmentResult, needs: list[ProjectNeed],
    offer_ids: list[int], ranking: Ranking, all_remaining: dict[int, float], district_names: dict[str, str],
) -> tuple[str, str]:
    """Why a project got no space, and what to try next — computed from the data."""
    space = SPACE_TYPE_NAMES.get(need.space_type, need.space_type)
    mine = np.flatnonzero(problem.pi == index)
    if len(mine) == 0:
        # Nothing in scope can host it: is there room elsewhere in Wenzhou?
        elsewhere = [m for m in ranking.index.rank(need, today=wenzhou_today(), limit=20)
                     if m.offer_id not in offer_ids and all_remaining.get(m.offer_id, 0) >= need.area_min]
        if elsewhere:
            best = ranking.offers[elsewhere[0].offer_id]
            where = district_names.get(best.district, best.district)
            return (f"本次范围内无满足 {_fmt_area(need.area_min)} {space}需求的空间",
                    f"{where}「{best.site_name}」可提供 {_fmt_area(best.available_area)} {space}，建议跨区落地")
        closest = ranking.index.rank(need, today=wenzhou_today(), limit=1, include_infeasible=True)
        near = ""
        if closest and closest[0].violations:
            offer = ranking.offers[closest[0].offer_id]
            missing = "，".join(lacks(need, offer)) or closest[0].violations[0]
            near = f"；最接近的是「{offer.site_name}」（{missing}）"
        step = "建议厂房定制" if need.space_type in ("plant", "land") else "建议放宽条件，或登记需求待新空间释放"
        return f"全市无满足 {_fmt_area(need.area_min)} {space}需求的现有空间{near}", step
    # Eligible space exists but went to others with a higher total score.
    offers = {int(problem.pj[k]) for k in mine}
    takers = [needs[i].name for i in np.flatnonzero(np.isin(result.offer_of, list(offers)))][:3]
    sites = sorted({ranking.offers[offer_ids[j]].site_name for j in offers})[:3]
    reason = f"可选的 {len(offers)} 处空间（{'、'.join(sites)}）已分配给匹配度更高的项目"
    if takers:
        reason += f"：{'、'.join(takers)}"
    step = "建议厂房定制，或等待下一批空间释放" if need.space_type in ("plant", "land") else "建议等待下一批空间释放或跨区寻找"
    return reason, step


def build_snapshot(
    *, session: Session, event: dict[str, Any], projects: list[tuple[Project, str]], needs: list[ProjectNeed],
    offer_ids: list[int], ranking: Ranking, problem: AssignmentProblem, result: AssignmentResult, objective: str,
    weights: Weights,
) -> dict[str, Any]:
    """The frozen report: matches, unmatched with reasons, district and offer summaries, outcome."""
    reference = lookups(session)
    names = dict(reference.district_names)
    industry_names = ranking.taxonomy.industry_names
    incubators = dict(session.execute(sa.select(Incubator.id, Incubator.name)).all())
    score_of = {(int(i), int(j)): float(s) for i, j, s in zip(problem.pi, problem.pj, problem.ps, strict=True)}
    used = defaultdict(float)
    assignments, unmatched = [], []
    for i, ((project, home), need) in enumerate(zip(projects, needs, strict=True)):
        j = int(result.offer_of[i])
        if j >= 0:
            offer = ranking.offers[offer_ids[j]]
            area = float(result.areas[i]) if result.areas is not None else need.area_min
            used[offer.id] += area
            main = project.industries[0] if project.industries else ""
            match = ranking.index.match(need, offer.id, today=wenzhou_today(), weights=weights)
            reasons = list(match.reasons) if match else []
            if project.relocation_risk:
                reasons.append(RELOCATION_WARNING)
            assignments.append({
                "project_id": project.id, "project_name": project.name,
                "incubator_name": incubators.get(project.incubator_id, ""), "project_district": names.get(home, home),
                "industry": f"{main} {industry_names.get(main, '')}".strip(), "area": area,
                "need_area": _need_text(need),
                "site_id": offer.site_id, "site_name": offer.site_name, "site_kind": offer.site_kind,
                "site_district": names.get(offer.district, offer.district), "offer_id": offer.id,
                "space_type": offer.space_type, "score": round(score_of.get((i, j), 0.0), 4),
                "local": offer.district == home, "reasons": reasons, "relocation_risk": project.relocation_risk,
                "planned_investment": project.planned_investment,
            })
    remaining_all = {o.id: o.available_area - used.get(o.id, 0.0) for o in ranking.offers.values()}
    for i, ((project, home), need) in enumerate(zip(projects, needs, strict=True)):
        if int(result.offer_of[i]) >= 0:
            continue
        reason, step = explain_unmatched(
            need, problem=problem, index=i, result=result, needs=needs, offer_ids=offer_ids, ranking=ranking,
            all_remaining=remaining_all, district_names=names)
        unmatched.append({
            "project_id": project.id, "project_name": project.name,
            "incubator_name": incubators.get(project.incubator_id, ""), "project_district": names.get(home, home),
            "area": need.area_min, "need_area": _need_text(need), "space_type": need.space_type,
            "reason": f"{reason}；{RELOCATION_WARNING}" if project.relocation_risk else reason, "next_step": step,
            "relocation_risk": project.relocation_risk,
        })
    year = date.fromisoformat(event["date"]).year
    targets = defaultdict(dict)
    for target in session.scalars(sa.select(PlanTarget).where(PlanTarget.year == year)):
        targets[target.scope][target.metric] = target.target
    # The one plan target the registry measures itself: projects newly admitted in the event's year.
    admitted = {row["district"]: row["admitted"] for row in outcome_figures(
        session=session, since=date(year, 1, 1), until=date(year, 12, 31))["by_district"]}
    districts = []
    for code, name in names.items():
        home_projects = [i for i, (_, home) in enumerate(projects) if home == code]
        matched = [a for a in assignments if a["project_district"] == name]
        districts.append({
            "district": code, "district_name": name, "graduated": len(home_projects), "matched": len(matched),
            "matched_local": sum(a["local"] for a in matched),
            "matched_area": sum(a["area"] for a in assignments if a["site_district"] == name),
            "targets": targets.get(code, {}),
            "achieved": {"new_incubated_projects": admitted.get(code, 0)},
        })
    offers = [{
        "offer_id": o, "site_name": ranking.offers[o].site_name, "site_kind": ranking.offers[o].site_kind,
        "district_name": names.get(ranking.offers[o].district, ranking.offers[o].district),
        "space_type": ranking.offers[o].space_type, "capacity": ranking.offers[o].available_area,
        "assigned_area": used.get(o, 0.0),
        "utilisation": round(used.get(o, 0.0) / ranking.offers[o].available_area, 4)
        if ranking.offers[o].available_area else 0.0,
    } for o in offer_ids]
    by_stage = dict(session.execute(
        sa.select(Project.stage, sa.func.count()).where(Project.status != Status.exited).group_by(Project.stage)).all())
    landed = session.scalar(sa.select(sa.func.count()).where(Project.status == Status.landed)) or 0
    signed = session.scalar(sa.select(sa.func.count()).where(Project.status == Status.signed)) or 0
    return {
        "event": event,
        "generated_at": utcnow().isoformat(),
        "objective": objective, "objective_label": OBJECTIVE_NAMES[objective],
        "optimal": bool(result.optimal), "gap": float(result.gap), "bound": float(result.bound),
        "objective_value": float(result.objective), "method": result.method, "seconds": float(result.seconds),
        "assignments": assignments, "unmatched": unmatched, "districts": districts, "offers": offers,
        "outcome": {
            "year": year,
            "by_stage": {stage.value: int(by_stage.get(stage, 0)) for stage in Stage},
            "stage_names": {stage.value: STAGE_NAMES[stage] for stage in Stage},
            "graduated_seeking": len(projects), "matched": len(assignments),
            "matched_local": sum(a["local"] for a in assignments), "landed": int(landed),
            "signed_pending": int(signed),
        },
        "labels": {"site_kind": dict(SITE_KIND_NAMES),
                   "space_type": dict(SPACE_TYPE_NAMES)},
    }


def run_assignment(
    *, session: Session, rankings: RankingCache, weights: Weights, projects: list[tuple[Project, str]],
    offer_ids: list[int] | None, options: dict[str, Any], event: dict[str, Any],
) -> dict[str, Any]:
    """Assign the projects to the offers (all on the market when None); the report snapshot."""
    ranking = rankings.get(session=session)
    if offer_ids is None:
        offer_ids = sorted(ranking.offers)
    needs = [project_need(project, home) for project, home in projects]
    problem = build_problem(needs, ranking, offer_ids, weights=weights, objective=options["objective"],
                            priorities={int(k): v for k, v in options.get("priorities", {}).items() if k.isdigit()})
    result = solve(problem, time_limit_s=options["time_limit_s"], objective=options["objective"],
                   ranges=area_ranges(needs, ranking, offer_ids))
    return build_snapshot(session=session, event=event, projects=projects, needs=needs, offer_ids=offer_ids,
                          ranking=ranking, problem=problem, result=result, objective=options["objective"],
                          weights=weights)
