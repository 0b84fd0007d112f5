"""The MILP child: it starts from the right code, proves optima, and its guided steps are sound."""

from __future__ import annotations

import io
import math
import os
import subprocess
import sys
import time

import numpy as np
import pytest

from matching.assignment import AssignmentProblem
from matching.assignment.colgen import Gaps, column_generation, pair_gaps
from matching.assignment.exact import (
    FIRST_GAP,
    HIGHS_EXTRA_OPTIONS,
    MilpProcess,
    certify,
    child_environment,
    is_proof,
    solve_milp_file,
)
from matching.assignment.instance import UsablePairs
from matching.assignment.lagrange import relaxed_cells

from .problems import all_assignments, brute_force, usable_instances


@pytest.mark.parametrize("guided", [False, True])
@pytest.mark.parametrize("older_highs", [False, True])
def test_the_milp_child_proves_with_or_without_the_extra_highs_options(tmp_path, monkeypatch, older_highs, guided):
    # The child passes HiGHS options newer scipy builds know; an older build that refuses them
    # must still get the model solved and proven, and a newer one must not warn (errors here),
    # on the whole model and guided by column generation's pair gaps.
    import scipy.optimize

    real, calls = scipy.optimize.milp, []

    def milp(*args, options, **kwargs):
        calls.append(dict(options))
        if older_highs and any(key in options for key in HIGHS_EXTRA_OPTIONS):
            raise AttributeError("'HighsOptions' object has no attribute")
        return real(*args, options=options, **kwargs)

    monkeypatch.setattr(scipy.optimize, "milp", milp)
    problem = AssignmentProblem(area=[2.0, 2.0, 3.0], cap=[2.0, 4.0], pi=[0, 0, 1, 1, 2, 2], pj=[0, 1, 0, 1, 0, 1],
                                ps=[0.7, 0.9, 0.4, 0.5, 0.6, 0.4])
    inst = UsablePairs(problem, np.ones(problem.n))
    model, answer = tmp_path / "model.npz", tmp_path / "answer.npz"
    np.savez(model, area=inst.area, cap=inst.cap, pi=inst.pi, pj=inst.pj, val=inst.val,
             deadline=np.float64(time.time() + 20.0))
    guide = io.StringIO("")
    if guided:
        weight, cap = relaxed_cells(inst)
        bound, u = column_generation(inst, weight, cap, math.inf)
        np.savez(tmp_path / "guide.npz", **pair_gaps(inst, u, weight, cap)._asdict(), bound=bound, floor=0.0)
        guide = io.StringIO(f"{tmp_path / 'guide.npz'}\n")
    solve_milp_file(str(model), str(answer), guide)
    with np.load(answer) as data:
        assert is_proof(data)
        assert float(inst.val[data["x"] > 0.5].sum()) == pytest.approx(1.4)
    with_extra = [all(call.get(key) == value for key, value in HIGHS_EXTRA_OPTIONS.items()) for call in calls]
    if older_highs:  # every refused call is made again without the options, but in the same time
        assert with_extra == [True, False] * (len(calls) // 2)
        for refused, retried in zip(calls[::2], calls[1::2]):
            assert retried["time_limit"] == pytest.approx(refused["time_limit"], abs=0.5)
    else:
        assert calls and all(with_extra)


def test_the_milp_child_ignores_the_callers_script_folder(tmp_path, monkeypatch):
    # A caller's script folder with a file named like a standard module (here enum.py) must not
    # take that module's place in the child, which would quietly leave only the heuristic.
    (tmp_path / "enum.py").write_text("raise ImportError('the caller folder shadowed the standard enum')\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    problem = AssignmentProblem(area=[2.0, 2.0, 3.0], cap=[2.0, 4.0], pi=[0, 0, 1, 1, 2, 2], pj=[0, 1, 0, 1, 0, 1],
                                ps=[0.7, 0.9, 0.4, 0.5, 0.6, 0.4])
    run = MilpProcess(UsablePairs(problem, np.ones(problem.n)), time.time() + 30.0)
    answer = run.wait(time.perf_counter() + 30.0)
    assert answer is not None and is_proof(answer)


def test_the_milp_child_imports_this_package_from_its_own_folder(tmp_path):
    # The child runs `sys.executable -c "from matching.assignment.exact import ..."` with the
    # folder holding the top-level `matching` package first on PYTHONPATH, computed from this
    # module's file: one folder too few or too many and the child would import another copy
    # (an installed one) or nothing at all.
    import matching.assignment.exact as exact

    env = child_environment()
    root = env["PYTHONPATH"].split(os.pathsep)[0]
    assert os.path.join(root, "matching", "assignment", "exact.py") == os.path.abspath(exact.__file__)
    code = "import matching.assignment.exact as m, os; print(os.path.abspath(m.__file__))"
    found = subprocess.run([sys.executable, "-c", code], env=env, cwd=tmp_path, capture_output=True, text=True,
                           check=True).stdout.strip()
    assert found == os.path.abspath(exact.__file__)


def _guide(inst):
    """Column generation's bound and the pair gaps, as the parent sends them."""
    weight, cap = relaxed_cells(inst)
    bound, u = column_generation(inst, weight, cap, math.inf)
    return bound, pair_gaps(inst, u, weight, cap)


def _guided_child(tmp_path, trial, inst, *, first_gap=FIRST_GAP):
    """Run the MILP child on the instance, guided as the parent would; the answer's path."""
    bound, gaps = _guide(inst)
    model, answer, guide = (tmp_path / f"{name}{trial}.npz" for name in ("model", "answer", "guide"))
    np.savez(model, area=inst.area, cap=inst.cap, pi=inst.pi, pj=inst.pj, val=inst.val,
             deadline=np.float64(time.time() + 20.0))
    np.savez(guide, **gaps._asdict(), bound=bound, floor=0.0)
    solve_milp_file(str(model), str(answer), io.StringIO(f"{guide}\n"), first_gap=first_gap)
    return answer


@pytest.mark.parametrize("first_gap", [1e-9, 1e-3, 10.0])  # many doublings, a few, straight to the floor
def test_the_guided_milp_proves_the_optimum(tmp_path, first_gap):
    for trial, (problem, inst) in enumerate(usable_instances(31, 12, 7, 4)):
        with np.load(_guided_child(tmp_path, trial, inst, first_gap=first_gap)) as data:
            assert is_proof(data)
            chosen = np.flatnonzero(data["x"] > 0.5)
            assert float(inst.val[chosen].sum()) == pytest.approx(brute_force(problem), abs=1e-9)
            assert -float(data["dual_bound"]) >= brute_force(problem) - 1e-9


def test_every_step_model_holds_every_assignment_above_its_cut_off(tmp_path, monkeypatch):
    # The pairs a step keeps and the rows it adds (projects it must place, a cap on u left out)
    # may only drop assignments below its cut-off, else a step could miss the optimum. The
    # constraints the child hands HiGHS are read back column by column; every step answers
    # "nothing above the cut-off", so T doubles through every size up to the floor.
    import scipy.optimize

    real, models = scipy.optimize.milp, []

    def milp(c, *, constraints, options, **kwargs):
        models.append((constraints, options))
        if "objective_bound" in options:
            return scipy.optimize.OptimizeResult(status=2, x=None)
        return real(c, constraints=constraints, options=options, **kwargs)

    monkeypatch.setattr(scipy.optimize, "milp", milp)
    checked = 0
    for trial, (problem, inst) in enumerate(usable_instances(43, 12, 7, 4)):
        models.clear()
        _guided_child(tmp_path, trial, inst, first_gap=1e-3)
        pair_of = {(int(i), int(j)): e for e, (i, j) in enumerate(zip(inst.pi, inst.pj))}
        for constraints, options in models:
            matrix = constraints.A.tocsc()
            columns = [pair_of[int(rows[0]), int(rows[1]) - inst.n]
                       for rows in (matrix.indices[matrix.indptr[c] : matrix.indptr[c + 1]] for c in range(matrix.shape[1]))]
            cut_off = -options.get("objective_bound", math.inf)
            for used, value in all_assignments(inst):
                if value >= cut_off - 1e-9:
                    x = np.isin(columns, used).astype(float)
                    assert np.isin(used, columns).all()
                    assert np.all(constraints.lb - 1e-9 <= matrix @ x) and np.all(matrix @ x <= constraints.ub + 1e-9)
                    checked += 1
    assert checked >= 100


def _best_using(problem: AssignmentProblem, e: int) -> float:
    """Best objective of an assignment that puts project pi[e] on offer pj[e] (-inf: it cannot)."""
    i, j = int(problem.pi[e]), int(problem.pj[e])
    cap = problem.cap.copy()
    cap[j] -= problem.area[i]
    if cap[j] < -1e-9:
        return -math.inf
    cap[j] = max(cap[j], 0.0)
    others = problem.pi != i  # project i is placed; the rest share what is left
    rest = AssignmentProblem(area=problem.area, cap=cap, pi=problem.pi[others], pj=problem.pj[others],
                             ps=problem.ps[others])
    return float(problem.ps[e]) + brute_force(rest)


def test_a_step_below_the_cut_off_is_no_proof():
    # HiGHS may answer "optimal" with an assignment below the cut-off (seen on S200x50). Here it
    # gets no cut-off at all, and a bound 0.5 above the optimum with the exact gaps for it: the
    # first models hold no pair, answer "optimal" with nothing assigned, and prove nothing.
    for problem, inst in usable_instances(5, 15, 6, 3):
        best = brute_force(problem)
        bound = best + 0.5
        pair = np.array([bound - _best_using(problem, int(np.flatnonzero((problem.pi == i) & (problem.pj == j))[0]))
                         for i, j in zip(inst.pi, inst.pj)])
        gaps = Gaps(pair=pair, left_out=np.zeros(inst.n), u=np.zeros(inst.n))
        steps = []

        def solve(keep, options, *_, inst=inst, steps=steps):
            steps.append(keep.size)
            return _milp_on(inst, keep, {})  # no cut-off

        status, x, upper, _ = certify(inst.val, gaps, bound, 0.0, solve)
        assert status == 0
        assert float(inst.val[x > 0.5].sum()) == pytest.approx(best, abs=1e-9)
        assert upper >= best - 1e-9
        assert len(steps) >= 1 and steps[0] > 0  # the empty first models were never sent to HiGHS


def _milp_on(inst, keep, options):
    from scipy.optimize import Bounds, LinearConstraint, milp
    from scipy.sparse import csr_array

    k, cols = keep.size, np.arange(keep.size)
    matrix = csr_array((np.concatenate([np.ones(k), inst.area[inst.pi[keep]]]),
                        (np.concatenate([inst.pi[keep], inst.n + inst.pj[keep]]), np.concatenate([cols, cols]))),
                       shape=(inst.n + inst.m, k))
    return milp(-inst.val[keep], integrality=np.ones(k), bounds=Bounds(0, 1), options=options,
                constraints=LinearConstraint(matrix, -np.inf, np.concatenate([np.ones(inst.n), inst.cap])))


def test_a_guided_step_out_of_time_hands_over_to_the_whole_model():
    # Past `until`, HiGHS stops a guided step on its time limit (status 1); the next and last
    # step is the model of every assignment above the floor, with HiGHS's own heuristics.
    for problem, inst in usable_instances(8, 10, 7, 4):
        bound, gaps = _guide(inst)
        calls = []

        def solve(keep, options, *_, inst=inst, calls=calls):
            calls.append(dict(options))
            if "objective_bound" in options:  # a guided step: out of time
                assert options["time_limit"] == pytest.approx(0.01)
                return {"status": 1, "x": None}
            return _milp_on(inst, keep, {"time_limit": 20.0})

        status, x, upper, _ = certify(inst.val, gaps, bound, 0.0, solve, until=time.time() - 1.0)
        assert status == 0 and float(inst.val[x > 0.5].sum()) == pytest.approx(brute_force(problem), abs=1e-9)
        assert len(calls) <= 2 and "objective_bound" not in calls[-1]
