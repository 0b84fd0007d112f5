"""Problems the assignment tests share: random instances, a brute force, the shared benchmark."""

from __future__ import annotations

import itertools
import time
from pathlib import Path

import numpy as np

from matching.assignment import AssignmentProblem, objective_weights
from matching.assignment.instance import UsablePairs
from matching.assignment.relaxation import flow_relaxation

SHARED_BENCH = Path(__file__).resolve().parents[4] / "shared" / "bench" / "assignment"
HEURISTIC_ONLY = {"exact_max_pairs": 0, "time_limit_s": 5.0}


def brute_force(problem: AssignmentProblem, objective: str | None = None) -> float:
    """Best objective over every assignment (each project: one eligible offer or none)."""
    _, w = objective_weights(problem, objective)
    choices = [[(-1, 0.0)] for _ in range(problem.n)]
    for i, j, s in zip(problem.pi.tolist(), problem.pj.tolist(), problem.ps.tolist()):
        choices[i].append((j, w[i] * s))
    best = 0.0
    for combo in itertools.product(*choices):
        load = np.zeros(problem.m)
        for i, (j, _) in enumerate(combo):
            if j >= 0:
                load[j] += problem.area[i]
        if np.all(load <= problem.cap + 1e-9):
            best = max(best, sum(value for _, value in combo))
    return best


def random_problem(rng: np.random.Generator, n: int, m: int, density: float = 0.7,
                   scale: float = 1.0) -> AssignmentProblem:
    """Small whole-number instance; ``scale`` multiplies areas and capacities (0.37: no grid)."""
    area = rng.integers(1, 11, size=n).astype(float) * scale
    cap = rng.integers(0, 16, size=m).astype(float) * scale
    pairs = [(i, j) for i in range(n) for j in range(m) if rng.random() < density]
    pi = np.array([i for i, _ in pairs], dtype=np.int64)
    pj = np.array([j for _, j in pairs], dtype=np.int64)
    ps = np.round(rng.uniform(0.05, 1.0, size=len(pairs)), 3)
    return AssignmentProblem(area=area, cap=cap, pi=pi, pj=pj, ps=ps)


def large_random_problem(seed: int, n: int, m: int, per_project: int) -> AssignmentProblem:
    """Scarce random instance in the benchmark's style (lognormal areas, demand 1.5x supply)."""
    rng = np.random.default_rng(seed)
    area = np.clip(np.round(rng.lognormal(6.8, 1.0, size=n), -1), 200, 20_000)
    cap = rng.dirichlet(np.ones(m)) * area.sum() / 1.5
    pi = np.repeat(np.arange(n), per_project)
    pj = np.concatenate([rng.choice(m, size=per_project, replace=False) for _ in range(n)])
    ps = rng.uniform(0.05, 1.0, size=pi.size)
    return AssignmentProblem(area=area, cap=np.round(cap, -1), pi=pi, pj=pj, ps=ps)


def pairs_and_relaxation(problem: AssignmentProblem):
    """The usable pairs under the problem's own objective, and their flow relaxation."""
    _, w = objective_weights(problem)
    inst = UsablePairs(problem, w)
    return inst, flow_relaxation(inst, time.perf_counter() + 10.0)


def all_assignments(inst):
    """Every feasible assignment of the instance's pairs, as (pairs used, value)."""
    choices = [[-1] + inst.p_pairs[inst.p_ptr[i] : inst.p_ptr[i + 1]].tolist() for i in range(inst.n)]
    for combo in itertools.product(*choices):
        used = np.array([e for e in combo if e >= 0], dtype=np.int64)
        load = np.bincount(inst.pj[used], weights=inst.area[inst.pi[used]], minlength=inst.m)
        if np.all(load <= inst.cap + 1e-9):
            yield used, float(inst.val[used].sum())


def usable_instances(seed: int, count: int, n_high: int, m_high: int):
    """Random small problems with at least one usable pair, and their instances."""
    rng = np.random.default_rng(seed)
    for _ in range(count):
        problem = random_problem(rng, n=int(rng.integers(2, n_high)), m=int(rng.integers(1, m_high)))
        inst = UsablePairs(problem, np.ones(problem.n))
        if inst.k:
            yield problem, inst
