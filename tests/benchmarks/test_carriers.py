"""The carrier-matching benchmark: repeatable synthetic carriers, and the figures it prints."""

from __future__ import annotations

import doctest

import benchmarks.carriers as carriers_bench
from benchmarks.carriers import (
    measure_carrier_matching,
    measure_carrier_service,
    synthetic_carriers,
    synthetic_team,
)


def test_synthetic_carriers_are_repeatable_and_of_every_kind():
    first = synthetic_carriers(200, seed=3)
    assert first == synthetic_carriers(200, seed=3)
    assert {c.kind for c in first} == {"maker_space", "incubator", "accelerator", "university_park"}
    assert synthetic_team(5, n_carriers=200) == synthetic_team(5, n_carriers=200)


def test_the_measurements_report_their_figures():
    engine = measure_carrier_matching(300, repeats=5)
    assert set(engine) == {"n_carriers", "fit_ms", "rank_median_ms", "rank_p90_ms", "rank_p99_ms", "rank_worst_ms",
                           "fit_and_rank_median_ms"}
    assert 0 < engine["rank_median_ms"] <= engine["rank_worst_ms"]
    service = measure_carrier_service(60, repeats=2)
    assert service["n_carriers"] == 60 and service["service_median_ms"] > 0


def test_doctests():
    assert doctest.testmod(carriers_bench).failed == 0
