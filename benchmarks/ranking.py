"""Benchmark and quality figures of the ranking engine, on synthetic and labelled data.

* :func:`synthetic_offers` / :func:`synthetic_project` — invented Wenzhou sites and graduating
  projects with realistic GB/T 4754 codes and Chinese descriptions, repeatable by seed.
* :func:`measure_ranking` — median time of :meth:`OfferIndex.rank <matching.ranking.OfferIndex.rank>`
  against ``n`` offers, the memory of the fitted index, and the median time of
  :func:`naive_rank`, the plain per-pair Python loop computing the same scores, for comparison.

The quality figures over labelled scenarios are in :mod:`benchmarks.quality`.

Run ``matchmaker bench ranking`` to print the figures.

Examples
--------
>>> offers = synthetic_offers(50, seed=1)
>>> len(offers), len({o.id for o in offers})
(50, 50)
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np

from matching.columns import OfferColumns
from matching.industry import IndustrySimilarity
from matching.ranking import OfferIndex, site_text
from matching.scoring import (
    DEFAULT_NEED_DAYS,
    ELSEWHERE,
    HOME,
    LATE_HORIZON_DAYS,
    PREFERRED,
    RENT_SPREAD,
    SIZE_EXPONENT,
    TEXT_ALPHA_NO_CODES,
    TEXT_ALPHA_WITH_CODES,
    UNCONFIRMED,
    reference_rents,
)
from matching.taxonomy import load_taxonomy
from matching.text import TEXT_SATURATION, TextSimilarity
from matching.types import SPACE_TYPES, OfferRecord, ProjectNeed, Taxonomy, Weights

from .memory import PeakRss

__all__ = [
    "default_taxonomy",
    "measure_ranking",
    "naive_rank",
    "naive_setup",
    "synthetic_offers",
    "synthetic_project",
]

ROOT = Path(__file__).resolve().parents[1]
BENCH_TODAY = date(2026, 3, 1)

DISTRICTS = (
    "330302", "330303", "330304", "330305", "330381", "330382", "330383",
    "330324", "330326", "330327", "330328", "330329", "3303HJ",
)  # fmt: skip

# A small fixed list of Wenzhou's trades: code and phrases a description would use.
TOPICS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("C3823", ("智能配电开关", "低压成套设备", "断路器", "配电柜")),
    ("C3824", ("电力电子元器件", "IGBT模块", "功率器件")),
    ("C3831", ("电线电缆", "特种线缆", "充电桩线缆")),
    ("C3670", ("汽车零部件", "制动系统", "汽车电子")),
    ("C3841", ("锂离子电池", "储能电芯", "电池包")),
    ("C3441", ("节能泵", "工业泵", "真空设备")),
    ("C3443", ("智能阀门", "球阀", "阀门执行器")),
    ("C3587", ("眼镜", "镜片", "镜架")),
    ("C3581", ("医疗监护设备", "诊断设备", "影像设备")),
    ("C2231", ("纸箱", "环保纸包装", "纸制品包装")),
    ("C2319", ("包装印刷", "数字印刷", "标签印刷")),
    ("C1952", ("皮鞋", "女鞋", "鞋业")),
    ("C3391", ("精密铸造", "铸件", "阀体铸件")),
    ("C2929", ("注塑件", "塑料零件", "工程塑料件")),
    ("I6513", ("工业软件", "应用软件", "数据平台")),
    ("C3983", ("传感器", "压力传感器", "敏感元件")),
    ("C3491", ("工业机器人", "自动化产线", "机械臂")),
    ("C3825", ("光伏组件", "光伏逆变器", "光伏支架")),
)
SITE_WORDS = ("科创", "智造", "产业", "高新", "滨海", "创新", "数字", "绿色", "未来", "临港")
SITE_TAILS = ("产业园", "创新园", "小微园", "标准厂房园", "科技城", "产业平台")
GENERIC = ("配套完善", "交通便利", "国有园区", "政策扶持", "人才公寓", "近高速出口", "双回路供电", "可定制改造")
PROJECT_WORDS = ("研发与产业化", "智能制造", "新一代", "高可靠", "国产替代", "出口", "数字化")


def _choice(rng: np.random.Generator, items: Sequence[Any]) -> Any:
    return items[int(rng.integers(len(items)))]


def _maybe(rng: np.random.Generator, p: float, value: Any) -> Any:
    return value if rng.random() < p else None


def synthetic_offers(n: int, seed: int = 0, *, offers_per_site: int = 5) -> list[OfferRecord]:
    """``n`` invented offers on about ``n / offers_per_site`` sites, repeatable by ``seed``."""
    rng = np.random.default_rng(seed)
    offers: list[OfferRecord] = []
    site_id = 0
    while len(offers) < n:
        site_id += 1
        kind = _choice(rng, ("park",) * 7 + ("district",) * 2 + ("custom_plant",))
        topics = [TOPICS[int(i)] for i in rng.choice(len(TOPICS), size=int(rng.integers(1, 4)), replace=False)]
        district = _choice(rng, DISTRICTS)
        name = f"{_choice(rng, SITE_WORDS)}{_choice(rng, SITE_WORDS)}{_choice(rng, SITE_TAILS)}{site_id}号"
        phrases = [_choice(rng, words) for _, words in topics] + [_choice(rng, GENERIC) for _ in range(2)]
        description = "，".join(phrases) + "。"
        industries = tuple(code for code, _ in topics)
        for _ in range(int(rng.integers(1, 2 * offers_per_site))):
            if len(offers) >= n:
                break
            offers.append(_synthetic_offer(rng, len(offers) + 1, site_id, name, kind, district, industries, description))
    return offers


def _synthetic_offer(
    rng: np.random.Generator,
    offer_id: int,
    site_id: int,
    name: str,
    kind: str,
    district: str,
    industries: tuple[str, ...],
    description: str,
) -> OfferRecord:
    if kind == "custom_plant":
        space_type = "plant"
    elif kind == "district":
        space_type = "land"
    else:
        space_type = _choice(rng, ("plant", "plant", "plant", "lab", "office"))
    area = float(round(10 ** rng.uniform(2.3, 4.7), -1))
    min_area = max_area = None
    lead = None
    if kind == "custom_plant":
        min_area = float(round(area * rng.uniform(0.1, 0.4), -1))
        max_area = area
        lead = int(rng.integers(180, 720))
    elif rng.random() < 0.6:
        min_area = float(round(area * _choice(rng, (0.05, 0.1, 0.25, 0.5, 1.0)), -1)) or 10.0
    start = BENCH_TODAY + timedelta(days=int(rng.integers(-200, 400)))
    return OfferRecord(
        id=offer_id,
        site_id=site_id,
        site_name=name,
        site_kind=kind,
        district=district,
        industries=industries,
        description=description,
        space_type=space_type,
        available_area=area,
        min_area=min_area,
        max_area=max_area,
        rent=_maybe(rng, 0.8, float(round(rng.uniform(8, 45), 1))),
        available_from=_maybe(rng, 0.7, start),
        floor_load=_maybe(rng, 0.6, float(_choice(rng, (3.5, 5.0, 8.0, 10.0, 15.0)))),
        clear_height=_maybe(rng, 0.6, float(_choice(rng, (4.5, 6.0, 8.0, 9.0, 12.0)))),
        power_kva=_maybe(rng, 0.7, float(_choice(rng, (250, 400, 630, 800, 1250, 2000)))),
        clean_room=bool(rng.random() < 0.15),
        hazardous_allowed=bool(rng.random() < 0.1),
        lead_time_days=lead,
    )


def synthetic_project(seed: int = 0) -> ProjectNeed:
    """An invented graduating project needing a plant, repeatable by ``seed``."""
    rng = np.random.default_rng(seed)
    code, words = _choice(rng, TOPICS)
    codes = (code,) if rng.random() < 0.7 else (code, _choice(rng, TOPICS)[0])
    area = float(round(10 ** rng.uniform(2.7, 4.0), -1))
    return ProjectNeed(
        id=seed + 1,
        name=f"温州{_choice(rng, SITE_WORDS)}{_choice(rng, words)}有限公司",
        description=f"{_choice(rng, PROJECT_WORDS)}{_choice(rng, words)}{_choice(rng, PROJECT_WORDS)}",
        industries=codes if rng.random() < 0.85 else (),
        space_type=_choice(rng, ("plant", "plant", "lab")),
        area_min=area,
        area_max=_maybe(rng, 0.7, float(round(area * rng.uniform(1.2, 2.5), -1))),
        needed_by=_maybe(rng, 0.7, BENCH_TODAY + timedelta(days=int(rng.integers(60, 400)))),
        power_kva=_maybe(rng, 0.5, float(_choice(rng, (250, 400, 630, 800)))),
        floor_load=_maybe(rng, 0.3, float(_choice(rng, (3.5, 5.0, 8.0)))),
        clear_height=_maybe(rng, 0.3, float(_choice(rng, (4.5, 6.0, 8.0)))),
        clean_room=bool(rng.random() < 0.1),
        hazardous=bool(rng.random() < 0.05),
        max_rent=_maybe(rng, 0.5, float(round(rng.uniform(15, 40)))),
        home_district=_choice(rng, DISTRICTS),
        preferred_districts=tuple(_choice(rng, DISTRICTS) for _ in range(int(rng.integers(0, 3)))),
    )


# --- the naive reference ---------------------------------------------------------------------


class _NaiveText:
    """TF-IDF vectors of the site texts as plain dicts, from the same fitted vocabulary and IDF."""

    def __init__(self, offers: Sequence[OfferRecord], taxonomy: Taxonomy, ngram_range: tuple[int, int]) -> None:
        texts = {o.id: site_text(o, taxonomy) for o in offers}
        distinct = list(dict.fromkeys(texts.values()))
        self.model = TextSimilarity(ngram_range).fit(distinct)
        rows = self.model.matrix_.tocsr()
        by_text = {
            t: dict(zip(rows.indices[rows.indptr[i] : rows.indptr[i + 1]].tolist(),
                        rows.data[rows.indptr[i] : rows.indptr[i + 1]].tolist()))
            for i, t in enumerate(distinct)
        }  # fmt: skip
        self.vectors = {oid: by_text[t] for oid, t in texts.items()}

    def query(self, text: str) -> dict[int, float]:
        features, weights = self.model.query_vector(text)
        return dict(zip(features.tolist(), weights.tolist()))


def _fits(project: ProjectNeed, offer: OfferRecord) -> bool:
    """The hard constraints of :func:`matching.constraints.violations`, as one yes or no."""
    if offer.space_type != project.space_type:
        return False
    top = offer.available_area
    if offer.site_kind == "custom_plant" and offer.max_area is not None:
        top = min(top, offer.max_area)
    if top < project.area_min:
        return False
    if offer.min_area is not None and offer.min_area > project.area_upper:
        return False
    if project.clean_room and not offer.clean_room:
        return False
    if project.hazardous and not offer.hazardous_allowed:
        return False
    # An unstated figure (None) is allowed, to be confirmed.
    if project.power_kva is not None and offer.power_kva is not None and offer.power_kva < project.power_kva:
        return False
    if project.floor_load is not None and offer.floor_load is not None and offer.floor_load < project.floor_load:
        return False
    if (project.clear_height is not None and offer.clear_height is not None
            and offer.clear_height < project.clear_height):
        return False
    return not (project.max_rent is not None and offer.rent is not None and offer.rent > project.max_rent)


def naive_rank(
    project: ProjectNeed,
    offers: Sequence[OfferRecord],
    *,
    industry: IndustrySimilarity,
    text: _NaiveText,
    rents: Mapping[str, float],
    today: date,
    limit: int = 10,
    weights: Weights = Weights(),
) -> list[tuple[int, float]]:
    """The top ``limit`` feasible ``(offer id, score)`` by a per-pair pure-Python loop over ``offers``.

    The anchor the vectorised engine is measured (and tested) against: the same rules, one
    offer at a time, written as a Python programmer would write it: what depends only on the
    project is worked out once, an offer that fails a hard constraint is skipped before it is
    scored, and the fitted parts come from :func:`naive_setup` (the industry pair cache and
    the TF-IDF vectors as dicts), so the timing shows the cost of the loop itself.
    """
    query = text.query(f"{project.name} {project.description}")
    w_industry, w_space, w_locality = weights.normalised()
    alpha = TEXT_ALPHA_WITH_CODES if project.industries else TEXT_ALPHA_NO_CODES
    upper = project.area_upper
    t = today.toordinal()
    needed = project.needed_by.toordinal() if project.needed_by else t + DEFAULT_NEED_DAYS
    reference = project.max_rent if project.max_rent is not None else rents[project.space_type]
    scored = []
    for offer in offers:
        if not _fits(project, offer):
            continue
        code = industry.best_pair(project.industries, offer.industries)[0]
        site_vector = text.vectors[offer.id]
        cosine = sum(weight * site_vector.get(feature, 0.0) for feature, weight in query.items())
        industry_fit = code + (1 - code) * alpha * min(max(cosine, 0.0) / TEXT_SATURATION, 1.0)

        custom = offer.site_kind == "custom_plant"
        unit = offer.available_area if not custom and offer.min_area is None else max(project.area_min,
                                                                                       offer.min_area or 0.0)
        size = (upper / unit if unit > upper else 1.0) ** SIZE_EXPONENT
        ready = max(t, offer.available_from.toordinal()) if offer.available_from else t
        if custom and offer.lead_time_days is not None:
            ready += offer.lead_time_days
        timing = min(max(1.0 - (ready - needed) / LATE_HORIZON_DAYS, 0.0), 1.0)
        rent = offer.rent if offer.rent is not None else reference
        rent_fit = 1.0 - RENT_SPREAD * (rent / (rent + reference) if rent + reference > 0 else 0.0)
        unknown = ((project.power_kva is not None and offer.power_kva is None)
                   + (project.floor_load is not None and offer.floor_load is None)
                   + (project.clear_height is not None and offer.clear_height is None)
                   + (project.max_rent is not None and offer.rent is None)
                   + (custom and offer.lead_time_days is None))
        space = size * timing * rent_fit * UNCONFIRMED**unknown

        if offer.district == project.home_district:
            locality = HOME
        elif offer.district in project.preferred_districts:
            locality = PREFERRED[min(project.preferred_districts.index(offer.district), len(PREFERRED) - 1)]
        else:
            locality = ELSEWHERE
        score = w_industry * industry_fit + w_space * space + w_locality * locality
        scored.append((-min(max(score, 0.0), 1.0), offer.id))
    scored.sort()
    return [(oid, -neg) for neg, oid in scored[:limit]]


def naive_setup(
    offers: Sequence[OfferRecord], taxonomy: Taxonomy, *, ngram_range: tuple[int, int] = (2, 3)
) -> dict[str, Any]:
    """What :func:`naive_rank` needs besides the project (fitted once, like the index)."""
    rents = reference_rents(OfferColumns.from_offers(offers))
    return {
        "industry": IndustrySimilarity(taxonomy.chain_links).fit(),
        "text": _NaiveText(offers, taxonomy, ngram_range),
        "rents": {s: float(rents[i]) for i, s in enumerate(SPACE_TYPES)},
    }


# --- figures ---------------------------------------------------------------------------------


def default_taxonomy() -> Taxonomy:
    """The taxonomy of the product's data files (read by path: this package imports no other)."""
    return load_taxonomy(
        ROOT / "matchmaker" / "data" / "industries.csv",
        ROOT / "matchmaker" / "data" / "districts.csv",
        ROOT / "sample_data" / "industry_chains.json",
    )


def measure_ranking(
    n_offers: int,
    repeats: int = 50,
    *,
    naive_repeats: int | None = None,
    seed: int = 0,
    taxonomy: Taxonomy | None = None,
) -> dict[str, float]:
    """Time :meth:`OfferIndex.rank` (top 10, with reasons) for one project against ``n_offers`` offers.

    Queries run with the garbage collector on, as in production. Returns ``n_offers``,
    ``n_profiles`` (distinct site texts), ``fit_s``, ``rank_median_ms``, ``rank_p90_ms``,
    ``rank_p99_ms`` and ``rank_worst_ms`` (warm, over ``repeats`` queries of varied projects),
    ``memory_mb`` (the fitted arrays and matrices), ``peak_rss_mb`` (this process's peak RSS
    while it built the offers, fitted and ranked, sampled), ``naive_median_ms`` (the
    pure-Python loop, over ``naive_repeats`` queries, default ``min(repeats, 5)``) and ``speedup``.
    """
    taxonomy = taxonomy or default_taxonomy()
    with PeakRss(children=False) as memory:
        offers = synthetic_offers(n_offers, seed)
        projects = [synthetic_project(seed * 1000 + i) for i in range(max(repeats, 1))]
        started = time.perf_counter()
        index = OfferIndex(taxonomy).fit(offers)
        fit_s = time.perf_counter() - started
        for project in projects[:5]:  # warm the caches (industry rows, allocator)
            index.rank(project, today=BENCH_TODAY)
        times = []
        for project in projects:
            started = time.perf_counter()
            index.rank(project, today=BENCH_TODAY)
            times.append((time.perf_counter() - started) * 1000)
    naive = naive_setup(offers, taxonomy)
    naive_times = []
    for project in projects[: naive_repeats or min(repeats, 5)]:
        started = time.perf_counter()
        naive_rank(project, offers, today=BENCH_TODAY, **naive)
        naive_times.append((time.perf_counter() - started) * 1000)
    median = statistics.median(times)
    naive_median = statistics.median(naive_times)
    p90, p99 = np.percentile(times, [90, 99])
    return {
        "n_offers": n_offers,
        "n_profiles": int(index.profile_codes_.shape[1]),
        "fit_s": round(fit_s, 3),
        "rank_median_ms": round(median, 3),
        "rank_p90_ms": round(float(p90), 3),
        "rank_p99_ms": round(float(p99), 3),
        "rank_worst_ms": round(max(times), 3),
        "memory_mb": round(index.nbytes / 1e6, 2),
        "peak_rss_mb": round(memory.peak_mb, 1),
        "naive_median_ms": round(naive_median, 1),
        "speedup": round(naive_median / median, 1),
    }
