"""The capacity-constrained assignment solver: optima, feasibility under scarcity, objectives."""

from __future__ import annotations

import doctest
import io
import itertools
import math
import time
from pathlib import Path

import numpy as np
import psutil
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import matching.assign as assign_module
import benchmarks.assignment as bench_module
import matching.knapsack as knapsack_module
import matching.lagrange as lagrange_module
from matching.assign import (
    AssignmentProblem,
    assign,
    check_feasible,
    greedy,
    load_instance,
    objective_value,
    objective_weights,
)
from benchmarks.assignment import format_table, run_benchmark
from matching.colgen import column_generation, pair_gaps
from matching.lagrange import lagrangian_bound, relaxed_cells

SHARED_BENCH = Path(__file__).resolve().parents[3] / "shared" / "bench" / "assignment"
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


# ---------------------------------------------------------------------------------------------
# The problem
# ---------------------------------------------------------------------------------------------


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


# ---------------------------------------------------------------------------------------------
# Known optima
# ---------------------------------------------------------------------------------------------


def test_a_swap_that_greedy_misses():
    # A is worth 1.0 on X and 0.9 on Y; B only fits X (0.8). Greedy puts A on X and loses B.
    problem = AssignmentProblem(area=[5.0, 5.0], cap=[5.0, 5.0], pi=[0, 0, 1], pj=[0, 1, 0], ps=[1.0, 0.9, 0.8])
    assert greedy(problem).objective == pytest.approx(1.0)
    result = assign(problem, **HEURISTIC_ONLY)
    assert result.offer_of.tolist() == [1, 0]
    assert result.objective == pytest.approx(1.7)
    assert result.optimal  # the LP bound is 1.7 too
    assert result.gap == pytest.approx(0.0, abs=1e-9)


def test_a_knapsack_choice_and_the_area_objective():
    # One 10 ㎡ offer; an anchor of 6 ㎡ (score 1.0) against two projects of 5 ㎡ (0.55 each).
    problem = AssignmentProblem(area=[6.0, 5.0, 5.0], cap=[10.0], pi=[0, 1, 2], pj=[0, 0, 0], ps=[1.0, 0.55, 0.55])
    equal = assign(problem, **HEURISTIC_ONLY)
    assert equal.offer_of.tolist() == [-1, 0, 0]
    assert equal.objective == pytest.approx(1.1)
    assert equal.objective_name == "equal"
    by_area = assign(problem, objective="area", **HEURISTIC_ONLY)
    assert by_area.offer_of.tolist() == [0, -1, -1]  # 6/(16/3) * 1.0 = 1.125 > 2 * 5/(16/3) * 0.55
    assert by_area.objective == pytest.approx(1.125)
    assert by_area.objective_name == "area"
    favoured = AssignmentProblem(area=[6.0, 5.0, 5.0], cap=[10.0], pi=[0, 1, 2], pj=[0, 0, 0],
                                 ps=[1.0, 0.55, 0.55], weight=[3.0, 1.0, 1.0])
    by_priority = assign(favoured, **HEURISTIC_ONLY)
    assert by_priority.offer_of.tolist() == [0, -1, -1]
    assert by_priority.objective_name == "priority"
    # The LP bound (anchor plus 4/5 of a small project, 1.44) is not met, but one offer's exact
    # knapsack is: the Lagrangian bound proves it without a MILP.
    assert equal.optimal
    assert equal.bound == pytest.approx(1.1, abs=1e-6)


def test_the_milp_proves_what_the_bound_cannot():
    # Two offers (2 and 4 ㎡) that all three projects could use: the Lagrangian bound stays
    # near 1.45 (LP 1.57), the optimum is 1.4.
    problem = AssignmentProblem(area=[2.0, 2.0, 3.0], cap=[2.0, 4.0], pi=[0, 0, 1, 1, 2, 2], pj=[0, 1, 0, 1, 0, 1],
                                ps=[0.7, 0.9, 0.4, 0.5, 0.6, 0.4])
    heuristic = assign(problem, **HEURISTIC_ONLY)
    assert heuristic.objective == pytest.approx(1.4) and not heuristic.optimal
    assert heuristic.bound > 1.44
    result = assign(problem, time_limit_s=20.0)
    assert result.optimal
    assert result.method == "milp"
    assert result.objective == pytest.approx(1.4)
    assert result.bound == pytest.approx(1.4, abs=1e-5)


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
        if older_highs and any(key in options for key in assign_module._HIGHS_EXTRA):
            raise AttributeError("'HighsOptions' object has no attribute")
        return real(*args, options=options, **kwargs)

    monkeypatch.setattr(scipy.optimize, "milp", milp)
    problem = AssignmentProblem(area=[2.0, 2.0, 3.0], cap=[2.0, 4.0], pi=[0, 0, 1, 1, 2, 2], pj=[0, 1, 0, 1, 0, 1],
                                ps=[0.7, 0.9, 0.4, 0.5, 0.6, 0.4])
    inst = assign_module._Instance(problem, np.ones(problem.n))
    model, answer = tmp_path / "model.npz", tmp_path / "answer.npz"
    np.savez(model, area=inst.area, cap=inst.cap, pi=inst.pi, pj=inst.pj, val=inst.val,
             deadline=np.float64(time.time() + 20.0))
    guide = io.StringIO("")
    if guided:
        weight, cap = relaxed_cells(inst)
        bound, u = column_generation(inst, weight, cap, math.inf)
        np.savez(tmp_path / "guide.npz", **pair_gaps(inst, u, weight, cap)._asdict(), bound=bound, floor=0.0)
        guide = io.StringIO(f"{tmp_path / 'guide.npz'}\n")
    assign_module._solve_milp_file(str(model), str(answer), guide)
    with np.load(answer) as data:
        assert assign_module._is_proof(data)
        assert float(inst.val[data["x"] > 0.5].sum()) == pytest.approx(1.4)
    with_extra = [all(call.get(key) == value for key, value in assign_module._HIGHS_EXTRA.items()) for call in calls]
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
    run = assign_module._MilpRun(assign_module._Instance(problem, np.ones(problem.n)), time.time() + 30.0)
    answer = run.wait(time.perf_counter() + 30.0)
    assert answer is not None and assign_module._is_proof(answer)


def test_tiny_random_instances_against_brute_force():
    rng = np.random.default_rng(20260301)
    reached = 0
    for _ in range(30):
        problem = random_problem(rng, n=int(rng.integers(1, 7)), m=int(rng.integers(1, 4)))
        best = brute_force(problem)
        result = assign(problem, **HEURISTIC_ONLY)
        check_feasible(problem, result.offer_of)
        assert result.objective == pytest.approx(objective_value(problem, result.offer_of))
        assert result.objective <= best + 1e-9
        assert result.bound >= best - 1e-9  # the bound is a bound
        if result.optimal:  # claimed only when true
            assert result.objective == pytest.approx(best, abs=1e-9)
        reached += result.objective >= best - 1e-9
    assert reached >= 27  # the heuristic alone nearly always finds the optimum this small


def test_milp_answers_are_optimal_on_random_instances():
    rng = np.random.default_rng(7)
    for _ in range(3):
        problem = random_problem(rng, n=7, m=3)
        result = assign(problem, time_limit_s=20.0)
        assert result.optimal
        assert result.objective == pytest.approx(brute_force(problem), abs=1e-9)


def _lagrange_inputs(problem: AssignmentProblem):
    _, w = objective_weights(problem)
    inst = assign_module._Instance(problem, w)
    return inst, assign_module._relax(inst, time.perf_counter() + 10.0)


@pytest.mark.parametrize("max_cells", [2048, 3])  # 3 cells: the coarsened grid must stay a bound
@pytest.mark.parametrize("scale", [1.0, 0.37])  # 0.37: no whole-number grid, the float path
def test_the_lagrangian_bound_is_never_below_the_optimum(scale, max_cells):
    rng = np.random.default_rng(20260302)
    tighter = 0
    for _ in range(25):
        problem = random_problem(rng, n=int(rng.integers(1, 7)), m=int(rng.integers(1, 4)), scale=scale)
        best = brute_force(problem)
        inst, relax = _lagrange_inputs(problem)
        bound = lagrangian_bound(inst, relax.price, 0.0, math.inf, max_cells=max_cells)
        assert bound >= best - 1e-9
        if max_cells > 3:  # exact knapsacks from the flow's prices only improve on the LP
            assert bound <= relax.bound + 1e-9
        weight, cap = lagrange_module.relaxed_cells(inst, max_cells)
        for _ in range(5):  # any u >= 0 gives a bound
            value, _ = lagrange_module.relaxed_value(inst, rng.uniform(0, 1.2, problem.n), weight, cap)
            assert value >= best - 1e-9
        tighter += bound < relax.bound - 1e-6
    if max_cells > 3:
        assert tighter >= 3  # knapsack integrality makes it strictly tighter on some


def test_the_lagrangian_bound_without_choice_tables_is_still_a_bound(monkeypatch):
    monkeypatch.setattr(knapsack_module, "_MAX_TAKE", 0)  # as for a knapsack too large to record
    rng = np.random.default_rng(5)
    for _ in range(15):
        problem = random_problem(rng, n=int(rng.integers(1, 7)), m=int(rng.integers(1, 4)))
        inst, relax = _lagrange_inputs(problem)
        assert lagrangian_bound(inst, relax.price, 0.0, math.inf) >= brute_force(problem) - 1e-9


def test_the_lagrangian_bound_gives_up_when_out_of_time():
    problem = large_random_problem(1, n=300, m=40, per_project=10)
    inst, relax = _lagrange_inputs(problem)
    assert lagrangian_bound(inst, relax.price, 0.0, time.perf_counter() - 1.0) == math.inf


def test_optimal_is_claimed_only_at_the_optimum_with_the_tighter_bound():
    rng = np.random.default_rng(11)
    for _ in range(40):
        problem = random_problem(rng, n=int(rng.integers(2, 8)), m=int(rng.integers(1, 4)))
        best = brute_force(problem)
        result = assign(problem, **HEURISTIC_ONLY)
        assert result.bound >= best - 1e-9
        if result.optimal:
            assert result.objective == pytest.approx(best, abs=1e-9)


@pytest.mark.skipif(not SHARED_BENCH.is_dir(), reason="the shared benchmark folder is not here")
def test_the_lagrangian_bound_on_the_shared_event_instance():
    inst, relax = _lagrange_inputs(load_instance(SHARED_BENCH / "S200x50.npz"))
    bound = lagrangian_bound(inst, relax.price, 74.25, math.inf, max_iter=60)
    assert 74.4307 <= bound < 74.7 < 77.5 < relax.bound  # optimum 74.43076; LP 77.55


# ---------------------------------------------------------------------------------------------
# Scarcity, determinism, time
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "problem",
    [
        pytest.param(
            AssignmentProblem(area=np.full(40, 10.0), cap=[10.0, 20.0, 10.0], pi=np.repeat(np.arange(40), 3),
                              pj=np.tile(np.arange(3), 40), ps=np.linspace(0.1, 1.0, 120)),
            id="demand-10x-supply",
        ),
        pytest.param(AssignmentProblem(area=[1.0, 2.0], cap=[0.0, 0.0], pi=[0, 1], pj=[0, 1], ps=[1.0, 1.0]),
                     id="no-capacity"),
        pytest.param(AssignmentProblem(area=[1.0, 2.0, 3.0], cap=[5.0], pi=[0, 2], pj=[0, 0], ps=[0.5, 0.5]),
                     id="project-without-pairs"),
        pytest.param(AssignmentProblem(area=[], cap=[1.0, 2.0], pi=[], pj=[], ps=[]), id="no-projects"),
        pytest.param(AssignmentProblem(area=[1.0, 2.0], cap=[], pi=[], pj=[], ps=[]), id="no-offers"),
        pytest.param(AssignmentProblem(area=[30.0, 40.0], cap=[20.0, 25.0], pi=[0, 1, 1], pj=[0, 0, 1],
                                       ps=[1.0, 1.0, 1.0]), id="nothing-fits"),
    ],
)
def test_scarcity_never_raises(problem):
    for result in (assign(problem, **HEURISTIC_ONLY), greedy(problem)):
        assert result.offer_of.shape == (problem.n,)
        check_feasible(problem, result.offer_of)
        assert 0.0 <= result.objective <= result.bound + 1e-9
        assert result.gap >= 0.0
    assert result.offer_of.flags.writeable is False


def test_same_input_and_seed_give_the_same_answer():
    problem = random_problem(np.random.default_rng(11), n=80, m=12, density=0.4)
    first = assign(problem, seed=3, **HEURISTIC_ONLY)
    second = assign(problem, seed=3, **HEURISTIC_ONLY)
    assert first.offer_of.tolist() == second.offer_of.tolist()
    assert first.objective == second.objective
    assert first.bound == second.bound
    # A round cap makes a search that would run to its deadline reproducible too.
    larger = large_random_problem(seed=12, n=600, m=80, per_project=20)
    capped = [assign(larger, seed=1, max_rounds=50, **HEURISTIC_ONLY) for _ in range(2)]
    assert capped[0].offer_of.tolist() == capped[1].offer_of.tolist()


def test_the_time_limit_holds_for_the_search():
    problem = large_random_problem(seed=5, n=4_000, m=400, per_project=30)  # 120k pairs: no MILP
    tic = time.perf_counter()
    result = assign(problem, time_limit_s=1.0)
    assert time.perf_counter() - tic < 1.0 + 2.0  # generous margin: the flow LP runs to its end
    check_feasible(problem, result.offer_of)
    assert result.objective >= greedy(problem).objective


def test_the_time_limit_holds_for_the_milp_child():
    problem = large_random_problem(seed=6, n=1_500, m=150, per_project=12)  # 18k pairs: MILP runs
    tic = time.perf_counter()
    result = assign(problem, time_limit_s=2.0)
    assert time.perf_counter() - tic < 2.0 + 1.5
    check_feasible(problem, result.offer_of)
    assert psutil.Process().children() == []  # the child was waited for or killed


# ---------------------------------------------------------------------------------------------
# Properties
# ---------------------------------------------------------------------------------------------


@st.composite
def small_problems(draw) -> AssignmentProblem:
    n = draw(st.integers(0, 8))
    m = draw(st.integers(0, 4))
    area = draw(st.lists(st.floats(0.5, 20.0), min_size=n, max_size=n))
    cap = draw(st.lists(st.one_of(st.just(0.0), st.floats(0.0, 40.0)), min_size=m, max_size=m))
    cells = [(i, j) for i in range(n) for j in range(m)]
    chosen = draw(st.lists(st.sampled_from(cells), unique=True, max_size=len(cells))) if cells else []
    ps = draw(st.lists(st.floats(0.01, 1.0), min_size=len(chosen), max_size=len(chosen)))
    weight = draw(st.none() | st.lists(st.floats(0.1, 10.0), min_size=n, max_size=n))
    return AssignmentProblem(
        area=area, cap=cap, pi=[i for i, _ in chosen], pj=[j for _, j in chosen], ps=ps, weight=weight
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problem=small_problems())
def test_any_small_instance_gives_a_feasible_bounded_answer_no_worse_than_greedy(problem):
    result = assign(problem, **HEURISTIC_ONLY)
    check_feasible(problem, result.offer_of)
    assert result.objective <= result.bound + 1e-6
    assert result.objective >= greedy(problem).objective - 1e-9
    assert result.objective == pytest.approx(objective_value(problem, result.offer_of))
    assert result.objective_name == ("equal" if problem.weight is None else "priority")


# ---------------------------------------------------------------------------------------------
# Benchmark and documentation
# ---------------------------------------------------------------------------------------------


def test_benchmark_rows_and_table(tmp_path):
    np.savez(tmp_path / "tiny.npz", area=np.array([6.0, 5.0, 5.0]), cap=np.array([10.0]),
             pi=np.array([0, 1, 2]), pj=np.array([0, 0, 0]), ps=np.array([1.0, 0.55, 0.55]))
    rows = run_benchmark(tmp_path, time_limit_s=5.0)
    assert [row["instance"] for row in rows] == ["tiny"]
    row = rows[0]
    assert row["pct_best_known"] is None and row["greedy_pct"] is None
    assert row["objective"] == pytest.approx(1.1) and row["greedy"] == pytest.approx(1.0)
    assert row["peak_rss_mb"] > 0 and row["seconds"] > 0
    table = format_table(rows)
    assert "| tiny | 3 | 1 | 3 |" in table


@pytest.mark.skipif(not SHARED_BENCH.is_dir(), reason="the shared benchmark folder is not here")
def test_the_shared_event_instance_gets_a_feasible_answer():
    problem = load_instance(SHARED_BENCH / "S200x50.npz")
    result = assign(problem, time_limit_s=1.0, exact_max_pairs=0)
    check_feasible(problem, result.offer_of)


@pytest.mark.parametrize("module", [assign_module, bench_module])
def test_docstring_examples(module):
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0
    assert result.failed == 0
