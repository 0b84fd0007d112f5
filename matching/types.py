"""The plain data the ranking engine takes and returns: frozen dataclasses, no behaviour.

A caller (the web app, a batch job, a benchmark) converts its own records into these once;
everything in :mod:`matching` reads only these.

Examples
--------
>>> w = Weights(industry=2, space=1, locality=1)
>>> w.normalised()
(0.5, 0.25, 0.25)
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

__all__ = [
    "ADMISSIONS",
    "SITE_KINDS",
    "SPACE_TYPES",
    "OfferRecord",
    "ProjectNeed",
    "RankedOffer",
    "Taxonomy",
    "Weights",
]

SPACE_TYPES = ("office", "lab", "plant", "land")
SITE_KINDS = ("district", "park", "custom_plant")
# Which industries a site admits (产业准入): any; its own, those under them or linked to them in
# an industry chain; only those under its own codes (see matching.admission).
ADMISSIONS = ("open", "chain", "listed")


def _tuple_field(obj: object, name: str) -> None:
    # Callers often build these from JSON or ORM lists; a frozen record must hold tuples so it
    # stays hashable and cannot change under the index that read it.
    value = getattr(obj, name)
    if not isinstance(value, tuple):
        object.__setattr__(obj, name, tuple(value))


def _check_optional_non_negative(obj: object, *names: str) -> None:
    for name in names:
        value = getattr(obj, name)
        if value is not None and not (math.isfinite(value) and value >= 0):
            raise ValueError(f"{name} must be a finite number >= 0 or None, got {value!r}")


@dataclass(frozen=True)
class ProjectNeed:
    """A graduating project and the space it needs.

    ``industries`` are GB/T 4754 codes, the first being the main one; they may be empty, in
    which case ``name`` and ``description`` must carry the industry. ``area_max`` of ``None``
    means the project gave one figure, ``area_min``. ``home_district`` is the district of the
    project's incubator; ``preferred_districts`` are codes in order of preference.
    """

    id: int
    name: str
    description: str
    industries: tuple[str, ...]
    space_type: str
    area_min: float
    area_max: float | None
    needed_by: date | None
    power_kva: float | None
    floor_load: float | None
    clear_height: float | None
    clean_room: bool
    hazardous: bool
    max_rent: float | None
    home_district: str | None
    preferred_districts: tuple[str, ...]

    def __post_init__(self) -> None:
        _tuple_field(self, "industries")
        _tuple_field(self, "preferred_districts")
        if self.space_type not in SPACE_TYPES:
            raise ValueError(f"space_type must be one of {SPACE_TYPES}, got {self.space_type!r}")
        _check_optional_non_negative(
            self, "area_min", "area_max", "power_kva", "floor_load", "clear_height", "max_rent"
        )
        if not self.area_min > 0:
            raise ValueError("area_min must be > 0")
        if self.area_max is not None and self.area_max < self.area_min:
            raise ValueError("area_max must be >= area_min")

    @property
    def area_upper(self) -> float:
        """The most area the project will take: ``area_max``, or ``area_min`` when only one figure is given."""
        return self.area_min if self.area_max is None else self.area_max


@dataclass(frozen=True)
class OfferRecord:
    """One offer of space at a landing site, with the site's own data repeated on it.

    ``min_area`` is the smallest unit the offer lets (for a custom plant: the smallest it
    builds); ``None`` means no split was stated, so the whole ``available_area`` is the unit
    (see :mod:`matching.scoring`). ``max_area`` matters for custom plants: the largest they build.
    """

    id: int
    site_id: int
    site_name: str
    site_kind: str
    district: str
    industries: tuple[str, ...]
    description: str
    space_type: str
    available_area: float
    min_area: float | None
    max_area: float | None
    rent: float | None
    available_from: date | None
    floor_load: float | None
    clear_height: float | None
    power_kva: float | None
    clean_room: bool
    hazardous_allowed: bool
    lead_time_days: int | None
    admission: str = "open"

    def __post_init__(self) -> None:
        _tuple_field(self, "industries")
        if self.space_type not in SPACE_TYPES:
            raise ValueError(f"space_type must be one of {SPACE_TYPES}, got {self.space_type!r}")
        if self.admission not in ADMISSIONS:
            raise ValueError(f"admission must be one of {ADMISSIONS}, got {self.admission!r}")
        if self.site_kind not in SITE_KINDS:
            raise ValueError(f"site_kind must be one of {SITE_KINDS}, got {self.site_kind!r}")
        _check_optional_non_negative(
            self,
            "available_area",
            "min_area",
            "max_area",
            "rent",
            "floor_load",
            "clear_height",
            "power_kva",
            "lead_time_days",
        )
        if self.available_area is None:
            raise ValueError("available_area is required")


@dataclass(frozen=True)
class Taxonomy:
    """The reference data the engine names things with.

    ``industry_names`` maps every GB/T 4754 code in use (all levels) to its Chinese name;
    ``chain_links`` are (upstream, downstream) edges of Wenzhou's industry chains, at any level
    (a link between groups applies to all their classes).
    """

    industry_names: Mapping[str, str]
    district_names: Mapping[str, str]
    chain_links: tuple[tuple[str, str], ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "chain_links", tuple((str(a), str(b)) for a, b in self.chain_links))


@dataclass(frozen=True)
class Weights:
    """Weights of the three factors; normalised to sum 1 when used.

    All must be finite and ``>= 0``, and not all ``0``.
    """

    industry: float = 0.45
    space: float = 0.35
    locality: float = 0.20

    def __post_init__(self) -> None:
        values = (self.industry, self.space, self.locality)
        if not all(math.isfinite(v) and v >= 0 for v in values):
            raise ValueError("weights must be finite and >= 0")
        if sum(values) <= 0:
            raise ValueError("at least one weight must be > 0")

    def normalised(self) -> tuple[float, float, float]:
        """``(industry, space, locality)`` scaled to sum 1."""
        total = self.industry + self.space + self.locality
        return (self.industry / total, self.space / total, self.locality / total)


@dataclass(frozen=True)
class RankedOffer:
    """One ranked pairing of a project and an offer, with why.

    ``factors`` holds at least ``industry``, ``space`` and ``locality`` (each in [0, 1]) and
    the parts of space fit (``size``, ``timing``, ``rent``). ``reasons`` are 2–4 short
    Simplified-Chinese sentences; ``violations`` say, in Chinese, which hard constraints the
    offer fails (empty when ``feasible``), and ``lacks`` how far it falls short, tersely
    ("面积差 4,660㎡").
    """

    offer_id: int
    project_id: int
    site_id: int
    score: float
    factors: Mapping[str, float]
    reasons: tuple[str, ...]
    feasible: bool
    violations: tuple[str, ...] = field(default=())
    lacks: tuple[str, ...] = field(default=())
