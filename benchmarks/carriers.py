"""Benchmark of the carrier matching (寻找下一站): :class:`~matching.carriers.CarrierIndex` on invented carriers.

* :func:`synthetic_carriers` / :func:`synthetic_team` — Wenzhou carriers of every kind with
  focus industries, ratings and room, and teams looking for their next stage, repeatable by seed.
* :func:`measure_carrier_matching` — the fit, and the median (p90, p99, worst) time of one
  ``rank`` (top 10 with reasons) against ``n`` carriers; and the whole query as the API runs it
  (fit, then rank) for comparison.

Run ``matchmaker bench carriers`` to print the figures.

Examples
--------
>>> carriers = synthetic_carriers(30, seed=1)
>>> len({c.id for c in carriers}), {c.kind for c in carriers} <= set(CARRIER_KINDS)
(30, True)
"""

from __future__ import annotations

import statistics
import time

import numpy as np

from matching.carriers import CarrierIndex, CarrierRecord, TeamNeed, team_need
from matching.carriers.types import CARRIER_KINDS, CHAIN_STAGES, LEVELS
from matching.types import Taxonomy

from models.incubator import KIND_STAGES as DEFAULT_STAGES
from models.labels import INCUBATOR_KIND_NAMES

from .ranking import DISTRICTS, SITE_WORDS, TOPICS, _choice, default_taxonomy

__all__ = ["measure_carrier_matching", "measure_carrier_service", "synthetic_carriers", "synthetic_team"]

# The product's own defaults: the stages each kind hosts, and its Chinese name for a carrier's tail.
KIND_STAGES = {str(kind): stages for kind, stages in DEFAULT_STAGES.items()}
KIND_TAILS = INCUBATOR_KIND_NAMES


def synthetic_carriers(n: int, seed: int = 0) -> list[CarrierRecord]:
    """``n`` invented carriers: kinds, 0–3 focus industries, ratings, and room by space type."""
    rng = np.random.default_rng(seed)
    carriers = []
    for i in range(n):
        kind = _choice(rng, CARRIER_KINDS)
        codes = tuple(TOPICS[int(j)][0] for j in rng.choice(len(TOPICS), size=int(rng.integers(0, 4)), replace=False))
        vacant = {"office": float(round(rng.uniform(0, 800), -1))}
        if rng.random() < 0.5:
            vacant["lab"] = float(round(rng.uniform(0, 500), -1))
        if kind in ("accelerator", "university_park") and rng.random() < 0.6:
            vacant["pilot_plant"] = float(round(rng.uniform(0, 3000), -1))
        carriers.append(CarrierRecord(
            id=i + 1, name=f"温州{_choice(rng, SITE_WORDS)}{KIND_TAILS[kind]}{i}", kind=kind,
            district=_choice(rng, DISTRICTS), industries=codes, level=_choice(rng, LEVELS),
            demonstration=bool(rng.random() < 0.1), stages=KIND_STAGES[kind], vacant_area=vacant,
            vacant_desks=int(rng.integers(0, 60)) if kind in ("maker_space", "incubator", "university_park") else 0,
        ))
    return carriers


def synthetic_team(seed: int = 0, *, n_carriers: int = 1) -> TeamNeed:
    """An invented team looking for its next carrier, with the need the product derives."""
    rng = np.random.default_rng(seed)
    code = _choice(rng, TOPICS)[0]
    codes = (code,) if rng.random() < 0.7 else (code, _choice(rng, TOPICS)[0])
    stage = _choice(rng, CHAIN_STAGES)
    space = _choice(rng, (None, None, ("lab", float(round(rng.uniform(50, 300), -1)))))
    return team_need(
        id=seed + 1, name=f"团队{seed}", industries=codes if rng.random() < 0.9 else (), stage=stage,
        team_size=int(rng.integers(2, 40)), space_need=space, home_district=_choice(rng, DISTRICTS),
        preferred_districts=tuple(_choice(rng, DISTRICTS) for _ in range(int(rng.integers(0, 3)))),
        current_carrier_id=int(rng.integers(1, n_carriers + 1)),
    )


def measure_carrier_matching(
    n_carriers: int, repeats: int = 200, *, seed: int = 0, taxonomy: Taxonomy | None = None
) -> dict[str, float]:
    """Time ``CarrierIndex.rank`` (top 10, with reasons) for one team against ``n_carriers`` carriers.

    Returns ``fit_ms``, ``rank_median_ms``, ``rank_p90_ms``, ``rank_p99_ms``, ``rank_worst_ms``
    (warm, GC on, over ``repeats`` varied teams) and ``fit_and_rank_median_ms`` (the API's
    path, which fits per request, over a few queries).
    """
    taxonomy = taxonomy or default_taxonomy()
    carriers = synthetic_carriers(n_carriers, seed)
    teams = [synthetic_team(seed * 1000 + i, n_carriers=n_carriers) for i in range(max(repeats, 1))]
    started = time.perf_counter()
    index = CarrierIndex(taxonomy).fit(carriers)
    fit_ms = (time.perf_counter() - started) * 1000
    for team in teams[:5]:  # warm the industry rows and the allocator
        index.rank(team)
    times = []
    for team in teams:
        started = time.perf_counter()
        index.rank(team)
        times.append((time.perf_counter() - started) * 1000)
    whole = []
    for team in teams[:5]:
        started = time.perf_counter()
        CarrierIndex(taxonomy).fit(carriers).rank(team)
        whole.append((time.perf_counter() - started) * 1000)
    p90, p99 = np.percentile(times, [90, 99])
    return {
        "n_carriers": n_carriers,
        "fit_ms": round(fit_ms, 2),
        "rank_median_ms": round(statistics.median(times), 3),
        "rank_p90_ms": round(float(p90), 3),
        "rank_p99_ms": round(float(p99), 3),
        "rank_worst_ms": round(max(times), 3),
        "fit_and_rank_median_ms": round(statistics.median(whole), 2),
    }


def measure_carrier_service(n_carriers: int, repeats: int = 10, *, seed: int = 0) -> dict[str, float]:
    """Median ms of the whole `services.carrier_matches.rank_carriers_for_project` on SQLite with ``n_carriers``.

    What `GET …/carrier-matches` does past HTTP: load the carriers and their room (one query
    for the spaces, the ORM for the carriers), fit the index, rank, build the items.
    """
    import tempfile
    from pathlib import Path

    import sqlalchemy as sa

    from matchmaker.migrate import upgrade_database
    from models.carrier import CarrierSpaceType, Space
    from models.db import create_engine, create_sessionmaker
    from models.incubator import (
        Incubator,
        IncubatorIndustry,
        IncubatorKind,
        IncubatorLevel,
        IncubatorStage,
    )
    from models.project_service import create_project
    from services.carrier_matches import rank_carriers_for_project

    carriers = synthetic_carriers(n_carriers, seed)
    with tempfile.TemporaryDirectory() as tmp:
        engine = create_engine(f"sqlite:///{Path(tmp) / 'bench.sqlite3'}")
        upgrade_database(engine)
        session = create_sessionmaker(engine)()
        session.execute(sa.insert(Incubator), [
            {"id": c.id, "name": c.name, "district_code": c.district, "level": IncubatorLevel(c.level),
             "demonstration": c.demonstration, "kind": IncubatorKind(c.kind)} for c in carriers])
        session.execute(sa.insert(IncubatorIndustry), [
            {"incubator_id": c.id, "industry_code": code, "position": i}
            for c in carriers for i, code in enumerate(c.industries)])
        session.execute(sa.insert(IncubatorStage), [{"incubator_id": c.id, "stage": s} for c in carriers for s in c.stages])
        session.execute(sa.insert(Space), [
            {"incubator_id": c.id, "space_type": CarrierSpaceType(t), "name": t, "total_area": area + 100.0}
            for c in carriers for t, area in c.vacant_area.items()])
        project = create_project({"name": "基准团队", "incubator_id": carriers[0].id, "industries": ["C3823"],
                                  "team_size": 8}, actor="bench", session=session)
        session.commit()
        project_id = project.id
        times = []
        for i in range(repeats + 2):
            session.close()  # every request starts with a fresh session, as the API's does
            project = session.get(type(project), project_id)
            started = time.perf_counter()
            found = rank_carriers_for_project(project, session=session)
            if i >= 2:
                times.append((time.perf_counter() - started) * 1000)
            assert found["items"]
        session.close()
        engine.dispose()
    return {"n_carriers": n_carriers, "service_median_ms": round(statistics.median(times), 1)}
