"""`matchmaker bench`: figures for speed and memory, measured on synthetic data, printed."""

from __future__ import annotations

import csv
import multiprocessing
import random
import resource
import tempfile
import time
from datetime import timedelta
from pathlib import Path

import click

from models.db import create_engine
from models.user import Role, create_user, issue_token

from .migrate import upgrade_database

INDUSTRIES = ["C3823", "C3824", "C3670", "C3441", "C3443", "C3587", "C3581", "C2231", "C3841", "I6513"]
DISTRICTS = ["鹿城区", "龙湾区", "瓯海区", "乐清市", "瑞安市", "永嘉县", "平阳县", "苍南县", "龙港市", "温州海经区"]


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def write_projects_csv(path: Path, rows: int, *, incubators: list[str], seed: int = 1) -> None:
    """A synthetic projects file in the import's Chinese columns."""
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["孵化器", "名称", "行业代码", "简介", "阶段", "团队人数", "营业收入", "空间类型",
                         "需求面积下限", "需求面积上限", "需求日期", "洁净室", "意向区县"])
        for i in range(rows):
            low = rng.randint(2, 200) * 50
            writer.writerow([
                incubators[i % len(incubators)], f"测试项目{i:06d}", rng.choice(INDUSTRIES), "基准测试用的合成项目",
                rng.choice(["创业苗圃", "孵化", "加速"]), rng.randint(3, 200), rng.randint(0, 5000),
                rng.choice(["办公", "研发", "厂房"]), low, low * 2, f"2027-{rng.randint(1, 12):02d}-01",
                rng.choice(["是", "否"]), rng.choice(DISTRICTS),
            ])


def _timed_import(url: str, path: str, queue) -> None:
    # Runs in a fresh process, so its peak RSS is the import's own.
    from api.imports.importer import run_import
    from api.imports.reader import open_table
    from models.db import create_sessionmaker
    from models.user import User

    engine = create_engine(url)
    session = create_sessionmaker(engine)()
    user = session.query(User).filter_by(username="bench").one()
    started = time.perf_counter()
    with open(path, "rb") as stream:
        report = run_import("projects", open_table(Path(path).name, stream), session=session, user=user)
    session.commit()
    seconds = time.perf_counter() - started
    queue.put({"seconds": seconds, "created": report.created, "errors": report.errors[:3],
               "peak_rss_mb": _peak_rss_mb()})


def bench_import(rows: int) -> dict[str, float]:
    """Import `rows` synthetic projects into a fresh SQLite database through the import code path."""
    from models.db import create_sessionmaker
    from models.incubator import create_incubator

    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        engine = create_engine(url)
        upgrade_database(engine)
        session = create_sessionmaker(engine)()
        names = [f"基准孵化器{i:02d}" for i in range(20)]
        for i, name in enumerate(names):
            create_incubator({"name": name, "district": DISTRICTS[i % len(DISTRICTS)], "industries": []}, session=session)
        create_user("bench", "bench-password", Role.admin, session=session)
        session.commit()
        session.close()
        engine.dispose()
        path = Path(tmp) / "projects.csv"
        write_projects_csv(path, rows, incubators=names)
        context = multiprocessing.get_context("spawn")
        queue = context.Queue()
        child = context.Process(target=_timed_import, args=(url, str(path), queue))
        child.start()
        figures = queue.get()
        child.join()
        size_mb = path.stat().st_size / 1e6
    if figures["errors"]:
        raise click.ClickException(f"benchmark import failed: {figures['errors']}")
    return {**figures, "rows": rows, "file_mb": size_mb, "rows_per_s": rows / figures["seconds"]}


@click.group("bench")
def bench_group() -> None:
    """Benchmarks that print their figures (run on demand, not in CI)."""


@bench_group.command("import")
@click.option("--rows", default=100_000, show_default=True, type=click.IntRange(1, 10_000_000))
def bench_import_command(rows: int) -> None:
    """Time a bulk import of synthetic project rows into a fresh SQLite database."""
    figures = bench_import(rows)
    click.echo(
        f"import projects: {figures['rows']} rows ({figures['file_mb']:.1f} MB CSV) in {figures['seconds']:.1f} s"
        f" = {figures['rows_per_s']:.0f} rows/s; peak RSS of the importing process {figures['peak_rss_mb']:.0f} MB"
    )


def _http_ranking_p50(n_offers: int, requests: int = 50) -> float:
    """Median ms of GET …/site-matches over real HTTP on loopback, against `n_offers` offers."""
    import statistics
    import threading
    import urllib.request
    from json import loads

    from werkzeug.serving import make_server

    from matching.bench import synthetic_offers, synthetic_project
    from models.db import create_sessionmaker
    from models.incubator import create_incubator
    from models.project_service import create_project
    from models.site_service import create_site

    from . import create_app

    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        engine = create_engine(url)
        upgrade_database(engine)
        session = create_sessionmaker(engine)()
        sites: dict[int, dict] = {}
        for record in synthetic_offers(n_offers, seed=0):
            site = sites.setdefault(record.site_id, {
                "kind": record.site_kind, "name": record.site_name, "district": record.district,
                "industries": list(record.industries), "description": record.description, "offers": []})
            site["offers"].append({
                "space_type": record.space_type, "available_area": record.available_area, "min_area": record.min_area,
                "max_area": record.max_area, "rent": record.rent, "available_from": record.available_from,
                "floor_load": record.floor_load, "clear_height": record.clear_height, "power_kva": record.power_kva,
                "clean_room": record.clean_room, "hazardous_allowed": record.hazardous_allowed,
                "lead_time_days": record.lead_time_days})
        for site in sites.values():
            create_site(site, session=session)
        need = synthetic_project(seed=7)
        incubator = create_incubator({"name": "基准孵化器", "district": need.home_district or "330302",
                                      "industries": []}, session=session)
        project = create_project({
            "name": "基准项目", "incubator_id": incubator.id, "industries": list(need.industries),
            "description": need.description, "space_need": {
                "space_type": need.space_type, "area_min": need.area_min, "area_max": need.area_max,
                "needed_by": need.needed_by, "clean_room": need.clean_room, "hazardous": need.hazardous}},
            actor="bench", session=session)
        user = create_user("bench", "bench-password", Role.promotion, session=session)
        token, _ = issue_token(user, ttl=timedelta(hours=1), session=session)
        session.commit()
        session.close()
        engine.dispose()
        app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench", "LOG_LEVEL": "WARNING"})
        server = make_server("127.0.0.1", 0, app, threaded=True)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        endpoint = f"http://127.0.0.1:{server.server_port}/api/v1/projects/{project.id}/site-matches?limit=10"
        request = urllib.request.Request(endpoint, headers={"Authorization": f"Bearer {token}"})
        times = []
        try:
            for i in range(requests + 3):
                started = time.perf_counter()
                with urllib.request.urlopen(request, timeout=30) as response:
                    assert len(loads(response.read())["items"]) > 0
                if i >= 3:  # the first requests build the index
                    times.append((time.perf_counter() - started) * 1000)
        finally:
            server.shutdown()
            app.extensions["matchmaker.db"].engine.dispose()
        return statistics.median(times)


@bench_group.command("ranking")
@click.option("--http-offers", default=10_000, show_default=True, type=click.IntRange(0, 1_000_000),
              help="offers in the database for the HTTP figure (0 to skip it)")
def bench_ranking_command(http_offers: int) -> None:
    """Ranking speed in-process (10,000 and 100,000 offers) and over HTTP, and the quality figures."""
    from matching.bench import load_scenarios, measure_ranking, quality

    for n in (10_000, 100_000):
        m = measure_ranking(n, repeats=50)
        click.echo(
            f"rank 1 project vs {n:>7,} offers: median {m['rank_median_ms']:.2f} ms, p90 {m['rank_p90_ms']:.2f} ms"
            f" (fit {m['fit_s']:.2f} s, cached matrices {m['memory_mb']:.1f} MB);"
            f" naive per-pair Python loop {m['naive_median_ms']:.0f} ms = {m['speedup']:.0f}x slower"
        )
    if http_offers:
        click.echo(f"GET /projects/{{id}}/site-matches vs {http_offers:,} offers over HTTP (loopback, warm):"
                   f" p50 {_http_ranking_p50(http_offers):.1f} ms")
    q = quality(load_scenarios())
    click.echo(f"quality over {q['n_scenarios']} labelled scenarios: NDCG@3 {q['ndcg_at_3']:.3f},"
               f" top-1 accuracy {q['top1_accuracy']:.3f}")


@bench_group.command("assign")
@click.option("--instances", type=click.Path(file_okay=False, path_type=Path), default=Path("../shared/bench/assignment"),
              show_default=True, help="folder of .npz assignment instances")
@click.option("--time-limit", type=float, default=None, help="seconds per instance (default: per-instance targets)")
def bench_assign_command(instances: Path, time_limit: float | None) -> None:
    """Assignment quality and speed on benchmark instances, next to plain greedy."""
    from matching.assign_bench import format_table, run_benchmark

    if not instances.is_dir() or not any(instances.glob("*.npz")):
        raise click.ClickException(f"no .npz instances in {instances}")
    click.echo(format_table(run_benchmark(instances, time_limit_s=time_limit)))


@bench_group.command("pages")
@click.option("--repeat", default=20, show_default=True, type=click.IntRange(2, 10_000), help="timed requests per page")
@click.option("--http", is_flag=True, help="through a threaded server on loopback instead of the test client")
def bench_pages_command(repeat: int, http: bool) -> None:
    """Time the staff pages on the demo sample (temporary SQLite): median and p95 per page."""
    from .web.bench import map_build_ms, measure_pages

    timings, size = measure_pages(repeat, http=http)
    via = "HTTP on loopback (threaded werkzeug)" if http else "the Flask test client"
    click.echo(f"staff pages on the demo sample ({size['projects']} projects, {size['graduated']} graduated,"
               f" {size['sites']} sites; SQLite), signed in as admin, {repeat} requests each via {via}:")
    click.echo(f"{'median ms':>9} {'p95 ms':>7} {'first ms':>8} {'KB':>4}  page")
    for t in timings:
        click.echo(f"{t.median_ms:>9.1f} {t.p95_ms:>7.1f} {t.first_ms:>8.1f} {t.kilobytes:>4.0f}  {t.path}  {t.label}")
    click.echo(f"district map: built once per process in {map_build_ms():.0f} ms (at server start, not on a request)")
