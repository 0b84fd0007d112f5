"""Exact 0/1 knapsacks over whole capacity cells, as the Lagrangian bounds need them.

Weights and the capacity are non-negative integers (cells of the data's grid); profits are
floats. Both functions are dynamic programs over the cells, vectorised over them with numpy:
``O(items x cells)`` time.

>>> value, chosen = knapsack(np.array([6, 5, 5]), np.array([1.0, 0.55, 0.55]), 10)
>>> round(value, 2), chosen.tolist()
(1.1, [1, 2])
>>> best, with_each, without_each = best_with_and_without_each(np.array([6, 5, 5]), np.array([1.0, 0.55, 0.55]), 10)
>>> round(best, 2), np.round(with_each, 2).tolist(), np.round(without_each, 2).tolist()
(1.1, [1.0, 1.1, 1.1], [1.1, 1.0, 1.0])
"""

from __future__ import annotations

import numpy as np

__all__ = ["MAX_CHOICE_TABLE", "best_with_and_without_each", "knapsack"]

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
    best = np.zeros(cells + 1)
    keep = ws.size * (cells + 1) <= MAX_CHOICE_TABLE
    take = np.zeros((ws.size if keep else 0, cells + 1), dtype=bool)
    for t in range(ws.size):
        w = int(ws[t])
        candidate = best[: cells + 1 - w] + ps[t]
        if keep:
            take[t, w:] = candidate > best[w:]
        np.maximum(best[w:], candidate, out=best[w:])
    if not keep:
        return float(best[cells]), None
    picked, c = [], cells
    for t in range(ws.size - 1, -1, -1):
        if take[t, c]:
            picked.append(t)
            c -= int(ws[t])
    return float(best[cells]), fits[np.array(picked[::-1], dtype=np.int64)]


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
