"""A Lagrangian upper bound for :func:`matching.assignment.assign`, tighter than the LP relaxation.

Relaxing each project's "at most one offer" constraint with a multiplier ``u_i >= 0`` leaves one
independent 0/1 knapsack per offer::

    L(u) = sum_i u_i + sum_j KP_j(profits w_i s_ij - u_i, weights area_i, capacity cap_j)

``L(u)`` is an upper bound on the optimum for *every* ``u >= 0``. Each knapsack is solved exactly
by dynamic programming over whole capacity cells (the data's grid, e.g. 10 ㎡, coarsened to at
most ``max_cells`` cells per offer); weights are rounded down and capacities up, which only
enlarges each knapsack, so the bound stays valid. Starting from the flow's prices
(``u_i = max(0, max_j w_i s_ij - area_i v_j)``, where ``L(u)`` is already at most the LP bound),
a projected subgradient method lowers it while its time budget lasts.

Why it is here, and what it does not do (figures in ``benchmarks/README.md``, "Assignment"):

* the bound reported when no MILP runs or finishes is much tighter than the LP's, already at
  the flow's prices and more so after the subgradient steps, in a small share of the time;
* on its own it does **not** make an instance provable faster. Even the best ``u`` (column
  generation to the end) gives about HiGHS' own root bound after cuts; reduced-cost fixing with
  it drops many pairs, but HiGHS takes as long on the reduced models as on the full one. What
  does pay is the same fixing at guessed values with a cut-off and HiGHS's heuristics off:
  :mod:`matching.assignment.colgen` and :func:`matching.assignment.exact.certify`.
"""

from __future__ import annotations

import math
import time
from typing import Any

import numpy as np

from .knapsack import knapsack

__all__ = ["lagrangian_bound", "multipliers_from_prices", "relaxed_cells", "relaxed_value"]

_MAX_CELLS = 2048  # capacity cells per offer; coarser cells weaken the bound, never break it
_SECONDS_PER_STEP = 6e-6  # a knapsack item's cost (3-10 us measured), to skip hopeless runs before starting


def relaxed_cells(inst: Any, max_cells: int = _MAX_CELLS) -> tuple[np.ndarray, np.ndarray]:
    """Each pair's weight and each offer's capacity in whole cells (a relaxation)."""
    if inst.grid is not None:  # exact integers: areas and capacities are multiples of the grid
        area = np.rint(inst.area / inst.grid).astype(np.int64)
        cap = np.rint(inst.cap / inst.grid).astype(np.int64)
        factor = np.maximum(1, -(-cap // max_cells))
        return area[inst.pi] // factor[inst.pj], cap // factor
    unit = np.maximum((inst.cap + inst.slack) / max_cells, 1e-300)
    # Rounding the quotients down by a relative 1e-12 keeps every weight at or below the truth
    # and every capacity at or above it despite floating-point division.
    weight = np.floor(inst.area[inst.pi] / unit[inst.pj] * (1 - 1e-12)).astype(np.int64)
    cap = np.floor((inst.cap + inst.slack) / unit * (1 + 1e-12)).astype(np.int64)
    return np.maximum(weight, 0), cap


def multipliers_from_prices(inst: Any, price: np.ndarray) -> np.ndarray:
    """``u_i = max(0, max_j w_i s_ij - area_i v_j)``: with the flow's prices, ``L(u)`` <= the LP bound."""
    u = np.zeros(inst.n)
    np.maximum.at(u, inst.pi, inst.val - inst.area[inst.pi] * np.maximum(price, 0.0)[inst.pj])
    return u


def relaxed_value(inst: Any, u: np.ndarray, weight: np.ndarray, cap: np.ndarray,
                  deadline: float = math.inf) -> tuple[float, np.ndarray] | None:
    """``L(u)`` and how many knapsacks take each project; None if it would end after ``deadline``.

    It gives up as soon as the work done so far (items of the knapsacks solved), extrapolated
    to all of them, says it would not finish in time: a bound cut short is worth nothing.
    """
    u = np.maximum(u, 0.0)
    profit = inst.val - u[inst.pi]
    total = float(u.sum())
    taken = np.zeros(inst.n, dtype=np.int64)
    started = time.perf_counter()
    positive = np.concatenate([[0], np.cumsum(profit[inst.o_pairs] > 0)])[inst.o_ptr]  # items before each offer
    work = max(int(positive[-1]), 1)
    for j in range(inst.m):
        now = time.perf_counter()
        if now > deadline:
            return None
        done = int(positive[j])
        if done and done >= work // 8 and now + (now - started) * (work - done) / done > deadline:
            return None
        es = inst.o_pairs[inst.o_ptr[j] : inst.o_ptr[j + 1]]
        value, chosen = knapsack(weight[es], profit[es], int(cap[j]))
        if chosen is not None:  # only the step direction needs it
            chosen = es[chosen]
            value = max(value, float(profit[chosen].sum()))  # equal but for rounding
            taken[inst.pi[chosen]] += 1
        total += value
    return total, taken


def lagrangian_bound(inst: Any, price: np.ndarray, target: float, deadline: float,
                     max_iter: int = 200, max_cells: int = _MAX_CELLS, first_by: float | None = None) -> float:
    """The lowest ``L(u)`` found by subgradient steps from the flow's prices, before ``deadline``.

    ``target`` (the value of a known assignment) sets the step length (Polyak's rule, a
    quarter of it at first, halved after three steps without progress) and ends the search
    when the bound meets it. The first evaluation, at the flow's prices, is the one that
    tightens the bound most; it may run until ``first_by`` (default ``deadline``), so that a
    slower share of the CPU does not drop it. Returns ``inf`` when not even that one fits
    (it gives up as soon as its progress says it would not).
    """
    if inst.k == 0:
        return 0.0
    weight, cap = relaxed_cells(inst, max_cells)
    u = multipliers_from_prices(inst, price)
    steps = int(np.count_nonzero(inst.val > u[inst.pi]))  # items in the first knapsacks
    first_by = deadline if first_by is None else max(first_by, deadline)
    if time.perf_counter() + _SECONDS_PER_STEP * steps > first_by:  # an unfinished one is wasted
        return math.inf
    best, scale, idle = math.inf, 0.25, 0
    for iteration in range(max_iter):
        found = relaxed_value(inst, u, weight, cap, first_by if iteration == 0 else deadline)
        if found is None:
            break
        value, taken = found
        if value < best - 1e-9 * max(1.0, abs(value)):  # a real improvement
            idle = 0
        else:
            idle += 1
            if idle >= 3:  # the usual remedy for zig-zagging: shorter steps
                scale, idle = scale / 2, 0
        best = min(best, value)
        gap = best - target
        if gap <= 1e-9 * max(1.0, abs(target)) or scale < 1e-3:
            break
        grad = 1.0 - taken  # dL/du_i
        grad[(u <= 0) & (grad > 0)] = 0.0  # u_i cannot go below 0
        norm = float(grad @ grad)
        if norm == 0:  # u is optimal
            break
        u = np.maximum(u - scale * (value - target) / norm * grad, 0.0)
    return best
