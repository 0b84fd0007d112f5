"""The flow of :mod:`~matching.assignment.relaxation` in a child process, killed at the deadline.

OR-Tools' min-cost flow holds the GIL and cannot be stopped; on a busy machine it took longer
than the whole time limit of S10kx2k (5.7 s against 1.15 s idle) and so made the solver miss
its deadline, or, skipped on a guess, cost the answer its quality. On large instances
:func:`~matching.assignment.assign` therefore runs it in a child (the same interpreter, like the
MILP's) started as soon as the usable pairs are known, so that its start-up overlaps greedy's;
if it has not answered when its time is up, it is killed and the search goes on from greedy.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time

import numpy as np

from .exact import child_environment
from .instance import UsablePairs
from .relaxation import FlowRelaxation, flow_pairs, flow_prices, relaxation_from

__all__ = ["FlowProcess", "solve_flow_file"]


class FlowProcess:
    """The flow's prices on ``flow_pairs(inst)``, solved by a child Python process."""

    def __init__(self, inst: UsablePairs) -> None:
        self.inst = inst
        used = flow_pairs(inst)
        self._dir = tempfile.TemporaryDirectory(prefix="matching-flow-")
        model = os.path.join(self._dir.name, "model.npz")
        self._answer = os.path.join(self._dir.name, "answer.npz")
        np.savez(model, area=inst.area, cap=inst.cap, pi=inst.pi[used], pj=inst.pj[used],
                 val=inst.val[used], grid=np.float64(np.nan if inst.grid is None else inst.grid))
        code = f"import sys; from {__name__} import solve_flow_file; solve_flow_file(sys.argv[1], sys.argv[2])"
        self._proc = subprocess.Popen([sys.executable, "-c", code, model, self._answer], stdin=subprocess.DEVNULL,
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=child_environment())

    def result(self, deadline: float) -> FlowRelaxation:
        """Wait until ``deadline`` (``perf_counter``) at most; the relaxation, or the trivial one if none came."""
        found = None
        try:
            self._proc.wait(timeout=max(0.0, deadline - time.perf_counter()))
            if self._proc.returncode == 0:
                with np.load(self._answer, allow_pickle=False) as data:
                    found = data["price"]
        except subprocess.TimeoutExpired:
            pass
        except (OSError, ValueError, KeyError):  # no answer file, or a broken one: as if none came
            found = None
        self.close()
        return relaxation_from(self.inst, found)

    def close(self) -> None:
        if self._proc.poll() is None:
            self._proc.kill()
            self._proc.wait()
        self._dir.cleanup()


def solve_flow_file(model_path: str, answer_path: str) -> None:
    """Child-process entry point: the prices of the model's flow, written to ``answer_path``."""
    with np.load(model_path, allow_pickle=False) as model:
        area, cap, pi, pj, val = (model[key] for key in ("area", "cap", "pi", "pj", "val"))
        grid = float(model["grid"])
    price = flow_prices(area, cap, pi, pj, val, None if np.isnan(grid) else grid, float("inf"))
    if price is None:
        sys.exit(1)
    partial = answer_path + ".part.npz"
    np.savez(partial, price=price)
    os.replace(partial, answer_path)  # the parent never sees a half-written answer
