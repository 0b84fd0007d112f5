"""The driver: how :func:`assign` combines the steps of the method, and why in this order.

1. **Bound and prices** (:mod:`~matching.assignment.relaxation`). The LP relaxation, solved as
   a min-cost flow, gives an upper bound and a price per ㎡ for every offer.
2. **Rounding** (:mod:`~matching.assignment.rounding`). Offers choose their projects one after
   the other, the highest price first, each by an exact knapsack that weighs a project at its
   value less what it could still earn at an offer yet to choose.
3. **Local improvement** (:mod:`~matching.assignment.search`). Shifts and exact re-packing of one
   offer at a time reach a local optimum, then an iterated local search empties and rebuilds a
   few related offers per round until the deadline or until it stops improving. Plain greedy's
   answer (:mod:`~matching.assignment.greedy`) is a floor: the result is never worse.
4. **A tighter bound** (:mod:`~matching.assignment.lagrange`). Relaxing only the "one offer per
   project" constraints leaves one exact 0/1 knapsack per offer; after the first descent and
   before the iterated local search, one evaluation at the flow's prices (within 15 % of the
   time left), then subgradient steps within 5 % of the time limit, lower the bound. This is
   skipped when that first evaluation would not fit, and when the MILP runs: column
   generation replaces it there.
5. **Exact where it pays** (:mod:`~matching.assignment.exact`). With at most
   ``exact_max_pairs`` usable pairs, HiGHS solves the MILP in a child process started before
   step 1, so that its imports overlap the work above. While it imports, the parent runs column
   generation (:mod:`~matching.assignment.colgen`, from the flow's prices, within 10 % of the
   time left), whose bound and pair gaps let the child prove the optimum on small models. The
   child is killed at the deadline; the better of its answer and the search's is returned.

Each step feeds the next: the flow's prices start both Lagrangian methods and the rounding,
the rounding starts the search, and the search's value is the floor the exact step must beat.

**The deadline** (issue 24): the answer comes back within ``time_limit_s`` plus packaging, on a
busy machine too. Every step checks the clock at a fine grain (a knapsack, a column generation
round, 1,024 shifts) and the MILP child is killed at the deadline. The flow cannot be
interrupted: above 200,000 usable pairs it runs in a child killed at its share of the time
(:mod:`~matching.assignment.flowchild`); below, it is skipped when greedy, just timed, says it
would not end in time. Without a flow the search starts from greedy and the bound is the
trivial one. The bounds come
before the improvement phase, and their budgets are shares of the time *left* with a unit of
work that is never cut halfway (an evaluation of ``L``, a round of column generation), so that
a machine giving us less CPU gets a looser bound than an idle one, never a broken one. While
the MILP runs, the parent first waits (70 % of the time left) so that HiGHS has the CPU to
itself, then runs its short search beside it.

``optimal`` is claimed only when proven: HiGHS reports an optimal solution with a relative gap
of at most :data:`~matching.assignment.exact.MILP_PROOF_GAP` that is at least as good as the
heuristic one, or the value of the answer meets the LP or the Lagrangian bound.

Results are deterministic for a given input and seed as long as the search stops on its own
(no improvement, or ``max_rounds``) and the MILP, if any, finishes before the deadline; when the
time limit cuts the search short, how far it got depends on the machine's speed. So does the
Lagrangian bound when its time share, not its step rule, ends it.

Timings of each step on the benchmark instances, and the variants measured and dropped, are in
``benchmarks/README.md`` ("Assignment").
"""

from __future__ import annotations

import math
import time

import numpy as np

from .colgen import column_generation, pair_gaps
from .exact import MilpProcess, is_proof
from .flowchild import FlowProcess
from .greedy import greedy_fill
from .instance import AssignmentState, UsablePairs, package_result
from .lagrange import lagrangian_bound, multipliers_from_prices, relaxed_cells
from .problem import AssignmentProblem, AssignmentResult, Objective, check_feasible, objective_weights
from .relaxation import flow_relaxation, relaxation_from
from .rounding import round_by_knapsacks
from .search import LocalSearch

__all__ = ["assign"]

_LAGRANGE_SHARE = 0.05  # of the time limit, for the Lagrangian bound's steps after the first
_LAGRANGE_FIRST_SHARE = 0.15  # of the time left, at most, for its first evaluation
# The flow's time (it cannot be interrupted) in greedy's (its sort and its walk over the pairs):
# the walk alone took 1/4-1/7 of the flow on the shared instances, and sort and walk 1/3.5 of
# the province-scale one's flow (on the best pairs); the flow is skipped when this many times
# greedy's time would end after the deadline. Skipping costs far more than a small
# overrun (87 % of the bound instead of 98.8 % on the province-scale instance).
_FLOW_PER_GREEDY = 6.0
_FLOW_CHILD_ABOVE = 200_000  # usable pairs above which the flow runs in a child (flowchild.py)
_FLOW_CHILD_SHARE = 0.95  # of the time left after greedy, for the child's flow: its rounding is worth far more than a search from greedy
_COLGEN_SHARE = 0.1  # of the time left, for column generation's rounds to start (the search and HiGHS wait)
_COLGEN_HARD_SHARE = 0.25  # of the time left, for the last round to end (a round is the unit of work)
_MILP_ALONE_SHARE = 0.7  # of the time left after the first descent, for HiGHS without our search beside it
_GUIDE_SHARE = 0.4  # of the time left, for the pair gaps too (the whole guide)


def assign(
    problem: AssignmentProblem,
    *,
    time_limit_s: float = 10.0,
    seed: int = 0,
    exact_max_pairs: int = 20_000,
    objective: Objective | None = None,
    max_rounds: int | None = None,
) -> AssignmentResult:
    """Assign projects to offers, maximising the total weighted score within the capacities.

    Parameters
    ----------
    problem : AssignmentProblem
        Areas, capacities and eligible pairs.
    time_limit_s : float
        Wall-clock budget, > 0. The search stops earlier when it stops improving, and the MILP
        child is killed at the deadline; only the flow LP cannot be interrupted.
    seed : int
        Seed of the search's random choices.
    exact_max_pairs : int
        Run the exact MILP (HiGHS, in a child process) when the instance has at most this many
        usable pairs; 0 switches it off.
    objective : {"equal", "area", "priority"}, optional
        The weighting to maximise; see :func:`objective_weights`.
    max_rounds : int, optional
        Cap on the rounds of the iterated local search. ``None`` runs it until the deadline
        or until it stops improving. With a cap, the heuristic (flow LP, search, Lagrangian
        bound) counts rounds and iterations instead of reading the clock, so the same input
        and seed give the same answer on any machine; only the MILP child still has a deadline.

    Returns
    -------
    AssignmentResult
        Always a feasible assignment; projects are left unassigned when space is short.

    Examples
    --------
    An anchor project of 6 ㎡ and two of 5 ㎡ want the same 10 ㎡ offer:

    >>> p = AssignmentProblem(area=[6.0, 5.0, 5.0], cap=[10.0], pi=[0, 1, 2], pj=[0, 0, 0],
    ...                       ps=[1.0, 0.55, 0.55])
    >>> r = assign(p, exact_max_pairs=0)
    >>> r.offer_of.tolist(), round(r.objective, 2), r.objective_name
    ([-1, 0, 0], 1.1, 'equal')
    >>> r.bound >= r.objective
    True
    >>> assign(p, objective="area", exact_max_pairs=0).offer_of.tolist()
    [0, -1, -1]
    """
    started = time.perf_counter()
    if not time_limit_s > 0:
        raise ValueError("time_limit_s must be > 0")
    name, w = objective_weights(problem, objective)
    deadline = started + 0.97 * time_limit_s - 0.02  # keep a little to package the answer
    inst = UsablePairs(problem, w)
    if max_rounds is not None and max_rounds < 0:
        raise ValueError("max_rounds must be >= 0")
    milp = None
    if 0 < inst.k <= exact_max_pairs and deadline - time.perf_counter() > 0.25:
        # Started first so that its start-up (importing scipy) overlaps the heuristic.
        # HiGHS gets the time left less a margin, to stop on its own and write its answer
        # (incumbent and bound) before we kill it.
        margin = max(0.3, 0.05 * time_limit_s)
        try:
            milp = MilpProcess(inst, time.time() + (deadline - time.perf_counter()) - margin)
        except OSError:  # no temporary folder or no way to start Python: heuristic only
            milp = None
    try:
        return _solve(problem, inst, milp, name=name, seed=seed, deadline=deadline, started=started,
                      max_rounds=max_rounds, clock_free=max_rounds is not None)
    finally:
        if milp is not None:
            milp.close()


def _guide_milp(inst: UsablePairs, milp: MilpProcess, price: np.ndarray, floor: float, deadline: float) -> float:
    """Column generation's bound (``inf`` if out of time), its pair gaps sent as the MILP's guide."""
    weight, cap = relaxed_cells(inst)
    now = time.perf_counter()
    until = now + _COLGEN_SHARE * (deadline - now)
    bound, u = column_generation(inst, weight, cap, until, start=multipliers_from_prices(inst, price),
                                 hard_deadline=now + _COLGEN_HARD_SHARE * (deadline - now))
    gaps = None
    if math.isfinite(bound):
        gaps = pair_gaps(inst, u, weight, cap, deadline=now + _GUIDE_SHARE * (deadline - now))
    if gaps is not None:
        milp.guide(gaps, bound, floor)
    else:  # no guide in time: HiGHS gets the whole model
        milp.guide()
    return bound


def _solve(
    problem: AssignmentProblem,
    inst: UsablePairs,
    milp: MilpProcess | None,
    *,
    name: str,
    seed: int,
    deadline: float,
    started: float,
    max_rounds: int | None,
    clock_free: bool = False,
) -> AssignmentResult:
    # A round cap replaces the clock for every heuristic step, so that it is reproducible.
    heuristic_deadline = math.inf if clock_free else deadline
    # Large flows run in a child that is killed if it has not answered in time (flowchild.py).
    child = None
    if not clock_free and inst.k > _FLOW_CHILD_ABOVE:
        try:
            child = FlowProcess(inst)
        except OSError:  # no temporary folder or no way to start Python: the flow runs here
            child = None
    try:
        # The baseline as a floor: the answer is never worse than plain greedy.
        floor = AssignmentState(inst)
        tic = time.perf_counter()
        greedy_fill(inst, floor, np.lexsort((inst.pj, inst.pi, -inst.val)))
        # Greedy's walk over the pairs measures the machine as it is now (its speed and how much
        # CPU we get); see _FLOW_PER_GREEDY.
        now = time.perf_counter()
        if child is not None:
            relax = child.result(now + _FLOW_CHILD_SHARE * (deadline - now))
        elif clock_free or now + _FLOW_PER_GREEDY * (now - tic) < deadline:
            relax = flow_relaxation(inst, heuristic_deadline)
        else:  # the flow cannot be interrupted: past the deadline, the search starts from greedy
            relax = relaxation_from(inst, None)
    finally:  # whatever happened above, no child outlives the call
        if child is not None:
            child.close()
    bound = relax.bound
    guided = math.inf
    if milp is not None:
        guided = _guide_milp(inst, milp, relax.price, floor.value(), deadline)
        bound = min(bound, guided)
    state = AssignmentState(inst)
    if relax.solved and inst.k:
        round_by_knapsacks(inst, state, relax.price, heuristic_deadline)
    else:  # no flow (skipped, or nothing to route): the search starts from greedy, not from nothing
        state.copy_from(floor)
    search = LocalSearch(inst, state, heuristic_deadline, np.random.default_rng(seed))
    search.run()
    best = AssignmentState(inst)
    best.copy_from(state)
    if floor.value() > best.value() + inst.eps:
        best.copy_from(floor)
    def meets(limit: float) -> bool:
        return best.total >= limit - 1e-9 * max(1.0, limit)

    if not meets(bound) and not math.isfinite(guided):  # tighter than the LP, in a little time (lagrange.py)
        now = time.perf_counter()
        until = math.inf if clock_free else min(deadline, now + _LAGRANGE_SHARE * (deadline - started))
        # The first evaluation tightens most: a share of the time left, not of the limit, so that
        # a busy machine (less CPU, a slower flow) still gets it when it got it idle.
        first_by = math.inf if clock_free else min(deadline, now + _LAGRANGE_FIRST_SHARE * (deadline - now))
        bound = min(bound, lagrangian_bound(inst, relax.price, best.value(), until, first_by=first_by))
    if meets(bound):  # proven by the LP or the Lagrangian bound already
        return package_result(best.offer_of, best.value(), bound=bound, proven=False,
                              method="flow+local-search", name=name, started=started)

    answer = None
    if milp is not None:

        def proved() -> bool:  # stop searching once HiGHS has proven its answer optimal
            found = milp.answer()
            return found is not None and is_proof(found)

        # HiGHS alone first: the answer usually comes from it, and on a busy machine a search
        # beside it took the CPU its proof needed. Then a short search while it goes on.
        now = time.perf_counter()
        if not milp.join(now + _MILP_ALONE_SHARE * (deadline - now)):
            search.perturb(best, stop=proved, max_rounds=max_rounds, patience=200)
        answer = milp.wait(deadline)
    else:
        search.perturb(best, stop=lambda: False, max_rounds=max_rounds)
    best.resync()
    offer_of, value, method, proven = best.offer_of, best.value(), "flow+local-search", False
    if answer is not None:
        x = answer["x"]
        if x.size == inst.k:
            chosen = np.flatnonzero(x > 0.5)
            candidate = np.full(inst.n, -1, dtype=np.int64)
            candidate[inst.pi[chosen]] = inst.pj[chosen]
            exact = float(inst.val[chosen].sum())
            tol = 1e-9 * max(1.0, abs(value))
            try:
                if np.unique(inst.pi[chosen]).size != chosen.size:
                    raise ValueError("a project on two offers")
                check_feasible(problem, candidate)
            except ValueError:  # HiGHS' tolerances let something slip through: not usable
                exact = -math.inf
            if exact > value + tol or (is_proof(answer) and exact >= value - tol):
                offer_of, value, method, proven = candidate, exact, "milp", is_proof(answer)
        milp_bound = -float(answer["dual_bound"])  # HiGHS minimised -value
        if answer["status"] in (0, 1) and np.isfinite(milp_bound):
            if milp_bound >= value - 1e-9 * max(1.0, abs(value)):  # else HiGHS' tolerances lied
                bound = min(bound, max(milp_bound, value))
    return package_result(offer_of, value, bound=bound, proven=proven, method=method, name=name, started=started)
