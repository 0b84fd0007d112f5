"""The solver's working form of a problem: usable pairs, a mutable assignment, the packaged answer.

Every step of :func:`~matching.assignment.assign` reads the problem through
:class:`UsablePairs`: only the pairs whose area fits the offer's capacity, their weighted
values, and both adjacencies (per project by decreasing value, per offer) as CSR-style index
arrays, so that the steps work on whole numpy arrays instead of Python objects.
:class:`AssignmentState` is one feasible assignment whose loads and values are updated move by
move, with flags saying where a new move may have opened. :func:`package_result` turns the final
state into an :class:`~matching.assignment.problem.AssignmentResult`, claiming optimality only
when it is proven.
"""

from __future__ import annotations

import time

import numpy as np

from .problem import AssignmentProblem, AssignmentResult

__all__ = ["AssignmentState", "UsablePairs", "package_result", "rows_of", "trivial_bound"]

_TINY = 1e-12


def _common_grid(area: np.ndarray, cap: np.ndarray) -> float | None:
    """Greatest common divisor of the areas and capacities when all are whole numbers."""
    values = np.concatenate([area, cap])
    values = values[values > 0]
    if values.size == 0 or values.max() > 2**52 or not np.all(values == np.round(values)):
        return None
    return float(np.gcd.reduce(values.astype(np.int64)))


def rows_of(order: np.ndarray, ptr: np.ndarray, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Rows ``keys`` of a CSR index (``order[ptr[k]:ptr[k + 1]]``) concatenated, and where each row starts."""
    starts = ptr[keys]
    lengths = ptr[keys + 1] - starts
    offsets = np.cumsum(lengths) - lengths
    total = int(lengths.sum())
    if total == 0:
        return np.zeros(0, dtype=np.int64), offsets
    return order[np.repeat(starts - offsets, lengths) + np.arange(total)], offsets


class UsablePairs:
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


class AssignmentState:
    """A feasible assignment with its loads and values kept up to date."""

    def __init__(self, inst: UsablePairs) -> None:
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

    def copy_from(self, other: AssignmentState) -> None:
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


def package_result(
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


def trivial_bound(inst: UsablePairs) -> float:
    """Every project at its best offer: a weak bound that needs no solver."""
    return float(inst.best_val.sum())
