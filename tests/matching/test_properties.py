"""Properties of the ranking that must hold for any project and offers (hypothesis)."""

from __future__ import annotations

import dataclasses
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarks.ranking import default_taxonomy
from matching import OfferIndex, OfferRecord, ProjectNeed, Weights
from matching.constraints import violations

TODAY = date(2026, 3, 1)
TAXONOMY = default_taxonomy()
CODES = ("C3823", "C3824", "C3831", "C382", "C38", "C3670", "C3841", "C3587", "C1952", "C2319", "I6513", "I65")
UNRELATED = "A01"  # 农业: no shared level and no chain link with any of CODES
DISTRICTS = ("330302", "330303", "330381", "330382")
TEXTS = ("", "智能配电开关", "动力电池模组", "功能性眼镜片", "皮鞋与鞋材", "工业软件开发", "包装印刷")
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

areas = st.integers(50, 60_000).map(float)
maybe = st.none().__or__
dates = st.dates(min_value=date(2025, 6, 1), max_value=date(2028, 6, 1))


@st.composite
def projects(draw) -> ProjectNeed:
    area_min = draw(areas)
    return ProjectNeed(
        id=draw(st.integers(1, 1000)),
        name=draw(st.sampled_from(TEXTS)),
        description=draw(st.sampled_from(TEXTS)),
        industries=tuple(draw(st.lists(st.sampled_from(CODES), max_size=3, unique=True))),
        space_type=draw(st.sampled_from(("plant", "lab", "land"))),
        area_min=area_min,
        area_max=draw(maybe(st.integers(0, 40_000).map(lambda extra: area_min + extra))),
        needed_by=draw(maybe(dates)),
        power_kva=draw(maybe(st.sampled_from((250.0, 400.0, 630.0, 1250.0)))),
        floor_load=draw(maybe(st.sampled_from((3.5, 5.0, 8.0)))),
        clear_height=draw(maybe(st.sampled_from((4.5, 6.0, 9.0)))),
        clean_room=draw(st.booleans()),
        hazardous=draw(st.booleans()),
        max_rent=draw(maybe(st.integers(0, 60).map(float))),
        home_district=draw(maybe(st.sampled_from(DISTRICTS))),
        preferred_districts=tuple(draw(st.lists(st.sampled_from(DISTRICTS), max_size=2, unique=True))),
    )


@st.composite
def offers(draw, offer_id: int = 1, kind: str | None = None, divisible: bool | None = None) -> OfferRecord:
    kind = kind or draw(st.sampled_from(("district", "park", "custom_plant")))
    available = draw(areas)
    min_area = max_area = lead = None
    if kind == "custom_plant":
        min_area = draw(st.integers(1, int(available)).map(float))
        max_area = draw(st.integers(int(min_area), 80_000).map(float))
        lead = draw(maybe(st.integers(0, 720)))
    elif divisible or (divisible is None and draw(st.booleans())):
        min_area = draw(st.integers(1, int(available)).map(float))
    site = draw(st.integers(1, 3))
    return OfferRecord(
        id=offer_id,
        site_id=site,
        site_name=f"园区{site}",
        site_kind=kind,
        district=draw(st.sampled_from(DISTRICTS)),
        industries=tuple(draw(st.lists(st.sampled_from(CODES), max_size=2, unique=True))),
        description=draw(st.sampled_from(TEXTS)),
        space_type=draw(st.sampled_from(("plant", "lab", "land"))),
        available_area=available,
        min_area=min_area,
        max_area=max_area,
        rent=draw(maybe(st.integers(0, 60).map(float))),
        available_from=draw(maybe(dates)),
        floor_load=draw(maybe(st.sampled_from((3.5, 5.0, 8.0, 10.0)))),
        clear_height=draw(maybe(st.sampled_from((4.5, 6.0, 9.0, 12.0)))),
        power_kva=draw(maybe(st.sampled_from((250.0, 400.0, 630.0, 1250.0)))),
        clean_room=draw(st.booleans()),
        hazardous_allowed=draw(st.booleans()),
        lead_time_days=lead,
    )


@st.composite
def offer_lists(draw) -> list[OfferRecord]:
    n = draw(st.integers(1, 8))
    return [draw(offers(offer_id=i)) for i in draw(st.lists(st.integers(1, 500), min_size=n, max_size=n, unique=True))]


weights = (
    st.tuples(st.floats(0, 1), st.floats(0, 1), st.floats(0, 1))
    .filter(lambda w: sum(w) > 0.01)
    .map(lambda w: Weights(*w))
)


def rank(project, offer_list, **kwargs):
    return OfferIndex(TAXONOMY).fit(offer_list).rank(project, today=TODAY, limit=len(offer_list), **kwargs)


@SETTINGS
@given(projects(), offer_lists())
def test_an_infeasible_offer_is_never_returned_unless_asked(project, offer_list):
    returned = rank(project, offer_list)
    feasible = {o.id for o in offer_list if not violations(project, o)}
    assert {m.offer_id for m in returned} == feasible
    assert all(m.feasible and m.violations == () for m in returned)

    everything = rank(project, offer_list, include_infeasible=True)
    assert {m.offer_id for m in everything} == {o.id for o in offer_list}
    flags = [m.feasible for m in everything]
    assert flags == sorted(flags, reverse=True)  # the infeasible ones come last
    assert all(bool(m.violations) != m.feasible for m in everything)


@SETTINGS
@given(projects(), offer_lists(), weights)
def test_every_score_and_factor_is_in_the_unit_interval(project, offer_list, w):
    for match in rank(project, offer_list, include_infeasible=True, weights=w):
        assert 0.0 <= match.score <= 1.0
        assert {"industry", "space", "locality"} <= set(match.factors)
        assert all(0.0 <= value <= 1.0 for value in match.factors.values()), match.factors


@SETTINGS
@given(
    projects(),
    st.one_of(offers(kind="park", divisible=True), offers(kind="district", divisible=True), offers(kind="custom_plant")),
    st.integers(1, 50_000),
)
def test_more_available_area_never_lowers_the_space_fit_of_a_divisible_offer(project, offer, extra):
    bigger = dataclasses.replace(offer, id=offer.id + 1, available_area=offer.available_area + extra)
    index = OfferIndex(TAXONOMY).fit([offer, bigger])
    space = index.score_all(project, today=TODAY)["space"]
    assert space[1] >= space[0]


@SETTINGS
@given(projects().filter(lambda p: p.industries), offers())
def test_an_exact_industry_match_beats_an_unrelated_one_all_else_equal(project, offer):
    exact = dataclasses.replace(offer, id=1, industries=(project.industries[0],))
    unrelated = dataclasses.replace(offer, id=2, industries=(UNRELATED,))
    matches = rank(project, [unrelated, exact], include_infeasible=True)
    assert [m.offer_id for m in matches] == [1, 2]
    assert matches[0].score > matches[1].score


@SETTINGS
@given(projects().filter(lambda p: p.home_district is not None), offers(), st.sampled_from(DISTRICTS))
def test_the_own_district_beats_another_all_else_equal(project, offer, other):
    if other == project.home_district:
        other = next(d for d in DISTRICTS if d != project.home_district)
    home = dataclasses.replace(offer, id=2, district=project.home_district)
    away = dataclasses.replace(offer, id=1, district=other)
    matches = rank(project, [away, home], include_infeasible=True)
    assert [m.offer_id for m in matches] == [2, 1]
    assert matches[0].score > matches[1].score


@SETTINGS
@given(projects(), offer_lists())
def test_the_order_is_deterministic_and_ties_go_to_the_lower_id(project, offer_list):
    first = rank(project, offer_list, include_infeasible=True)
    again = rank(project, list(reversed(offer_list)), include_infeasible=True)
    assert [(m.offer_id, m.score) for m in first] == [(m.offer_id, m.score) for m in again]
    feasible = [m for m in first if m.feasible]
    assert feasible == sorted(feasible, key=lambda m: (-m.score, m.offer_id))
