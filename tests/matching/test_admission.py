"""Industry admission rules (产业准入) and near misses ordered by how near they come."""

from __future__ import annotations

from datetime import date

import pytest

from benchmarks.quality import offer_from_dict, project_from_dict
from benchmarks.ranking import default_taxonomy
from matching import OfferIndex, rank_projects
from matching.types import OfferRecord, ProjectNeed

TODAY = date(2026, 3, 1)
TAXONOMY = default_taxonomy()
OH = "330304"  # 瓯海区


def need(id: int = 1, **changes) -> ProjectNeed:
    base = {"id": id, "name": "测试项目", "description": "", "industries": ["C3587"], "space_type": "plant",
            "area_min": 2000, "area_max": 3000, "home_district": OH}
    return project_from_dict({**base, **changes})


def offer(id: int = 1, **changes) -> OfferRecord:
    base = {"id": id, "site_id": id, "site_name": f"瓯海眼健康产业园{id}", "site_kind": "park", "district": OH,
            "industries": ["C3587"], "description": "眼镜、眼视光器械", "space_type": "plant",
            "available_area": 8000, "min_area": 1000, "rent": 20}
    return offer_from_dict({**base, **changes})


# The project's main industry under each rule of a site leading in 眼镜制造 (C3587):
# the same class; 塑料零件 (C2929), a supplier of it in Wenzhou's eye-health chain; 皮鞋 (C1952).
ADMITTED = {
    "open": {"C3587": True, "C2929": True, "C1952": True},
    "chain": {"C3587": True, "C2929": True, "C1952": False},
    "listed": {"C3587": True, "C2929": False, "C1952": False},
}


@pytest.mark.parametrize("rule", ["open", "chain", "listed"])
def test_each_rule_leaves_forbidden_projects_out_of_rankings_and_near_misses(rule):
    park = offer(1, admission=rule)
    other = offer(2, site_name="龙湾综合园", industries=["C3823"], description="综合标准厂房", district="330303")
    index = OfferIndex(TAXONOMY).fit([park, other])
    for code, allowed in ADMITTED[rule].items():
        project = need(industries=[code])
        ranked = [m.offer_id for m in index.rank(project, today=TODAY, limit=10)]
        near = [m.offer_id for m in index.rank(need(industries=[code], area_min=9000, area_max=None),
                                               today=TODAY, limit=10, include_infeasible=True)]
        assert (1 in ranked) is allowed, (rule, code)
        assert (1 in near) is allowed, (rule, code)  # an offer too small is a near miss only when admitted
        assert 2 in ranked and 2 in near
        match = index.match(project, 1, today=TODAY)
        assert match.feasible is allowed
        if not allowed:
            assert match.violations[-1] == "产业准入：该园区仅接收眼镜制造" + ("及相关产业" if rule == "chain" else "")
    projects = [need(i, industries=[code]) for i, code in enumerate(ADMITTED[rule], start=1)]
    reverse = rank_projects([park], projects, TAXONOMY, today=TODAY, include_infeasible=True)
    allowed_ids = {i for i, ok in enumerate(ADMITTED[rule].values(), start=1) if ok}
    assert {m.project_id for m in reverse} == allowed_ids


def test_listed_admits_codes_under_the_sites_group():
    park = offer(1, industries=["C358"], admission="listed")
    index = OfferIndex(TAXONOMY).fit([park])
    assert [m.offer_id for m in index.rank(need(industries=["C3581"]), today=TODAY)] == [1]
    assert index.rank(need(industries=["C35"]), today=TODAY) == []  # above the site's code is not under it


def test_a_project_without_codes_is_judged_by_the_industry_its_text_names():
    park = offer(1, admission="listed")
    index = OfferIndex(TAXONOMY).fit([park])
    eyewear = need(industries=[], name="瓯海明视光学", description="高端眼镜架与镜片研发生产")
    shoes = need(industries=[], name="鹿城步步鞋业", description="女式皮鞋设计与制造")
    vague = need(industries=[], name="温州某某科技", description="新一代智能产品")
    assert index.admission_code(eyewear) == "C3587" and index.admission_code(shoes) == "C1952"
    assert [m.offer_id for m in index.rank(eyewear, today=TODAY)] == [1]
    assert index.rank(shoes, today=TODAY, include_infeasible=True) == []
    (kept,) = index.rank(vague, today=TODAY)
    assert kept.feasible and "产业准入待确认" in kept.reasons[0]
    assert not any("待确认" in r for r in index.rank(eyewear, today=TODAY)[0].reasons)


def test_near_misses_come_in_order_of_nearness_and_name_what_they_lack():
    big = need(area_min=5000, area_max=None)
    offers = [
        offer(1, site_name="鹿城办公楼", space_type="plant", available_area=340, min_area=None, rent=15),
        offer(2, site_name="瓯海标准厂房", available_area=4800, min_area=None, rent=25),
        offer(3, site_name="瓯海小厂房", available_area=2000, min_area=None, rent=20),
        offer(4, site_name="瓯海研发楼", space_type="lab", available_area=340, min_area=None, rent=15),
    ]
    ranked = OfferIndex(TAXONOMY).fit(offers).rank(big, today=TODAY, include_infeasible=True)
    assert [m.offer_id for m in ranked] == [2, 3, 1, 4]
    first, _, small, _ = ranked
    assert first.lacks == ("面积差 200㎡",) and small.lacks == ("面积差 4,660㎡",)
    # An offer short of the area cannot have a high space factor, and the nearer one fits better.
    assert small.factors["space"] < 0.1 < first.factors["space"] <= 0.5


def test_near_misses_weigh_relative_shortfalls_across_attributes():
    project = need(area_min=3000, area_max=None, power_kva=1000, clear_height=8)
    offers = [
        offer(1, available_area=8000, power_kva=300, clear_height=9),   # 70 % short of power
        offer(2, available_area=8000, power_kva=900, clear_height=9),   # 10 % short of power
        offer(3, available_area=2900, power_kva=1200, clear_height=7.5),  # two constraints failed
    ]
    ranked = OfferIndex(TAXONOMY).fit(offers).rank(project, today=TODAY, include_infeasible=True)
    assert [m.offer_id for m in ranked] == [2, 1, 3]
    assert ranked[0].lacks == ("供电差 100kVA",)
    assert ranked[2].lacks == ("面积差 100㎡", "净高差 0.5m")


def test_the_near_miss_shortcut_orders_exactly_as_a_full_sort():
    import numpy as np

    from benchmarks.ranking import synthetic_offers, synthetic_project
    from matching.constraints import shortfalls

    index = OfferIndex(TAXONOMY).fit(synthetic_offers(3000, seed=4))
    for seed in range(8):
        project = synthetic_project(seed)
        factors = index.score_all(project, today=TODAY)
        n_failed = factors["failures"].sum(axis=0)
        near = np.flatnonzero(n_failed > 0)
        key = (near, -factors["score"][near], shortfalls(project, index.columns_)[near], n_failed[near])
        for limit in (1, 5, 40):
            expected = near[np.lexsort(key)[:limit]].tolist()
            got = [m.offer_id for m in index.rank(project, today=TODAY, limit=limit, include_infeasible=True)
                   if not m.feasible]
            assert got == index.columns_.ids[expected].tolist(), (seed, limit)
