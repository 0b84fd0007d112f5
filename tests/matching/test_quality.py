"""Ranking quality on the labelled scenarios of sample_data/match_scenarios.json."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.quality import load_scenarios, offer_from_dict, project_from_dict, quality
from matching.taxonomy import read_names

ROOT = Path(__file__).resolve().parents[2]
CODES = set(read_names(ROOT / "matchmaker" / "data" / "industries.csv"))
DISTRICTS = set(read_names(ROOT / "matchmaker" / "data" / "districts.csv"))
# What the scenarios must cover between them (see the "covers" field of each).
COVERED = {
    "exact_vs_chain_vs_unrelated",
    "description_only",
    "own_district",
    "unit_size",
    "late_availability",
    "over_budget_rent",
    "custom_vs_existing",
}


@pytest.fixture(scope="module")
def scenarios() -> list[dict]:
    return load_scenarios()


def test_ndcg_and_top1_over_the_scenarios(scenarios):
    result = quality(scenarios)
    print(f"\nNDCG@3 = {result['ndcg_at_3']:.3f}, top-1 accuracy = {result['top1_accuracy']:.3f} "
          f"over {result['n_scenarios']} scenarios")  # fmt: skip
    for s in result["scenarios"]:
        print(f"  {s['ndcg_at_3']:.3f} {'top-1 ok ' if s['top1'] else 'top-1 miss'} {s['name']}")
    assert result["ndcg_at_3"] >= 0.9
    assert result["top1_accuracy"] >= 0.8


def test_the_scenarios_are_well_formed(scenarios):
    assert len(scenarios) >= 12
    assert COVERED <= {topic for s in scenarios for topic in s["covers"]}
    for s in scenarios:
        project = project_from_dict(s["project"])
        offers = [offer_from_dict(o) for o in s["offers"]]
        assert 4 <= len(offers) <= 8, s["name"]
        assert {str(o.id) for o in offers} == set(s["relevance"]), s["name"]
        assert set(s["relevance"].values()) <= {0, 1, 2, 3}
        assert max(s["relevance"].values()) == 3, s["name"]
        assert set(project.industries) <= CODES
        assert {o.district for o in offers} | set(project.preferred_districts) <= DISTRICTS
        assert all(set(o.industries) <= CODES for o in offers), s["name"]
