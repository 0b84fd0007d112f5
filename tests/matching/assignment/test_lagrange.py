"""The Lagrangian bound: always a bound, tighter than the LP, and within its time."""

from __future__ import annotations

import math
import time

import numpy as np
import pytest

import matching.assignment.knapsack as knapsack_module
from matching.assignment import load_instance
from matching.assignment.lagrange import lagrangian_bound, relaxed_cells, relaxed_value

from .problems import SHARED_BENCH, brute_force, large_random_problem, pairs_and_relaxation, random_problem


@pytest.mark.parametrize("max_cells", [2048, 3])  # 3 cells: the coarsened grid must stay a bound
@pytest.mark.parametrize("scale", [1.0, 0.37])  # 0.37: no whole-number grid, the float path
def test_the_lagrangian_bound_is_never_below_the_optimum(scale, max_cells):
    rng = np.random.default_rng(20260302)
    tighter = 0
    for _ in range(25):
        problem = random_problem(rng, n=int(rng.integers(1, 7)), m=int(rng.integers(1, 4)), scale=scale)
        best = brute_force(problem)
        inst, relax = pairs_and_relaxation(problem)
        bound = lagrangian_bound(inst, relax.price, 0.0, math.inf, max_cells=max_cells)
        assert bound >= best - 1e-9
        if max_cells > 3:  # exact knapsacks from the flow's prices only improve on the LP
            assert bound <= relax.bound + 1e-9
        weight, cap = relaxed_cells(inst, max_cells)
        for _ in range(5):  # any u >= 0 gives a bound
            value, _ = relaxed_value(inst, rng.uniform(0, 1.2, problem.n), weight, cap)
            assert value >= best - 1e-9
        tighter += bound < relax.bound - 1e-6
    if max_cells > 3:
        assert tighter >= 3  # knapsack integrality makes it strictly tighter on some


def test_the_lagrangian_bound_without_choice_tables_is_still_a_bound(monkeypatch):
    monkeypatch.setattr(knapsack_module, "MAX_CHOICE_TABLE", 0)  # as for a knapsack too large to record
    rng = np.random.default_rng(5)
    for _ in range(15):
        problem = random_problem(rng, n=int(rng.integers(1, 7)), m=int(rng.integers(1, 4)))
        inst, relax = pairs_and_relaxation(problem)
        assert lagrangian_bound(inst, relax.price, 0.0, math.inf) >= brute_force(problem) - 1e-9


def test_the_lagrangian_bound_gives_up_when_out_of_time():
    problem = large_random_problem(1, n=300, m=40, per_project=10)
    inst, relax = pairs_and_relaxation(problem)
    assert lagrangian_bound(inst, relax.price, 0.0, time.perf_counter() - 1.0) == math.inf


@pytest.mark.skipif(not SHARED_BENCH.is_dir(), reason="the shared benchmark folder is not here")
def test_the_lagrangian_bound_on_the_shared_event_instance():
    inst, relax = pairs_and_relaxation(load_instance(SHARED_BENCH / "S200x50.npz"))
    bound = lagrangian_bound(inst, relax.price, 74.25, math.inf, max_iter=60)
    assert 74.4307 <= bound < 74.7 < 77.5 < relax.bound  # optimum 74.43076; LP 77.55
