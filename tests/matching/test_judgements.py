"""The team's labelled evaluation (tests/matching/judgements.json): its coverage, and the ranking's quality on it."""

from __future__ import annotations

from collections import Counter

import pytest

from benchmarks.quality import judged_quality, load_judgements

# NDCG@3 on the judgements at the end of issue 21; the suite fails if the ranking falls below it.
NDCG_AT_3_FLOOR = 0.9728
TOP1_FLOOR = 0.875


@pytest.fixture(scope="module")
def cases():
    return load_judgements()


def test_the_judgements_cover_what_staff_meet(cases):
    judgements = [j for c in cases for j in c["judgements"]]
    assert len(judgements) >= 60
    assert all(j["rationale"].strip() and j["grade"] in (0, 1, 2, 3) for j in judgements)
    assert all(isinstance(j["feasible"], bool) and (j["feasible"] or j["grade"] == 0) for j in judgements)
    offers = [o for c in cases for o in c["offers"]]
    assert Counter(o["site_kind"] for o in offers).keys() == {"park", "district", "custom_plant"}
    assert {o["admission"] for o in offers} == {"open", "chain", "listed"}
    assert sum(not c["project"]["industries"] for c in cases) >= 2  # text-only projects
    assert any(o["district"] != c["project"]["home_district"] and j["grade"] >= 2
               for c in cases for o, j in zip(c["offers"], c["judgements"], strict=True))  # cross-district picks
    divisions = {c["project"]["industries"][0][:3] for c in cases if c["project"]["industries"]}
    assert len(divisions) >= 10
    for case in cases:
        assert [o["id"] for o in case["offers"]] == [j["offer_id"] for j in case["judgements"]], case["name"]


def test_the_ranking_returns_no_infeasible_offer_and_keeps_its_quality(cases):
    result = judged_quality(cases)
    assert result["infeasible_returned"] == 0, [c for c in result["cases"] if c["infeasible_returned"]]
    assert result["ndcg_at_3"] >= NDCG_AT_3_FLOOR
    assert result["top1_accuracy"] >= TOP1_FLOOR
