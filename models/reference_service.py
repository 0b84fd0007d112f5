"""Reading and refreshing the reference data: industry search, the per-session lookups, the upserts."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from .errors import InvalidInput
from .reference import CITY_NAME, CITY_SCOPE, District, Industry, IndustryLevel, Lookups, PlanTarget, industry_parent
from .versioning import INVENTORY, bump_version

_LEVEL_BY_LENGTH = {
    1: IndustryLevel.section,
    3: IndustryLevel.division,
    4: IndustryLevel.group,
    5: IndustryLevel.klass,
}
_CODE_PATTERN = re.compile(r"^[A-T](\d{2,4})?$")


_LOOKUPS_KEY = "matchmaker.lookups"


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
