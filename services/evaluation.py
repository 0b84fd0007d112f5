"""The operators' evaluation (数据得空间): every carrier scored on seven indicators, normalised and weighted.

Indicators of a carrier for a period (a calendar year for ``/evaluations?year=``):

- ``occupancy`` 空间入驻率: its occupancy now (`services.occupancy`); none when it declared no space;
- ``admitted`` 入孵项目数: admissions in the period — a project registered in it, or taken over
  from another carrier or as a prospect (接续);
- ``talents`` 人才招引: talents brought in, from the yearly figures of the period's years;
- ``financing`` 到账融资 (万元): financings received in the period;
- ``revenue`` 营业收入 (万元): revenue from the yearly figures of the period's years;
- ``graduated`` 成功毕业: graduations in the period;
- ``landed_local`` 就地产业化: landings in the period on a site in the carrier's own district.

Financings and yearly figures count for the carrier that holds the project (the last one for a
graduate); admissions for the carrier admitting; graduations and landings for the carrier that
held the project when it graduated.

Normalisation is share of the maximum: a carrier's value divided by the largest value of any
carrier (all zero → 0), so the best carrier scores 1 and the scale keeps zero meaning none;
an unknown occupancy counts 0. The score is 100 × Σ wᵢ·normᵢ / Σ wᵢ. Rank 1 is the highest
score; ties go to more financing, then the lower carrier id, so every rank is distinct.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from models.incubator import Incubator
from models.labels import INCUBATOR_KIND_NAMES
from models.match import Match, MatchStatus
from models.outcomes import in_period, outcome_figures, period_bounds
from models.performance import AnnualFigures, Financing
from models.project import Action, Project, StageChange, Status
from models.reference import District
from models.site import Offer, Site

from .occupancy import carrier_uses
from .sheets import SheetColumn, sheet_xlsx

INDICATORS = ("occupancy", "admitted", "talents", "financing", "revenue", "graduated", "landed_local")
INDICATOR_NAMES = {"occupancy": "空间入驻率", "admitted": "入孵项目数", "talents": "人才招引", "financing": "到账融资",
                   "revenue": "营业收入", "graduated": "成功毕业", "landed_local": "就地产业化"}
INDICATOR_UNITS = {"occupancy": "%", "admitted": "个", "talents": "人", "financing": "万元", "revenue": "万元",
                   "graduated": "个", "landed_local": "个"}
# A local landing is what the plan asks for most (就地产业化), then a graduation; the rest count once.
DEFAULT_WEIGHTS = {"occupancy": 1.0, "admitted": 1.0, "talents": 1.0, "financing": 1.0, "revenue": 1.0,
                   "graduated": 2.0, "landed_local": 3.0}
METHOD = "share_of_max"


def parse_weights(text: str | Mapping[str, float] | None) -> dict[str, float]:
    """`"landed_local=3,graduated=2"` (any subset) over the defaults; `ValueError` says what is wrong."""
    weights = dict(DEFAULT_WEIGHTS)
    if isinstance(text, Mapping):
        text = ",".join(f"{k}={v}" for k, v in text.items())
    for part in filter(None, (p.strip() for p in (text or "").split(","))):
        name, _, value = (s.strip() for s in part.partition("="))
        try:
            number = float(value)
        except ValueError:
            number = -1.0
        if name not in DEFAULT_WEIGHTS or not number >= 0 or number == float("inf"):
            raise ValueError(f"{part!r}: expected one of {', '.join(INDICATORS)} = a number ≥ 0")
        weights[name] = number
    if not sum(weights.values()) > 0:
        raise ValueError("at least one weight must be above 0")
    return weights


def normalise(values: Mapping[int, float | None]) -> dict[int, float]:
    """Each value as a share of the largest (None and an all-zero indicator → 0)."""
    top = max((v for v in values.values() if v is not None), default=0.0)
    return {key: (v / top if v is not None and top > 0 else 0.0) for key, v in values.items()}


def score(normalised: Mapping[str, float], weights: Mapping[str, float]) -> float:
    """100 × the weighted mean of the normalised indicators."""
    total = sum(weights.values())
    return 100.0 * sum(weights[k] * normalised[k] for k in INDICATORS) / total


def _period_years(since: date | None, until: date | None) -> list[Any]:
    conditions = []
    if since is not None:
        conditions.append(AnnualFigures.year >= since.year)
    if until is not None:
        conditions.append(AnnualFigures.year <= until.year)
    return conditions


def indicator_values(*, session: Session, since: date | None, until: date | None) -> dict[int, dict[str, Any]]:
    """The raw indicators of every carrier for the period (inclusive dates, either open), keyed by id."""
    start, end = period_bounds(since, until)
    ids = list(session.scalars(sa.select(Incubator.id).order_by(Incubator.id)))
    values: dict[int, dict[str, Any]] = {i: {k: 0 for k in INDICATORS} for i in ids}
    for i in ids:
        values[i].update(occupancy=None, financing=0.0, revenue=0.0)
    for incubator_id, use in carrier_uses(session=session).items():
        values[incubator_id]["occupancy"] = use.rate

    admitting = sa.func.coalesce(StageChange.to_incubator_id, Project.incubator_id)
    admissions = sa.or_(sa.and_(StageChange.action == Action.admit, StageChange.to_status != Status.prospect),
                        StageChange.action == Action.transfer)
    rows = session.execute(
        sa.select(admitting, sa.func.count(StageChange.id)).join(Project, Project.id == StageChange.project_id)
        .where(admissions, *in_period(StageChange.at, start, end)).group_by(admitting))
    for incubator_id, n in rows:
        if incubator_id in values:
            values[incubator_id]["admitted"] = n

    rows = session.execute(
        sa.select(Project.incubator_id, sa.func.count(StageChange.id)).join(Project, Project.id == StageChange.project_id)
        .where(StageChange.action == Action.graduate, *in_period(StageChange.at, start, end)).group_by(Project.incubator_id))
    for incubator_id, n in rows:
        if incubator_id in values:
            values[incubator_id]["graduated"] = n

    landed_match = sa.and_(Match.project_id == Project.id, Match.status == MatchStatus.landed)
    rows = session.execute(
        sa.select(Project.incubator_id, sa.func.count(sa.distinct(Project.id)))
        .select_from(StageChange)
        .join(Project, Project.id == StageChange.project_id)
        .join(Incubator, Incubator.id == Project.incubator_id)
        .join(Match, landed_match).join(Offer, Offer.id == Match.offer_id).join(Site, Site.id == Offer.site_id)
        .where(StageChange.action == Action.land, Site.district_code == Incubator.district_code,
               *in_period(StageChange.at, start, end))
        .group_by(Project.incubator_id))
    for incubator_id, n in rows:
        values[incubator_id]["landed_local"] = n

    received = [c for c in ((Financing.received_on >= since) if since is not None else None,
                            (Financing.received_on <= until) if until is not None else None) if c is not None]
    rows = session.execute(
        sa.select(Project.incubator_id, sa.func.sum(Financing.amount)).join(Project, Project.id == Financing.project_id)
        .where(Project.incubator_id.is_not(None), *received).group_by(Project.incubator_id))
    for incubator_id, amount in rows:
        values[incubator_id]["financing"] = float(amount or 0.0)

    rows = session.execute(
        sa.select(Project.incubator_id, sa.func.coalesce(sa.func.sum(AnnualFigures.revenue), 0.0),
                  sa.func.coalesce(sa.func.sum(AnnualFigures.talents), 0))
        .join(Project, Project.id == AnnualFigures.project_id)
        .where(Project.incubator_id.is_not(None), *_period_years(since, until)).group_by(Project.incubator_id))
    for incubator_id, revenue, talents in rows:
        values[incubator_id]["revenue"] = float(revenue)
        values[incubator_id]["talents"] = int(talents)
    return values


def evaluate(*, session: Session, since: date | None = None, until: date | None = None,
             weights: Mapping[str, float] | None = None) -> dict[str, Any]:
    """Every carrier's indicators, normalised values, score and rank for the period, best first."""
    weights = dict(DEFAULT_WEIGHTS if weights is None else weights)
    values = indicator_values(session=session, since=since, until=until)
    normalised = {key: normalise({i: v[key] for i, v in values.items()}) for key in INDICATORS}
    carriers = session.execute(
        sa.select(Incubator.id, Incubator.name, Incubator.kind, Incubator.district_code, District.name)
        .join(District, District.code == Incubator.district_code).order_by(Incubator.id)).all()
    items = []
    for incubator_id, name, kind, district, district_name in carriers:
        norm = {key: round(normalised[key][incubator_id], 6) for key in INDICATORS}
        items.append({"incubator_id": incubator_id, "incubator_name": name, "kind": kind, "district": district,
                      "district_name": district_name, "values": values[incubator_id], "normalised": norm,
                      "score": round(score(norm, weights), 2)})
    items.sort(key=lambda r: (-r["score"], -r["values"]["financing"], r["incubator_id"]))
    for rank, item in enumerate(items, start=1):
        item["rank"] = rank
    return {"since": since, "until": until, "method": METHOD, "weights": weights,
            "indicators": [{"key": k, "name": INDICATOR_NAMES[k], "unit": INDICATOR_UNITS[k]} for k in INDICATORS],
            "items": items}


def evaluate_year(year: int, *, session: Session, weights: Mapping[str, float] | None = None) -> dict[str, Any]:
    """The evaluation of a calendar year."""
    return {"year": year, **evaluate(session=session, since=date(year, 1, 1), until=date(year, 12, 31),
                                     weights=weights)}


def outcomes_with_evaluation(*, session: Session, since: date | None = None, until: date | None = None,
                             weights: Mapping[str, float] | None = None) -> dict[str, Any]:
    """The outcome figures, each incubator's with its evaluation (indicator values and score) and rank, by rank."""
    figures = outcome_figures(session=session, since=since, until=until)
    ranked = {item["incubator_id"]: item
              for item in evaluate(session=session, since=since, until=until, weights=weights)["items"]}
    for row in figures["by_incubator"]:
        item = ranked[row["incubator_id"]]
        row["evaluation"] = {**item["values"], "score": item["score"]}
        row["rank"] = item["rank"]
    figures["by_incubator"].sort(key=lambda r: r["rank"])
    return figures


def _percent(value: float | None) -> float | None:
    return None if value is None else round(100 * value, 1)


def evaluation_xlsx(result: dict[str, Any]) -> bytes:
    """The ranking as one sheet: each carrier's indicator values, then its score (the caption states the method)."""
    columns = [
        SheetColumn("排名", lambda r: r["rank"], "int", 6),
        SheetColumn("载体", lambda r: r["incubator_name"], width=24),
        SheetColumn("类型", lambda r: INCUBATOR_KIND_NAMES.get(r["kind"], str(r["kind"])), width=12),
        SheetColumn("区县", lambda r: r["district_name"], width=10),
        SheetColumn("空间入驻率（%）", lambda r: _percent(r["values"]["occupancy"]), "number", 12),
        *(SheetColumn(f"{INDICATOR_NAMES[k]}（{INDICATOR_UNITS[k]}）", lambda r, k=k: r["values"][k],
                      "int" if INDICATOR_UNITS[k] in ("个", "人") else "number", 12)
          for k in INDICATORS[1:]),
        SheetColumn("综合得分", lambda r: r["score"], "number", 10),
    ]
    weights = "、".join(f"{INDICATOR_NAMES[k]} {result['weights'][k]:g}" for k in INDICATORS)
    caption = (f"运营评价 {result['since']} 至 {result['until']}；各指标按占全部载体最大值的比例归一，"
               f"综合得分 = 100 × Σ 权重 × 归一值 / Σ 权重；权重：{weights}")
    return sheet_xlsx("运营评价", columns, result["items"], caption=caption)


__all__ = [
    "DEFAULT_WEIGHTS",
    "INDICATORS",
    "INDICATOR_NAMES",
    "INDICATOR_UNITS",
    "METHOD",
    "evaluate",
    "evaluate_year",
    "evaluation_xlsx",
    "indicator_values",
    "normalise",
    "outcomes_with_evaluation",
    "parse_weights",
    "score",
]
