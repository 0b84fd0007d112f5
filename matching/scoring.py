"""Soft fit of an offer to a project: space, locality, the industry blend, and the total score.

Everything here works on all offers at once (numpy arrays from :class:`~matching.columns.OfferColumns`).

**Space fit** is the product of four parts, each in [0, 1]:

* *size* — how the area the project would have to take compares with what it wants. The
  unit it has to take is the offer's smallest unit (``min_area``) when that exceeds the
  project's ``area_min``, else ``area_min`` itself: a divisible offer lets the project take
  what it needs, so **more available area never lowers the fit of a divisible offer** (nor of
  a custom plant, which is built to size). Existing space with no stated smallest unit is
  taken as let whole: the unit is all of ``available_area``, and a 500 ㎡ project is better
  served by a 600 ㎡ unit than by a 40,000 ㎡ hall it would have to take (or carve, which the
  park has not offered). There, and only there, more area lowers the fit, on purpose: a park
  that lets its hall in parts says so with ``min_area``. Size is ``min(1, wanted / unit) ** 0.75``, ``wanted`` being
  ``area_max`` (or ``area_min``): 600 ㎡ for a 500 ㎡ need gives 0.87, twice the need 0.59,
  80 times 0.04.
  An offer smaller than the project's minimum (it fails the area constraint) cannot fit
  well: its size is at most ``AREA_SHORT_CAP`` times ``(area / area_min) ** 0.75``, so a
  340 ㎡ office for a 5,000 ㎡ need scores 0.07, not 1.
* *timing* — the offer is ready at ``max(today, available_from)``, plus ``lead_time_days``
  for a custom plant. Each day past ``needed_by`` costs ``1/365`` (a year late is 0). A project
  that gives no date is taken to need the space within ``DEFAULT_NEED_DAYS`` (graduates
  want to move soon): a ready plant beats one still to be built.
* *rent* — cheaper is a little better: ``1 - 0.1 * rent / (rent + reference)``, in [0.9, 1],
  where the reference is the project's ``max_rent``, or else the median rent of offers of the
  same space type. An unstated rent counts as the reference.
* *unconfirmed* — ``0.92`` for each attribute the project depends on that the offer leaves
  unstated (see :mod:`matching.constraints`).

**Locality**: the incubator's own district 1.0; preferred districts in order 0.8, 0.7, 0.6,
then 0.5; anywhere else in Wenzhou 0.4 — never 0, since every offer keeps the project in the city.

**Industry** blends the code fit (:mod:`matching.industry`) with the text fit
(:mod:`matching.text`): ``code + (1 - code) * alpha * text``, with ``alpha`` 0.5 when the
project gives codes and 0.85 when it gives none. An exact code is 1.0 whatever the text says,
the best non-exact code plus a perfect text stays below it (0.8 + 0.2 * 0.5 = 0.9), and a
project described only in words can still reach 0.85.

Examples
--------
>>> [round(float(x), 2) for x in size_fit(np.array([600.0, 1000.0, 40000.0]), 500.0)]
[0.87, 0.59, 0.04]
>>> locality_scores(home="330302", preferred=("330381", "330382"),
...                 districts=("330302", "330381", "330382", "330327")).tolist()
[1.0, 0.8, 0.7, 0.4]
>>> float(blend_industry(np.array([0.6]), np.array([1.0]), has_codes=True)[0])
0.8
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import NamedTuple

import numpy as np

from .columns import OfferColumns
from .types import SPACE_TYPES, ProjectNeed, Weights

__all__ = [
    "AREA_SHORT_CAP",
    "DEFAULT_NEED_DAYS",
    "ELSEWHERE",
    "HOME",
    "LATE_HORIZON_DAYS",
    "PREFERRED",
    "RENT_SPREAD",
    "SIZE_EXPONENT",
    "TEXT_ALPHA_NO_CODES",
    "TEXT_ALPHA_WITH_CODES",
    "UNCONFIRMED",
    "SpaceFit",
    "blend_industry",
    "combine",
    "locality_scores",
    "reference_rents",
    "size_fit",
    "space_fit",
]

AREA_SHORT_CAP = 0.5
SIZE_EXPONENT = 0.75  # size_fit computes this power with square roots: change both together
LATE_HORIZON_DAYS = 365.0
DEFAULT_NEED_DAYS = 180
RENT_SPREAD = 0.1
UNCONFIRMED = 0.92
HOME = 1.0
PREFERRED = (0.8, 0.7, 0.6, 0.5)
ELSEWHERE = 0.4
TEXT_ALPHA_WITH_CODES = 0.5
TEXT_ALPHA_NO_CODES = 0.85
# UNCONFIRMED ** n for every count a project can reach (a table lookup beats a power per offer).
_MAX_UNCONFIRMED = 8
_UNCONFIRMED_POWERS = UNCONFIRMED ** np.arange(_MAX_UNCONFIRMED + 1)


def size_fit(unit: np.ndarray, wanted: float) -> np.ndarray:
    """Fit of the unit the project must take against the most it wants: 1 up to ``wanted``, then falls."""
    unit = np.asarray(unit, dtype=np.float64)
    with np.errstate(divide="ignore"):  # a unit of 0 gives inf, which the minimum caps at 1
        ratio = np.minimum(wanted / unit, 1.0)
    # ratio ** SIZE_EXPONENT (0.75) as sqrt(r) * sqrt(sqrt(r)): two square roots cost a
    # fraction of a general power over 100,000 offers.
    root = np.sqrt(ratio)
    return root * np.sqrt(root)


def reference_rents(cols: OfferColumns) -> np.ndarray:
    """Median stated rent per space type (index as ``SPACE_TYPES``); 1.0 where none is stated."""
    out = np.ones(len(SPACE_TYPES), dtype=np.float64)
    for i in range(len(SPACE_TYPES)):
        rents = cols.rent[(cols.space_type == i) & ~np.isnan(cols.rent)]
        if rents.size and np.median(rents) > 0:
            out[i] = float(np.median(rents))
    return out


class SpaceFit(NamedTuple):
    """The space fit of every offer and its parts; ``ready`` is the ready date as a day ordinal."""

    space: np.ndarray
    size: np.ndarray
    timing: np.ndarray
    rent: np.ndarray
    ready: np.ndarray


def space_fit(
    project: ProjectNeed,
    cols: OfferColumns,
    *,
    today: date,
    unconfirmed: np.ndarray,
    reference_rent: float,
) -> SpaceFit:
    """Space fit of every offer (see the module notes); ``reference_rent`` is used when the project states no ``max_rent``."""
    # The unit the project has to take: its own minimum from a divisible offer or a custom
    # plant (never less than the offer's smallest unit), the whole space otherwise. For space
    # let whole and smaller than the need, max() takes area_min instead of the space: both fit
    # fully (and the offer is infeasible anyway), so one expression serves all.
    size = size_fit(np.maximum(cols.base_unit, project.area_min), project.area_upper)
    short = cols.hi < project.area_min
    if short.any():
        size = np.where(short, AREA_SHORT_CAP * size_fit(project.area_min, cols.hi), size)

    t = float(today.toordinal())
    needed = float(project.needed_by.toordinal()) if project.needed_by else t + DEFAULT_NEED_DAYS
    ready = np.fmax(cols.available_from, t)  # fmax: an unstated date means available now
    ready += cols.build_days
    timing = np.clip(1.0 - (ready - needed) / LATE_HORIZON_DAYS, 0.0, 1.0)

    reference = project.max_rent if project.max_rent is not None else reference_rent
    rent = np.nan_to_num(cols.rent, nan=reference)
    if reference > 0:
        rent_fit = 1.0 - RENT_SPREAD * rent / (rent + reference)
    else:  # a ceiling of 0: only free space is feasible, and free is as cheap as it gets
        rent_fit = 1.0 - RENT_SPREAD * (rent > 0)

    space = size * timing * rent_fit * _UNCONFIRMED_POWERS[np.minimum(unconfirmed, _MAX_UNCONFIRMED)]
    return SpaceFit(space, size, timing, rent_fit, ready)


def locality_scores(home: str | None, preferred: Sequence[str], districts: Sequence[str]) -> np.ndarray:
    """Locality of each district code in ``districts`` for a project (see the module notes)."""
    table = {}
    for rank, code in enumerate(preferred):
        table.setdefault(code, PREFERRED[min(rank, len(PREFERRED) - 1)])
    if home is not None:
        table[home] = HOME
    return np.array([table.get(code, ELSEWHERE) for code in districts], dtype=np.float64)


def blend_industry(code: np.ndarray, text: np.ndarray, *, has_codes: bool) -> np.ndarray:
    """Industry fit from the code fit and the (saturated) text fit, both in [0, 1]."""
    alpha = TEXT_ALPHA_WITH_CODES if has_codes else TEXT_ALPHA_NO_CODES
    return code + (1.0 - code) * alpha * text


def combine(industry: np.ndarray, space: np.ndarray, locality: np.ndarray, weights: Weights) -> np.ndarray:
    """The weighted score in [0, 1] (weights normalised)."""
    w_industry, w_space, w_locality = weights.normalised()
    score = w_industry * industry + w_space * space + w_locality * locality
    return np.clip(score, 0.0, 1.0)
