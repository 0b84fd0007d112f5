"""Column generation's bound and the pair gaps: each holds for every assignment."""

from __future__ import annotations

import math
import time

import numpy as np
import pytest

from matching.assignment.colgen import column_generation, pair_gaps
from matching.assignment.instance import UsablePairs
from matching.assignment.knapsack import best_with_and_without_each
from matching.assignment.lagrange import relaxed_cells

from .problems import all_assignments, pairs_and_relaxation, random_problem


@pytest.mark.parametrize("scale", [1.0, 0.37])  # 0.37: no whole-number grid, the float path
def test_the_bound_and_every_gap_hold(scale):
    rng = np.random.default_rng(20261201)
    tighter = strengthened = placed = 0
    for _ in range(30):
        problem = random_problem(rng, n=int(rng.integers(1, 7)), m=int(rng.integers(1, 4)), scale=scale)
        inst, relax = pairs_and_relaxation(problem)
        weight, cap = relaxed_cells(inst)
        bound, u = column_generation(inst, weight, cap, math.inf)
        everything = list(all_assignments(inst))
        best = max(value for _, value in everything)
        assert best - 1e-9 <= bound <= relax.bound + 1e-9
        tighter += bound < relax.bound - 1e-6
        gaps = pair_gaps(inst, u, weight, cap)
        profit = inst.val - u[inst.pi]
        for j in range(inst.m):  # the gap of a pair is at least its own offer's shortfall
            es = inst.o_pairs[inst.o_ptr[j] : inst.o_ptr[j + 1]]
            if es.size:
                top, with_each, _ = best_with_and_without_each(weight[es], profit[es], int(cap[j]))
                assert np.all(gaps.pair[es] >= top - with_each - 1e-12)
                strengthened += int(np.sum(gaps.pair[es] > top - with_each + 1e-9))
        placed += int(np.sum(gaps.left_out > bound - best + 1e-9))
        for used, value in everything:  # every assignment within every gap it meets
            left_out = np.setdiff1d(np.arange(inst.n), inst.pi[used])
            assert value <= bound - gaps.pair[used].max(initial=0.0) + 1e-9
            assert value <= bound - gaps.left_out[left_out].max(initial=0.0) + 1e-9
            assert value <= bound - gaps.u[left_out].sum() + 1e-9
    assert tighter >= 3 and strengthened >= 3 and placed >= 3


def test_column_generation_out_of_time_gives_no_bound():
    problem = random_problem(np.random.default_rng(1), n=5, m=2)
    inst = UsablePairs(problem, np.ones(problem.n))
    weight, cap = relaxed_cells(inst)
    bound, u = column_generation(inst, weight, cap, time.perf_counter() - 1.0)
    assert bound == math.inf and u.shape == (problem.n,)
