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
