"""Offers as numpy columns, so every rule and score is one array expression over all offers.

Missing numbers become ``NaN`` (dates become day ordinals, ``NaN`` when missing), booleans
become bool arrays, and the categorical fields become small integer codes. Rows are sorted by
offer id, so "lower row" means "lower id" wherever the ranking breaks a tie.

Examples
--------
>>> from matching.types import OfferRecord
>>> offer = OfferRecord(
...     id=7, site_id=1, site_name="乐清电气产业园", site_kind="park", district="330382",
...     industries=("C3823",), description="", space_type="plant", available_area=3000.0,
...     min_area=None, max_area=None, rent=18.0, available_from=None, floor_load=None,
...     clear_height=None, power_kva=630.0, clean_room=False, hazardous_allowed=False,
...     lead_time_days=None)
>>> cols = OfferColumns.from_offers([offer])
>>> cols.ids.tolist(), cols.whole.tolist(), cols.hi.tolist(), bool(np.isnan(cols.floor_load[0]))
([7], [True], [3000.0], True)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields

import numpy as np

from .types import ADMISSIONS, SITE_KINDS, SPACE_TYPES, OfferRecord

__all__ = ["OfferColumns"]


def _floats(values: Sequence[float | None]) -> np.ndarray:
    return np.array([np.nan if v is None else float(v) for v in values], dtype=np.float64)


@dataclass(frozen=True, eq=False)
class OfferColumns:
    """Column arrays of a sequence of offers, one row per offer, sorted by offer id.

    ``lo`` and ``hi`` bound the area a project can take: ``lo`` is the smallest unit (``0`` when
    none is stated), ``hi`` the available area (a custom plant: at most its ``max_area``).
    ``whole`` marks existing space with no stated smallest unit, which is let as a whole.
    ``base_unit`` is the available area of such space and ``lo`` otherwise; ``build_days`` is
    a custom plant's lead time (0 when unstated, and for existing space).
    """

    offers: tuple[OfferRecord, ...]
    ids: np.ndarray
    site_ids: np.ndarray
    space_type: np.ndarray  # index into SPACE_TYPES
    site_kind: np.ndarray  # index into SITE_KINDS
    admission: np.ndarray  # index into ADMISSIONS
    custom: np.ndarray
    district: np.ndarray  # index into district_codes
    district_codes: tuple[str, ...]
    available_area: np.ndarray
    min_area: np.ndarray
    max_area: np.ndarray
    lo: np.ndarray
    hi: np.ndarray
    whole: np.ndarray
    rent: np.ndarray
    available_from: np.ndarray  # date.toordinal(), NaN when not stated
    floor_load: np.ndarray
    clear_height: np.ndarray
    power_kva: np.ndarray
    clean_room: np.ndarray
    hazardous_allowed: np.ndarray
    lead_time_days: np.ndarray
    base_unit: np.ndarray  # the unit a project must take before its own minimum: see scoring
    build_days: np.ndarray  # lead time a project waits for on top of availability (0 unless custom)

    @classmethod
    def from_offers(cls, offers: Sequence[OfferRecord]) -> OfferColumns:
        """Build the columns; raises ``ValueError`` on duplicate offer ids."""
        ordered = tuple(sorted(offers, key=lambda o: o.id))
        ids = np.array([o.id for o in ordered], dtype=np.int64)
        if ids.size and np.any(ids[1:] == ids[:-1]):
            raise ValueError("offer ids must be unique")
        district_codes = tuple(sorted({o.district for o in ordered}))
        district_index = {code: i for i, code in enumerate(district_codes)}
        space_index = {s: i for i, s in enumerate(SPACE_TYPES)}
        kind_index = {k: i for i, k in enumerate(SITE_KINDS)}
        custom = np.array([o.site_kind == "custom_plant" for o in ordered], dtype=bool)
        available = _floats([o.available_area for o in ordered])
        min_area = _floats([o.min_area for o in ordered])
        max_area = _floats([o.max_area for o in ordered])
        # A custom plant is built to size: it can deliver up to max_area (and never more than
        # the area it has room for). Existing space can deliver what is available.
        hi = np.where(custom & ~np.isnan(max_area), np.fmin(available, max_area), available)
        lo = np.nan_to_num(min_area, nan=0.0)
        whole = ~custom & np.isnan(min_area)
        lead = _floats([o.lead_time_days for o in ordered])
        return cls(
            offers=ordered,
            ids=ids,
            site_ids=np.array([o.site_id for o in ordered], dtype=np.int64),
            space_type=np.array([space_index[o.space_type] for o in ordered], dtype=np.int8),
            site_kind=np.array([kind_index[o.site_kind] for o in ordered], dtype=np.int8),
            admission=np.array([ADMISSIONS.index(o.admission) for o in ordered], dtype=np.int8),
            custom=custom,
            district=np.array([district_index[o.district] for o in ordered], dtype=np.int32),
            district_codes=district_codes,
            available_area=available,
            min_area=min_area,
            max_area=max_area,
            lo=lo,
            hi=hi,
            whole=whole,
            rent=_floats([o.rent for o in ordered]),
            available_from=_floats(
                [None if o.available_from is None else o.available_from.toordinal() for o in ordered]
            ),
            floor_load=_floats([o.floor_load for o in ordered]),
            clear_height=_floats([o.clear_height for o in ordered]),
            power_kva=_floats([o.power_kva for o in ordered]),
            clean_room=np.array([o.clean_room for o in ordered], dtype=bool),
            hazardous_allowed=np.array([o.hazardous_allowed for o in ordered], dtype=bool),
            lead_time_days=lead,
            base_unit=np.where(whole, available, lo),
            build_days=np.where(custom, np.nan_to_num(lead, nan=0.0), 0.0),
        )

    def __len__(self) -> int:
        return int(self.ids.size)

    @property
    def nbytes(self) -> int:
        """Memory held by the arrays."""
        return sum(
            getattr(self, f.name).nbytes
            for f in fields(self)
            if isinstance(getattr(self, f.name), np.ndarray)
        )
