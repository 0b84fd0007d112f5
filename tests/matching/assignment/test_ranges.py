"""Areas within the need range: more than the minimum when it pays, with the bound kept honest."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from scipy.optimize import linprog

from matching.assignment import (
    RANGE_SHARE,
    AreaRanges,
    AssignmentProblem,
    assign,
    assign_with_ranges,
    check_areas,
    objective_weights,
    range_value,
)
from matching.assignment.ranges import pair_upper

from .problems import HEURISTIC_ONLY, random_problem


def brute_force_with_ranges(problem: AssignmentProblem, ranges: AreaRanges, objective=None) -> float:
    """Best value over every assignment, each with its best areas found by an LP (HiGHS), not by our code."""
    _, w = objective_weights(problem, objective)
    up = pair_upper(problem, ranges)
    choices = [[(-1, -1)] for _ in range(problem.n)]
    for k, (i, j) in enumerate(zip(problem.pi.tolist(), problem.pj.tolist(), strict=True)):
        choices[i].append((j, k))
    best = 0.0
    for combo in itertools.product(*choices):
        chosen = [(i, j, k) for i, (j, k) in enumerate(combo) if j >= 0]
        load = np.zeros(problem.m)
        for i, j, _ in chosen:
            load[j] += problem.area[i]
        if np.any(load > problem.cap + 1e-9):
            continue
        base = sum(w[i] * problem.ps[k] * (1 - RANGE_SHARE) for i, _, k in chosen)
        if not chosen:
            continue
        # Extra area x_i in [0, span_i], per offer sum x_i <= spare_j, worth w s RANGE_SHARE x / span.
        spans = [up[k] - problem.area[i] for i, _, k in chosen]
        gain = [w[i] * problem.ps[k] * RANGE_SHARE / s if s > 0 else 0.0 for (i, _, k), s in zip(chosen, spans, strict=True)]
        full = sum(w[i] * problem.ps[k] * RANGE_SHARE for (i, _, k), s in zip(chosen, spans, strict=True) if s <= 0)
        a_ub = np.zeros((problem.m, len(chosen)))
        for t, (_, j, _) in enumerate(chosen):
            a_ub[j, t] = 1.0
        lp = linprog(-np.array(gain), A_ub=a_ub, b_ub=problem.cap - load,
                     bounds=[(0, max(s, 0.0)) for s in spans], method="highs")
        best = max(best, base + full - lp.fun)
    return best


def test_a_project_gets_more_than_its_minimum_when_that_is_optimal():
    # A custom plant can build up to 6,000 ㎡ of its 9,000: the 3,000–5,000 ㎡ project gets 5,000,
    # and the 2,000 ㎡ project beside it still fits.
    problem = AssignmentProblem(area=[3000.0, 2000.0], cap=[9000.0], pi=[0, 1], pj=[0, 0], ps=[0.8, 0.6])
    ranges = AreaRanges(area_max=[5000.0, 2000.0], offer_max=[6000.0])
    result = assign_with_ranges(problem, ranges, time_limit_s=5)
    assert result.offer_of.tolist() == [0, 0] and result.areas.tolist() == [5000.0, 2000.0]
    assert result.objective == pytest.approx(0.8 + 0.6) and result.optimal and result.gap == 0
    # Where space is short the minimum still comes first: placing a project beats enlarging another.
    tight = AssignmentProblem(area=[3000.0, 2000.0], cap=[6000.0], pi=[0, 1], pj=[0, 0], ps=[0.8, 0.6])
    result = assign_with_ranges(tight, ranges, time_limit_s=5)
    assert result.areas.tolist() == [4000.0, 2000.0]
    assert result.objective == pytest.approx(0.8 * (1 - RANGE_SHARE / 2) + 0.6)
    assert not result.optimal and result.bound >= brute_force_with_ranges(tight, ranges) - 1e-9


def test_without_ranges_the_answer_is_the_solvers_own():
    rng = np.random.default_rng(3)
    for _ in range(10):
        problem = random_problem(rng, 6, 3)
        plain = assign(problem, **HEURISTIC_ONLY, max_rounds=20)
        ranged = assign_with_ranges(problem, AreaRanges(area_max=problem.area), **HEURISTIC_ONLY, max_rounds=20)
        assert ranged.offer_of.tolist() == plain.offer_of.tolist()
        assert (ranged.objective, ranged.bound, ranged.optimal) == pytest.approx((plain.objective, plain.bound,
                                                                                  plain.optimal))


@pytest.mark.parametrize("objective", ["equal", "area"])
def test_value_gap_and_bound_are_honest_against_brute_force(objective):
    rng = np.random.default_rng(11)
    for _ in range(25):
        problem = random_problem(rng, 5, 3)
        ranges = AreaRanges(area_max=problem.area + rng.integers(0, 6, size=problem.n),
                            offer_max=rng.integers(5, 16, size=problem.m).astype(float))
        result = assign_with_ranges(problem, ranges, objective=objective, time_limit_s=5, max_rounds=50)
        check_areas(problem, ranges, result.offer_of, np.asarray(result.areas))
        value = range_value(problem, ranges, result.offer_of, np.asarray(result.areas), objective)
        best = brute_force_with_ranges(problem, ranges, objective)
        assert result.objective == pytest.approx(value, abs=1e-9)
        assert value <= best + 1e-7
        assert result.bound >= best - 1e-7
        assert result.gap == pytest.approx((result.bound - value) / max(result.bound, 1e-12), abs=1e-9)
        if result.optimal:
            assert value == pytest.approx(best, abs=1e-7)
