"""The exact MILP in a child process we can kill, guided by column generation's gaps to prove early.

With few enough usable pairs, :func:`~matching.assignment.assign` also solves the MILP with
``scipy.optimize.milp`` (HiGHS) while its own search runs. HiGHS can overrun its own time
limit by far, so it runs in a child Python process (:class:`MilpProcess`) that is killed at the
deadline; the heuristic answer is always kept, and the better of the two is returned. The
child is started first, so that its imports overlap the parent's work, and then waits for a
guide.

The guide comes from column generation (:mod:`matching.assignment.colgen`): the best
Lagrangian bound ``L``, every pair's gap ``g_e`` (no assignment using pair ``e`` is worth more
than ``L - g_e``) and every project's gap for leaving it out. :func:`certify` then solves models
of only the pairs with ``g_e <= T``, placing the projects whose gap exceeds ``T``, with HiGHS
cutting off anything below ``L - T`` and its primal heuristics off: an answer of at least
``L - T`` is the global optimum, none proves the optimum lower and ``T`` doubles. Those models
are much smaller than the whole one, which is why the proof comes early. The steps get at most
80 % of the child's time; then the last model, every assignment above the
heuristic's value, runs with HiGHS's own heuristics for the rest, so that an instance that
cannot be proven in time still gets HiGHS's search for good assignments. HiGHS's root
reduced-cost heuristic is off throughout (:data:`HIGHS_EXTRA_OPTIONS`); a HiGHS build that lacks
an option runs without it.

``optimal`` is claimed from the child's answer only when it is a proof (:func:`is_proof`):
HiGHS reports an optimal solution with a relative gap of at most :data:`MILP_PROOF_GAP`.
"""

from __future__ import annotations

import math
import os
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from typing import Any, TextIO

import numpy as np

from .colgen import Gaps
from .instance import UsablePairs

__all__ = [
    "CHILD_ENTRY",
    "FIRST_GAP",
    "HIGHS_EXTRA_OPTIONS",
    "MILP_PROOF_GAP",
    "MilpProcess",
    "certify",
    "child_environment",
    "is_proof",
    "solve_milp_file",
]

#: HiGHS must close the relative gap to this before ``optimal`` is claimed.
MILP_PROOF_GAP = 1e-6
#: HiGHS options the child always passes (scipy hands them to HiGHS verbatim): the root
#: reduced-cost heuristic off, which made S200x50's proof quicker.
HIGHS_EXTRA_OPTIONS = {"mip_heuristic_run_root_reduced_cost": False}
# Below a cut-off that no assignment may reach, HiGHS' primal heuristics only cost time.
_NO_HEURISTICS = {
    "mip_heuristic_effort": 0.0,
    "mip_heuristic_run_rins": False,
    "mip_heuristic_run_rens": False,
    "mip_heuristic_run_feasibility_jump": False,
    "mip_heuristic_run_shifting": False,
    "mip_heuristic_run_zi_round": False,
}
#: The first ``T`` of :func:`certify`, relative to the bound; it doubles until a step proves.
FIRST_GAP = 1.35e-4
# Of the child's time, at most, for the steps of certify before the whole model. It was 0.4; with
# a neighbour burning one core the steps got less CPU than that share of wall time assumed and
# S200x50 fell through to the whole model, unproven in 10 s (proven in 2-3 s with 0.8).
_GUIDED_SHARE = 0.8
#: ``module:function`` the child runs with the model's and the answer's paths; a test swaps in
#: a child that never answers, to check that the parent's deadline holds anyway.
CHILD_ENTRY = f"{__name__}:solve_milp_file"


def child_environment() -> dict[str, str]:
    """The MILP child's environment: the folder holding the top-level package first on ``PYTHONPATH``.

    Only that folder goes ahead of what the caller already set: the caller's script folder
    (first on its ``sys.path``) could shadow the standard library. The folder is found from
    this module's own file and dotted name, so it stays right wherever the module sits.
    """
    env = dict(os.environ)
    package_root = os.path.abspath(__file__)
    for _ in range(__name__.count(".") + 1):  # matching/assignment/exact.py -> the folder holding matching/
        package_root = os.path.dirname(package_root)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (package_root, env.get("PYTHONPATH", "")) if p)
    return env


class MilpProcess:
    """``scipy.optimize.milp`` on the usable pairs, in a child Python process.

    The child (``subprocess``: the same interpreter, ``-c``) reads the model from an ``.npz``
    file and writes its answer to another, so it neither re-imports the caller's ``__main__``
    nor shares memory with it, and killing it is safe.
    """

    def __init__(self, inst: UsablePairs, deadline_wall: float) -> None:
        self._dir = tempfile.TemporaryDirectory(prefix="matching-milp-")
        self._model = os.path.join(self._dir.name, "model.npz")
        self._answer = os.path.join(self._dir.name, "answer.npz")
        self._result: dict[str, np.ndarray] | None = None
        self._read = False
        np.savez(self._model, area=inst.area, cap=inst.cap, pi=inst.pi, pj=inst.pj, val=inst.val,
                 deadline=np.float64(deadline_wall))
        env = child_environment()
        module, function = CHILD_ENTRY.split(":")
        code = f"import sys; from {module} import {function}; {function}(sys.argv[1], sys.argv[2])"
        self._proc = subprocess.Popen(
            [sys.executable, "-c", code, self._model, self._answer],
            stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
        )

    def guide(self, gaps: Gaps | None = None, bound: float = math.inf, floor: float = 0.0) -> None:
        """Let the child start: on the whole model, or guided by pair gaps (see :func:`certify`).

        The child imports scipy meanwhile and waits for this; closing the pipe without a guide
        (also when the parent fails) means the whole model.
        """
        if self._proc.stdin is None or self._proc.stdin.closed:
            return
        try:
            if gaps is not None and math.isfinite(bound):
                guide = os.path.join(self._dir.name, "guide.npz")
                np.savez(guide, **gaps._asdict(), bound=np.float64(bound), floor=np.float64(floor))
                self._proc.stdin.write(guide.encode() + b"\n")
            self._proc.stdin.close()
        except OSError:  # the child is gone: its answer (none) says so
            pass

    def answer(self) -> dict[str, np.ndarray] | None:
        """The child's answer once it has exited (None while running or if it failed)."""
        if not self._read and self._proc.poll() is not None:
            self._read = True
            if self._proc.returncode == 0:
                try:
                    with np.load(self._answer, allow_pickle=False) as data:
                        self._result = {key: data[key] for key in data.files}
                except (OSError, ValueError):
                    self._result = None
        return self._result

    def exited(self) -> bool:
        return self._proc.poll() is not None

    def join(self, until: float) -> bool:
        """Wait until the child exits or ``until`` (``perf_counter``) passes; whether it exited."""
        self.guide()
        try:
            self._proc.wait(timeout=max(0.0, until - time.perf_counter()))
        except subprocess.TimeoutExpired:
            return False
        return True

    def wait(self, deadline: float) -> dict[str, np.ndarray] | None:
        """Wait until ``deadline`` (``perf_counter``) at most, kill the child, return its answer."""
        self.guide()
        try:
            self._proc.wait(timeout=max(0.0, deadline - time.perf_counter()))
        except subprocess.TimeoutExpired:
            pass
        return self.close()

    def close(self) -> dict[str, np.ndarray] | None:
        self.guide()
        if self._proc.poll() is None:
            self._proc.kill()
            self._proc.wait()
        result = self.answer()
        self._dir.cleanup()
        return result


def solve_milp_file(model_path: str, answer_path: str, guide: TextIO | None = None, *,
                    first_gap: float = FIRST_GAP) -> None:
    """Child-process entry point: solve the model in ``model_path`` with HiGHS.

    The imports run first, while the parent computes the guide it then names on ``guide``
    (stdin); an empty line or none means the whole model. ``first_gap`` is passed on to
    :func:`certify`.
    """
    from scipy.optimize import Bounds, LinearConstraint, milp
    from scipy.sparse import csr_array

    guide_path = (sys.stdin if guide is None else guide).readline().strip()
    with np.load(model_path, allow_pickle=False) as model:
        area, cap, pi, pj, val = (model[key] for key in ("area", "cap", "pi", "pj", "val"))
        deadline_wall = float(model["deadline"])
    n = area.size

    gaps = None
    if guide_path:
        with np.load(guide_path, allow_pickle=False) as data:
            gaps = Gaps(**{key: data[key] for key in Gaps._fields})
            bound, floor = float(data["bound"]), float(data["floor"])

    def solve(keep: np.ndarray, options: dict, placed: np.ndarray | None = None, lost: float = math.inf) -> Any:
        """HiGHS on the pairs ``keep``; the projects ``placed`` assigned, ``sum u_i`` left out at most ``lost``."""
        k = keep.size
        rows, cols, coef = [pi[keep], n + pj[keep]], [np.arange(k), np.arange(k)], [np.ones(k), area[pi[keep]]]
        lower = np.full(n + cap.size, -np.inf)
        upper = np.concatenate([np.ones(n), cap])
        if placed is not None:
            lower[placed] = 1.0
        if gaps is not None and math.isfinite(lost) and gaps.u.any():  # sum u_i assigned_i >= sum u - lost
            rows.append(np.full(k, n + cap.size))
            cols.append(np.arange(k))
            coef.append(gaps.u[pi[keep]])
            lower = np.append(lower, float(gaps.u.sum()) - lost)
            upper = np.append(upper, np.inf)
        matrix = csr_array((np.concatenate(coef), (np.concatenate(rows), np.concatenate(cols))),
                           shape=(lower.size, k))

        # A step's own time limit (see certify) survives the fallback below; the rest may not.
        base = {"time_limit": options.get("time_limit", max(deadline_wall - time.time(), 0.01)),
                "mip_rel_gap": MILP_PROOF_GAP, "disp": False}

        def run(extra: dict) -> Any:
            with warnings.catch_warnings():
                warnings.filterwarnings("ignore", "Unrecognized options", RuntimeWarning)  # passed on, as meant
                return milp(
                    -val[keep],
                    integrality=np.ones(k),
                    bounds=Bounds(0, 1),
                    constraints=LinearConstraint(matrix, lower, upper),
                    options={**base, **extra},
                )

        try:
            return run({**options, **HIGHS_EXTRA_OPTIONS})
        except (AttributeError, TypeError, ValueError):  # a HiGHS build without one of the options:
            return run({})  # they only save time, the answer means the same

    if gaps is not None:
        until = time.time() + _GUIDED_SHARE * (deadline_wall - time.time())
        status, x, dual_bound, gap = certify(val, gaps, bound, floor, solve, until, first_gap=first_gap)
    else:
        res = solve(np.arange(val.size), {})
        dual, found_gap = res.get("mip_dual_bound"), res.get("mip_gap")
        status, x = int(res.status), np.zeros(0) if res.x is None else np.asarray(res.x, dtype=np.float64)
        dual_bound = np.nan if dual is None else -float(dual)
        gap = np.nan if found_gap is None else float(found_gap)
    partial = answer_path + ".part.npz"
    np.savez(partial, status=np.int64(status), x=x, dual_bound=np.float64(-dual_bound), gap=np.float64(gap))
    os.replace(partial, answer_path)  # the parent never sees a half-written answer


def certify(val: np.ndarray, gaps: Gaps, bound: float, floor: float, solve: Callable[..., Any],
            until: float = math.inf, *, first_gap: float = FIRST_GAP) -> tuple[int, np.ndarray, float, float]:
    """The optimum from models of the pairs within a gap ``T`` of the bound, ``T`` doubling.

    Every assignment worth at least ``bound - T`` uses only pairs whose gap is at most ``T``,
    places every project whose gap exceeds ``T`` and leaves out projects whose ``u`` sum to at
    most ``T`` (:class:`matching.assignment.colgen.Gaps`). So HiGHS, told to cut off anything
    below ``bound - T`` and with its primal heuristics off (nothing to find below the cut-off),
    solves a small model with those rows (they make the steps quicker). An answer of at least
    ``bound - T`` is then the global optimum, and none proves that the optimum is below
    ``bound - T``. ``T`` doubles from ``first_gap`` (relative to the bound)
    up to ``bound - floor``, where the model holds every assignment at least as good as the
    known ``floor`` and HiGHS runs as usual. It goes there at once when a step runs past
    ``until`` (``time.time()``): on instances it cannot prove in time, HiGHS's own search for
    good assignments on that model then gets the rest of the time (steps with heuristics off
    find none).

    Returns ``(status, x, upper bound, relative gap)`` as the answer file carries them: status 0
    with the proven optimum, else 1 (out of time) with the best bound the failed steps proved.
    """
    scale = max(1.0, abs(bound))
    slack = 1e-7 * scale  # far above the rounding of the gaps, far below any real difference
    top = max(bound - floor, 0.0)
    limit = min(first_gap * scale, top)
    proven = bound
    x = np.zeros(val.size)
    while True:
        last = limit >= top
        keep = np.flatnonzero(gaps.pair <= limit + slack)
        if not keep.size:  # the empty assignment is the model's optimum (scipy refuses an empty
            # model); it cannot be worth ``bound - limit`` when a project had to be placed
            res = {"status": 0, "x": np.zeros(0), "mip_gap": 0.0}
        elif last:  # without the rows: HiGHS's own search did worse with them on hard instances
            res = solve(keep, {})
        else:
            placed = np.flatnonzero(gaps.left_out > limit + slack)
            res = solve(keep, {"objective_bound": -(bound - limit - 2 * slack), **_NO_HEURISTICS,
                               "time_limit": max(until - time.time(), 0.01)}, placed, limit + slack)
        value = -math.inf
        if res.get("x") is not None:
            x = np.zeros(val.size)
            x[keep] = res["x"]
            value = float(val[keep][res["x"] > 0.5].sum())
        if res["status"] == 0 and value >= bound - limit - slack:  # the model's optimum is the optimum
            dual, found_gap = res.get("mip_dual_bound"), res.get("mip_gap")
            upper = value if dual is None else max(value, -float(dual))
            return 0, x, upper, 0.0 if found_gap is None else float(found_gap)
        if last or res["status"] not in (0, 1, 2):  # out of time, or HiGHS failed: what is proven so far
            return 1, x, proven, math.nan
        if res["status"] == 1:  # past ``until``: the model of every assignment above the floor
            limit = top
            continue
        proven = bound - limit - slack  # no assignment reaches it
        limit = min(2 * limit, top)


def is_proof(answer: dict[str, np.ndarray]) -> bool:
    """Whether a child's answer proves its assignment optimal (status 0, gap within :data:`MILP_PROOF_GAP`)."""
    return int(answer["status"]) == 0 and float(answer["gap"]) <= MILP_PROOF_GAP + 1e-12

