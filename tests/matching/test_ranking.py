"""Ranking offers for a project and projects for a site: constraints, factors, reasons, order."""

from __future__ import annotations

import re
from datetime import date

import numpy as np
import pytest

from benchmarks.quality import offer_from_dict, project_from_dict
from benchmarks.ranking import default_taxonomy, naive_rank, naive_setup, synthetic_offers, synthetic_project
from matching import OfferIndex, Weights, rank_projects
from matching.constraints import violations
from matching.ranking import top_k
from matching.types import OfferRecord, ProjectNeed

TODAY = date(2026, 3, 1)
TAXONOMY = default_taxonomy()
YQ, LW, RA, TS = "330382", "330303", "330381", "330329"  # 乐清市 龙湾区 瑞安市 泰顺县
CJK = re.compile(r"[\u4e00-\u9fff]")


def need(**changes) -> ProjectNeed:
    base = {
        "id": 1,
        "name": "温州智配电气有限公司",
        "description": "智能低压配电开关与成套控制设备",
        "industries": ["C3823"],
        "space_type": "plant",
        "area_min": 3000,
        "area_max": 5000,
        "home_district": YQ,
    }
    return project_from_dict({**base, **changes})


def offer(id: int = 1, **changes) -> OfferRecord:
    base = {
        "id": id,
        "site_id": id,
        "site_name": f"乐清电气产业园{id}号",
        "site_kind": "park",
        "district": YQ,
        "industries": ["C3823"],
        "description": "低压电器产业集聚",
        "space_type": "plant",
        "available_area": 8000,
        "min_area": 1000,
        "rent": 20,
    }
    return offer_from_dict({**base, **changes})


def rank(project: ProjectNeed, offers: list[OfferRecord], **kwargs):
    return OfferIndex(TAXONOMY).fit(offers).rank(project, today=TODAY, **kwargs)


# --- hard constraints ------------------------------------------------------------------------

CUSTOM = {"site_kind": "custom_plant", "lead_time_days": 90}
CONSTRAINT_CASES = [
    ("space type", {}, {"space_type": "lab"}, "需厂房，该空间为研发用房"),
    ("too little area", {}, {"available_area": 2000, "min_area": None}, "需 3,000㎡ 以上，该空间仅可用 2,000㎡"),
    ("smallest unit too large", {}, {"min_area": 6000}, "最小分割单元 6,000㎡，超出需求上限 5,000㎡"),
    ("one figure: area_min is the upper", {"area_max": None}, {"min_area": 3500}, "最小分割单元 3,500㎡，超出需求上限 3,000㎡"),
    (
        "custom plant built too small",
        {},
        {**CUSTOM, "available_area": 20000, "min_area": 500, "max_area": 2500},
        "需 3,000㎡ 以上，该定制厂房最大可建 2,500㎡",
    ),
    (
        "custom plant built too large",
        {},
        {**CUSTOM, "available_area": 50000, "min_area": 10000, "max_area": 50000},
        "定制厂房起建面积 10,000㎡，超出需求上限 5,000㎡",
    ),
    ("clean room", {"clean_room": True}, {}, "需洁净室，该空间无洁净室"),
    ("hazardous", {"hazardous": True}, {}, "需危化工艺，该空间不允许危化生产"),
    ("power", {"power_kva": 630}, {"power_kva": 400}, "需 630kVA 供电，该空间仅 400kVA"),
    ("floor load", {"floor_load": 8}, {"floor_load": 5}, "需楼面荷载 8kN/㎡，该空间仅 5kN/㎡"),
    ("clear height", {"clear_height": 9}, {"clear_height": 6}, "需净高 9m，该空间仅 6m"),
    ("rent", {"max_rent": 18}, {"rent": 25}, "租金 25 元/㎡/月，超出上限 18"),
]


@pytest.mark.parametrize(
    ("need_changes", "offer_changes", "message"),
    [case[1:] for case in CONSTRAINT_CASES],
    ids=[case[0] for case in CONSTRAINT_CASES],
)
def test_each_hard_constraint_excludes_the_offer_or_reports_it(need_changes, offer_changes, message):
    project = need(**need_changes)
    bad, good = offer(1, **offer_changes), offer(2, clean_room=True, hazardous_allowed=True, rent=15)
    assert [m.offer_id for m in rank(project, [bad, good])] == [2]

    matches = rank(project, [bad, good], include_infeasible=True)
    assert [(m.offer_id, m.feasible) for m in matches] == [(2, True), (1, False)]
    assert matches[0].violations == ()
    assert matches[1].violations == (message,)
    assert violations(project, bad) == (message,)


@pytest.mark.parametrize(
    ("need_changes", "offer_changes"),
    [
        ({}, {"available_area": 3000, "min_area": None}),  # exactly area_min available
        ({}, {"min_area": 5000}),  # smallest unit exactly area_max
        ({"power_kva": 630}, {"power_kva": 630}),
        ({"max_rent": 20}, {"rent": 20}),
        ({}, {**CUSTOM, "available_area": 30000, "min_area": 5000, "max_area": 30000}),
        ({}, {**CUSTOM, "available_area": 30000, "min_area": 1000, "max_area": 3000}),
    ],
)
def test_meeting_a_limit_exactly_is_feasible(need_changes, offer_changes):
    assert [m.offer_id for m in rank(need(**need_changes), [offer(1, **offer_changes)])] == [1]


def test_an_unstated_attribute_is_to_be_confirmed_not_a_violation():
    project = need(power_kva=630, needed_by="2026-09-01")
    stated, unstated = offer(1, power_kva=1000), offer(2, power_kva=None)
    matches = {m.offer_id: m for m in rank(project, [stated, unstated])}
    assert matches[2].feasible and matches[2].violations == ()
    assert matches[2].factors["space"] < matches[1].factors["space"]
    assert matches[2].score < matches[1].score
    assert "供电容量待确认" in matches[2].reasons


def test_infeasible_offers_come_last_fewest_violations_first():
    project = need(clean_room=True, power_kva=630)
    offers = [
        offer(1, clean_room=False, power_kva=400),  # two violations
        offer(2, clean_room=True, power_kva=400),  # one
        offer(3, clean_room=True, power_kva=1000),  # feasible
    ]
    matches = rank(project, offers, include_infeasible=True)
    assert [(m.offer_id, len(m.violations)) for m in matches] == [(3, 0), (2, 1), (1, 2)]


# --- factors ---------------------------------------------------------------------------------


def test_locality_own_district_then_preferred_in_order_then_elsewhere():
    project = need(preferred_districts=[LW, RA])
    offers = [offer(1, district=TS), offer(2, district=RA), offer(3, district=LW), offer(4, district=YQ)]
    matches = rank(project, offers)
    assert [m.offer_id for m in matches] == [4, 3, 2, 1]
    assert [m.factors["locality"] for m in matches] == [1.0, 0.8, 0.7, 0.4]


def test_exact_industry_beats_a_chain_neighbour_beats_an_unrelated_site():
    offers = [offer(1, industries=["C1952"]), offer(2, industries=["C3831"]), offer(3)]
    matches = rank(need(), offers)
    assert [m.offer_id for m in matches] == [3, 2, 1]
    assert matches[0].reasons[0] == "主导产业一致：配电开关控制设备制造"
    assert matches[1].reasons[0].startswith("产业链上下游：")


def test_a_project_with_only_a_description_finds_its_industry():
    project = need(industries=[], name="温州锂动新能源有限公司", description="新能源汽车动力电池模组与电池包")
    offers = [
        offer(1, industries=["C3823"], site_name="乐清电气产业园", description="低压电器产业集聚"),
        offer(2, industries=["C3841"], site_name="海经区锂电产业园", description="锂电池电芯与电池包", district=TS),
        offer(3, industries=["C1952"], site_name="瑞安鞋业园", description="皮鞋与鞋材", district=RA),
    ]
    matches = rank(project, offers)
    assert matches[0].offer_id == 2
    assert matches[0].factors["industry"] > 0.5
    assert matches[0].reasons[0] == "项目简介与该地主导产业相近：锂离子电池制造"


def test_a_unit_close_to_the_need_beats_a_hall_let_whole():
    project = need(area_min=500, area_max=None)
    offers = [
        offer(1, available_area=40000, min_area=None),  # let whole
        offer(2, available_area=600, min_area=None),
        offer(3, available_area=40000, min_area=40000),  # undivisible: infeasible
        offer(4, available_area=20000, min_area=500),  # divisible to the need
    ]
    matches = rank(project, offers)
    assert [m.offer_id for m in matches] == [4, 2, 1]
    assert [round(m.factors["size"], 2) for m in matches] == [1.0, 0.87, 0.04]
    assert matches[2].reasons[1] == "厂房 40,000㎡，需整体承租，大于 500㎡ 需求"


def test_late_availability_lowers_space_fit_in_proportion_to_the_delay():
    project = need(needed_by="2026-07-01")
    offers = [
        offer(1, available_from="2026-03-01"),
        offer(2, available_from="2026-10-01"),  # 92 days late
        offer(3, available_from="2027-07-01"),  # a year late
        offer(4, site_kind="custom_plant", min_area=3000, max_area=20000, lead_time_days=300),  # 178 days late
    ]
    by_id = {m.offer_id: m for m in rank(project, offers)}
    assert by_id[1].factors["timing"] == 1.0
    assert by_id[2].factors["timing"] == pytest.approx(1 - 92 / 365)
    assert by_id[3].factors["timing"] == 0.0
    assert 0 < by_id[4].factors["timing"] < by_id[2].factors["timing"]
    assert [m.offer_id for m in rank(project, offers)][0] == 1
    assert by_id[2].reasons[3] == "预计 2026-10 可交付，晚于 2026-07 的需求日期"


def test_cheaper_rent_is_a_little_better():
    matches = rank(need(max_rent=30), [offer(1, rent=28), offer(2, rent=12)])
    assert [m.offer_id for m in matches] == [2, 1]
    assert 0.9 <= matches[1].factors["rent"] < matches[0].factors["rent"] <= 1.0


def test_weights_change_the_order():
    offers = [offer(1, district=TS), offer(2, industries=["C1952"])]
    assert [m.offer_id for m in rank(need(), offers)] == [1, 2]
    local = rank(need(), offers, weights=Weights(industry=0, space=0, locality=1))
    assert [m.offer_id for m in local] == [2, 1]
    assert local[0].score == 1.0


def test_weights_are_validated():
    with pytest.raises(ValueError):
        Weights(industry=-1)
    with pytest.raises(ValueError):
        Weights(0, 0, 0)


# --- order, limits, filters ------------------------------------------------------------------


def test_ties_are_broken_by_offer_id():
    offers = [offer(i, site_id=1, site_name="乐清电气产业园") for i in (5, 3, 9, 7)]
    assert [m.offer_id for m in rank(need(), offers)] == [3, 5, 7, 9]
    assert [m.offer_id for m in rank(need(), offers, limit=2)] == [3, 5]
    assert rank(need(), offers, limit=0) == []


def test_top_k_is_exact_when_ties_straddle_the_cut():
    key = np.array([0.5, 0.9, 0.5, 0.5, 0.7, 0.5])
    assert top_k(key, np.arange(6), 3).tolist() == [1, 4, 0]
    assert top_k(key, np.array([2, 3, 5]), 2).tolist() == [2, 3]


def test_filters_by_kind_and_district():
    offers = [
        offer(1),
        offer(2, district=LW),
        offer(3, site_kind="custom_plant", min_area=3000, max_area=10000, lead_time_days=200),
    ]
    assert [m.offer_id for m in rank(need(), offers, kind="custom_plant")] == [3]
    assert [m.offer_id for m in rank(need(), offers, district=LW)] == [2]
    assert [m.offer_id for m in rank(need(), offers, district="龙湾区")] == [2]
    assert rank(need(), offers, district="330999") == []
    with pytest.raises(ValueError):
        rank(need(), offers, kind="factory")


def test_an_index_without_offers_ranks_nothing():
    index = OfferIndex(TAXONOMY).fit([])
    assert index.rank(need(), today=TODAY, include_infeasible=True) == []


def test_fit_returns_self_and_rejects_duplicate_ids():
    index = OfferIndex(TAXONOMY)
    assert index.fit([offer(1)]) is index
    assert len(index.columns_) == 1 and index.text_.matrix_.shape[0] == 1
    with pytest.raises(ValueError):
        OfferIndex(TAXONOMY).fit([offer(1), offer(1)])


# --- reasons ---------------------------------------------------------------------------------


def test_reasons_are_two_to_four_short_chinese_sentences():
    offers = synthetic_offers(800, seed=4)
    index = OfferIndex(TAXONOMY).fit(offers)
    seen = 0
    for seed in range(25):
        for match in index.rank(synthetic_project(seed), today=TODAY, include_infeasible=True):
            assert 2 <= len(match.reasons) <= 4
            for sentence in (*match.reasons, *match.violations):
                assert CJK.search(sentence), sentence
                assert len(sentence) <= 50, sentence
            seen += 1
    assert seen > 100


def test_reasons_name_the_place_and_the_date():
    project = need(needed_by="2026-09-01", preferred_districts=[LW])
    matches = rank(project, [offer(1), offer(2, district=LW, available_from="2026-05-01"), offer(3, district=TS)])
    assert [m.reasons[2] for m in matches] == [
        "同区县就地产业化：乐清市",
        "位于第1意向区县：龙湾区",
        "跨区县落地泰顺县，项目仍留在温州",
    ]
    assert matches[0].reasons[1] == "可用厂房 8,000㎡（最小分割 1,000㎡），满足 3,000–5,000㎡ 需求"
    assert matches[0].reasons[3] == "现可入驻，满足 2026-09 的需求日期"
    assert matches[1].reasons[3] == "2026-05 可交付，满足 2026-09 的需求日期"


# --- the vectorised engine agrees with the per-pair reference --------------------------------


def test_vectorised_scores_equal_the_naive_per_pair_loop():
    offers = synthetic_offers(1500, seed=7)
    index = OfferIndex(TAXONOMY).fit(offers)
    reference = naive_setup(offers, TAXONOMY)
    for seed in range(15):
        project = synthetic_project(seed)
        fast = [(m.offer_id, m.score) for m in index.rank(project, today=TODAY, limit=20)]
        slow = naive_rank(project, offers, today=TODAY, limit=20, **reference)
        assert [i for i, _ in fast] == [i for i, _ in slow]
        assert np.allclose([s for _, s in fast], [s for _, s in slow], atol=1e-6)


# --- the reverse search ----------------------------------------------------------------------


def test_rank_projects_gives_each_project_its_best_offer_of_the_site():
    site = [
        offer(10, site_id=5, available_area=3000, min_area=None),
        offer(11, site_id=5, available_area=20000, min_area=2000, clean_room=True),
    ]
    projects = [
        need(id=1),  # 3000–5000: the divisible offer fits, the 3000 ㎡ one too
        need(id=2, industries=["C1952"], name="温州鞋业有限公司", description="皮鞋"),
        need(id=3, clean_room=True, area_min=8000, area_max=10000),
        need(id=4, space_type="office"),  # nothing fits
        need(id=5, area_min=30000, area_max=None),  # nothing big enough
    ]
    matches = rank_projects(site, projects, TAXONOMY, today=TODAY)
    assert [m.project_id for m in matches] == [1, 3, 2]
    assert all(m.site_id == 5 and m.feasible for m in matches)
    assert {m.project_id: m.offer_id for m in matches}[3] == 11
    assert matches == sorted(matches, key=lambda m: (-m.score, m.project_id))
    assert [m.project_id for m in rank_projects(site, projects, TAXONOMY, today=TODAY, limit=2)] == [1, 3]

    everything = rank_projects(site, projects, TAXONOMY, today=TODAY, include_infeasible=True)
    assert [m.project_id for m in everything[:3]] == [1, 3, 2]
    unhosted = {m.project_id: m for m in everything[3:]}
    assert set(unhosted) == {4, 5} and not any(m.feasible for m in unhosted.values())
    assert unhosted[4].violations == ("需办公用房，该空间为厂房",)
    assert len(unhosted[5].violations) == 1 and unhosted[5].violations[0].startswith("需 30,000㎡ 以上")


def test_reasons_tell_a_side_line_from_the_main_trade_and_compare_the_rent_honestly():
    project = need(industries=["C3983", "C3823"], max_rent=20)
    matches = rank(project, [offer(1, rent=20), offer(2, rent=25)], include_infeasible=True)
    assert matches[0].reasons[0] == "副营产业一致：配电开关控制设备制造"
    assert matches[0].reasons[3] == "租金 20 元/㎡/月，等于上限 20"
    assert matches[1].reasons[3] == "租金 25 元/㎡/月，超出上限 20"
    assert matches[1].violations == ("租金 25 元/㎡/月，超出上限 20",)


def test_match_for_one_offer_is_what_the_ranking_says_about_it():
    offers = [offer(1), offer(2, industries=("C1951",), district="330329"), offer(3, clean_room=False)]
    project = need(clean_room=True)
    index = OfferIndex(TAXONOMY).fit(offers)
    ranked = {m.offer_id: m for m in index.rank(project, today=TODAY, include_infeasible=True)}
    for offer_id, expected in ranked.items():
        assert index.match(project, offer_id, today=TODAY) == expected
    assert index.match(project, 999, today=TODAY) is None
