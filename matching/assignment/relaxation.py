"""The LP relaxation as a min-cost flow: an upper bound and a price per ㎡ of every offer.

The relaxation lets a project spread over several offers. It is then a min-cost flow:
source → project (capacity ``area_i``) → offer (one arc per usable pair, cost
``-w_i s_ij / area_i`` per ㎡) → sink (capacity ``cap_j``), plus a zero-cost bypass arc
project → sink for "unassigned". OR-Tools' ``SimpleMinCostFlow`` (cost scaling, in C++) solves
it; it was the quickest of the solvers tried on all but the smallest benchmark instance
(figures in ``benchmarks/README.md``, "Assignment").

The flow needs integers, so areas are counted in whole units (the data's grid, e.g. 10 ㎡, or
1 ㎡; finer for small-valued data), capacities are rounded *down* and areas *up* (an integer flow
is then feasible in reals), and the per-unit values are scaled so that the largest becomes the
integer cost ``-1_000_000`` (the smallest is clipped to ``-1``). The offer prices ``v_j`` (value per ㎡) are read off the
optimal flow as node potentials of the residual graph (a vectorised Bellman–Ford in numpy).
The bound reported is the Lagrangian dual value
``sum_j cap_j v_j + sum_i max(0, max_j w_i s_ij - area_i v_j)``, evaluated in floating point on
the original data: it is an upper bound for *any* ``v >= 0``, so the integer scaling can never
make it wrong, and with the flow's prices it is the LP optimum (up to that scaling). The prices
also start the Lagrangian bound and column generation.

On very large instances (over a million usable pairs) the flow keeps each project's 12 best
pairs only (:func:`flow_pairs`): the prices it gives are then evaluated on every pair, so the
bound is still proven, and the flow takes half the time.

The prices, not the fractional plan, make the first assignment
(:mod:`~matching.assignment.rounding`).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from .instance import UsablePairs, trivial_bound

__all__ = ["FLOW_ALL_PAIRS_UP_TO", "FLOW_PAIRS_PER_PROJECT", "FlowRelaxation", "flow_pairs", "flow_prices",
           "flow_relaxation", "relaxation_from"]

_COST_SCALE = 1_000_000  # the largest per-unit value in the flow becomes this integer cost
#: Instances with more usable pairs than this solve the flow on each project's best pairs only.
FLOW_ALL_PAIRS_UP_TO = 1_000_000
#: How many of each project's best pairs the flow keeps then (see :func:`flow_pairs`).
FLOW_PAIRS_PER_PROJECT = 12


@dataclass
class FlowRelaxation:
    """The LP relaxation's answer: the offer prices and the bound (``solved`` is False when no flow came)."""

    price: np.ndarray  # v_j, value per ㎡ of each offer
    bound: float
    solved: bool = True


def _flow_unit(area: np.ndarray, cap: np.ndarray, grid: float | None) -> float:
    """Area per flow unit: 1 ㎡ for data in ㎡; finer for small-valued, coarser for huge data."""
    largest = float(max(area.max(initial=0.0), cap.max(initial=0.0)))
    if grid is not None and grid >= 1 and 1e3 <= largest / grid <= 1e7:
        return grid  # exact (every area is a multiple), and the flow is 10-15 % quicker
    if 1e3 <= largest <= 1e7:
        return 1.0
    return largest / 1e5 if largest > 0 else 1.0


def _dual_bound(inst: UsablePairs, price: np.ndarray) -> float:
    """``sum_j cap_j v_j + sum_i max(0, max_j w_i s_ij - area_i v_j)``: a bound for any v >= 0."""
    price = np.maximum(price, 0.0)
    best = np.zeros(inst.n)
    if inst.k:
        np.maximum.at(best, inst.pi, inst.val - inst.area[inst.pi] * price[inst.pj])
    return float(inst.cap @ price + best.sum())


def flow_pairs(inst: UsablePairs) -> np.ndarray:
    """The pairs the flow is solved on: all of them, or each project's best few on very large instances.

    Above :data:`FLOW_ALL_PAIRS_UP_TO` pairs only each project's :data:`FLOW_PAIRS_PER_PROJECT`
    best pairs enter the flow. The bound stays a proven bound, since it is evaluated on every
    pair at the prices found; on the province-scale instance (3.5 million pairs, 35 per project)
    it was 0.0015 % above the full LP's, for half the flow's time (benchmarks/README.md).
    """
    if inst.k <= FLOW_ALL_PAIRS_UP_TO:
        return np.arange(inst.k)
    rank = np.empty(inst.k, dtype=np.int64)
    rank[inst.p_pairs] = np.arange(inst.k) - np.repeat(inst.p_ptr[:-1], np.diff(inst.p_ptr))
    return np.flatnonzero(rank < FLOW_PAIRS_PER_PROJECT)


def flow_relaxation(inst: UsablePairs, deadline: float) -> FlowRelaxation:
    """Solve the LP relaxation as a min-cost flow; read the offer prices off the residual graph."""
    if inst.k == 0:
        return FlowRelaxation(np.zeros(inst.m), 0.0)
    used = flow_pairs(inst)
    price = flow_prices(inst.area, inst.cap, inst.pi[used], inst.pj[used], inst.val[used], inst.grid, deadline)
    return relaxation_from(inst, price)


def relaxation_from(inst: UsablePairs, price: np.ndarray | None) -> FlowRelaxation:
    """The relaxation at these prices, its bound evaluated on every pair; the trivial one if no prices came."""
    if price is None:
        return FlowRelaxation(np.zeros(inst.m), trivial_bound(inst), solved=False)
    return FlowRelaxation(price, min(trivial_bound(inst), _dual_bound(inst, price)))


def flow_prices(area: np.ndarray, cap: np.ndarray, pi: np.ndarray, pj: np.ndarray, val: np.ndarray,
                grid: float | None, deadline: float) -> np.ndarray | None:
    """The offer prices of an optimal flow, or None if OR-Tools finds no optimum."""
    from ortools.graph.python import min_cost_flow

    n, m = area.size, cap.size
    unit = _flow_unit(area, cap, grid)
    supply = np.maximum(np.ceil(area / unit - 1e-9), 1).astype(np.int64)  # areas up
    capacity = np.floor(cap / unit + 1e-9).astype(np.int64)  # capacities down
    per_unit = val / supply[pi]
    top = float(per_unit.max())
    cost = -np.maximum(np.rint(per_unit / top * _COST_SCALE), 1).astype(np.int64)
    sink = n + m
    tails = np.concatenate([pi, np.arange(n), n + np.arange(m)])
    heads = np.concatenate([n + pj, np.full(n, sink), np.full(m, sink)])
    caps = np.concatenate([supply[pi], supply, capacity])
    costs = np.concatenate([cost, np.zeros(n + m, dtype=np.int64)])
    solver = min_cost_flow.SimpleMinCostFlow()
    solver.add_arcs_with_capacity_and_unit_cost(tails, heads, caps, costs)
    node_supply = np.zeros(n + m + 1, dtype=np.int64)
    node_supply[:n] = supply
    node_supply[sink] = -supply.sum()
    solver.set_nodes_supplies(np.arange(n + m + 1), node_supply)
    if solver.solve() != solver.OPTIMAL:
        return None
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
    return np.maximum(dist[sink] - dist[n:sink], 0) * (top / _COST_SCALE / unit)

