"""The problem and result types, the objectives, and the checks every answer must pass."""

from __future__ import annotations

import numpy as np
import pytest

from matching.assignment import AssignmentProblem, check_feasible, load_instance, objective_value, objective_weights


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"area": [0.0]}, "area must be finite and > 0"),
        ({"area": [[1.0]]}, "one-dimensional"),
        ({"cap": [-1.0]}, "cap must be finite and >= 0"),
        ({"pj": [0, 0]}, "same length"),
        ({"pi": [1]}, "pi must index projects"),
        ({"pj": [3]}, "pj must index offers"),
        ({"ps": [1.5]}, r"ps \(scores\) must lie in \(0, 1\]"),
        ({"ps": [0.0]}, r"ps \(scores\) must lie in \(0, 1\]"),
        ({"pi": [0.5]}, "integer indices"),
        ({"pi": [0, 0], "pj": [0, 0], "ps": [0.5, 0.6]}, "more than once"),
        ({"weight": [1.0, 2.0]}, "one entry per project"),
        ({"weight": [0.0]}, "weight must be finite and > 0"),
    ],
)
def test_invalid_problems_are_refused(fields, message):
    base = {"area": [1.0], "cap": [1.0], "pi": [0], "pj": [0], "ps": [0.5]}
    with pytest.raises(ValueError, match=message):
        AssignmentProblem(**{**base, **fields})


def test_problem_holds_read_only_copies():
    area = np.array([1.0, 2.0])
    problem = AssignmentProblem(area=area, cap=[3.0], pi=[0, 1], pj=[0, 0], ps=[0.5, 0.5])
    area[0] = 99.0
    assert problem.area[0] == 1.0
    assert not problem.area.flags.writeable
    assert problem.pi.dtype == np.int64


def test_objectives_need_consistent_weights():
    plain = AssignmentProblem(area=[1.0, 3.0], cap=[4.0], pi=[0, 1], pj=[0, 0], ps=[1.0, 1.0])
    weighted = AssignmentProblem(area=[1.0, 3.0], cap=[4.0], pi=[0, 1], pj=[0, 0], ps=[1.0, 1.0], weight=[2.0, 1.0])
    assert objective_weights(plain)[0] == "equal"
    assert objective_weights(weighted)[0] == "priority"
    assert objective_weights(plain, "area")[1].tolist() == [0.5, 1.5]
    with pytest.raises(ValueError, match="needs problem.weight"):
        objective_weights(plain, "priority")
    with pytest.raises(ValueError, match="ignore problem.weight"):
        objective_weights(weighted, "equal")
    with pytest.raises(ValueError, match="computes its own weights"):
        objective_weights(weighted, "area")
    with pytest.raises(ValueError, match="must be 'equal', 'area' or 'priority'"):
        objective_weights(plain, "size")  # type: ignore[arg-type]


def test_check_feasible_names_the_problem():
    problem = AssignmentProblem(area=[2.0, 1.0], cap=[2.0, 5.0], pi=[0, 1], pj=[0, 0], ps=[0.9, 0.5])
    check_feasible(problem, np.array([0, -1]))
    with pytest.raises(ValueError, match="project 1 is on offer 1, which is not one of its eligible pairs"):
        check_feasible(problem, np.array([-1, 1]))
    with pytest.raises(ValueError, match="offer 0 holds 3 ㎡, over its capacity of 2 ㎡"):
        check_feasible(problem, np.array([0, 0]))
    with pytest.raises(ValueError, match="shape"):
        check_feasible(problem, np.array([0]))
    with pytest.raises(ValueError, match="-1 or an offer index"):
        check_feasible(problem, np.array([0, 7]))
    assert objective_value(problem, np.array([0, -1])) == pytest.approx(0.9)


def test_load_instance_reads_the_benchmark_format(tmp_path):
    path = tmp_path / "tiny.npz"
    np.savez(path, n=2, m=1, area=np.array([200, 300]), cap=np.array([400]), pi=np.array([0, 1], dtype=np.int32),
             pj=np.array([0, 0], dtype=np.int32), ps=np.array([0.5, 0.7]), seed=1)
    problem = load_instance(path)
    assert (problem.n, problem.m, problem.n_pairs) == (2, 1, 2)
    assert problem.area.dtype == np.float64 and problem.weight is None
    np.savez(tmp_path / "broken.npz", area=np.array([1.0]))
    with pytest.raises(ValueError, match="lacks cap, pi, pj, ps"):
        load_instance(tmp_path / "broken.npz")
