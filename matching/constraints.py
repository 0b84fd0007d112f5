"""Hard constraints: can this offer host this project at all?

An offer that fails any of these is left out of a ranking (or listed last, with the Chinese
``violations`` below, when the caller asks for infeasible offers too):

=================  ==============================================================
``space_type``     the space type must be the one the project needs
``area_short``     the offer must deliver at least ``area_min`` (a custom plant:
                   its ``max_area``, when stated, must reach it too)
``unit_too_large`` the smallest unit it lets (a custom plant: the smallest it
                   builds) must not exceed what the project takes at most
                   (``area_max``, or ``area_min`` when only one figure is given)
``clean_room``     a clean room needed → the offer has one
``hazardous``      hazardous processes → the offer allows them
``power_kva``      the offer's power capacity covers the need
``floor_load``     the offer's floor load covers the need
``clear_height``   the offer's clear height covers the need
``rent``           the rent is at most the project's ``max_rent``
``admission``      the site's industry admission rule takes the project's industry
                   (computed by :class:`~matching.ranking.OfferIndex`, which knows
                   the industries; see :mod:`matching.admission`)
=================  ==============================================================

How near an infeasible offer comes (for near-miss lists) is :func:`shortfalls`: the relative
shortfall on area, power, clear height, floor load and rent, each capped at 1, summed.

**Unknown means "to be confirmed", never a violation.** When the project states a power,
floor-load, clear-height or rent limit and the offer does not state the attribute, the offer
stays feasible; staff would say "待确认" and call the park. The uncertainty costs fit instead:
:mod:`matching.scoring` discounts the space fit for each such attribute (and for a custom plant
with no stated lead time), and the reasons say what is to be confirmed. One rule for all
numeric attributes, so an offer never gains by leaving a field empty. Clean room and hazardous
permission are yes/no fields: ``False`` means no.

:func:`failures` checks all offers at once (numpy); :func:`violations` and :func:`unconfirmed`
check one offer and say it in Chinese, for the few offers a ranking returns.

Examples
--------
>>> from datetime import date
>>> from matching.types import OfferRecord, ProjectNeed
>>> need = ProjectNeed(
...     id=1, name="", description="", industries=("C3823",), space_type="plant",
...     area_min=3000, area_max=5000, needed_by=None, power_kva=630, floor_load=None,
...     clear_height=None, clean_room=True, hazardous=False, max_rent=None,
...     home_district=None, preferred_districts=())
>>> offer = OfferRecord(
...     id=7, site_id=1, site_name="", site_kind="park", district="330382", industries=(),
...     description="", space_type="plant", available_area=8000, min_area=1000, max_area=None,
...     rent=None, available_from=None, floor_load=None, clear_height=None, power_kva=400,
...     clean_room=False, hazardous_allowed=False, lead_time_days=None)
>>> violations(need, offer)
('需洁净室，该空间无洁净室', '需 630kVA 供电，该空间仅 400kVA')
"""

from __future__ import annotations

import math

import numpy as np

from .columns import OfferColumns
from .types import SPACE_TYPES, OfferRecord, ProjectNeed
from .wording import SPACE_TYPE_NOUNS, format_area, format_number

__all__ = ["ADMISSION", "CONSTRAINTS", "failures", "lacks", "shortfalls", "unconfirmed", "unconfirmed_count",
           "violations"]

CONSTRAINTS = (
    "space_type",
    "area_short",
    "unit_too_large",
    "clean_room",
    "hazardous",
    "power_kva",
    "floor_load",
    "clear_height",
    "rent",
    "admission",
)
ADMISSION = CONSTRAINTS.index("admission")
# (project attribute, offer attribute, Chinese label, unit) of the "at least" requirements.
_MINIMUMS = (
    ("power_kva", "power_kva", "供电", "kVA"),
    ("floor_load", "floor_load", "楼面荷载", "kN/㎡"),
    ("clear_height", "clear_height", "净高", "m"),
)
_UNCONFIRMED_LABELS = {
    "power_kva": "供电容量",
    "floor_load": "楼面荷载",
    "clear_height": "净高",
    "rent": "租金",
    "lead_time_days": "建设周期",
}


def failures(project: ProjectNeed, cols: OfferColumns) -> np.ndarray:
    """Which offers fail which constraint: bool array of shape ``(len(CONSTRAINTS), n_offers)``.

    NaN (an attribute the offer does not state) compares false, so it never fails.
    """
    n = len(cols)
    out = np.zeros((len(CONSTRAINTS), n), dtype=bool)
    np.not_equal(cols.space_type, SPACE_TYPES.index(project.space_type), out=out[0])
    np.less(cols.hi, project.area_min, out=out[1])
    np.greater(cols.lo, project.area_upper, out=out[2])
    if project.clean_room:
        np.logical_not(cols.clean_room, out=out[3])
    if project.hazardous:
        np.logical_not(cols.hazardous_allowed, out=out[4])
    for row, (need_attr, offer_attr, _, _) in enumerate(_MINIMUMS, start=5):
        need = getattr(project, need_attr)
        if need is not None:
            with np.errstate(invalid="ignore"):
                np.less(getattr(cols, offer_attr), need, out=out[row])
    if project.max_rent is not None:
        with np.errstate(invalid="ignore"):
            np.greater(cols.rent, project.max_rent, out=out[8])
    return out


def _relative(gap: np.ndarray, scale: float) -> np.ndarray:
    with np.errstate(invalid="ignore", divide="ignore"):
        out = np.clip(gap / scale, 0.0, 1.0) if scale > 0 else (gap > 0).astype(np.float64)
    return np.nan_to_num(out, nan=0.0)


def shortfalls(project: ProjectNeed, cols: OfferColumns) -> np.ndarray:
    """How far each offer falls short of the need, summed over area, power, height, load and rent.

    Each part is relative to the need and capped at 1 (an offer of 4,800 ㎡ for 5,000 ㎡ is
    0.04 short, one of 340 ㎡ 0.93); an unstated attribute is not short (see the module notes).
    """
    out = _relative(project.area_min - cols.hi, project.area_min)
    out += _relative(cols.lo - project.area_upper, project.area_upper)
    for need_attr, offer_attr, _, _ in _MINIMUMS:
        need = getattr(project, need_attr)
        if need is not None:
            out += _relative(need - getattr(cols, offer_attr), need)
    if project.max_rent is not None:
        out += _relative(cols.rent - project.max_rent, project.max_rent)
    return out


def _thousands(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 100 else format_number(value)


def lacks(project: ProjectNeed, offer: OfferRecord) -> tuple[str, ...]:
    """What ``offer`` lacks for ``project``, tersely (``"面积差 4,660㎡"``), biggest gaps first in a fixed order."""
    out: list[str] = []
    hi = offer.available_area
    if offer.site_kind == "custom_plant" and offer.max_area is not None:
        hi = min(hi, offer.max_area)
    if offer.space_type != project.space_type:
        out.append(f"类型不符（{SPACE_TYPE_NOUNS[offer.space_type]}）")
    if hi < project.area_min:
        out.append(f"面积差 {_thousands(project.area_min - hi)}㎡")
    if offer.min_area is not None and offer.min_area > project.area_upper:
        out.append(f"最小单元超出 {_thousands(offer.min_area - project.area_upper)}㎡")
    if project.clean_room and not offer.clean_room:
        out.append("无洁净室")
    if project.hazardous and not offer.hazardous_allowed:
        out.append("不允许危化生产")
    for need_attr, offer_attr, label, unit in _MINIMUMS:
        need, have = getattr(project, need_attr), getattr(offer, offer_attr)
        if need is not None and not _missing(have) and have < need:
            out.append(f"{label}差 {_thousands(need - have)}{unit}")
    if project.max_rent is not None and not _missing(offer.rent) and offer.rent > project.max_rent:
        out.append(f"租金高 {format_number(offer.rent - project.max_rent)} 元/㎡/月")
    return tuple(out)


def unconfirmed_count(project: ProjectNeed, cols: OfferColumns) -> np.ndarray:
    """How many attributes the project depends on each offer leaves unstated (int array)."""
    count = np.zeros(len(cols), dtype=np.int64)
    for need_attr, offer_attr, _, _ in _MINIMUMS:
        if getattr(project, need_attr) is not None:
            count += np.isnan(getattr(cols, offer_attr))
    if project.max_rent is not None:
        count += np.isnan(cols.rent)
    # A plant built to order with no stated lead time: nobody knows when it will be ready.
    count += cols.custom & np.isnan(cols.lead_time_days)
    return count


def _missing(value: float | None) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def violations(project: ProjectNeed, offer: OfferRecord) -> tuple[str, ...]:
    """The constraints ``offer`` fails for ``project``, in Chinese; empty when it can host it."""
    out: list[str] = []
    custom = offer.site_kind == "custom_plant"
    land = project.space_type == "land"
    if offer.space_type != project.space_type:
        out.append(
            f"需{SPACE_TYPE_NOUNS[project.space_type]}，该空间为{SPACE_TYPE_NOUNS[offer.space_type]}"
        )
    hi = offer.available_area
    if custom and offer.max_area is not None:
        hi = min(hi, offer.max_area)
    if hi < project.area_min:
        where = "该定制厂房最大可建" if custom else "该空间仅可用"
        out.append(f"需 {format_area(project.area_min, None, land=land)} 以上，{where} {format_area(hi, None, land=land)}")
    if offer.min_area is not None and offer.min_area > project.area_upper:
        what = "定制厂房起建面积" if custom else "最小分割单元"
        out.append(
            f"{what} {format_area(offer.min_area, None, land=land)}，"
            f"超出需求上限 {format_area(project.area_upper, None, land=land)}"
        )
    if project.clean_room and not offer.clean_room:
        out.append("需洁净室，该空间无洁净室")
    if project.hazardous and not offer.hazardous_allowed:
        out.append("需危化工艺，该空间不允许危化生产")
    for need_attr, offer_attr, label, unit in _MINIMUMS:
        need, have = getattr(project, need_attr), getattr(offer, offer_attr)
        if need is not None and not _missing(have) and have < need:
            if need_attr == "power_kva":
                out.append(f"需 {format_number(need)}{unit} 供电，该空间仅 {format_number(have)}{unit}")
            else:
                out.append(f"需{label} {format_number(need)}{unit}，该空间仅 {format_number(have)}{unit}")
    if project.max_rent is not None and not _missing(offer.rent) and offer.rent > project.max_rent:
        out.append(
            f"租金 {format_number(offer.rent)} 元/㎡/月，超出上限 {format_number(project.max_rent)}"
        )
    return tuple(out)


def unconfirmed(project: ProjectNeed, offer: OfferRecord) -> tuple[str, ...]:
    """The attributes the project depends on that ``offer`` leaves unstated, as Chinese labels."""
    out = [
        _UNCONFIRMED_LABELS[offer_attr]
        for need_attr, offer_attr, _, _ in _MINIMUMS
        if getattr(project, need_attr) is not None and _missing(getattr(offer, offer_attr))
    ]
    if project.max_rent is not None and _missing(offer.rent):
        out.append(_UNCONFIRMED_LABELS["rent"])
    if offer.site_kind == "custom_plant" and offer.lead_time_days is None:
        out.append(_UNCONFIRMED_LABELS["lead_time_days"])
    return tuple(out)
