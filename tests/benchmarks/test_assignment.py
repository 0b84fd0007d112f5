"""The assignment benchmark's rows, table and examples."""

from __future__ import annotations

import doctest

import numpy as np
import pytest

import benchmarks.assignment as bench_module
from benchmarks.assignment import format_table, run_benchmark


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


def test_docstring_examples():
    result = doctest.testmod(bench_module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0
    assert result.failed == 0


def test_the_ranges_instance_is_repeatable_and_has_ranges_and_custom_plants():
    from benchmarks.assignment import ranges_instance

    (p1, r1), (p2, r2) = ranges_instance(), ranges_instance()
    assert np.array_equal(p1.area, p2.area) and np.array_equal(r1.area_max, r2.area_max)
    assert 0.5 < np.mean(r1.area_max > p1.area) < 0.7
    assert np.any(r1.offer_max < p1.cap) and np.all(r1.area_max >= p1.area)


def test_repeated_runs_print_best_median_and_worst_per_instance(tmp_path):
    from click.testing import CliRunner

    from matchmaker.cli.bench import bench_group

    np.savez(tmp_path / "tiny.npz", area=np.array([6.0, 5.0, 5.0]), cap=np.array([10.0]),
             pi=np.array([0, 1, 2]), pj=np.array([0, 0, 0]), ps=np.array([1.0, 0.55, 0.55]))
    np.savez(tmp_path / "other.npz", area=np.array([1.0]), cap=np.array([1.0]),
             pi=np.array([0]), pj=np.array([0]), ps=np.array([0.5]))
    result = CliRunner().invoke(bench_group, ["assign", "--instances", str(tmp_path), "--repeat", "2", "--only", "tiny"])
    assert result.exit_code == 0, result.output
    assert result.output.count("| tiny |") == 3 and "| other |" not in result.output  # two runs, one summary
    summary = result.output.split("over 2 runs:")[1]
    assert "proven within 3 s" in summary
    row = next(line for line in summary.splitlines() if line.startswith("| tiny |"))
    cells = [cell.strip() for cell in row.strip("|").split("|")]
    assert cells[1] == "2" and cells[3] == "1.10 / 1.10 / 1.10 (objective)"
    missing = CliRunner().invoke(bench_group, ["assign", "--instances", str(tmp_path), "--only", "nope"])
    assert missing.exit_code != 0 and "no instance nope" in missing.output


def test_summarise_runs_counts_the_runs_proven_within_the_target():
    runs = [[{"instance": "S200x50", "seconds": s, "objective": 74.43, "pct_best_known": 100.0, "optimal": proven,
              "peak_rss_mb": 150.0}] for s, proven in ((2.6, True), (9.2, True), (3.1, False), (2.9, True))]
    summary = bench_module.summarise_runs(runs)[0]
    assert summary["runs"] == 4 and summary["proven"] == 3 and summary["proven_in_target"] == 2
    assert summary["seconds"] == (2.6, 3.0, 9.2)


def test_a_province_instance_is_written_and_runs_idle_and_busy(tmp_path):
    from click.testing import CliRunner

    from matching.assignment import load_instance
    from matchmaker.cli.bench import bench_group

    made = CliRunner().invoke(bench_group, ["assign", "--generate", "300x80", "--seed", "3", "--out", str(tmp_path)])
    assert made.exit_code == 0, made.output
    problem = load_instance(tmp_path / "P300x80s3.npz")
    per_project = np.bincount(problem.pi, minlength=problem.n)
    assert problem.n == 300 and problem.m == 80
    assert per_project.min() >= 20 and per_project.max() <= 50
    assert problem.area.min() >= 200 and problem.area.max() <= 20_000
    assert problem.cap.min() >= 1_000 and problem.cap.max() <= 100_000
    again = CliRunner().invoke(bench_group, ["assign", "--generate", "300x80", "--seed", "3", "--out", str(tmp_path / "b")])
    assert again.exit_code == 0
    assert np.array_equal(load_instance(tmp_path / "b" / "P300x80s3.npz").pi, problem.pi)  # the seed fixes it

    ran = CliRunner().invoke(bench_group, ["assign", "--instances", str(tmp_path), "--time-limit", "0.5", "--busy", "1"])
    assert ran.exit_code == 0, ran.output
    side = ran.output.split("side by side:")[1]
    assert "busy 1 quality" in side and "| P300x80s3 | 0.5 |" in side
    import psutil

    assert not [p for p in psutil.Process().children() if "while True" in " ".join(p.cmdline())]  # neighbours gone
