"""The benchmark and quality helpers: synthetic data, the measurement, NDCG."""

from __future__ import annotations

import dataclasses
import doctest
import math

import pytest

import benchmarks.quality as quality_bench
import benchmarks.ranking as ranking_bench
from benchmarks.quality import ndcg, quality
from benchmarks.ranking import measure_ranking, synthetic_offers, synthetic_project


def test_synthetic_data_is_repeatable_and_valid():
    first, again = synthetic_offers(300, seed=11), synthetic_offers(300, seed=11)
    assert first == again
    assert len(first) == 300 and len({o.id for o in first}) == 300
    assert {o.site_kind for o in first} == {"district", "park", "custom_plant"}
    assert synthetic_project(3) == synthetic_project(3) != synthetic_project(4)
    assert all(dataclasses.is_dataclass(o) for o in first)


def test_measure_ranking_reports_the_figures():
    result = measure_ranking(400, repeats=3)
    assert set(result) == {
        "n_offers", "n_profiles", "fit_s", "rank_median_ms", "rank_p90_ms", "rank_p99_ms", "rank_worst_ms", "memory_mb",
        "peak_rss_mb", "naive_median_ms", "speedup",
    }  # fmt: skip
    assert result["n_offers"] == 400
    assert result["rank_median_ms"] > 0 and result["memory_mb"] > 0 and result["naive_median_ms"] > 0


def test_ndcg():
    assert ndcg([3, 2, 1], [1, 2, 3]) == 1.0
    assert ndcg([], [0, 0]) == 1.0  # nothing to find
    assert ndcg([], [3]) == 0.0
    assert math.isclose(ndcg([0, 3], [3, 0]), (7 / math.log2(3)) / 7)


def test_quality_of_a_single_scenario():
    scenario = {
        "name": "t",
        "today": "2026-03-01",
        "project": {"id": 1, "name": "配电开关", "industries": ["C3823"], "space_type": "plant", "area_min": 100},
        "offers": [
            {"id": i, "site_id": i, "site_name": f"园{i}", "site_kind": "park", "district": "330382",
             "industries": [code], "space_type": "plant", "available_area": 1000, "min_area": 100}
            for i, code in ((1, "C1952"), (2, "C3823"))
        ],  # fmt: skip
        "relevance": {"1": 0, "2": 3},
    }
    result = quality([scenario])
    assert result["ndcg_at_3"] == 1.0 and result["top1_accuracy"] == 1.0
    assert result["scenarios"][0]["ranking"] == [2, 1]


@pytest.mark.parametrize("module", [ranking_bench, quality_bench])
def test_docstring_examples(module):
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0
    assert result.failed == 0
