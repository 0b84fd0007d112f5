"""Exact 0/1 knapsacks over whole capacity cells: one offer's best members, and the Lagrangian bounds.

:func:`pack` chooses which projects an offer holds (the local search's re-packing and the
rounding use it): areas in ㎡, after a Dantzig bound and Dembo–Hammer reduction settle most
items. :func:`knapsack` and :func:`best_with_and_without_each` work on weights and a capacity
that are already non-negative integers (cells of the data's grid), as the bounds need them.
All are dynamic programs over the cells, vectorised over them with numpy: ``O(items x cells)``
time.

>>> value, chosen = knapsack(np.array([6, 5, 5]), np.array([1.0, 0.55, 0.55]), 10)
>>> round(value, 2), chosen.tolist()
(1.1, [1, 2])
>>> best, with_each, without_each = best_with_and_without_each(np.array([6, 5, 5]), np.array([1.0, 0.55, 0.55]), 10)
>>> round(best, 2), np.round(with_each, 2).tolist(), np.round(without_each, 2).tolist()
(1.1, [1.0, 1.1, 1.1], [1.1, 1.0, 1.0])
>>> best, chosen = pack(np.array([600.0, 500.0, 500.0]), np.array([1.0, 0.55, 0.55]), 1000.0,
...                     slack=0.0, grid=100.0, floor=0.0)
>>> round(best, 2), chosen.tolist()
(1.1, [1, 2])
"""

from __future__ import annotations

import math

import numpy as np

__all__ = ["MAX_CHOICE_TABLE", "best_with_and_without_each", "knapsack", "pack"]

_MAX_CELLS = 2048  # capacity cells of one offer's knapsack in pack(); the grid is coarsened above this

#: Most booleans one choice table may hold (16 MB); a larger knapsack returns its value only.
MAX_CHOICE_TABLE = 16_000_000


def knapsack(weight: np.ndarray, profit: np.ndarray, cells: int) -> tuple[float, np.ndarray | None]:
    """The best total profit within ``cells`` and the items that reach it.

    Items with a weight above ``cells`` or a profit of 0 or less are never chosen. The choice
    is ``None`` when its table would exceed 16 MB; the value is exact either way.
    """
    fits = np.flatnonzero((weight <= cells) & (profit > 0))
    ws, ps = weight[fits], profit[fits]
    if int(ws.sum()) <= cells:
        return float(ps.sum()), fits
    if ws.size * (cells + 1) <= MAX_CHOICE_TABLE:
        value, chosen = _choose(ws, ps, cells)
        return value, fits[chosen]
    best = np.zeros(cells + 1)  # the value only: no table of choices
    for t in range(ws.size):
        w = int(ws[t])
        np.maximum(best[w:], best[: cells + 1 - w] + ps[t], out=best[w:])
    return float(best[cells]), None


def best_with_and_without_each(weight: np.ndarray, profit: np.ndarray,
                               cells: int) -> tuple[float, np.ndarray, np.ndarray]:
    """The knapsack's optimum, and for every item the best total of a packing with it and without it.

    An item that cannot fit gets ``-inf`` with it. An item of negative profit is forced in all
    the same, which is what reduced-cost fixing needs. Prefix tables (the best of the items
    before ``t``) and one running suffix table (the best of those after) meet at every item:
    twice a plain knapsack's work, plus two max-plus convolutions of two rows per item.
    """
    count = weight.size
    with_each = np.full(count, -np.inf)
    without_each = np.zeros(count)
    if count == 0:
        return 0.0, with_each, without_each
    cells = min(cells, int(weight.sum()))
    gain = np.maximum(profit, 0.0)
    prefix = np.zeros((count + 1, cells + 1))
    for t in range(count):
        prefix[t + 1] = prefix[t]
        w = int(weight[t])
        if gain[t] > 0 and w <= cells:
            np.maximum(prefix[t + 1, w:], prefix[t, : cells + 1 - w] + gain[t], out=prefix[t + 1, w:])
    suffix = np.zeros(cells + 1)
    for t in range(count - 1, -1, -1):
        without_each[t] = float(np.max(prefix[t] + suffix[::-1]))
        w = int(weight[t])
        if w <= cells:
            room = cells - w
            with_each[t] = profit[t] + float(np.max(prefix[t, : room + 1] + suffix[room::-1]))
            if gain[t] > 0:
                grown = suffix.copy()
                np.maximum(grown[w:], suffix[: cells + 1 - w] + gain[t], out=grown[w:])
                suffix = grown
    return float(prefix[count, cells]), with_each, without_each


def pack(area: np.ndarray, gains: np.ndarray, cap: float, *, slack: float, grid: float | None,
         floor: float | None = None) -> tuple[float, np.ndarray] | None:
    """The best set of items (areas in ㎡, positive gains) within ``cap``, if it beats ``floor``.

    Returns the best total gain and the indices of the chosen items, or ``None`` when even the
    fractional knapsack (Dantzig's bound) cannot exceed ``floor``; without a ``floor``, the
    greedy packing by gain per ㎡ is the one to beat, and an answer always comes. Items whose status the
    bound settles (Dembo–Hammer: forcing one in or out against the fractional optimum costs
    more than the margin over ``floor``) skip the dynamic program. Areas are counted in cells
    of ``grid`` (coarsened to at most 2,048 cells, rounding areas up), so the choice always fits.
    """
    if area.sum() <= cap + slack:
        return float(gains.sum()), np.arange(area.size)
    order = np.argsort(-gains / area, kind="stable")
    cum = np.cumsum(area[order])
    split = int(np.searchsorted(cum, cap, side="right"))  # < area.size here
    filled = float(cum[split - 1]) if split else 0.0
    ratio = gains[order[split]] / area[order[split]]
    greedy = float(gains[order[:split]].sum())
    upper = greedy + ratio * (cap - filled)
    margin = upper - (greedy if floor is None else floor)
    if margin <= 0 and floor is not None:
        return None
    free = np.abs(gains - ratio * area) < margin
    fixed_in = np.zeros(area.size, dtype=bool)
    fixed_in[order[:split]] = True
    fixed_in &= ~free
    unit = grid
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
        value, local = _choose(weight[sub], gains[sub], cells)
        picked = sub[local]
    return value + float(gains[fixed_in].sum()), np.concatenate([np.flatnonzero(fixed_in), picked])


def _choose(weight: np.ndarray, profit: np.ndarray, cells: int) -> tuple[float, np.ndarray]:
    """The dynamic program with its table of choices: every item fits alone and the table is small."""
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
