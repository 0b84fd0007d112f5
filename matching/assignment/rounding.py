"""From the relaxation's offer prices to a first assignment: one exact knapsack per offer, in turn.

The flow relaxation splits a project over several offers wherever that fills them exactly;
giving each project its largest share and then repairing left most offers with a gap no whole
project fits, and a local search could not close those gaps on large instances (98.8 % of the
bound on the province-scale one after 30 s). Here each offer instead chooses whole projects
itself, so it can fill its capacity exactly with a combination of them:

* offers choose one after the other, the highest price (value per ㎡ in the relaxation) first:
  their room is the most contested;
* an offer's exact knapsack (:func:`~matching.assignment.knapsack.pack`) weighs each
  still-free candidate at its value less the most it could still earn elsewhere, that is its
  best reduced value ``w_i s_ij' - area_i v_j'`` at an offer ``j'`` that has not chosen yet
  (0 if none). A project that is as good elsewhere then costs the offer about ``area_i v_j``,
  as in the relaxation; one that has nowhere else to go is wanted most.

This is the Lagrangian relaxation's knapsack per offer (``matching.assignment.lagrange``), with
the multipliers updated as offers are settled, so no project is taken twice. On the
province-scale instance it reaches 99.4 % of the bound with the search's first descent, in
about 6 s; figures in ``benchmarks/README.md`` ("Assignment").
"""

from __future__ import annotations

import time

import numpy as np

from .instance import AssignmentState, UsablePairs, rows_of
from .knapsack import pack

__all__ = ["round_by_knapsacks"]

_CLOCK_EVERY = 64  # offers between two looks at the clock


def round_by_knapsacks(inst: UsablePairs, state: AssignmentState, price: np.ndarray, deadline: float) -> None:
    """Let each offer, highest ``price`` first, choose its free candidates by an exact knapsack.

    ``state`` starts empty and ends feasible. At ``deadline`` (``perf_counter``) the offers not
    yet settled are left empty: the search's shifts fill them.
    """
    reduced = inst.val - inst.area[inst.pi] * price[inst.pj]
    settled = np.zeros(inst.m, dtype=bool)
    for step, j in enumerate(np.argsort(-price, kind="stable").tolist()):
        if step % _CLOCK_EVERY == _CLOCK_EVERY - 1 and time.perf_counter() >= deadline:
            return
        settled[j] = True
        es = inst.o_pairs[inst.o_ptr[j] : inst.o_ptr[j + 1]]
        es = es[state.pair_of[inst.pi[es]] < 0]
        if es.size == 0:
            continue
        ii = inst.pi[es]
        # Each candidate's best reduced value at an offer still to choose (every pair of it).
        theirs, offsets = rows_of(inst.p_pairs, inst.p_ptr, ii)
        later = np.maximum.reduceat(np.where(settled[inst.pj[theirs]], 0.0, reduced[theirs]), offsets)
        gains = inst.val[es] - np.maximum(later, 0.0)
        items = np.flatnonzero(gains > inst.eps)
        if items.size == 0:
            continue
        packed = pack(inst.area[ii[items]], gains[items], float(inst.cap[j]), slack=float(inst.slack[j]),
                      grid=inst.grid)
        assert packed is not None  # without a floor there is always an answer
        for t in items[packed[1]].tolist():
            state.put(int(ii[t]), int(es[t]))
