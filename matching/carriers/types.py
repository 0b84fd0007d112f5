"""The plain data of the carrier matching: frozen dataclasses, no behaviour.

Examples
--------
>>> CarrierWeights(industry=2, space=1, level=0, locality=1).normalised()
(0.5, 0.25, 0.0, 0.25)
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

__all__ = [
    "CARRIER_KINDS",
    "CARRIER_SPACE_TYPES",
    "CHAIN_STAGES",
    "LEVELS",
    "CarrierRecord",
    "CarrierWeights",
    "RankedCarrier",
    "TeamNeed",
]

CHAIN_STAGES = ("nursery", "incubation", "acceleration")
CARRIER_SPACE_TYPES = ("desk", "office", "lab", "pilot_plant")
CARRIER_KINDS = ("maker_space", "incubator", "accelerator", "university_park")
LEVELS = ("national", "provincial", "municipal", "other")


def _tuple(obj: object, name: str) -> None:
    value = getattr(obj, name)
    if not isinstance(value, tuple):
        object.__setattr__(obj, name, tuple(value))


@dataclass(frozen=True)
class CarrierRecord:
    """A carrier and the room it has now.

    ``vacant_area`` maps a space type to the vacant area of its emptiest single space of that
    type (a team is placed in one space, so two half-empty offices do not make one free one);
    ``vacant_desks`` is the most vacant desks in one desk space that counts desks, and
    ``uncounted_desk_area`` the most vacant area of a desk space that does not count them.
    ``stages`` are the chain stages it hosts.
    """

    id: int
    name: str
    kind: str
    district: str
    industries: tuple[str, ...]
    level: str
    demonstration: bool
    stages: tuple[str, ...]
    vacant_area: Mapping[str, float] = field(default_factory=dict)
    vacant_desks: int = 0
    uncounted_desk_area: float = 0.0

    def __post_init__(self) -> None:
        _tuple(self, "industries")
        _tuple(self, "stages")
        if self.kind not in CARRIER_KINDS:
            raise ValueError(f"kind must be one of {CARRIER_KINDS}, got {self.kind!r}")
        if self.level not in LEVELS:
            raise ValueError(f"level must be one of {LEVELS}, got {self.level!r}")
        for stage in self.stages:
            if stage not in CHAIN_STAGES:
                raise ValueError(f"unknown stage {stage!r}")
        for space_type, area in self.vacant_area.items():
            if space_type not in CARRIER_SPACE_TYPES or not (math.isfinite(area) and area >= 0):
                raise ValueError(f"vacant area must be of a carrier space type, finite and >= 0: {space_type!r} {area!r}")


@dataclass(frozen=True)
class TeamNeed:
    """A team looking for a carrier for ``stage``: the space it needs there and where it is now.

    ``space_type`` is one of the carrier space types; a ``desk`` need counts ``desks``, the
    others ``area`` (㎡). ``home_district`` is its current carrier's district (None for a
    prospect); ``current_carrier_id`` is never proposed to it again.
    """

    id: int
    name: str
    industries: tuple[str, ...]
    stage: str
    space_type: str
    area: float
    desks: int
    home_district: str | None
    preferred_districts: tuple[str, ...] = ()
    current_carrier_id: int | None = None

    def __post_init__(self) -> None:
        _tuple(self, "industries")
        _tuple(self, "preferred_districts")
        if self.stage not in CHAIN_STAGES:
            raise ValueError(f"stage must be one of {CHAIN_STAGES}, got {self.stage!r}")
        if self.space_type not in CARRIER_SPACE_TYPES:
            raise ValueError(f"space_type must be one of {CARRIER_SPACE_TYPES}, got {self.space_type!r}")
        if self.space_type == "desk" and self.desks <= 0:
            raise ValueError("a desk need must count desks > 0")
        if self.space_type != "desk" and not (math.isfinite(self.area) and self.area > 0):
            raise ValueError("an area need must be > 0")


@dataclass(frozen=True)
class CarrierWeights:
    """Weights of the four factors; normalised to sum 1 when used."""

    industry: float = 0.40
    space: float = 0.25
    level: float = 0.15
    locality: float = 0.20

    def __post_init__(self) -> None:
        values = (self.industry, self.space, self.level, self.locality)
        if not all(math.isfinite(v) and v >= 0 for v in values) or sum(values) <= 0:
            raise ValueError("weights must be finite, >= 0 and not all 0")

    def normalised(self) -> tuple[float, float, float, float]:
        """``(industry, space, level, locality)`` scaled to sum 1."""
        total = self.industry + self.space + self.level + self.locality
        return (self.industry / total, self.space / total, self.level / total, self.locality / total)


@dataclass(frozen=True)
class RankedCarrier:
    """One pairing of a team and a carrier: the score, its four factors (each in [0, 1]) and why.

    ``violations`` say in Chinese why the carrier cannot take the team now (empty when
    ``feasible``); ``lacks`` how far it falls short ("空余差 40㎡").
    """

    carrier_id: int
    team_id: int
    score: float
    factors: Mapping[str, float]
    reasons: tuple[str, ...]
    feasible: bool
    violations: tuple[str, ...] = ()
    lacks: tuple[str, ...] = ()
