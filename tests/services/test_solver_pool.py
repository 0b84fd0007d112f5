"""The solver pool: assignments solved in another process give the same answers, and survive a lost process."""

from __future__ import annotations

import psutil
import pytest

from matching.assignment import AreaRanges, AssignmentProblem, check_feasible
from services import solver_pool


@pytest.fixture
def pool():
    before = solver_pool.pool_size()
    solver_pool.configure(1)
    yield solver_pool
    solver_pool.configure(0)  # its processes end here
    solver_pool.configure(before)


def _problem() -> AssignmentProblem:
    # A is worth 1.0 on X and 0.9 on Y; B only fits X (0.8): the optimum moves A to Y.
    return AssignmentProblem(area=[5.0, 5.0], cap=[5.0, 5.0], pi=[0, 0, 1], pj=[0, 1, 0], ps=[1.0, 0.9, 0.8])


def _solve():
    problem = _problem()
    result = solver_pool.solve(problem, AreaRanges(area_max=problem.area), time_limit_s=2.0, objective="equal")
    check_feasible(problem, result.offer_of)
    return result


def _solver_processes() -> list[psutil.Process]:
    """This process's spawned workers (not multiprocessing's resource tracker)."""
    return [p for p in psutil.Process().children() if "spawn_main" in " ".join(p.cmdline())]


def test_the_pool_answers_like_the_caller_would(pool):
    solver_pool.configure(0)
    here = _solve()
    solver_pool.configure(1)
    there = _solve()
    assert there.offer_of.tolist() == here.offer_of.tolist() == [1, 0]
    assert there.optimal and there.objective == pytest.approx(1.7)
    workers = _solver_processes()
    assert workers, "the solve ran in a solver process"
    assert all(p.nice() >= psutil.Process().nice() + 10 for p in workers)  # requests get the CPU first


def test_a_solver_process_that_dies_is_replaced(pool):
    _solve()
    for process in _solver_processes():
        process.kill()
        process.wait()
    assert _solve().objective == pytest.approx(1.7)  # this one in the caller, the pool renewed
    assert _solve().objective == pytest.approx(1.7)
    assert _solver_processes()


def test_the_size_is_a_setting():
    from matchmaker import create_app

    before = solver_pool.pool_size()
    try:
        create_app({"DATABASE_URL": "sqlite://", "SECRET_KEY": "x", "SOLVER_PROCESSES": 0})
        assert solver_pool.pool_size() == 0
        create_app({"DATABASE_URL": "sqlite://", "SECRET_KEY": "x", "SOLVER_PROCESSES": 2})
        assert solver_pool.pool_size() == 2
    finally:
        solver_pool.configure(before)
