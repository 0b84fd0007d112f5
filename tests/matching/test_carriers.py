"""The carrier matching engine on plain records: the hard filter, each factor, the reasons, the reverse."""

import pytest

from matching.carriers import (
    CarrierIndex,
    CarrierRecord,
    CarrierWeights,
    TeamNeed,
    next_stage,
    rank_teams,
    team_need,
)
from matching.types import Taxonomy

TAXONOMY = Taxonomy(
    {"C3823": "配电开关控制设备制造", "C38": "电气机械和器材制造业", "C3587": "眼镜制造", "I65": "软件和信息技术服务业"},
    {"330302": "鹿城区", "330382": "乐清市", "330304": "瓯海区"},
)


def carrier(id, *, industries=("C3823",), stages=("incubation",), district="330302", level="provincial",
            demonstration=False, office=500.0, **kw):
    return CarrierRecord(id=id, name=f"载体{id}", kind=kw.pop("kind", "incubator"), district=district,
                         industries=industries, level=level, demonstration=demonstration, stages=stages,
                         vacant_area={"office": office} if office else {}, **kw)


def need(**kw):
    base = {"id": 1, "name": "团队", "industries": ("C3823",), "stage": "incubation", "space_type": "office",
            "area": 100.0, "desks": 0, "home_district": "330302"}
    return TeamNeed(**{**base, **kw})


def ranked(carriers, team, **kw):
    return CarrierIndex(TAXONOMY).fit(carriers).rank(team, **kw)


def test_only_carriers_hosting_the_stage_with_room_are_listed():
    carriers = [carrier(1), carrier(2, stages=("acceleration",)), carrier(3, office=60.0), carrier(4, office=None)]
    assert [m.carrier_id for m in ranked(carriers, need())] == [1]


def test_infeasible_ones_follow_on_request_with_why_and_how_far():
    carriers = [carrier(1), carrier(2, stages=("acceleration",)), carrier(3, office=60.0), carrier(4, office=None)]
    found = ranked(carriers, need(), include_infeasible=True)
    assert [m.carrier_id for m in found] == [1, 3, 4, 2] and [m.feasible for m in found] == [True, False, False, False]
    by_id = {m.carrier_id: m for m in found}
    assert by_id[3].violations == ("办公室空余 60㎡，不足所需 100㎡",) and by_id[3].lacks == ("办公室差 40㎡",)
    assert by_id[4].violations == ("没有空余的办公室",)
    assert by_id[2].violations == ("不承接孵化阶段的项目",) and by_id[2].lacks == ()


def test_the_current_carrier_is_never_proposed():
    carriers = [carrier(1), carrier(2)]
    assert [m.carrier_id for m in ranked(carriers, need(current_carrier_id=1), include_infeasible=True)] == [2]


def test_room_is_one_space_not_the_sum():
    # Two offices with 60 ㎡ free each do not take a team that needs 100 ㎡: the record holds the emptiest one.
    assert ranked([carrier(1, office=60.0)], need()) == []


def test_industry_fit_orders_same_code_then_division_then_unrelated():
    carriers = [carrier(1, industries=("C3587",)), carrier(2, industries=("C3824",)), carrier(3)]
    found = ranked(carriers, need())
    assert [m.carrier_id for m in found] == [3, 2, 1]
    assert found[0].reasons[0] == "主攻产业一致：配电开关控制设备制造"
    assert found[0].factors["industry"] == 1.0 > found[1].factors["industry"] > found[2].factors["industry"]


def test_a_general_carrier_or_a_team_without_codes_is_neutral():
    found = ranked([carrier(1, industries=())], need())
    assert found[0].factors["industry"] == 0.5 and found[0].reasons[0] == "综合性载体，不限主攻产业"
    found = ranked([carrier(1)], need(industries=()))
    assert found[0].factors["industry"] == 0.5 and "中性" in found[0].reasons[0]


def test_more_room_scores_higher_up_to_twice_the_need():
    found = {m.carrier_id: m.factors["space"] for m in ranked(
        [carrier(1, office=100.0), carrier(2, office=150.0), carrier(3, office=200.0), carrier(4, office=900.0)], need())}
    assert found == {1: 0.5, 2: 0.75, 3: 1.0, 4: 1.0}


def test_level_and_demonstration():
    carriers = [carrier(1, level="municipal"), carrier(2, level="national", demonstration=True)]
    found = ranked(carriers, need())
    assert [m.carrier_id for m in found] == [2, 1]
    assert found[0].factors["level"] == 1.0 and found[0].reasons[2] == "国家级载体，示范载体"


def test_locality_home_then_preferred_then_elsewhere():
    carriers = [carrier(1, district="330304"), carrier(2, district="330382"), carrier(3, district="330302")]
    found = ranked(carriers, need(preferred_districts=("330382",)))
    assert [m.carrier_id for m in found] == [3, 2, 1]
    assert [m.reasons[3] for m in found] == ["同区县接续：鹿城区", "位于第1意向区县：乐清市", "跨区县接续：瓯海区，仍在温州"]


def test_desks_counted_or_taken_from_the_area_of_an_open_floor():
    nursery = need(stage="nursery", space_type="desk", area=0.0, desks=5)
    carriers = [carrier(1, stages=("nursery",), office=None, vacant_desks=4),
                carrier(2, stages=("nursery",), office=None, vacant_desks=8),
                carrier(3, stages=("nursery",), office=None, uncounted_desk_area=36.0)]  # 6 desks of 6 ㎡
    found = ranked(carriers, nursery, include_infeasible=True)
    assert [(m.carrier_id, m.feasible) for m in found] == [(2, True), (3, True), (1, False)]
    assert found[0].reasons[1] == "空余工位 8 个，可容纳 5 人的工位需求"
    assert found[2].lacks == ("工位差 1 个",)


def test_weights_and_ties():
    carriers = [carrier(2), carrier(1)]
    assert [m.carrier_id for m in ranked(carriers, need())] == [1, 2]  # equal scores: lower id first
    only_level = CarrierWeights(industry=0, space=0, level=1, locality=0)
    found = ranked([carrier(1, level="other"), carrier(2, level="national")], need(), weights=only_level)
    assert [m.carrier_id for m in found] == [2, 1] and found[0].score == pytest.approx(0.9)


def test_ten_thousand_carriers_rank_the_same_as_one_by_one():
    carriers = [carrier(i, district=("330302", "330382", "330304")[i % 3], office=float(50 + i % 200),
                        industries=(("C3823",), ("C3587",), (), ("I65", "C38"))[i % 4],
                        level=("national", "provincial", "municipal", "other")[i % 4], demonstration=i % 5 == 0)
                for i in range(1, 2001)]
    index = CarrierIndex(TAXONOMY).fit(carriers)
    team = need()
    fast = index.rank(team, limit=15)
    single = [CarrierIndex(TAXONOMY).fit([c]).rank(team) for c in carriers]
    slow = sorted((m for found in single for m in found), key=lambda m: (-m.score, m.carrier_id))[:15]
    assert [(m.carrier_id, round(m.score, 12)) for m in fast] == [(m.carrier_id, round(m.score, 12)) for m in slow]


def test_reverse_teams_for_a_carrier():
    accelerator = carrier(7, stages=("acceleration",), office=300.0, kind="accelerator")
    teams = [need(id=1, stage="acceleration", industries=("C3587",)), need(id=2, stage="acceleration"),
             need(id=3, stage="acceleration", area=400.0), need(id=4, stage="acceleration", current_carrier_id=7)]
    found = rank_teams(accelerator, teams, TAXONOMY, include_infeasible=True)
    assert [(m.team_id, m.feasible) for m in found] == [(2, True), (1, True), (3, False)]
    assert [m.team_id for m in rank_teams(accelerator, teams, TAXONOMY)] == [2, 1]


@pytest.mark.parametrize(("status", "stage", "expected"), [
    ("prospect", "nursery", "nursery"), ("prospect", "incubation", "incubation"), ("active", "nursery", "incubation"),
    ("active", "incubation", "acceleration"), ("active", "acceleration", "acceleration"),
    ("graduated", "industrialization", None), ("exited", "incubation", None),
])
def test_next_stage(status, stage, expected):
    assert next_stage(status, stage) == expected


def test_team_need_rule():
    assert team_need(id=1, name="", industries=(), stage="nursery", team_size=4).desks == 4
    assert team_need(id=1, name="", industries=(), stage="incubation", team_size=1).area == 20.0  # the smallest office
    stated = team_need(id=1, name="", industries=(), stage="incubation", team_size=4, space_need=("lab", 150.0))
    assert (stated.space_type, stated.area) == ("lab", 150.0)
    landing = team_need(id=1, name="", industries=(), stage="incubation", team_size=4, space_need=("plant", 3000.0))
    assert (landing.space_type, landing.area) == ("office", 40.0)  # a plant is for the landing search
    # Never less than what it occupies now.
    grown = team_need(id=1, name="", industries=(), stage="incubation", team_size=4, placement=("office", 90.0, 0))
    assert grown.area == 90.0
    desks = team_need(id=1, name="", industries=(), stage="nursery", team_size=2, placement=("desk", 0.0, 6))
    assert desks.desks == 6
