"""Areas within each project's need range: a project may get more than its minimum.

A project that asked for 3,000–5,000 ㎡ is better served by 5,000 ㎡ of a custom plant than by
3,000. :class:`AreaRanges` gives each project the most it wants (``area_max``) and each offer
the most one project may take of it (``offer_max``: a custom plant's buildable maximum, else
its area). A pair's area ``a`` then lies in ``[area_i, up_ij]`` with
``up_ij = min(area_max_i, offer_max_j, cap_j)``, and the pair is worth

    ``w_i * s_ij * (1 - RANGE_SHARE * (1 - (a - area_i) / (up_ij - area_i)))``

(``w_i * s_ij`` when ``up_ij <= area_i``): placing a project still counts far more than
enlarging another, and the full wanted area earns the pair's full score.

:func:`assign_with_ranges` keeps the solver's meaning and its proofs. It solves the problem at
the minimum areas with every pair at its full score — a relaxation of the problem with ranges,
since any answer with ranges is feasible there and worth no less there — so that problem's
proven bound bounds this one. Then on each offer the capacity left over goes to the projects
placed on it, best value per ㎡ first: for a fixed assignment the values are linear in the
areas, so this fractional knapsack chooses the areas optimally. The value reported is the
value with ranges; ``optimal`` is claimed only when it meets the bound.

Examples
--------
>>> p = AssignmentProblem(area=[3000.0], cap=[8000.0], pi=[0], pj=[0], ps=[0.8])
>>> r = assign_with_ranges(p, AreaRanges(area_max=[5000.0]), exact_max_pairs=0)
>>> r.areas.tolist(), round(r.objective, 3), r.optimal
([5000.0], 0.8, True)
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from .problem import (
    CAPACITY_TOLERANCE,
    AssignmentProblem,
    AssignmentResult,
    Objective,
    _pair_of,
    check_feasible,
    objective_weights,
)
from .solver import assign

__all__ = ["RANGE_SHARE", "AreaRanges", "assign_with_ranges", "check_areas", "pair_upper", "range_value", "widen"]

RANGE_SHARE = 0.1


@dataclass(frozen=True)
class AreaRanges:
    """The most each project wants (``area_max``, >= its minimum) and each offer lets one project take."""

    area_max: np.ndarray
    offer_max: np.ndarray | None = field(default=None)

    def __post_init__(self) -> None:
        object.__setattr__(self, "area_max", np.array(self.area_max, dtype=np.float64))
        if self.offer_max is not None:
            object.__setattr__(self, "offer_max", np.array(self.offer_max, dtype=np.float64))


def pair_upper(problem: AssignmentProblem, ranges: AreaRanges) -> np.ndarray:
    """The most area each pair may give its project (never below the project's minimum)."""
    if ranges.area_max.shape != (problem.n,) or np.any(ranges.area_max < problem.area):
        raise ValueError("area_max must have one entry per project, each >= its area")
    up = np.minimum(ranges.area_max[problem.pi], problem.cap[problem.pj])
    if ranges.offer_max is not None:
        if ranges.offer_max.shape != (problem.m,):
            raise ValueError("offer_max must have one entry per offer")
        up = np.minimum(up, ranges.offer_max[problem.pj])
    return np.maximum(up, problem.area[problem.pi])


def _pairs_and_weights(problem: AssignmentProblem, offer_of: np.ndarray, objective: Objective | None):
    _, w = objective_weights(problem, objective)
    pair = _pair_of(problem, np.asarray(offer_of, dtype=np.int64))
    return pair, w


def range_value(problem: AssignmentProblem, ranges: AreaRanges, offer_of: np.ndarray, areas: np.ndarray,
                objective: Objective | None = None) -> float:
    """The value of an assignment with these areas (see the module notes)."""
    pair, w = _pairs_and_weights(problem, offer_of, objective)
    up = pair_upper(problem, ranges)
    total = 0.0
    for i in np.flatnonzero(pair >= 0):
        k = pair[i]
        span = up[k] - problem.area[i]
        share = 1.0 if span <= 0 else min(1.0, max(0.0, (areas[i] - problem.area[i]) / span))
        total += w[i] * problem.ps[k] * (1.0 - RANGE_SHARE * (1.0 - share))
    return float(total)


def check_areas(problem: AssignmentProblem, ranges: AreaRanges, offer_of: np.ndarray, areas: np.ndarray) -> None:
    """Raise ``ValueError`` unless every assigned area is within its pair's range and no offer is over capacity."""
    check_feasible(problem, offer_of)
    pair, _ = _pairs_and_weights(problem, offer_of, None if problem.weight is None else "priority")
    up = pair_upper(problem, ranges)
    assigned = np.flatnonzero(pair >= 0)
    tol = CAPACITY_TOLERANCE * np.maximum(1.0, problem.area[assigned])
    if np.any(areas[assigned] < problem.area[assigned] - tol) or np.any(areas[assigned] > up[pair[assigned]] + tol):
        raise ValueError("an assigned area lies outside its project's range")
    load = np.bincount(np.asarray(offer_of)[assigned], weights=areas[assigned], minlength=problem.m)
    if np.any(load - problem.cap > CAPACITY_TOLERANCE * np.maximum(1.0, problem.cap)):
        raise ValueError("an offer holds more than its capacity")


def widen(problem: AssignmentProblem, ranges: AreaRanges, offer_of: np.ndarray,
          objective: Objective | None = None) -> np.ndarray:
    """The best areas for a fixed assignment: each offer's spare capacity, best value per ㎡ first (0 when unassigned)."""
    pair, w = _pairs_and_weights(problem, offer_of, objective)
    up = pair_upper(problem, ranges)
    areas = np.where(pair >= 0, problem.area, 0.0)
    assigned = np.flatnonzero(pair >= 0)
    offer_of = np.asarray(offer_of)
    spare = problem.cap - np.bincount(offer_of[assigned], weights=problem.area[assigned], minlength=problem.m)
    span = np.array([up[pair[i]] - problem.area[i] for i in assigned])
    gain = np.array([w[i] * problem.ps[pair[i]] * RANGE_SHARE for i in assigned])
    per_sqm = np.divide(gain, span, out=np.zeros_like(gain), where=span > 0)
    for t in np.lexsort((assigned, -per_sqm)):
        i, j = assigned[t], offer_of[assigned[t]]
        extra = min(span[t], max(0.0, spare[j]))
        if extra > 0:
            areas[i] += extra
            spare[j] -= extra
    return areas


def assign_with_ranges(problem: AssignmentProblem, ranges: AreaRanges, *, objective: Objective | None = None,
                       **options) -> AssignmentResult:
    """:func:`~matching.assignment.solver.assign` at the minimum areas, then the best areas within the ranges.

    ``options`` are :func:`assign`'s. The result's ``areas`` holds each project's area (0 when
    unassigned); its ``bound`` is the minimum-area problem's, which bounds this one.
    """
    core = assign(problem, objective=objective, **options)
    areas = widen(problem, ranges, core.offer_of, objective)
    value = range_value(problem, ranges, core.offer_of, areas, objective)
    bound = max(core.bound, value)
    optimal = value >= core.bound - 1e-9 * max(1.0, abs(core.bound))
    frozen = np.array(areas, dtype=np.float64)
    frozen.setflags(write=False)
    return replace(core, objective=value, bound=bound, gap=max(0.0, (bound - value) / max(bound, 1e-12)),
                   optimal=bool(optimal), areas=frozen)
