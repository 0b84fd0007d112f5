"""Soft fit: unit size, timing, rent, locality, the industry blend and the weighted score."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from benchmarks.quality import offer_from_dict, project_from_dict
from matching.columns import OfferColumns
from matching.constraints import unconfirmed_count
from matching.scoring import blend_industry, combine, locality_scores, size_fit, space_fit
from matching.types import Weights

TODAY = date(2026, 3, 1)


def project(**changes):
    base = {"id": 1, "name": "", "space_type": "plant", "area_min": 500.0, "area_max": 800.0}
    return project_from_dict({**base, **changes})


def columns(*changes):
    base = {"site_id": 1, "site_name": "", "site_kind": "park", "district": "330302", "space_type": "plant", "available_area": 1000.0}
    return OfferColumns.from_offers([offer_from_dict({**base, "id": i + 1, **c}) for i, c in enumerate(changes)])


def fit(need, cols, reference_rent=20.0):
    return space_fit(need, cols, today=TODAY, unconfirmed=unconfirmed_count(need, cols), reference_rent=reference_rent)


def test_size_fit_is_one_up_to_the_need_then_falls():
    assert size_fit(np.array([300.0, 800.0]), 800.0).tolist() == [1.0, 1.0]
    values = size_fit(np.array([900.0, 1600.0, 8000.0, 80000.0]), 800.0)
    assert np.all(np.diff(values) < 0) and values[0] < 1


def test_the_unit_is_the_need_in_a_divisible_offer_and_the_whole_space_otherwise():
    cols = columns(
        {"available_area": 40000.0, "min_area": 400.0},  # divisible below the need: takes 500
        {"available_area": 40000.0, "min_area": 700.0},  # smallest unit 700: within 500–800
        {"available_area": 40000.0},  # let whole
        {"site_kind": "custom_plant", "available_area": 40000.0, "min_area": 300.0, "max_area": 40000.0, "lead_time_days": 0},
    )
    size = fit(project(), cols).size
    assert size.tolist()[:2] == [1.0, 1.0]
    assert size[2] == pytest.approx((800 / 40000) ** 0.75)
    assert size[3] == 1.0


def test_timing_counts_lead_time_from_today_or_the_later_available_date():
    need = project(needed_by="2026-12-01")
    cols = columns(
        {},  # available now
        {"available_from": "2025-01-01"},  # in the past: now
        {"available_from": "2027-03-01"},  # 90 days late
        {"site_kind": "custom_plant", "min_area": 100.0, "max_area": 2000.0, "lead_time_days": 365},  # 2027-03-01
        {"site_kind": "custom_plant", "min_area": 100.0, "max_area": 2000.0, "available_from": "2026-06-01", "lead_time_days": 183},
    )
    result = fit(need, cols)
    assert [date.fromordinal(int(d)) for d in result.ready] == [
        TODAY, TODAY, date(2027, 3, 1), date(2027, 3, 1), date(2026, 12, 1)
    ]  # fmt: skip
    assert result.timing.tolist() == pytest.approx([1, 1, 1 - 90 / 365, 1 - 90 / 365, 1])


def test_no_needed_by_means_within_half_a_year():
    cols = columns({}, {"available_from": "2026-08-28"}, {"available_from": "2027-08-28"})
    assert fit(project(), cols).timing.tolist() == pytest.approx([1.0, 1.0, 0.0])


def test_rent_is_a_small_bonus_for_cheapness():
    cols = columns({"rent": 0.0}, {"rent": 15.0}, {"rent": 30.0}, {})
    rent = fit(project(max_rent=30.0), cols).rent
    assert rent.tolist() == pytest.approx([1.0, 1 - 0.1 * 15 / 45, 0.95, 0.95])
    assert fit(project(), cols, reference_rent=15.0).rent[1] == pytest.approx(0.95)


def test_each_unconfirmed_attribute_costs_eight_percent():
    need = project(power_kva=400.0, floor_load=5.0, max_rent=30.0)
    cols = columns({"power_kva": 630.0, "floor_load": 8.0, "rent": 30.0}, {"rent": 30.0}, {})
    space = fit(need, cols).space
    assert space[1] == pytest.approx(space[0] * 0.92**2)
    assert space[2] == pytest.approx(space[0] * 0.92**3)


def test_locality_table():
    scores = locality_scores("330302", ("330303", "330304", "330305", "330381", "330382"),
                             ("330302", "330303", "330304", "330305", "330381", "330382", "330383"))  # fmt: skip
    assert scores.tolist() == [1.0, 0.8, 0.7, 0.6, 0.5, 0.5, 0.4]
    assert locality_scores(None, (), ("330302",)).tolist() == [0.4]
    assert locality_scores("330302", ("330302",), ("330302",)).tolist() == [1.0]


def test_industry_blend_lets_codes_dominate():
    code = np.array([1.0, 0.8, 0.0, 0.0])
    text = np.array([0.0, 1.0, 1.0, 0.5])
    assert blend_industry(code, text, has_codes=True).tolist() == pytest.approx([1.0, 0.9, 0.5, 0.25])
    assert blend_industry(np.zeros(2), np.array([1.0, 0.5]), has_codes=False).tolist() == pytest.approx([0.85, 0.425])


def test_combine_normalises_the_weights():
    score = combine(np.array([1.0]), np.array([0.5]), np.array([0.0]), Weights(2, 2, 0))
    assert score.tolist() == [0.75]
