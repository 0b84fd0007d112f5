"""Reference data: Wenzhou's districts and the GB/T 4754-2017 industry classification."""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, enum_column_type
from .errors import InvalidInput


class IndustryLevel(enum.StrEnum):
    section = "section"
    division = "division"
    group = "group"
    klass = "class"


class District(Base):
    """A county-level division of Wenzhou (or the 温州海经区 functional zone)."""

    __tablename__ = "districts"

    code: Mapped[str] = mapped_column(sa.String(12), primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(40), unique=True)
    position: Mapped[int] = mapped_column(default=0)
    # Centroid (WGS-84) of the district's boundary; approximate for 温州海经区, which has none.
    lat: Mapped[float | None] = mapped_column(sa.Float)
    lon: Mapped[float | None] = mapped_column(sa.Float)

    @property
    def centroid(self) -> dict[str, float] | None:
        if self.lat is None or self.lon is None:
            return None
        return {"lat": self.lat, "lon": self.lon}


CITY_SCOPE = "330300"  # GB/T 2260 code of Wenzhou as a whole (全市)
CITY_NAME = "全市"


class PlanTarget(Base):
    """A target of the 2025–2027 plan (Annex 2) for the city or one district, a year and a metric."""

    __tablename__ = "plan_targets"

    # A district code, or CITY_SCOPE for the city-wide figure.
    scope: Mapped[str] = mapped_column(sa.String(12), primary_key=True)
    year: Mapped[int] = mapped_column(primary_key=True)
    metric: Mapped[str] = mapped_column(sa.String(60), primary_key=True)
    target: Mapped[float] = mapped_column(sa.Float)


class Industry(Base):
    """A code of GB/T 4754-2017 国民经济行业分类 at one of its four levels."""

    __tablename__ = "industries"

    code: Mapped[str] = mapped_column(sa.String(5), primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(80))
    level: Mapped[IndustryLevel] = mapped_column(enum_column_type(IndustryLevel, "industry_level"))
    parent: Mapped[str | None] = mapped_column(
        sa.String(5), sa.ForeignKey("industries.code"), index=True
    )


@dataclass(frozen=True)
class Lookups:
    """Districts and industry codes in memory, so checking many rows costs no queries."""

    industries: frozenset[str]
    district_codes: Mapping[str, str]  # code or Chinese name -> code
    district_names: Mapping[str, str]  # code -> Chinese name

    def district_code(self, value: str, *, field: str = "district") -> str:
        """The code of the district named by its code or Chinese name, or `InvalidInput` for `field`."""
        code = self.district_codes.get(value.strip())
        if code is None:
            raise InvalidInput({field: [f"未知区县：{value}"]})
        return code

    def district_code_list(self, values: Iterable[str], *, field: str) -> list[str]:
        """Several district codes, without duplicates; every unknown one reported under `field.N`."""
        codes, errors = [], {}
        for i, value in enumerate(values):
            code = self.district_codes.get(value.strip())
            if code is None:
                errors[f"{field}.{i}"] = [f"未知区县：{value}"]
            elif code not in codes:
                codes.append(code)
        if errors:
            raise InvalidInput(errors)
        return codes

    def industry_codes(self, codes: Sequence[str], *, field: str) -> list[str]:
        """The codes, upper-cased and without duplicates, or `InvalidInput` naming the unknown ones."""
        wanted = list(dict.fromkeys(code.strip().upper() for code in codes))
        errors = {
            f"{field}.{i}": [f"未知行业代码：{code}（应为 GB/T 4754-2017 代码，如 C3823）"]
            for i, code in enumerate(wanted)
            if code not in self.industries
        }
        if errors:
            raise InvalidInput(errors)
        return wanted


def industry_parent(code: str) -> str | None:
    """The code one level up (C3823 → C382 → C38 → C), None for a section."""
    return {1: None, 3: code[:1], 4: code[:3], 5: code[:4]}[len(code)]
