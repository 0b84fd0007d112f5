"""Where assignments are solved: a bounded pool of worker processes, so that a web worker stays free.

An assignment (HTTP, a staff page, an event report) runs the solver for up to its time limit,
mostly in numpy and OR-Tools code that holds the GIL; in a web worker's process that stalls
the worker's other threads for the whole solve. :func:`solve` sends it to one of at most
``SOLVER_PROCESSES`` processes (a setting; per web worker, 1 by default; 0 solves in the calling
thread, as the CLI does without the app) and waits for the answer there. Requests beyond the
pool's size wait for a free process; each solve's time limit counts from when it starts, so the
user's limit is the solver's.

Solver processes run at a lower CPU priority (``SOLVER_NICE``, 10 by default; their MILP
children inherit it): on a loaded 2-core host the request's own CPU was small (0.3 s for the demo
sample), but the solve's CPU (the MILP child's above all) took the cores the web workers needed;
niced, it gets what they leave. The solve keeps its deadline either way; only its quality may
drop when the machine is that busy.

The processes are started with ``spawn`` (forking a threaded web worker is unsafe) when the
first solve comes, and live as long as this process; a process that dies (killed, out of
memory) is replaced, and that one solve runs in the caller instead.
"""

from __future__ import annotations

import atexit
import multiprocessing
import os
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from matching.assignment import AreaRanges, AssignmentProblem, AssignmentResult, assign_with_ranges

__all__ = ["configure", "pool_size", "solve"]

_lock = threading.Lock()
_size = 0
_nice = 0
_executor: ProcessPoolExecutor | None = None


def configure(size: int, nice: int = 10) -> None:
    """Use at most ``size`` solver processes from now on (0: solve in the caller's thread), ``nice`` lower in priority."""
    global _size, _nice, _executor
    if size < 0:
        raise ValueError("the solver pool's size must be >= 0")
    with _lock:
        if (size, nice) != (_size, _nice) and _executor is not None:
            _executor.shutdown(wait=True, cancel_futures=True)  # at start-up: nothing to wait for
            _executor = None
        _size, _nice = size, nice


def _lower_priority(nice: int) -> None:
    if nice > 0:
        os.nice(nice)


def pool_size() -> int:
    """The number of solver processes in use (0: none, solves run in the caller)."""
    return _size


def _pool() -> ProcessPoolExecutor:
    global _executor
    with _lock:
        if _executor is None:
            _executor = ProcessPoolExecutor(max_workers=_size, mp_context=multiprocessing.get_context("spawn"),
                                            initializer=_lower_priority, initargs=(_nice,))
        return _executor


def _discard(broken: ProcessPoolExecutor) -> None:
    global _executor
    with _lock:
        if _executor is broken:
            _executor = None
    broken.shutdown(wait=False, cancel_futures=True)


def _solve_here(problem: AssignmentProblem, ranges: AreaRanges, time_limit_s: float, objective: str,
                seed: int) -> AssignmentResult:
    return assign_with_ranges(problem, ranges, time_limit_s=time_limit_s, seed=seed, objective=objective)


def solve(problem: AssignmentProblem, ranges: AreaRanges, *, time_limit_s: float, objective: str,
          seed: int = 0) -> AssignmentResult:
    """:func:`~matching.assignment.assign_with_ranges` in a solver process (or here, with no pool)."""
    if _size == 0:
        return _solve_here(problem, ranges, time_limit_s, objective, seed)
    executor = _pool()
    try:
        return executor.submit(_solve_here, problem, ranges, time_limit_s, objective, seed).result()
    except BrokenProcessPool:  # a solver process died: a fresh pool next time, this one here
        _discard(executor)
        return _solve_here(problem, ranges, time_limit_s, objective, seed)


@atexit.register
def _shutdown() -> None:
    if _executor is not None:
        _executor.shutdown(wait=False, cancel_futures=True)
