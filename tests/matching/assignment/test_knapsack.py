"""Exact knapsacks against enumeration."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

from matching.assignment.knapsack import best_with_and_without_each, knapsack


def _subsets(count: int):
    return itertools.chain.from_iterable(itertools.combinations(range(count), r) for r in range(count + 1))


def test_knapsacks_match_enumeration():
    rng = np.random.default_rng(7)
    for _ in range(150):
        count = int(rng.integers(0, 7))
        weight = rng.integers(0, 7, size=count)
        profit = np.round(rng.uniform(-0.5, 1.0, size=count), 3)
        cells = int(rng.integers(0, 13))
        feasible = [s for s in _subsets(count) if int(weight[list(s)].sum()) <= cells]
        best = max(float(profit[list(s)].sum()) for s in feasible)

        value, chosen = knapsack(weight, profit, cells)
        assert value == pytest.approx(best)
        assert int(weight[chosen].sum()) <= cells and float(profit[chosen].sum()) == pytest.approx(best)

        top, with_each, without_each = best_with_and_without_each(weight, profit, cells)
        assert top == pytest.approx(best)
        for t in range(count):
            holding = [float(profit[list(s)].sum()) for s in feasible if t in s]
            if holding:
                assert with_each[t] == pytest.approx(max(holding))
            else:
                assert with_each[t] == -math.inf
            assert without_each[t] == pytest.approx(max(float(profit[list(s)].sum()) for s in feasible if t not in s))
