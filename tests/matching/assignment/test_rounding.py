"""The first assignment: one exact knapsack per offer at the relaxation's prices."""

from __future__ import annotations

import math

import numpy as np
import pytest

from benchmarks.assignment_load import province_instance
from matching.assignment import AssignmentProblem, check_feasible, objective_weights
from matching.assignment.instance import AssignmentState, UsablePairs
from matching.assignment.relaxation import flow_relaxation
from matching.assignment.rounding import round_by_knapsacks


def _rounded(problem: AssignmentProblem) -> tuple[AssignmentState, float]:
    inst = UsablePairs(problem, objective_weights(problem, None)[1])
    relax = flow_relaxation(inst, math.inf)
    state = AssignmentState(inst)
    round_by_knapsacks(inst, state, relax.price, math.inf)
    check_feasible(problem, state.offer_of)
    return state, relax.bound


def test_an_offer_fills_itself_exactly_rather_than_take_its_best_project():
    # 1,000 ㎡: the 600 ㎡ project is worth most alone, the two of 500 ㎡ more together.
    problem = AssignmentProblem(area=[600.0, 500.0, 500.0], cap=[1000.0], pi=[0, 1, 2], pj=[0, 0, 0],
                                ps=[1.0, 0.55, 0.55])
    state, _ = _rounded(problem)
    assert state.offer_of.tolist() == [-1, 0, 0]
    assert state.value() == pytest.approx(1.1)


def test_the_contested_offer_leaves_a_project_that_is_as_good_elsewhere():
    # X is wanted by both; A is as good on Y, B has nowhere else: X takes B, A goes to Y.
    problem = AssignmentProblem(area=[10.0, 10.0], cap=[10.0, 10.0], pi=[0, 0, 1], pj=[0, 1, 0],
                                ps=[1.0, 1.0, 0.9])
    state, bound = _rounded(problem)
    assert state.offer_of.tolist() == [1, 0]
    assert state.value() == pytest.approx(bound)


def test_a_province_style_instance_is_rounded_within_one_percent_of_the_bound():
    # The largest-share rounding it replaced reached 94.7 % on the province-scale instance.
    state, bound = _rounded(province_instance(2000, 200, seed=1))
    assert state.value() >= 0.99 * bound
    assert np.unique(state.offer_of[state.offer_of >= 0]).size > 150  # the offers are used, not a few
