"""The flow relaxation on each project's best pairs only (very large instances): its bound stays a bound."""

from __future__ import annotations

import math

import numpy as np
import pytest

from matching.assignment import relaxation
from matching.assignment.instance import UsablePairs

from .problems import brute_force, large_random_problem, random_problem


def test_a_flow_on_the_best_pairs_bounds_every_pair(monkeypatch):
    problem = large_random_problem(seed=3, n=400, m=60, per_project=20)
    inst = UsablePairs(problem, np.ones(problem.n))
    full = relaxation.flow_relaxation(inst, math.inf)
    monkeypatch.setattr(relaxation, "FLOW_ALL_PAIRS_UP_TO", 0)
    monkeypatch.setattr(relaxation, "FLOW_PAIRS_PER_PROJECT", 3)
    kept = relaxation.flow_pairs(inst)
    assert kept.size == np.minimum(np.diff(inst.p_ptr), 3).sum()  # each project's best three (or fewer)
    pruned = relaxation.flow_relaxation(inst, math.inf)
    assert pruned.bound >= full.bound - 1e-6  # evaluated on every pair: never below the LP
    assert pruned.bound <= 1.01 * full.bound  # and close to it with the best three of twenty


@pytest.mark.parametrize("seed", range(20))
def test_the_pruned_bound_is_never_below_the_optimum(monkeypatch, seed):
    problem = random_problem(np.random.default_rng(seed), n=6, m=3)
    monkeypatch.setattr(relaxation, "FLOW_ALL_PAIRS_UP_TO", 0)
    monkeypatch.setattr(relaxation, "FLOW_PAIRS_PER_PROJECT", 1)
    inst = UsablePairs(problem, np.ones(problem.n))
    if inst.k:
        assert relaxation.flow_relaxation(inst, math.inf).bound >= brute_force(problem) - 1e-9
