"""Reference data: Wenzhou's districts and the GB/T 4754-2017 industry classification."""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, Session, mapped_column

from .base import Base, enum_column_type
from .errors import InvalidInput
from .versioning import INVENTORY, bump_version


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


def search_industries(
    q: str = "", *, level: IndustryLevel | None = None, parent: str | None = None
) -> sa.Select[tuple[Industry]]:
    """Industry codes starting with `q`, or whose name contains it, ordered by code."""
    query = sa.select(Industry).order_by(Industry.code)
    if q := q.strip():
        query = query.where(
            sa.or_(Industry.code.startswith(q.upper(), autoescape=True), Industry.name.contains(q, autoescape=True))
        )
    if level is not None:
        query = query.where(Industry.level == level)
    if parent:
        query = query.where(Industry.parent == parent.upper())
    return query


_LOOKUPS_KEY = "matchmaker.lookups"


def lookups(session: Session) -> Lookups:
    """The reference lookups, loaded once per session (reference data change only by import)."""
    cached = session.info.get(_LOOKUPS_KEY)
    if cached is None:
        districts = session.execute(sa.select(District.code, District.name)).all()
        cached = Lookups(
            industries=frozenset(session.scalars(sa.select(Industry.code))),
            district_codes={**{name: code for code, name in districts}, **{code: code for code, _ in districts}},
            district_names=dict(districts),
        )
        session.info[_LOOKUPS_KEY] = cached
    return cached


def forget_lookups(session: Session) -> None:
    """Drop the cached lookups after reference data changed."""
    session.info.pop(_LOOKUPS_KEY, None)


_LEVEL_BY_LENGTH = {
    1: IndustryLevel.section,
    3: IndustryLevel.division,
    4: IndustryLevel.group,
    5: IndustryLevel.klass,
}
_CODE_PATTERN = re.compile(r"^[A-T](\d{2,4})?$")


def industry_parent(code: str) -> str | None:
    """The code one level up (C3823 → C382 → C38 → C), None for a section."""
    return {1: None, 3: code[:1], 4: code[:3], 5: code[:4]}[len(code)]


def upsert_industries(rows: Iterable[dict[str, str]], *, session: Session) -> int:
    """Insert or rename industries from rows with `code,name` (optional `level,parent`).

    Level and parent follow from the code; when given they must agree with it. The whole
    list is checked before anything is written. Returns the number of rows applied.
    """
    rows = list(rows)
    errors: dict[str, list[str]] = {}
    parsed: dict[str, tuple[str, IndustryLevel, str | None]] = {}
    for line, row in enumerate(rows, start=2):
        code = (row.get("code") or "").strip().upper()
        name = (row.get("name") or "").strip()
        if not _CODE_PATTERN.match(code) or len(code) == 2:
            errors[f"row {line}.code"] = [f"不是 GB/T 4754 代码：{code!r}"]
            continue
        if not name:
            errors[f"row {line}.name"] = ["缺少名称"]
            continue
        level, parent = _LEVEL_BY_LENGTH[len(code)], industry_parent(code)
        if (row.get("level") or "").strip() not in ("", level.value):
            errors[f"row {line}.level"] = [f"{code} 的层级应为 {level.value}"]
        if (row.get("parent") or "").strip().upper() not in ("", parent or ""):
            errors[f"row {line}.parent"] = [f"{code} 的上级应为 {parent}"]
        parsed[code] = (name, level, parent)
    known = set(session.scalars(sa.select(Industry.code)).all())
    for code, (_, _, parent) in parsed.items():
        if parent is not None and parent not in parsed and parent not in known:
            errors.setdefault(f"code {code}", []).append(f"上级代码 {parent} 不存在")
    if errors:
        raise InvalidInput(errors)
    forget_lookups(session)
    bump_version(INVENTORY, session=session)
    # Parents first, so the foreign key holds at every insert.
    for code in sorted(parsed, key=len):
        name, level, parent = parsed[code]
        industry = session.get(Industry, code)
        if industry is None:
            session.add(Industry(code=code, name=name, level=level, parent=parent))
        else:
            industry.name, industry.level, industry.parent = name, level, parent
    session.flush()
    return len(parsed)


def upsert_districts(rows: Iterable[dict[str, Any]], *, session: Session) -> int:
    """Insert or update districts from rows with `code,name` and optional `lat,lon`, in file order."""
    forget_lookups(session)
    count = 0
    for position, row in enumerate(rows):
        district = session.get(District, row["code"])
        if district is None:
            district = District(code=row["code"])
            session.add(district)
        district.name, district.position = row["name"], position
        district.lat, district.lon = row.get("lat"), row.get("lon")
        count += 1
    session.flush()
    return count


def upsert_plan_targets(rows: Iterable[dict[str, str]], *, session: Session) -> int:
    """Insert or update plan targets from rows with `district,year,metric,target`.

    The district is a name or code, or 全市 for the city as a whole.

    A blank target means the plan sets none for that district and year; it is skipped.
    """
    count = 0
    for row in rows:
        if not (row.get("target") or "").strip():
            continue
        name = row["district"].strip()
        scope = CITY_SCOPE if name in (CITY_NAME, CITY_SCOPE) else lookups(session).district_code(name)
        key = (scope, int(row["year"]), row["metric"])
        target = session.get(PlanTarget, key)
        if target is None:
            target = PlanTarget(scope=scope, year=key[1], metric=key[2])
            session.add(target)
        target.target = float(row["target"])
        count += 1
    session.flush()
    return count
