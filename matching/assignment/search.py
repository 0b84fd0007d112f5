"""Local search: shifts, exact offer re-packing, and an iterated local search around them.

Starting from the rounded relaxation, :class:`LocalSearch` improves a feasible assignment with
moves that keep it feasible, in numpy:

*Shifts.* Every project that gains by moving to an offer with room (or by being inserted, if
unassigned) moves, best gains first, vectorised over all pairs; only pairs next to an offer
that gained room or a project that lost value are looked at again.

*Offer re-packing.* One offer at a time, an exact 0/1 knapsack (dynamic programming over its
capacity, after a Dantzig bound and Dembo–Hammer reduction) chooses which members to keep,
which unassigned projects to insert and which projects to pull over from other offers (at
their marginal value); evicted members are re-inserted elsewhere when room allows (an ejection
chain), and the whole move is undone unless the total improves. This one move covers
evictions, swaps, insertions and moves. Offers are revisited while anything around them
changes.

*Iterated local search.* A local optimum is then perturbed: a few related offers (one offer
and offers its members could also use) are emptied and rebuilt with the moves above, and the
result is kept unless it is worse (sideways steps keep the walk moving). It runs until the
deadline or until about ``1000 + 2 m`` rounds in a row bring nothing (200 when the MILP runs
alongside, which needs the CPU more).
"""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Callable

import numpy as np

from .instance import AssignmentState, UsablePairs, rows_of
from .knapsack import pack

__all__ = ["LocalSearch"]

_RUIN_OFFERS = 8  # offers emptied per round of the iterated local search


class LocalSearch:
    """Shifts, offer re-packing and an iterated local search on an :class:`AssignmentState`."""

    def __init__(self, inst: UsablePairs, state: AssignmentState, deadline: float, rng: np.random.Generator) -> None:
        self.inst = inst
        self.state = state
        self.deadline = deadline
        self.rng = rng
        self.queued = np.zeros(inst.m, dtype=bool)
        self.queue: deque[int] = deque()
        self.push_homeless = True

    def out_of_time(self) -> bool:
        return time.perf_counter() >= self.deadline

    def push(self, offers: np.ndarray | list[int]) -> None:
        for j in np.asarray(offers, dtype=np.int64).tolist():
            if not self.queued[j]:
                self.queued[j] = True
                self.queue.append(j)

    # -- shifts ------------------------------------------------------------------------------

    def shift(self) -> None:
        """Move projects (assigned or not) to better offers with room, best gains first."""
        inst, state = self.inst, self.state
        while not self.out_of_time():
            offers = np.flatnonzero(state.roomier)
            projects = np.flatnonzero(state.poorer)
            if offers.size + projects.size == 0:
                return
            state.roomier[offers] = False
            state.poorer[projects] = False
            touched = offers.size * inst.k // max(inst.m, 1) + projects.size * inst.k // max(inst.n, 1)
            if 4 * touched > inst.k:
                pairs = np.arange(inst.k)
            else:
                pairs = np.unique(np.concatenate([
                    rows_of(inst.o_pairs, inst.o_ptr, offers)[0], rows_of(inst.p_pairs, inst.p_ptr, projects)[0]
                ]))
            pi, pj = inst.pi[pairs], inst.pj[pairs]
            gain = inst.val[pairs] - state.cur[pi]
            ok = (gain > inst.eps) & (inst.area[pi] <= inst.cap[pj] - state.load[pj] + inst.slack[pj])
            cand = pairs[ok][np.argsort(-gain[ok], kind="stable")]
            for step, (e, i, j) in enumerate(zip(cand.tolist(), inst.pi[cand].tolist(), inst.pj[cand].tolist())):
                if step % 1024 == 1023 and self.out_of_time():  # a pass can hold 10^5 moves
                    state.roomier[:] = True  # what is left to look at, if a caller goes on
                    return
                if inst.val[e] - state.cur[i] <= inst.eps or not state.fits(i, j):
                    continue
                old = int(state.offer_of[i])
                if old >= 0:
                    state.take(i)
                    self.push([old])
                state.put(i, e)
                self.push([j])

    def best_pair(self, i: int) -> int:
        """Best pair of project ``i`` on an offer with room, or -1."""
        inst, state = self.inst, self.state
        es = inst.p_pairs[inst.p_ptr[i] : inst.p_ptr[i + 1]]
        offers = inst.pj[es]
        hit = np.flatnonzero(state.load[offers] + inst.area[i] <= inst.cap[offers] + inst.slack[offers])
        return int(es[hit[0]]) if hit.size else -1

    def fallback(self, projects: np.ndarray, exclude: int) -> np.ndarray:
        """Value of each project's best pair on another offer than ``exclude`` with room (or 0)."""
        inst, state = self.inst, self.state
        es, offsets = rows_of(inst.p_pairs, inst.p_ptr, projects)
        offers = inst.pj[es]
        ok = (offers != exclude) & (
            state.load[offers] + inst.area[inst.pi[es]] <= inst.cap[offers] + inst.slack[offers]
        )
        return np.maximum.reduceat(np.where(ok, inst.val[es], 0.0), offsets)

    # -- offer re-packing --------------------------------------------------------------------

    def repack(self, j: int) -> bool:
        """Re-choose offer ``j``'s members with an exact knapsack; keep the change if it gains."""
        inst, state = self.inst, self.state
        es = inst.o_pairs[inst.o_ptr[j] : inst.o_ptr[j + 1]]
        if es.size == 0:
            return False
        ii = inst.pi[es]
        own = state.offer_of[ii]
        # Profit of having each candidate on j: its value, less what it earns elsewhere now
        # (pulled over) or could earn elsewhere if evicted (members).
        profit = inst.val[es].copy()
        elsewhere = (own >= 0) & (own != j)
        profit[elsewhere] -= state.cur[ii[elsewhere]]
        members = np.flatnonzero(own == j)
        if members.size:
            profit[members] -= self.fallback(ii[members], j)
        current = float(profit[members].sum())
        items = np.flatnonzero(profit > inst.eps)
        if items.size == 0:
            return False
        packed = pack(inst.area[ii[items]], profit[items], float(inst.cap[j]), slack=float(inst.slack[j]),
                      grid=inst.grid, floor=current + inst.eps)
        if packed is None:  # even the fractional knapsack cannot gain
            return False
        best, local = packed
        chosen = items[local]
        if best <= current + inst.eps:
            return False
        return self._apply_repack(j, es, ii, own, members, chosen)

    def _apply_repack(
        self, j: int, es: np.ndarray, ii: np.ndarray, own: np.ndarray, members: np.ndarray, chosen: np.ndarray
    ) -> bool:
        inst, state = self.inst, self.state
        before = state.total
        keep = np.zeros(es.size, dtype=bool)
        keep[chosen] = True
        log: list[tuple[int, int]] = []  # (project, pair before the move) to undo
        evicted = [int(ii[t]) for t in members.tolist() if not keep[t]]
        for i in evicted:
            log.append((i, state.take(i)))
        touched = {j}
        for t in chosen.tolist():
            i, old = int(ii[t]), int(own[t])
            if old == j:
                continue
            if old >= 0:
                touched.add(old)
                log.append((i, state.take(i)))
            else:
                log.append((i, -1))
            state.put(i, int(es[t]))
        homeless = []
        for i in sorted(evicted, key=lambda i: -inst.best_val[i]):  # the ejection chain
            e = self.best_pair(i)
            if e >= 0:
                state.put(i, e)
                touched.add(int(inst.pj[e]))
            else:
                homeless.append(i)
        if state.total - before <= inst.eps or state.load[j] > inst.cap[j] + inst.slack[j]:
            for i, _ in log:
                if state.pair_of[i] >= 0:
                    state.take(i)
            for i, e in log:
                if e >= 0:
                    state.put(i, e)
            return False
        self.push(sorted(touched))
        if self.push_homeless:
            for i in homeless:
                self.push(inst.pj[inst.p_pairs[inst.p_ptr[i] : inst.p_ptr[i + 1]]])
        return True

    # -- drivers -----------------------------------------------------------------------------

    def descend(self) -> None:
        """Re-pack queued offers, shifting whenever the queue runs dry, until nothing gains."""
        self.shift()
        while self.queue and not self.out_of_time():
            j = self.queue.popleft()
            self.queued[j] = False
            self.repack(j)
            if not self.queue:
                self.shift()
        self.queue.clear()
        self.queued[:] = False

    def run(self) -> None:
        """Local search: every offer once (in random order), then wherever something changed."""
        self.push(self.rng.permutation(self.inst.m))
        self.descend()
        self.state.resync()

    def perturb(
        self, best: AssignmentState, stop: Callable[[], bool], max_rounds: int | None = None, patience: int | None = None
    ) -> int:
        """Iterated local search from ``best`` (updated in place); return the number of rounds.

        Each round empties one offer and up to seven offers its members could also use,
        rebuilds with :meth:`descend`, and keeps the result unless it is worse (sideways steps
        keep the walk moving). It ends at the deadline, after ``max_rounds`` rounds, when
        ``stop()`` says so, or after ``patience`` rounds in a row without improvement
        (default ``max(200, min(1000 + 2m, 20(n + m)))``).
        """
        inst, state, rng = self.inst, self.state, self.rng
        state.copy_from(best)
        # A rebuild stays local: re-packing every offer a homeless project could use made each
        # round a full sweep (far fewer rounds, no better results; see benchmarks/README.md).
        self.push_homeless = False
        rounds = idle = 0
        if patience is None:
            patience = max(200, min(1_000 + 2 * inst.m, 20 * (inst.n + inst.m)))
        limit = math.inf if max_rounds is None else max_rounds
        while rounds < limit and idle < patience and not self.out_of_time() and not stop():
            used = np.flatnonzero(state.load > 0)
            if used.size == 0:
                break
            rounds += 1
            j0 = int(used[rng.integers(used.size)])
            near = np.unique(inst.pj[rows_of(inst.p_pairs, inst.p_ptr, np.flatnonzero(state.offer_of == j0))[0]])
            near = near[near != j0]
            extra = min(_RUIN_OFFERS - 1, near.size)
            ruined = np.concatenate([[j0], rng.choice(near, size=extra, replace=False)]) if extra else np.array([j0])
            for i in np.flatnonzero(np.isin(state.offer_of, ruined)).tolist():
                state.take(i)
            self.push(ruined)
            self.descend()
            state.resync()
            idle = 0 if state.total > best.total + inst.eps else idle + 1
            if state.total >= best.total:
                best.copy_from(state)
            else:
                state.copy_from(best)
                state.roomier[:] = False
                state.poorer[:] = False
        self.push_homeless = True
        return rounds

