"""Capacity-constrained assignment of projects to offers (a multiple knapsack with eligibility).

Each project ``i`` needs exactly ``area[i]`` ㎡ and goes to at most one offer ``j`` among its
eligible pairs ``(i, j, s_ij)``; the area placed on an offer never exceeds its capacity
``cap[j]``. The solver maximises the total weighted score ``sum w_i * s_ij`` over the assigned
pairs, under one of three objectives:

``"equal"``
    every project counts the same, ``w_i = 1`` (the default);
``"area"``
    projects count by the space they need, ``w_i = area[i] / mean(area)``, so that large
    anchor projects are not crowded out by many small ones when space is scarce;
``"priority"``
    a positive weight per project given by the caller (``AssignmentProblem.weight``).

Every result names the objective it maximised.

How :func:`assign` works
------------------------
1. **Upper bound and fractional plan.** The LP relaxation is a min-cost flow: source →
   project (capacity ``area_i``) → offer (one arc per eligible pair, cost ``-w_i s_ij / area_i``
   per ㎡) → sink (capacity ``cap_j``), plus a zero-cost bypass arc project → sink for
   "unassigned". OR-Tools' ``SimpleMinCostFlow`` (cost scaling, in C++) does the heavy
   lifting. Measured on the benchmark instances (2 cores), flow and prices together took
   0.08 s for 73k pairs and 0.36 s for 149k, against 3.4 s and 13.6 s for networkx's
   ``network_simplex`` and 0.7 s and 0.8 s for scipy's HiGHS LP (``linprog``); only on 4k
   pairs was HiGHS quicker (0.02 s against 0.06 s). It needs integers, so areas are counted
   in whole units (1 ㎡; finer for small-valued data), capacities are rounded *down* and
   areas *up* (an integer flow is then feasible in reals), and the per-unit values are
   scaled so that the largest becomes the integer cost ``-1_000_000`` (the smallest is
   clipped to ``-1``). The offer prices ``v_j`` (value per ㎡) are read off the optimal flow
   as node potentials of the residual graph (a vectorised Bellman–Ford in numpy). The
   bound reported is the Lagrangian dual value
   ``sum_j cap_j v_j + sum_i max(0, max_j w_i s_ij - area_i v_j)``, evaluated in floating
   point on the original data: it is an upper bound for *any* ``v >= 0``, so the integer
   scaling can never make it wrong, and with the flow's prices it is the LP optimum (up to
   that scaling).
2. **Rounding.** Each project goes to the offer that carries most of its flow, the projects
   with the largest share of their area routed first, while capacity allows.
3. **Local improvement** (numpy). *Shifts*: every project that gains by moving to an offer
   with room (or by being inserted, if unassigned) moves, best gains first, vectorised over
   all pairs. *Offer re-packing*: one offer at a time, an exact 0/1 knapsack (dynamic
   programming over its capacity, after a Dantzig bound and Dembo–Hammer reduction) chooses
   which members to keep, which unassigned projects to insert and which projects to pull
   over from other offers (at their marginal value); evicted members are re-inserted
   elsewhere when room allows (an ejection chain), and the whole move is undone unless the
   total improves. This covers evictions, swaps, insertions and moves. Offers are revisited
   while anything around them changes. Then an *iterated local search* ruins a few related
   offers (one offer and offers its members could also use), rebuilds with the moves above
   and keeps the result unless it is worse, until the deadline or until about 1,000 + 2·m
   rounds in a row bring nothing (200 when the MILP runs alongside, which needs the CPU
   more). Plain greedy's answer is a floor: the result is never worse.
4. **A tighter bound** (:mod:`matching.lagrange`). Relaxing only the "one offer per project"
   constraints leaves one exact 0/1 knapsack per offer (dynamic programming over the data's
   grid); after the first descent, from the flow's prices, subgradient steps within 5 % of the time limit
   lower the bound: measured, S200x50 77.55 (LP) -> 74.6 in 0.3 s (optimum 74.43), S1kx200
   485.1 -> about 473 in 0.5 s. It is skipped when one pass would not fit in that time
   (S3kx1k at 5 s, S10kx2k), and when the MILP runs: column generation replaces it there.
5. **Exact where it pays.** With at most ``exact_max_pairs`` usable pairs,
   ``scipy.optimize.milp`` (HiGHS) solves the MILP in a child Python process (``subprocess``)
   while the search above runs. HiGHS has been seen to overrun its own time limit tenfold,
   so the child is killed at the deadline; the heuristic answer is always kept, and the
   better of the two is returned. While the child imports scipy, the parent runs column
   generation (:mod:`matching.colgen`, from the flow's prices, within 10 % of the time left):
   the best Lagrangian bound ``L`` (S200x50: 74.508 in 0.5 s) and every pair's gap ``g_e``,
   such that no assignment using pair ``e`` is worth more than ``L - g_e``, and every
   project's gap for leaving it out. The child then solves models of only the pairs with
   ``g_e <= T``, placing the projects whose gap exceeds ``T``, HiGHS cutting off anything
   below ``L - T`` with its primal heuristics off; an answer of at least ``L - T`` is the
   global optimum, none proves the optimum lower and ``T`` doubles (:func:`_certify`). On
   S200x50 T = 0.010, 0.020 and 0.040 fail (324-479 pairs, 0.3 s together) and 0.080 proves
   it (683 pairs, 140 projects placed, 0.8-0.9 s): the whole call takes 1.90-2.39 s in the
   benchmark (25 runs, median 2.06 s; 2.45-2.54 s with the other core kept busy), against
   2.55-3.43 s (median 2.86 s) with gaps of a pair's own offer only, and 4.0-4.7 s with HiGHS
   on the whole model. The first ``T``
   (:data:`_FIRST_GAP`, 1.35e-4 of ``L``) is tuned on that one instance: the step that
   proves it needs ``T >= 0.077``, and a schedule that overshot to 0.12 would spend 3.7-4.6 s
   on that step alone; doubling costs at most one step about twice as large as needed. The steps get at most 40 % of the child's time
   (:data:`_GUIDED_SHARE`); then the last model runs with HiGHS's heuristics for the rest.
   Without that hand-over, on four random instances of S200x50's size that neither path
   proves in 20 s (the tests' ``large_random_problem(seed, 200, 50, 20)``, seeds 0-3), three
   answers were 0.35-0.6 % worse than HiGHS's on the whole model; with it, one is 0.05 %
   worse and three are the same. HiGHS' root reduced-cost heuristic is off too (an older
   HiGHS that lacks an option runs without it). Measured before and dropped: HiGHS on the
   whole model, which took 3.2-5.0 s alone (seeds 0-3) however tuned (no restarts, RINS/RENS
   off, our heuristic's 74.25 as its start; highspy 1.16 or 1.12 instead of scipy's HiGHS);
   CP-SAT; a Lagrangian branch-and-bound of our own; branch-and-price (no proof in 50 s);
   two children splitting the steps (T0, 4 T0, ... and 2 T0, 8 T0, ...: 2.72-2.92 s against
   2.72-3.13 s for one, 5 runs each, interleaved; three processes on two cores eat the gain);
   gaps from a second optimal ``u`` (a cold-started column generation gave 774 pairs instead
   of 862 at T = 0.08, but costs another 0.5 s; other optimal master duals are not optimal
   for ``L``).

``optimal`` is claimed only when proven: HiGHS reports an optimal solution with a relative gap
of at most :data:`MILP_PROOF_GAP` that is at least as good as the heuristic one, or the value
of the answer meets the LP or the Lagrangian bound.

Results are deterministic for a given input and seed as long as the search stops on its own
(no improvement, or ``max_rounds``) and the MILP, if any, finishes before the deadline; when the
time limit cuts the search short, how far it got depends on the machine's speed. So does the
Lagrangian bound when its time share, not its step rule, ends it.
"""

from __future__ import annotations

import math
import os
import subprocess
import sys
import tempfile
import time
import warnings
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from os import PathLike
from typing import Any, Literal, TextIO

import numpy as np

from .colgen import Gaps, column_generation, pair_gaps
from .lagrange import lagrangian_bound, multipliers_from_prices, relaxed_cells

__all__ = [
    "CAPACITY_TOLERANCE",
    "MILP_PROOF_GAP",
    "AssignmentProblem",
    "AssignmentResult",
    "Objective",
    "assign",
    "check_feasible",
    "greedy",
    "load_instance",
    "objective_value",
    "objective_weights",
]

Objective = Literal["equal", "area", "priority"]

#: An offer may hold this much more than its capacity, relative to ``max(1, cap_j)``.
CAPACITY_TOLERANCE = 1e-6
#: HiGHS must close the relative gap to this before ``optimal`` is claimed.
MILP_PROOF_GAP = 1e-6

_TINY = 1e-12
_COST_SCALE = 1_000_000  # the largest per-unit value in the flow becomes this integer cost
_MAX_CELLS = 2048  # capacity cells of one knapsack; the grid is coarsened above this
_RUIN_OFFERS = 8  # offers emptied per round of the iterated local search
_LAGRANGE_SHARE = 0.05  # of the time limit, for the Lagrangian bound
# HiGHS' root reduced-cost heuristic off: S200x50 proven in 3.2-5.0 s instead of 4.1-7.9 s
# (HiGHS alone, its random seeds 0-3); scipy passes the option to HiGHS verbatim.
_HIGHS_EXTRA = {"mip_heuristic_run_root_reduced_cost": False}
# Below a cut-off that no assignment may reach, HiGHS' primal heuristics only cost time: S200x50's
# certifying step took 1.1-2.2 s with them off instead of 2.0-3.5 s (seeds 0-3).
_NO_HEURISTICS = {
    "mip_heuristic_effort": 0.0,
    "mip_heuristic_run_rins": False,
    "mip_heuristic_run_rens": False,
    "mip_heuristic_run_feasibility_jump": False,
    "mip_heuristic_run_shifting": False,
    "mip_heuristic_run_zi_round": False,
}
_FIRST_GAP = 1.35e-4  # of the bound: the first T of _certify, doubled until it proves
_GUIDED_SHARE = 0.4  # of the child's time, at most, for the steps of _certify before the whole model
_COLGEN_SHARE = 0.1  # of the time left, at most, for column generation (the search and HiGHS wait)


# ---------------------------------------------------------------------------------------------
# Problem and result
# ---------------------------------------------------------------------------------------------


def _frozen_array(value: object, dtype: type, name: str) -> np.ndarray:
    array = np.array(value, dtype=dtype, copy=True)
    if array.ndim != 1:
        raise ValueError(f"{name} must be one-dimensional, got shape {array.shape}")
    array.setflags(write=False)
    return array


def _index_array(value: object, name: str) -> np.ndarray:
    raw = np.asarray(value)
    if raw.size and not np.issubdtype(raw.dtype, np.integer):
        if not np.issubdtype(raw.dtype, np.floating) or not np.all(raw == np.round(raw)):
            raise ValueError(f"{name} must hold integer indices")
    return _frozen_array(raw, np.int64, name)


@dataclass(frozen=True)
class AssignmentProblem:
    """Projects, offers and the eligible pairs between them.

    The arrays are copied, converted (float64 / int64) and made read-only.

    Parameters
    ----------
    area : array_like, shape (n,)
        Area each project needs, > 0 (it takes exactly this much of the offer it gets).
    cap : array_like, shape (m,)
        Capacity of each offer, >= 0.
    pi, pj : array_like of int, shape (k,)
        Project and offer index of each eligible pair; a pair is listed at most once.
    ps : array_like, shape (k,)
        Score of each pair, in (0, 1].
    weight : array_like, shape (n,), optional
        Positive priority of each project, used by the ``"priority"`` objective; ``None``
        means every project counts 1.

    Raises
    ------
    ValueError
        If a shape, an index or a value is out of range, or a pair is listed twice.

    Examples
    --------
    >>> p = AssignmentProblem(area=[2.0, 1.0], cap=[2.0], pi=[0, 1], pj=[0, 0], ps=[0.9, 0.5])
    >>> p.n, p.m, p.n_pairs
    (2, 1, 2)
    """

    area: np.ndarray
    cap: np.ndarray
    pi: np.ndarray
    pj: np.ndarray
    ps: np.ndarray
    weight: np.ndarray | None = field(default=None)

    def __post_init__(self) -> None:
        area = _frozen_array(self.area, np.float64, "area")
        cap = _frozen_array(self.cap, np.float64, "cap")
        pi = _index_array(self.pi, "pi")
        pj = _index_array(self.pj, "pj")
        ps = _frozen_array(self.ps, np.float64, "ps")
        n, m = area.size, cap.size
        if not np.all(np.isfinite(area)) or np.any(area <= 0):
            raise ValueError("area must be finite and > 0 for every project")
        if not np.all(np.isfinite(cap)) or np.any(cap < 0):
            raise ValueError("cap must be finite and >= 0 for every offer")
        if not pi.size == pj.size == ps.size:
            raise ValueError(f"pi, pj and ps must have the same length, got {pi.size}, {pj.size}, {ps.size}")
        if pi.size:
            if pi.min() < 0 or pi.max() >= n:
                raise ValueError(f"pi must index projects 0..{n - 1}")
            if pj.min() < 0 or pj.max() >= m:
                raise ValueError(f"pj must index offers 0..{m - 1}")
            if not np.all(np.isfinite(ps)) or np.any(ps <= 0) or np.any(ps > 1):
                raise ValueError("ps (scores) must lie in (0, 1]")
            keys = np.sort(pi * m + pj)
            if np.any(keys[1:] == keys[:-1]):
                raise ValueError("a (project, offer) pair is listed more than once")
        object.__setattr__(self, "area", area)
        object.__setattr__(self, "cap", cap)
        object.__setattr__(self, "pi", pi)
        object.__setattr__(self, "pj", pj)
        object.__setattr__(self, "ps", ps)
        if self.weight is not None:
            weight = _frozen_array(self.weight, np.float64, "weight")
            if weight.size != n:
                raise ValueError(f"weight must have one entry per project ({n}), got {weight.size}")
            if not np.all(np.isfinite(weight)) or np.any(weight <= 0):
                raise ValueError("weight must be finite and > 0 for every project")
            object.__setattr__(self, "weight", weight)

    @property
    def n(self) -> int:
        """Number of projects."""
        return int(self.area.size)

    @property
    def m(self) -> int:
        """Number of offers."""
        return int(self.cap.size)

    @property
    def n_pairs(self) -> int:
        """Number of eligible pairs."""
        return int(self.pi.size)


@dataclass(frozen=True)
class AssignmentResult:
    """An assignment, its value, a proven upper bound and how it was found.

    Attributes
    ----------
    offer_of : ndarray of int, shape (n,)
        Offer index of each project, ``-1`` when unassigned (read-only).
    objective : float
        ``sum w_i s_ij`` over the assigned pairs.
    bound : float
        A proven upper bound on the optimum: the tightest of the LP relaxation, the Lagrangian
        bound and HiGHS' MILP bound; for :func:`greedy`, every project at its best offer.
    gap : float
        ``(bound - objective) / max(bound, tiny)``, >= 0.
    optimal : bool
        True only when optimality is proven.
    method : str
        How the assignment was found: ``"milp"``, ``"flow+local-search"`` or ``"greedy"``.
    objective_name : {"equal", "area", "priority"}
        The weighting that was maximised.
    seconds : float
        Wall time of the call.
    """

    offer_of: np.ndarray
    objective: float
    bound: float
    gap: float
    optimal: bool
    method: str
    objective_name: str
    seconds: float


def objective_weights(problem: AssignmentProblem, objective: Objective | None = None) -> tuple[str, np.ndarray]:
    """Return the objective's name and the project weights ``w`` it uses.

    ``None`` means ``"priority"`` when the problem carries weights and ``"equal"`` otherwise.

    Examples
    --------
    >>> p = AssignmentProblem(area=[1.0, 3.0], cap=[4.0], pi=[0, 1], pj=[0, 0], ps=[1.0, 1.0])
    >>> name, w = objective_weights(p, "area")
    >>> name, w.tolist()
    ('area', [0.5, 1.5])
    """
    if objective is None:
        objective = "equal" if problem.weight is None else "priority"
    if objective == "equal":
        if problem.weight is not None:
            raise ValueError("objective 'equal' would ignore problem.weight; drop the weights or use 'priority'")
        return "equal", np.ones(problem.n)
    if objective == "area":
        if problem.weight is not None:
            raise ValueError("objective 'area' computes its own weights; drop problem.weight")
        if problem.n == 0:
            return "area", np.ones(0)
        return "area", problem.area / problem.area.mean()
    if objective == "priority":
        if problem.weight is None:
            raise ValueError("objective 'priority' needs problem.weight")
        return "priority", np.asarray(problem.weight, dtype=np.float64)
    raise ValueError(f"objective must be 'equal', 'area' or 'priority', got {objective!r}")


def _as_offer_of(problem: AssignmentProblem, offer_of: object) -> np.ndarray:
    raw = np.asarray(offer_of)
    if raw.shape != (problem.n,):
        raise ValueError(f"offer_of must have shape ({problem.n},), got {raw.shape}")
    if raw.size and not np.issubdtype(raw.dtype, np.integer):
        raise ValueError("offer_of must hold integer offer indices")
    out = raw.astype(np.int64)
    if out.size and (out.min() < -1 or out.max() >= problem.m):
        raise ValueError(f"offer_of must hold -1 or an offer index 0..{problem.m - 1}")
    return out


def _pair_of(problem: AssignmentProblem, offer_of: np.ndarray) -> np.ndarray:
    """Pair index of each project (``-1`` if unassigned); raise if a pair is not eligible."""
    pair = np.full(problem.n, -1, dtype=np.int64)
    assigned = np.flatnonzero(offer_of >= 0)
    if assigned.size == 0:
        return pair
    keys = problem.pi * problem.m + problem.pj
    order = np.argsort(keys, kind="stable")
    sorted_keys = keys[order]
    wanted = assigned * problem.m + offer_of[assigned]
    pos = np.searchsorted(sorted_keys, wanted)
    found = pos < sorted_keys.size
    found[found] = sorted_keys[pos[found]] == wanted[found]
    if not np.all(found):
        bad = int(assigned[np.flatnonzero(~found)[0]])
        raise ValueError(f"project {bad} is on offer {int(offer_of[bad])}, which is not one of its eligible pairs")
    pair[assigned] = order[pos]
    return pair


def check_feasible(problem: AssignmentProblem, offer_of: np.ndarray) -> None:
    """Raise ``ValueError`` unless every assigned pair is eligible and no offer is over capacity.

    An offer may exceed its capacity by ``CAPACITY_TOLERANCE * max(1, cap_j)`` (rounding).

    Examples
    --------
    >>> p = AssignmentProblem(area=[2.0, 1.0], cap=[2.0], pi=[0, 1], pj=[0, 0], ps=[0.9, 0.5])
    >>> check_feasible(p, np.array([0, -1]))
    >>> check_feasible(p, np.array([0, 0]))
    Traceback (most recent call last):
    ...
    ValueError: offer 0 holds 3 ㎡, over its capacity of 2 ㎡
    """
    offer_of = _as_offer_of(problem, offer_of)
    _pair_of(problem, offer_of)
    assigned = offer_of >= 0
    load = np.bincount(offer_of[assigned], weights=problem.area[assigned], minlength=problem.m)
    over = load - problem.cap > CAPACITY_TOLERANCE * np.maximum(1.0, problem.cap)
    if np.any(over):
        j = int(np.flatnonzero(over)[0])
        raise ValueError(f"offer {j} holds {load[j]:g} ㎡, over its capacity of {problem.cap[j]:g} ㎡")


def objective_value(problem: AssignmentProblem, offer_of: np.ndarray, objective: Objective | None = None) -> float:
    """Return ``sum w_i s_ij`` of an assignment under an objective (its pairs must be eligible).

    Examples
    --------
    >>> p = AssignmentProblem(area=[2.0, 1.0], cap=[2.0], pi=[0, 1], pj=[0, 0], ps=[0.9, 0.5])
    >>> objective_value(p, np.array([0, -1]))
    0.9
    """
    _, w = objective_weights(problem, objective)
    pair = _pair_of(problem, _as_offer_of(problem, offer_of))
    assigned = pair >= 0
    return float(np.sum(w[assigned] * problem.ps[pair[assigned]]))


def load_instance(path: str | PathLike[str]) -> AssignmentProblem:
    """Read a benchmark instance: an ``.npz`` with ``area``, ``cap``, ``pi``, ``pj`` and ``ps``.

    An optional ``weight`` array becomes the priority weights; other arrays are ignored.
    """
    with np.load(path, allow_pickle=False) as data:
        missing = {"area", "cap", "pi", "pj", "ps"} - set(data.files)
        if missing:
            raise ValueError(f"{path} lacks {', '.join(sorted(missing))}")
        weight = data["weight"] if "weight" in data.files else None
        return AssignmentProblem(
            area=data["area"], cap=data["cap"], pi=data["pi"], pj=data["pj"], ps=data["ps"], weight=weight
        )


# ---------------------------------------------------------------------------------------------
# Internal representation
# ---------------------------------------------------------------------------------------------


def _common_grid(area: np.ndarray, cap: np.ndarray) -> float | None:
    """Greatest common divisor of the areas and capacities when all are whole numbers."""
    values = np.concatenate([area, cap])
    values = values[values > 0]
    if values.size == 0 or values.max() > 2**52 or not np.all(values == np.round(values)):
        return None
    return float(np.gcd.reduce(values.astype(np.int64)))


class _Instance:
    """The usable pairs (area within the capacity) with per-project and per-offer adjacency."""

    def __init__(self, problem: AssignmentProblem, w: np.ndarray) -> None:
        self.n, self.m = problem.n, problem.m
        self.area = problem.area
        self.cap = problem.cap
        fits = problem.area[problem.pi] <= problem.cap[problem.pj]
        self.pi = problem.pi[fits]
        self.pj = problem.pj[fits]
        self.val = w[self.pi] * problem.ps[fits]
        self.k = int(self.pi.size)
        # Per project, pairs by decreasing value, so "best offer with room" is a first hit.
        self.p_pairs = np.lexsort((self.pj, -self.val, self.pi))
        self.p_ptr = np.searchsorted(self.pi[self.p_pairs], np.arange(self.n + 1))
        self.o_pairs = np.lexsort((self.pi, self.pj))
        self.o_ptr = np.searchsorted(self.pj[self.o_pairs], np.arange(self.m + 1))
        self.best_val = np.zeros(self.n)
        if self.k:
            np.maximum.at(self.best_val, self.pi, self.val)
        # Our own moves keep within a tolerance far below check_feasible's.
        self.slack = 1e-9 * np.maximum(1.0, self.cap)
        # A move must gain more than this (rounding noise is far smaller).
        self.eps = 1e-9 * (float(self.val.max()) if self.k else 1.0)
        # Whole-number grid of the data (e.g. areas in multiples of 10 ㎡) for exact knapsacks.
        self.grid = _common_grid(problem.area, problem.cap)


class _State:
    """A feasible assignment with its loads and values kept up to date."""

    def __init__(self, inst: _Instance) -> None:
        self.inst = inst
        self.pair_of = np.full(inst.n, -1, dtype=np.int64)
        self.offer_of = np.full(inst.n, -1, dtype=np.int64)
        self.cur = np.zeros(inst.n)
        self.load = np.zeros(inst.m)
        self.total = 0.0
        # Where a shift may have become possible since the last pass: offers that gained room
        # and projects that lost value (only removals open new moves).
        self.roomier = np.ones(inst.m, dtype=bool)
        self.poorer = np.ones(inst.n, dtype=bool)

    def copy_from(self, other: _State) -> None:
        self.pair_of[:] = other.pair_of
        self.offer_of[:] = other.offer_of
        self.cur[:] = other.cur
        self.load[:] = other.load
        self.total = other.total

    def put(self, i: int, e: int) -> None:
        """Assign the unassigned project ``i`` through pair ``e``."""
        inst = self.inst
        j = int(inst.pj[e])
        self.pair_of[i] = e
        self.offer_of[i] = j
        self.cur[i] = inst.val[e]
        self.load[j] += inst.area[i]
        self.total += inst.val[e]

    def take(self, i: int) -> int:
        """Unassign project ``i``; return the pair it had."""
        e = int(self.pair_of[i])
        j = int(self.offer_of[i])
        self.load[j] -= self.inst.area[i]
        self.total -= self.cur[i]
        self.roomier[j] = True
        self.poorer[i] = True
        self.pair_of[i] = -1
        self.offer_of[i] = -1
        self.cur[i] = 0.0
        return e

    def fits(self, i: int, j: int) -> bool:
        inst = self.inst
        return bool(self.load[j] + inst.area[i] <= inst.cap[j] + inst.slack[j])

    def resync(self) -> None:
        """Recompute loads and values from scratch (no drift from many small updates)."""
        inst = self.inst
        assigned = self.pair_of >= 0
        self.load[:] = np.bincount(self.offer_of[assigned], weights=inst.area[assigned], minlength=inst.m)
        self.cur[:] = 0.0
        self.cur[assigned] = inst.val[self.pair_of[assigned]]
        self.total = float(self.cur.sum())

    def value(self) -> float:
        """Exact objective of the current assignment."""
        assigned = self.pair_of >= 0
        return float(np.sum(self.inst.val[self.pair_of[assigned]]))


def _result(
    offer_of: np.ndarray,
    value: float,
    *,
    bound: float,
    proven: bool,
    method: str,
    name: str,
    started: float,
) -> AssignmentResult:
    """Package an answer; it is ``optimal`` if proven by the solver or if it meets the bound."""
    bound = float(bound)
    optimal = proven or value >= bound - 1e-9 * max(1.0, abs(bound))
    bound = max(bound, value)  # a valid bound is below the value only by rounding noise
    gap = max(0.0, (bound - value) / max(bound, _TINY))
    frozen = np.array(offer_of, dtype=np.int64, copy=True)
    frozen.setflags(write=False)
    return AssignmentResult(
        offer_of=frozen,
        objective=float(value),
        bound=bound,
        gap=float(gap),
        optimal=bool(optimal),
        method=method,
        objective_name=name,
        seconds=time.perf_counter() - started,
    )


def _trivial_bound(inst: _Instance) -> float:
    """Every project at its best offer: a weak bound that needs no solver."""
    return float(inst.best_val.sum())


# ---------------------------------------------------------------------------------------------
# Greedy baseline
# ---------------------------------------------------------------------------------------------


def greedy(problem: AssignmentProblem, *, objective: Objective | None = None) -> AssignmentResult:
    """Assign pairs by decreasing weighted score while capacity allows: the baseline.

    The bound reported is the trivial one (every project at its best offer).

    Examples
    --------
    >>> p = AssignmentProblem(area=[2.0, 1.0, 1.0], cap=[2.0], pi=[0, 1, 2], pj=[0, 0, 0],
    ...                       ps=[0.9, 0.5, 0.5])
    >>> r = greedy(p)
    >>> r.offer_of.tolist(), r.objective, r.method, r.objective_name
    ([0, -1, -1], 0.9, 'greedy', 'equal')
    """
    started = time.perf_counter()
    name, w = objective_weights(problem, objective)
    inst = _Instance(problem, w)
    state = _State(inst)
    _greedy_fill(inst, state, np.lexsort((inst.pj, inst.pi, -inst.val)))
    return _result(state.offer_of, state.value(), bound=_trivial_bound(inst), proven=False,
                   method="greedy", name=name, started=started)


def _greedy_fill(inst: _Instance, state: _State, order: np.ndarray) -> None:
    """Walk the pairs in ``order``; put each still-unassigned project where it fits."""
    room = (inst.cap - state.load + inst.slack).tolist()
    offer_of = state.offer_of.tolist()
    area = inst.area.tolist()
    for e, i, j in zip(order.tolist(), inst.pi[order].tolist(), inst.pj[order].tolist()):
        if offer_of[i] < 0 and area[i] <= room[j]:
            room[j] -= area[i]
            offer_of[i] = j
            state.put(i, e)


# ---------------------------------------------------------------------------------------------
# LP relaxation as a min-cost flow (OR-Tools)
# ---------------------------------------------------------------------------------------------


@dataclass
class _Relaxation:
    flow: np.ndarray  # ㎡ routed through each usable pair (fractional in general)
    price: np.ndarray  # v_j, value per ㎡ of each offer
    bound: float


def _flow_unit(inst: _Instance) -> float:
    """Area per flow unit: 1 ㎡ for data in ㎡; finer for small-valued, coarser for huge data."""
    largest = float(max(inst.area.max(initial=0.0), inst.cap.max(initial=0.0)))
    if 1e3 <= largest <= 1e7:
        return 1.0
    return largest / 1e5 if largest > 0 else 1.0


def _dual_bound(inst: _Instance, price: np.ndarray) -> float:
    """``sum_j cap_j v_j + sum_i max(0, max_j w_i s_ij - area_i v_j)``: a bound for any v >= 0."""
    price = np.maximum(price, 0.0)
    best = np.zeros(inst.n)
    if inst.k:
        np.maximum.at(best, inst.pi, inst.val - inst.area[inst.pi] * price[inst.pj])
    return float(inst.cap @ price + best.sum())


def _relax(inst: _Instance, deadline: float) -> _Relaxation:
    """Solve the LP relaxation as a min-cost flow; read the offer prices off the residual graph."""
    from ortools.graph.python import min_cost_flow

    n, m, k = inst.n, inst.m, inst.k
    if k == 0:
        return _Relaxation(np.zeros(0), np.zeros(m), 0.0)
    unit = _flow_unit(inst)
    supply = np.maximum(np.ceil(inst.area / unit - 1e-9), 1).astype(np.int64)  # areas up
    capacity = np.floor(inst.cap / unit + 1e-9).astype(np.int64)  # capacities down
    per_unit = inst.val / supply[inst.pi]
    top = float(per_unit.max())
    cost = -np.maximum(np.rint(per_unit / top * _COST_SCALE), 1).astype(np.int64)
    sink = n + m
    tails = np.concatenate([inst.pi, np.arange(n), n + np.arange(m)])
    heads = np.concatenate([n + inst.pj, np.full(n, sink), np.full(m, sink)])
    caps = np.concatenate([supply[inst.pi], supply, capacity])
    costs = np.concatenate([cost, np.zeros(n + m, dtype=np.int64)])
    solver = min_cost_flow.SimpleMinCostFlow()
    solver.add_arcs_with_capacity_and_unit_cost(tails, heads, caps, costs)
    node_supply = np.zeros(n + m + 1, dtype=np.int64)
    node_supply[:n] = supply
    node_supply[sink] = -supply.sum()
    solver.set_nodes_supplies(np.arange(n + m + 1), node_supply)
    if solver.solve() != solver.OPTIMAL:
        return _Relaxation(np.zeros(k), np.zeros(m), _trivial_bound(inst))
    flows = solver.flows(np.arange(tails.size))
    # Potentials: shortest distances in the residual graph from a virtual root joined to every
    # node at zero cost (Bellman-Ford, one vectorised relaxation per round). An optimal flow
    # leaves no negative cycle; and since any v >= 0 gives a valid bound, stopping early
    # (deadline, round cap) only weakens the bound.
    forward, backward = flows < caps, flows > 0
    r_tail = np.concatenate([tails[forward], heads[backward]])
    r_head = np.concatenate([heads[forward], tails[backward]])
    r_cost = np.concatenate([costs[forward], -costs[backward]])
    dist = np.zeros(n + m + 1, dtype=np.int64)
    for _ in range(min(n + m + 2, 10_000)):
        relaxed = dist.copy()
        np.minimum.at(relaxed, r_head, dist[r_tail] + r_cost)
        if np.array_equal(relaxed, dist) or time.perf_counter() > deadline:
            break
        dist = relaxed
    price = np.maximum(dist[sink] - dist[n:sink], 0) * (top / _COST_SCALE / unit)
    bound = min(_trivial_bound(inst), _dual_bound(inst, price))
    return _Relaxation(flows[:k] * unit, price, bound)


def _round(inst: _Instance, state: _State, relax: _Relaxation) -> None:
    """Give each project the offer carrying most of its flow, largest shares first."""
    used = np.flatnonzero(relax.flow > 0)
    if used.size == 0:
        return
    share = relax.flow[used] / inst.area[inst.pi[used]]
    order = np.lexsort((-inst.val[used], -share, inst.pi[used]))
    first = np.ones(order.size, dtype=bool)
    first[1:] = inst.pi[used[order[1:]]] != inst.pi[used[order[:-1]]]
    top = order[first]  # one pair per project: its largest share
    top = top[np.lexsort((inst.pi[used[top]], -inst.val[used[top]], -share[top]))]
    _greedy_fill(inst, state, used[top])


# ---------------------------------------------------------------------------------------------
# Local improvement (numpy)
# ---------------------------------------------------------------------------------------------


def _knapsack(weight: np.ndarray, profit: np.ndarray, cells: int) -> tuple[float, np.ndarray]:
    """Exact 0/1 knapsack by dynamic programming over ``cells`` whole capacity cells.

    Returns the best profit and the indices of the chosen items.
    """
    best = np.zeros(cells + 1)
    take = np.zeros((weight.size, cells + 1), dtype=bool)
    for t in range(weight.size):
        w = int(weight[t])
        candidate = best[: cells + 1 - w] + profit[t]
        take[t, w:] = candidate > best[w:]
        np.maximum(best[w:], candidate, out=best[w:])
    chosen = []
    c = cells
    for t in range(weight.size - 1, -1, -1):
        if take[t, c]:
            chosen.append(t)
            c -= int(weight[t])
    return float(best[cells]), np.array(chosen[::-1], dtype=np.int64)


def _ranges(order: np.ndarray, ptr: np.ndarray, keys: np.ndarray) -> np.ndarray:
    """Concatenate ``order[ptr[k]:ptr[k + 1]]`` over ``keys`` (rows of a CSR index)."""
    starts = ptr[keys]
    lengths = ptr[keys + 1] - starts
    total = int(lengths.sum())
    if total == 0:
        return np.zeros(0, dtype=np.int64)
    offsets = np.cumsum(lengths) - lengths
    return order[np.repeat(starts - offsets, lengths) + np.arange(total)]


class _Search:
    """Shifts, offer re-packing and an iterated local search on a :class:`_State`."""

    def __init__(self, inst: _Instance, state: _State, deadline: float, rng: np.random.Generator) -> None:
        self.inst = inst
        self.state = state
        self.deadline = deadline
        self.rng = rng
        self.queued = np.zeros(inst.m, dtype=bool)
        self.queue: deque[int] = deque()
        self.push_homeless = True

    def out_of_time(self) -> bool:
        return time.perf_counter() >= self.deadline

    def push(self, offers: np.ndarray | list[int]) -> None:
        for j in np.asarray(offers, dtype=np.int64).tolist():
            if not self.queued[j]:
                self.queued[j] = True
                self.queue.append(j)

    # -- shifts ------------------------------------------------------------------------------

    def shift(self) -> None:
        """Move projects (assigned or not) to better offers with room, best gains first."""
        inst, state = self.inst, self.state
        while not self.out_of_time():
            offers = np.flatnonzero(state.roomier)
            projects = np.flatnonzero(state.poorer)
            if offers.size + projects.size == 0:
                return
            state.roomier[offers] = False
            state.poorer[projects] = False
            touched = offers.size * inst.k // max(inst.m, 1) + projects.size * inst.k // max(inst.n, 1)
            if 4 * touched > inst.k:
                pairs = np.arange(inst.k)
            else:
                pairs = np.unique(np.concatenate([
                    _ranges(inst.o_pairs, inst.o_ptr, offers), _ranges(inst.p_pairs, inst.p_ptr, projects)
                ]))
            pi, pj = inst.pi[pairs], inst.pj[pairs]
            gain = inst.val[pairs] - state.cur[pi]
            ok = (gain > inst.eps) & (inst.area[pi] <= inst.cap[pj] - state.load[pj] + inst.slack[pj])
            cand = pairs[ok][np.argsort(-gain[ok], kind="stable")]
            for e, i, j in zip(cand.tolist(), inst.pi[cand].tolist(), inst.pj[cand].tolist()):
                if inst.val[e] - state.cur[i] <= inst.eps or not state.fits(i, j):
                    continue
                old = int(state.offer_of[i])
                if old >= 0:
                    state.take(i)
                    self.push([old])
                state.put(i, e)
                self.push([j])

    def best_pair(self, i: int) -> int:
        """Best pair of project ``i`` on an offer with room, or -1."""
        inst, state = self.inst, self.state
        es = inst.p_pairs[inst.p_ptr[i] : inst.p_ptr[i + 1]]
        offers = inst.pj[es]
        hit = np.flatnonzero(state.load[offers] + inst.area[i] <= inst.cap[offers] + inst.slack[offers])
        return int(es[hit[0]]) if hit.size else -1

    def fallback(self, projects: np.ndarray, exclude: int) -> np.ndarray:
        """Value of each project's best pair on another offer than ``exclude`` with room (or 0)."""
        inst, state = self.inst, self.state
        starts = inst.p_ptr[projects]
        lengths = inst.p_ptr[projects + 1] - starts
        offsets = np.cumsum(lengths) - lengths
        es = inst.p_pairs[np.repeat(starts - offsets, lengths) + np.arange(int(lengths.sum()))]
        offers = inst.pj[es]
        ok = (offers != exclude) & (
            state.load[offers] + inst.area[inst.pi[es]] <= inst.cap[offers] + inst.slack[offers]
        )
        return np.maximum.reduceat(np.where(ok, inst.val[es], 0.0), offsets)

    # -- offer re-packing --------------------------------------------------------------------

    def repack(self, j: int) -> bool:
        """Re-choose offer ``j``'s members with an exact knapsack; keep the change if it gains."""
        inst, state = self.inst, self.state
        es = inst.o_pairs[inst.o_ptr[j] : inst.o_ptr[j + 1]]
        if es.size == 0:
            return False
        ii = inst.pi[es]
        own = state.offer_of[ii]
        # Profit of having each candidate on j: its value, less what it earns elsewhere now
        # (pulled over) or could earn elsewhere if evicted (members).
        profit = inst.val[es].copy()
        elsewhere = (own >= 0) & (own != j)
        profit[elsewhere] -= state.cur[ii[elsewhere]]
        members = np.flatnonzero(own == j)
        if members.size:
            profit[members] -= self.fallback(ii[members], j)
        current = float(profit[members].sum())
        items = np.flatnonzero(profit > inst.eps)
        if items.size == 0:
            return False
        area = inst.area[ii[items]]
        gains = profit[items]
        cap = float(inst.cap[j])
        if area.sum() <= cap + inst.slack[j]:
            chosen, best = items, float(gains.sum())
        else:
            # Dantzig bound: skip the DP when even the fractional knapsack cannot gain.
            order = np.argsort(-gains / area, kind="stable")
            cum = np.cumsum(area[order])
            split = int(np.searchsorted(cum, cap, side="right"))  # < items.size here
            filled = float(cum[split - 1]) if split else 0.0
            ratio = gains[order[split]] / area[order[split]]
            upper = float(gains[order[:split]].sum()) + ratio * (cap - filled)
            margin = upper - current - inst.eps
            if margin <= 0:
                return False
            # Dembo-Hammer: forcing an item in (or out) against the fractional optimum costs
            # at least |p - ratio * a| of the bound; past the margin, its status is settled.
            free = np.abs(gains - ratio * area) < margin
            fixed_in = np.zeros(items.size, dtype=bool)
            fixed_in[order[:split]] = True
            fixed_in &= ~free
            unit = inst.grid
            if unit is None or cap / unit > _MAX_CELLS:
                unit = cap / _MAX_CELLS  # a coarser grid: areas round up, so still feasible
            weight = np.maximum(np.ceil(area / unit - 1e-9), 1).astype(np.int64)
            cells = int(math.floor(cap / unit + 1e-9))
            if int(weight[fixed_in].sum()) > cells:  # the grid's rounding broke the fixing
                fixed_in[:] = False
                free[:] = True
            cells -= int(weight[fixed_in].sum())
            sub = np.flatnonzero(free & (weight <= cells))
            if int(weight[sub].sum()) <= cells:
                picked, value = sub, float(gains[sub].sum())
            else:
                value, local = _knapsack(weight[sub], gains[sub], cells)
                picked = sub[local]
            best = value + float(gains[fixed_in].sum())
            chosen = items[np.concatenate([np.flatnonzero(fixed_in), picked])]
        if best <= current + inst.eps:
            return False
        return self._apply_repack(j, es, ii, own, members, chosen)

    def _apply_repack(
        self, j: int, es: np.ndarray, ii: np.ndarray, own: np.ndarray, members: np.ndarray, chosen: np.ndarray
    ) -> bool:
        inst, state = self.inst, self.state
        before = state.total
        keep = np.zeros(es.size, dtype=bool)
        keep[chosen] = True
        log: list[tuple[int, int]] = []  # (project, pair before the move) to undo
        evicted = [int(ii[t]) for t in members.tolist() if not keep[t]]
        for i in evicted:
            log.append((i, state.take(i)))
        touched = {j}
        for t in chosen.tolist():
            i, old = int(ii[t]), int(own[t])
            if old == j:
                continue
            if old >= 0:
                touched.add(old)
                log.append((i, state.take(i)))
            else:
                log.append((i, -1))
            state.put(i, int(es[t]))
        homeless = []
        for i in sorted(evicted, key=lambda i: -inst.best_val[i]):  # the ejection chain
            e = self.best_pair(i)
            if e >= 0:
                state.put(i, e)
                touched.add(int(inst.pj[e]))
            else:
                homeless.append(i)
        if state.total - before <= inst.eps or state.load[j] > inst.cap[j] + inst.slack[j]:
            for i, _ in log:
                if state.pair_of[i] >= 0:
                    state.take(i)
            for i, e in log:
                if e >= 0:
                    state.put(i, e)
            return False
        self.push(sorted(touched))
        if self.push_homeless:
            for i in homeless:
                self.push(inst.pj[inst.p_pairs[inst.p_ptr[i] : inst.p_ptr[i + 1]]])
        return True

    # -- drivers -----------------------------------------------------------------------------

    def descend(self) -> None:
        """Re-pack queued offers, shifting whenever the queue runs dry, until nothing gains."""
        self.shift()
        while self.queue and not self.out_of_time():
            j = self.queue.popleft()
            self.queued[j] = False
            self.repack(j)
            if not self.queue:
                self.shift()
        self.queue.clear()
        self.queued[:] = False

    def run(self) -> None:
        """Local search: every offer once (in random order), then wherever something changed."""
        self.push(self.rng.permutation(self.inst.m))
        self.descend()
        self.state.resync()

    def perturb(
        self, best: _State, stop: Callable[[], bool], max_rounds: int | None = None, patience: int | None = None
    ) -> int:
        """Iterated local search from ``best`` (updated in place); return the number of rounds.

        Each round empties one offer and up to seven offers its members could also use,
        rebuilds with :meth:`descend`, and keeps the result unless it is worse (sideways steps
        keep the walk moving). It ends at the deadline, after ``max_rounds`` rounds, when
        ``stop()`` says so, or after ``patience`` rounds in a row without improvement
        (default ``max(200, min(1000 + 2m, 20(n + m)))``).
        """
        inst, state, rng = self.inst, self.state, self.rng
        state.copy_from(best)
        # A rebuild stays local: re-packing every offer a homeless project could use made each
        # round a full sweep (3x fewer rounds, no better results).
        self.push_homeless = False
        rounds = idle = 0
        if patience is None:
            patience = max(200, min(1_000 + 2 * inst.m, 20 * (inst.n + inst.m)))
        limit = math.inf if max_rounds is None else max_rounds
        while rounds < limit and idle < patience and not self.out_of_time() and not stop():
            used = np.flatnonzero(state.load > 0)
            if used.size == 0:
                break
            rounds += 1
            j0 = int(used[rng.integers(used.size)])
            near = np.unique(inst.pj[_ranges(inst.p_pairs, inst.p_ptr, np.flatnonzero(state.offer_of == j0))])
            near = near[near != j0]
            extra = min(_RUIN_OFFERS - 1, near.size)
            ruined = np.concatenate([[j0], rng.choice(near, size=extra, replace=False)]) if extra else np.array([j0])
            for i in np.flatnonzero(np.isin(state.offer_of, ruined)).tolist():
                state.take(i)
            self.push(ruined)
            self.descend()
            state.resync()
            idle = 0 if state.total > best.total + inst.eps else idle + 1
            if state.total >= best.total:
                best.copy_from(state)
            else:
                state.copy_from(best)
                state.roomier[:] = False
                state.poorer[:] = False
        self.push_homeless = True
        return rounds


# ---------------------------------------------------------------------------------------------
# Exact MILP (HiGHS) in a child process we can kill
# ---------------------------------------------------------------------------------------------


class _MilpRun:
    """``scipy.optimize.milp`` on the usable pairs, in a child Python process.

    The child (``subprocess``: the same interpreter, ``-c``) reads the model from an ``.npz``
    file and writes its answer to another, so it neither re-imports the caller's ``__main__``
    nor shares memory with it, and killing it is safe.
    """

    def __init__(self, inst: _Instance, deadline_wall: float) -> None:
        self._dir = tempfile.TemporaryDirectory(prefix="matching-milp-")
        self._model = os.path.join(self._dir.name, "model.npz")
        self._answer = os.path.join(self._dir.name, "answer.npz")
        self._result: dict[str, np.ndarray] | None = None
        self._read = False
        np.savez(self._model, area=inst.area, cap=inst.cap, pi=inst.pi, pj=inst.pj, val=inst.val,
                 deadline=np.float64(deadline_wall))
        env = dict(os.environ)
        # Only the folder that holds this package, ahead of what the caller already set: the
        # caller's script folder (first on its sys.path) could shadow the standard library.
        package_root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
        env["PYTHONPATH"] = os.pathsep.join(p for p in (package_root, env.get("PYTHONPATH", "")) if p)
        code = f"import sys; from {__name__} import _solve_milp_file; _solve_milp_file(sys.argv[1], sys.argv[2])"
        self._proc = subprocess.Popen(
            [sys.executable, "-c", code, self._model, self._answer],
            stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
        )

    def guide(self, gaps: Gaps | None = None, bound: float = math.inf, floor: float = 0.0) -> None:
        """Let the child start: on the whole model, or guided by pair gaps (see :func:`_certify`).

        The child imports scipy meanwhile and waits for this; closing the pipe without a guide
        (also when the parent fails) means the whole model.
        """
        if self._proc.stdin is None or self._proc.stdin.closed:
            return
        try:
            if gaps is not None and math.isfinite(bound):
                guide = os.path.join(self._dir.name, "guide.npz")
                np.savez(guide, **gaps._asdict(), bound=np.float64(bound), floor=np.float64(floor))
                self._proc.stdin.write(guide.encode() + b"\n")
            self._proc.stdin.close()
        except OSError:  # the child is gone: its answer (none) says so
            pass

    def answer(self) -> dict[str, np.ndarray] | None:
        """The child's answer once it has exited (None while running or if it failed)."""
        if not self._read and self._proc.poll() is not None:
            self._read = True
            if self._proc.returncode == 0:
                try:
                    with np.load(self._answer, allow_pickle=False) as data:
                        self._result = {key: data[key] for key in data.files}
                except (OSError, ValueError):
                    self._result = None
        return self._result

    def exited(self) -> bool:
        return self._proc.poll() is not None

    def wait(self, deadline: float) -> dict[str, np.ndarray] | None:
        """Wait until ``deadline`` (``perf_counter``) at most, kill the child, return its answer."""
        self.guide()
        try:
            self._proc.wait(timeout=max(0.0, deadline - time.perf_counter()))
        except subprocess.TimeoutExpired:
            pass
        return self.close()

    def close(self) -> dict[str, np.ndarray] | None:
        self.guide()
        if self._proc.poll() is None:
            self._proc.kill()
            self._proc.wait()
        result = self.answer()
        self._dir.cleanup()
        return result


def _solve_milp_file(model_path: str, answer_path: str, guide: TextIO | None = None) -> None:
    """Child-process entry point: solve the model in ``model_path`` with HiGHS.

    The imports run first, while the parent computes the guide it then names on ``guide``
    (stdin); an empty line or none means the whole model.
    """
    from scipy.optimize import Bounds, LinearConstraint, milp
    from scipy.sparse import csr_array

    guide_path = (sys.stdin if guide is None else guide).readline().strip()
    with np.load(model_path, allow_pickle=False) as model:
        area, cap, pi, pj, val = (model[key] for key in ("area", "cap", "pi", "pj", "val"))
        deadline_wall = float(model["deadline"])
    n = area.size

    gaps = None
    if guide_path:
        with np.load(guide_path, allow_pickle=False) as data:
            gaps = Gaps(**{key: data[key] for key in Gaps._fields})
            bound, floor = float(data["bound"]), float(data["floor"])

    def solve(keep: np.ndarray, options: dict, placed: np.ndarray | None = None, lost: float = math.inf) -> Any:
        """HiGHS on the pairs ``keep``; the projects ``placed`` assigned, ``sum u_i`` left out at most ``lost``."""
        k = keep.size
        rows, cols, coef = [pi[keep], n + pj[keep]], [np.arange(k), np.arange(k)], [np.ones(k), area[pi[keep]]]
        lower = np.full(n + cap.size, -np.inf)
        upper = np.concatenate([np.ones(n), cap])
        if placed is not None:
            lower[placed] = 1.0
        if gaps is not None and math.isfinite(lost) and gaps.u.any():  # sum u_i assigned_i >= sum u - lost
            rows.append(np.full(k, n + cap.size))
            cols.append(np.arange(k))
            coef.append(gaps.u[pi[keep]])
            lower = np.append(lower, float(gaps.u.sum()) - lost)
            upper = np.append(upper, np.inf)
        matrix = csr_array((np.concatenate(coef), (np.concatenate(rows), np.concatenate(cols))),
                           shape=(lower.size, k))

        # A step's own time limit (see _certify) survives the fallback below; the rest may not.
        base = {"time_limit": options.get("time_limit", max(deadline_wall - time.time(), 0.01)),
                "mip_rel_gap": MILP_PROOF_GAP, "disp": False}

        def run(extra: dict) -> Any:
            with warnings.catch_warnings():
                warnings.filterwarnings("ignore", "Unrecognized options", RuntimeWarning)  # passed on, as meant
                return milp(
                    -val[keep],
                    integrality=np.ones(k),
                    bounds=Bounds(0, 1),
                    constraints=LinearConstraint(matrix, lower, upper),
                    options={**base, **extra},
                )

        try:
            return run({**options, **_HIGHS_EXTRA})
        except (AttributeError, TypeError, ValueError):  # a HiGHS build without one of the options:
            return run({})  # they only save time, the answer means the same

    if gaps is not None:
        until = time.time() + _GUIDED_SHARE * (deadline_wall - time.time())
        status, x, dual_bound, gap = _certify(val, gaps, bound, floor, solve, until)
    else:
        res = solve(np.arange(val.size), {})
        dual, found_gap = res.get("mip_dual_bound"), res.get("mip_gap")
        status, x = int(res.status), np.zeros(0) if res.x is None else np.asarray(res.x, dtype=np.float64)
        dual_bound = np.nan if dual is None else -float(dual)
        gap = np.nan if found_gap is None else float(found_gap)
    partial = answer_path + ".part.npz"
    np.savez(partial, status=np.int64(status), x=x, dual_bound=np.float64(-dual_bound), gap=np.float64(gap))
    os.replace(partial, answer_path)  # the parent never sees a half-written answer


def _certify(val: np.ndarray, gaps: Gaps, bound: float, floor: float,
             solve: Callable[..., Any], until: float = math.inf) -> tuple[int, np.ndarray, float, float]:
    """The optimum from models of the pairs within a gap ``T`` of the bound, ``T`` doubling.

    Every assignment worth at least ``bound - T`` uses only pairs whose gap is at most ``T``,
    places every project whose gap exceeds ``T`` and leaves out projects whose ``u`` sum to at
    most ``T`` (:class:`matching.colgen.Gaps`). So HiGHS, told to cut off anything below
    ``bound - T`` and with its primal heuristics off (nothing to find below the cut-off), solves
    a small model with those rows; the rows make the failing steps on S200x50 cheap (0.3 s
    together instead of 0.8 s) and its proving step a little quicker (0.85 s instead of 1.0 s). An
    answer of at least ``bound - T`` is then the global optimum, and none proves that the
    optimum is below ``bound - T``. ``T`` doubles from :data:`_FIRST_GAP` (relative to the bound)
    up to ``bound - floor``, where the model holds every assignment at least as good as the
    known ``floor`` and HiGHS runs as usual. It goes there at once when a step runs past
    ``until`` (``time.time()``): on instances it cannot prove in time, HiGHS's own search for
    good assignments on that model then gets the rest of the time (steps with heuristics off
    find none).

    Returns ``(status, x, upper bound, relative gap)`` as the answer file carries them: status 0
    with the proven optimum, else 1 (out of time) with the best bound the failed steps proved.
    """
    scale = max(1.0, abs(bound))
    slack = 1e-7 * scale  # far above the rounding of the gaps, far below any real difference
    top = max(bound - floor, 0.0)
    limit = min(_FIRST_GAP * scale, top)
    proven = bound
    x = np.zeros(val.size)
    while True:
        last = limit >= top
        keep = np.flatnonzero(gaps.pair <= limit + slack)
        if not keep.size:  # the empty assignment is the model's optimum (scipy refuses an empty
            # model); it cannot be worth ``bound - limit`` when a project had to be placed
            res = {"status": 0, "x": np.zeros(0), "mip_gap": 0.0}
        elif last:  # without the rows: HiGHS's own search did 0.3-0.4 % worse with them on hard instances
            res = solve(keep, {})
        else:
            placed = np.flatnonzero(gaps.left_out > limit + slack)
            res = solve(keep, {"objective_bound": -(bound - limit - 2 * slack), **_NO_HEURISTICS,
                               "time_limit": max(until - time.time(), 0.01)}, placed, limit + slack)
        value = -math.inf
        if res.get("x") is not None:
            x = np.zeros(val.size)
            x[keep] = res["x"]
            value = float(val[keep][res["x"] > 0.5].sum())
        if res["status"] == 0 and value >= bound - limit - slack:  # the model's optimum is the optimum
            dual, found_gap = res.get("mip_dual_bound"), res.get("mip_gap")
            upper = value if dual is None else max(value, -float(dual))
            return 0, x, upper, 0.0 if found_gap is None else float(found_gap)
        if last or res["status"] not in (0, 1, 2):  # out of time, or HiGHS failed: what is proven so far
            return 1, x, proven, math.nan
        if res["status"] == 1:  # past ``until``: the model of every assignment above the floor
            limit = top
            continue
        proven = bound - limit - slack  # no assignment reaches it
        limit = min(2 * limit, top)


def _is_proof(answer: dict[str, np.ndarray]) -> bool:
    return int(answer["status"]) == 0 and float(answer["gap"]) <= MILP_PROOF_GAP + 1e-12


# ---------------------------------------------------------------------------------------------
# The solver
# ---------------------------------------------------------------------------------------------


def assign(
    problem: AssignmentProblem,
    *,
    time_limit_s: float = 10.0,
    seed: int = 0,
    exact_max_pairs: int = 20_000,
    objective: Objective | None = None,
    max_rounds: int | None = None,
) -> AssignmentResult:
    """Assign projects to offers, maximising the total weighted score within the capacities.

    Parameters
    ----------
    problem : AssignmentProblem
        Areas, capacities and eligible pairs.
    time_limit_s : float
        Wall-clock budget, > 0. The search stops earlier when it stops improving, and the MILP
        child is killed at the deadline; only the flow LP cannot be interrupted.
    seed : int
        Seed of the search's random choices.
    exact_max_pairs : int
        Run the exact MILP (HiGHS, in a child process) when the instance has at most this many
        usable pairs; 0 switches it off.
    objective : {"equal", "area", "priority"}, optional
        The weighting to maximise; see :func:`objective_weights`.
    max_rounds : int, optional
        Cap on the rounds of the iterated local search. ``None`` runs it until the deadline
        or until it stops improving; a cap makes the answer independent of the machine's
        speed whenever the cap, not the deadline, ends the search.

    Returns
    -------
    AssignmentResult
        Always a feasible assignment; projects are left unassigned when space is short.

    Examples
    --------
    An anchor project of 6 ㎡ and two of 5 ㎡ want the same 10 ㎡ offer:

    >>> p = AssignmentProblem(area=[6.0, 5.0, 5.0], cap=[10.0], pi=[0, 1, 2], pj=[0, 0, 0],
    ...                       ps=[1.0, 0.55, 0.55])
    >>> r = assign(p, exact_max_pairs=0)
    >>> r.offer_of.tolist(), round(r.objective, 2), r.objective_name
    ([-1, 0, 0], 1.1, 'equal')
    >>> r.bound >= r.objective
    True
    >>> assign(p, objective="area", exact_max_pairs=0).offer_of.tolist()
    [0, -1, -1]
    """
    started = time.perf_counter()
    if not time_limit_s > 0:
        raise ValueError("time_limit_s must be > 0")
    name, w = objective_weights(problem, objective)
    deadline = started + 0.97 * time_limit_s - 0.02  # keep a little to package the answer
    inst = _Instance(problem, w)
    if max_rounds is not None and max_rounds < 0:
        raise ValueError("max_rounds must be >= 0")
    milp = None
    if 0 < inst.k <= exact_max_pairs and deadline - time.perf_counter() > 0.25:
        # Started first so that its start-up (~0.5 s of imports) overlaps the heuristic.
        # HiGHS gets the time left less a margin, to stop on its own and write its answer
        # (incumbent and bound) before we kill it.
        margin = max(0.3, 0.05 * time_limit_s)
        try:
            milp = _MilpRun(inst, time.time() + (deadline - time.perf_counter()) - margin)
        except OSError:  # no temporary folder or no way to start Python: heuristic only
            milp = None
    try:
        return _solve(problem, inst, milp, name=name, seed=seed, deadline=deadline, started=started,
                      max_rounds=max_rounds)
    finally:
        if milp is not None:
            milp.close()


def _guide_milp(inst: _Instance, milp: _MilpRun, price: np.ndarray, floor: float, deadline: float) -> float:
    """Column generation's bound (``inf`` if out of time), its pair gaps sent as the MILP's guide."""
    weight, cap = relaxed_cells(inst)
    until = time.perf_counter() + _COLGEN_SHARE * (deadline - time.perf_counter())
    bound, u = column_generation(inst, weight, cap, until, start=multipliers_from_prices(inst, price))
    if math.isfinite(bound):
        milp.guide(pair_gaps(inst, u, weight, cap), bound, floor)
    else:
        milp.guide()
    return bound


def _solve(
    problem: AssignmentProblem,
    inst: _Instance,
    milp: _MilpRun | None,
    *,
    name: str,
    seed: int,
    deadline: float,
    started: float,
    max_rounds: int | None,
) -> AssignmentResult:
    relax = _relax(inst, deadline)
    bound = relax.bound
    # The baseline as a floor: the answer is never worse than plain greedy.
    floor = _State(inst)
    _greedy_fill(inst, floor, np.lexsort((inst.pj, inst.pi, -inst.val)))
    guided = math.inf
    if milp is not None:
        guided = _guide_milp(inst, milp, relax.price, floor.value(), deadline)
        bound = min(bound, guided)
    state = _State(inst)
    _round(inst, state, relax)
    search = _Search(inst, state, deadline, np.random.default_rng(seed))
    search.run()
    best = _State(inst)
    best.copy_from(state)
    if floor.value() > best.value() + inst.eps:
        best.copy_from(floor)
    def meets(limit: float) -> bool:
        return best.total >= limit - 1e-9 * max(1.0, limit)

    if not meets(bound) and not math.isfinite(guided):  # tighter than the LP, in a little time (matching.lagrange)
        budget = _LAGRANGE_SHARE * (deadline - started)
        bound = min(bound, lagrangian_bound(inst, relax.price, best.value(), time.perf_counter() + budget))
    if meets(bound):  # proven by the LP or the Lagrangian bound already
        return _result(best.offer_of, best.value(), bound=bound, proven=False,
                       method="flow+local-search", name=name, started=started)

    answer = None
    if milp is not None:

        def proved() -> bool:  # stop searching once HiGHS has proven its answer optimal
            found = milp.answer()
            return found is not None and _is_proof(found)

        # A short search only: the answer usually comes from HiGHS, which needs the CPU more.
        search.perturb(best, stop=proved, max_rounds=max_rounds, patience=200)
        answer = milp.wait(deadline)
    else:
        search.perturb(best, stop=lambda: False, max_rounds=max_rounds)
    best.resync()
    offer_of, value, method, proven = best.offer_of, best.value(), "flow+local-search", False
    if answer is not None:
        x = answer["x"]
        if x.size == inst.k:
            chosen = np.flatnonzero(x > 0.5)
            candidate = np.full(inst.n, -1, dtype=np.int64)
            candidate[inst.pi[chosen]] = inst.pj[chosen]
            exact = float(inst.val[chosen].sum())
            tol = 1e-9 * max(1.0, abs(value))
            try:
                if np.unique(inst.pi[chosen]).size != chosen.size:
                    raise ValueError("a project on two offers")
                check_feasible(problem, candidate)
            except ValueError:  # HiGHS' tolerances let something slip through: not usable
                exact = -math.inf
            if exact > value + tol or (_is_proof(answer) and exact >= value - tol):
                offer_of, value, method, proven = candidate, exact, "milp", _is_proof(answer)
        milp_bound = -float(answer["dual_bound"])  # HiGHS minimised -value
        if answer["status"] in (0, 1) and np.isfinite(milp_bound):
            if milp_bound >= value - 1e-9 * max(1.0, abs(value)):  # else HiGHS' tolerances lied
                bound = min(bound, max(milp_bound, value))
    return _result(offer_of, value, bound=bound, proven=proven, method=method, name=name, started=started)
