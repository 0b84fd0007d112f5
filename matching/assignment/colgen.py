"""The best Lagrangian bound by column generation, and each pair's gap to it.

Relaxing each project's "at most one offer" with multipliers ``u >= 0`` leaves one knapsack per
offer (:mod:`matching.assignment.lagrange`); the ``u`` that minimises ``L(u)`` is the dual of the
set-packing LP whose columns are the packings of one offer. :func:`column_generation` solves
that LP: a master over the packings found so far (GLOP, OR-Tools' simplex, re-solved warm as
columns arrive), priced by one exact knapsack per offer (:mod:`matching.assignment.knapsack`),
with Wentges smoothing (pricing at a point between the best ``u`` so far and the master's
duals, which takes fewer master solves). Every pricing round evaluates ``L`` at its point, so
the bound returned is valid whenever the loop stops, converged or not. Run to convergence, it
reaches the best Lagrangian bound, which the subgradient steps of
:func:`matching.assignment.lagrange.lagrangian_bound` only approach.

:func:`pair_gaps` then gives every pair ``e = (i, j)`` a gap ``g_e`` such that any assignment that
uses ``e`` is worth at most ``L(u) - g_e``, and every project a gap for leaving it out; so every
assignment worth at least ``L(u) - T`` uses only pairs with ``g_e <= T`` and places every project
whose gap exceeds ``T``. That is what lets the MILP in :mod:`matching.assignment.exact` solve a
small model and still prove global optimality.

Figures for both on the benchmark instances are in ``benchmarks/README.md`` ("Assignment").
"""

from __future__ import annotations

import math
import time
from typing import Any, NamedTuple

import numpy as np

from .knapsack import best_with_and_without_each, knapsack

__all__ = ["Gaps", "column_generation", "pair_gaps"]

_SMOOTHING = 0.5  # weight of the best point so far in the pricing point (Wentges)


class _Master:
    """The restricted set-packing LP: rows are projects then offers, columns are packings."""

    def __init__(self, inst: Any) -> None:
        from ortools.linear_solver import pywraplp

        self.inst = inst
        self.solver = pywraplp.Solver.CreateSolver("GLOP")
        self.rows = [self.solver.Constraint(-self.solver.infinity(), 1.0) for _ in range(inst.n + inst.m)]
        self.objective = self.solver.Objective()
        self.objective.SetMaximization()
        self.seen: set[tuple[int, ...]] = set()

    def add(self, j: int, pairs: np.ndarray) -> bool:
        key = (j, *sorted(pairs.tolist()))
        if pairs.size == 0 or key in self.seen:
            return False
        self.seen.add(key)
        column = self.solver.NumVar(0.0, self.solver.infinity(), "")
        for i in self.inst.pi[pairs].tolist():
            self.rows[i].SetCoefficient(column, 1.0)
        self.rows[self.inst.n + j].SetCoefficient(column, 1.0)
        self.objective.SetCoefficient(column, float(self.inst.val[pairs].sum()))
        return True

    def duals(self, deadline: float = math.inf) -> tuple[np.ndarray, np.ndarray] | None:
        """Project and offer duals of the master's optimum (None if GLOP fails or runs out of time)."""
        if math.isfinite(deadline):
            self.solver.SetTimeLimit(max(1, int(1000 * (deadline - time.perf_counter()))))
        if self.solver.Solve() != 0:  # OPTIMAL
            return None
        dual = np.maximum([row.dual_value() for row in self.rows], 0.0)
        return dual[: self.inst.n], dual[self.inst.n :]


def column_generation(inst: Any, weight: np.ndarray, cap: np.ndarray, deadline: float,
                      start: np.ndarray | None = None, tol: float = 1e-7,
                      hard_deadline: float | None = None) -> tuple[float, np.ndarray]:
    """The lowest ``L(u)`` met before ``deadline`` (``perf_counter``) and its ``u``.

    A round started before ``deadline`` may finish after it, but not after ``hard_deadline``
    (default: ``deadline``): a round cut there is dropped, and its master solve is limited to it.

    ``start`` (``u >= 0``, zeros by default) is the first pricing point; the flow's prices
    (:func:`matching.assignment.lagrange.multipliers_from_prices`) make a quicker start.

    ``weight`` (per pair) and ``cap`` (per offer) are in whole cells and must round weights
    down and capacities up (:func:`matching.assignment.lagrange.relaxed_cells`), so that each
    knapsack is a relaxation. Returns ``(inf, zeros)`` when not one pricing round fits in the time.
    """
    n, m = inst.n, inst.m
    master = _Master(inst)
    center = np.zeros(n) if start is None else np.maximum(start, 0.0)
    best = math.inf
    lp_value = -math.inf
    u, mu = center, np.zeros(m)
    first = True
    hard = deadline if hard_deadline is None else max(hard_deadline, deadline)
    while time.perf_counter() < deadline:
        smoothing = _SMOOTHING
        while True:
            point = center if first else smoothing * center + (1 - smoothing) * u
            profit = inst.val - point[inst.pi]
            value = float(point.sum())
            added = 0
            for j in range(m):
                if time.perf_counter() > hard:  # an unfinished round bounds nothing
                    return best, center
                es = inst.o_pairs[inst.o_ptr[j] : inst.o_ptr[j + 1]]
                kp, chosen = knapsack(weight[es], profit[es], int(cap[j]))
                value += kp
                if chosen is None or chosen.size == 0:
                    continue
                pairs = es[chosen]
                # Enter only columns that price out at the master's own duals.
                reduced = float((inst.val[pairs] - u[inst.pi[pairs]]).sum()) - mu[j]
                if (first or reduced > tol) and master.add(j, pairs):
                    added += 1
            if value < best:
                best, center = value, point.copy()
            if added or first or smoothing == 0:
                break
            smoothing = 0.0  # a mispricing step: price at the duals themselves
        first = False
        if added == 0 or best - lp_value <= tol * max(1.0, abs(best)):
            break
        solved = master.duals(hard)
        if solved is None:
            break
        u, mu = solved
        lp_value = master.objective.Value()
    return best, center


class Gaps(NamedTuple):
    """What ``u`` proves about every assignment ``x`` (arrays the MILP child reads from a file)."""

    pair: np.ndarray  #: if ``x`` uses pair ``e``, it is worth at most ``L(u) - pair[e]`` (``inf``: cannot fit)
    left_out: np.ndarray  #: if ``x`` leaves project ``i`` out, at most ``L(u) - left_out[i]``
    u: np.ndarray  #: and always at most ``L(u) - sum of u_i over the projects it leaves out``


def pair_gaps(inst: Any, u: np.ndarray, weight: np.ndarray, cap: np.ndarray,
              deadline: float = math.inf) -> Gaps | None:
    """Each pair's and each project's gap to ``L(u)``, from the knapsacks with and without it.

    ``L(u) - value(x)`` is at least ``sum_i u_i (1 - assigned_i)`` plus, for every offer ``j``,
    ``KP_j(u)`` less the profit of ``x``'s packing of ``j``. A packing that holds ``i`` falls
    short by at least ``KP_j - (best packing of j with i)``; one that must do without ``i``
    (because ``x`` placed it elsewhere, or nowhere) by at least ``h_ij = KP_j - (best without
    i)``. So a pair ``(i, j)`` costs its own shortfall plus ``h_ij'`` on every other offer
    ``j'``, and leaving ``i`` out costs ``u_i`` plus every ``h_ij``. The ``h`` terms shrink the
    set of pairs within a given gap, and force some projects to be placed. ``None`` when the
    knapsacks are not all solved by ``deadline`` (``perf_counter``).
    """
    profit = inst.val - u[inst.pi]
    own = np.full(inst.k, np.inf)
    lost = np.zeros(inst.k)  # h_ij
    for j in range(inst.m):
        if time.perf_counter() > deadline:
            return None
        es = inst.o_pairs[inst.o_ptr[j] : inst.o_ptr[j + 1]]
        if es.size:
            best, with_each, without_each = best_with_and_without_each(weight[es], profit[es], int(cap[j]))
            own[es] = best - with_each
            lost[es] = best - without_each
    elsewhere = np.zeros(inst.n)
    np.add.at(elsewhere, inst.pi, lost)
    return Gaps(pair=own + elsewhere[inst.pi] - lost, left_out=u + elsewhere, u=u.copy())
