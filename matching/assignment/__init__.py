"""Capacity-constrained assignment of projects to offers (a multiple knapsack with eligibility).

Each project needs a given area and goes to at most one of its eligible offers; no offer holds
more than its capacity; the total weighted match score is maximised. :func:`assign` returns a
feasible answer within its time limit together with a proven upper bound, and says whether the
answer is proven optimal; :func:`greedy` is the baseline it is measured against.

The package follows the method step by step:

:mod:`~matching.assignment.problem`
    the problem and result types, objectives, feasibility and value checks;
:mod:`~matching.assignment.instance`
    the solver's working form (usable pairs, a mutable assignment);
:mod:`~matching.assignment.greedy`
    the greedy baseline;
:mod:`~matching.assignment.relaxation`
    the LP relaxation as a min-cost flow, its prices and bound;
:mod:`~matching.assignment.rounding`
    the first assignment, one exact knapsack per offer at those prices;
:mod:`~matching.assignment.flowchild`
    that flow in a child process killed at the deadline, on large instances;
:mod:`~matching.assignment.search`
    local search and iterated local search;
:mod:`~matching.assignment.knapsack`, :mod:`~matching.assignment.lagrange`, :mod:`~matching.assignment.colgen`
    exact knapsacks (an offer's best members, and the bounds'), the Lagrangian bound, and column generation's bound and pair gaps;
:mod:`~matching.assignment.exact`
    the MILP (HiGHS) in a child process, guided by those gaps to prove optimality early;
:mod:`~matching.assignment.solver`
    :func:`assign`, which runs the steps in order (its module docstring explains how and why);
:mod:`~matching.assignment.ranges`
    areas within each project's need range, on top of :func:`assign`, with its bound kept honest.
"""

from __future__ import annotations

from .exact import MILP_PROOF_GAP
from .greedy import greedy
from .problem import (
    CAPACITY_TOLERANCE,
    AssignmentProblem,
    AssignmentResult,
    Objective,
    check_feasible,
    load_instance,
    objective_value,
    objective_weights,
)
from .ranges import RANGE_SHARE, AreaRanges, assign_with_ranges, check_areas, range_value
from .solver import assign

__all__ = [
    "CAPACITY_TOLERANCE",
    "MILP_PROOF_GAP",
    "RANGE_SHARE",
    "AreaRanges",
    "assign_with_ranges",
    "check_areas",
    "range_value",
    "AssignmentProblem",
    "AssignmentResult",
    "Objective",
    "assign",
    "check_feasible",
    "greedy",
    "load_instance",
    "objective_value",
    "objective_weights",
]
