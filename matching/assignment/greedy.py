"""Greedy assignment: the baseline, and the fill that rounding and the solver's floor reuse.

:func:`greedy` walks the usable pairs by decreasing weighted score and puts each project on
the first offer that still has room for it. It is fast and needs no solver, which makes it
the yardstick in the benchmark and, inside :func:`~matching.assignment.assign`, a floor: the
solver never returns anything worse. :func:`greedy_fill` is the same walk over any order of
pairs on a partial assignment; the rounding of the flow relaxation uses it with its own order.
"""

from __future__ import annotations

import time

import numpy as np

from .instance import AssignmentState, UsablePairs, package_result, trivial_bound
from .problem import AssignmentProblem, AssignmentResult, Objective, objective_weights

__all__ = ["greedy", "greedy_fill"]


def greedy(problem: AssignmentProblem, *, objective: Objective | None = None) -> AssignmentResult:
    """Assign pairs by decreasing weighted score while capacity allows: the baseline.

    The bound reported is the trivial one (every project at its best offer).

    Examples
    --------
    >>> p = AssignmentProblem(area=[2.0, 1.0, 1.0], cap=[2.0], pi=[0, 1, 2], pj=[0, 0, 0],
    ...                       ps=[0.9, 0.5, 0.5])
    >>> r = greedy(p)
    >>> r.offer_of.tolist(), r.objective, r.method, r.objective_name
    ([0, -1, -1], 0.9, 'greedy', 'equal')
    """
    started = time.perf_counter()
    name, w = objective_weights(problem, objective)
    inst = UsablePairs(problem, w)
    state = AssignmentState(inst)
    greedy_fill(inst, state, np.lexsort((inst.pj, inst.pi, -inst.val)))
    return package_result(state.offer_of, state.value(), bound=trivial_bound(inst), proven=False,
                          method="greedy", name=name, started=started)


def greedy_fill(inst: UsablePairs, state: AssignmentState, order: np.ndarray) -> None:
    """Walk the pairs in ``order``; put each still-unassigned project where it fits."""
    room = (inst.cap - state.load + inst.slack).tolist()
    offer_of = state.offer_of.tolist()
    area = inst.area.tolist()
    for e, i, j in zip(order.tolist(), inst.pi[order].tolist(), inst.pj[order].tolist()):
        if offer_of[i] < 0 and area[i] <= room[j]:
            room[j] -= area[i]
            offer_of[i] = j
            state.put(i, e)

