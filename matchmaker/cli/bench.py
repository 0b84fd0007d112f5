"""`matchmaker bench …` and `matchmaker loadtest`: the commands; what they measure is in `benchmarks/`."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from benchmarks.calibration import Calibration

# Each command imports its measuring code when it runs: serving the product never loads `benchmarks`.


@contextmanager
def calibrated() -> Iterator[Calibration]:
    """Print the host's calibration line first and what the machine did during the run last."""
    from benchmarks.calibration import RunMeter, calibrate

    calibration = calibrate()
    click.echo(calibration.line())
    meter = RunMeter()
    yield calibration
    click.echo(meter.line())


@click.group("bench")
def bench_group() -> None:
    """Benchmarks that print their figures (run on demand, not in CI)."""


@bench_group.command("import")
@click.option("--rows", default=100_000, show_default=True, type=click.IntRange(1, 10_000_000))
def bench_import_command(rows: int) -> None:
    """Time a bulk import of synthetic project rows into a fresh SQLite database."""
    from benchmarks.imports import bench_import

    with calibrated() as calibration:
        try:
            figures = bench_import(rows)
        except RuntimeError as exc:
            raise click.ClickException(str(exc)) from None
        per_thousand_ms = figures["cpu_seconds"] * 1e6 / figures["rows"]
        click.echo(
            f"import projects: {figures['rows']} rows ({figures['file_mb']:.1f} MB CSV) in {figures['seconds']:.1f} s"
            f" = {figures['rows_per_s']:.0f} rows/s; CPU {figures['cpu_seconds']:.1f} s"
            f" = {calibration.in_loops(per_thousand_ms):.2f} loop per 1,000 rows;"
            f" peak RSS of the importing process {figures['peak_rss_mb']:.0f} MB"
            f" ({figures['start_rss_mb']:.0f} MB before it read the file), sampled every 20 ms"
        )


@bench_group.command("cli")
@click.option("--repeats", default=10, show_default=True, type=click.IntRange(1, 100))
def bench_cli_command(repeats: int) -> None:
    """Start-up time of the `matchmaker` command (target: `--help` under 1 s)."""
    from benchmarks.cli_start import measure_start

    with calibrated() as calibration:
        for label, f in measure_start(repeats).items():
            click.echo(f"{label:<22} median {f['median']:.2f} s (min {f['min']:.2f}, max {f['max']:.2f}) over {repeats}"
                       f" runs = {calibration.in_loops(1000 * f['median']):.1f} loop")


@bench_group.command("ranking")
@click.option("--http-offers", default=10_000, show_default=True, type=click.IntRange(0, 1_000_000),
              help="offers in the database for the HTTP figure (0 to skip it)")
@click.option("--offers", "sizes", default="10000,100000", show_default=True,
              help="comma-separated numbers of offers to rank against in-process (1000000: the province-scale run)")
@click.option("--repeat", default=200, show_default=True, type=click.IntRange(5, 100_000),
              help="timed queries per size")
def bench_ranking_command(http_offers: int, sizes: str, repeat: int) -> None:
    """Ranking speed in-process (10,000 and 100,000 offers) and over HTTP, and the quality figures."""
    try:
        counts = [int(part.replace("_", "")) for part in sizes.split(",") if part.strip()]
    except ValueError:
        raise click.BadParameter("give whole numbers separated by commas", param_hint="--offers") from None
    from benchmarks.quality import load_scenarios, quality
    from benchmarks.ranking import measure_ranking
    from benchmarks.ranking_http import http_ranking_p50

    with calibrated() as calibration:
        for n in counts:
            m = measure_ranking(n, repeats=repeat)
            click.echo(
                f"rank 1 project vs {n:>7,} offers, {repeat} queries, GC on: median {m['rank_median_ms']:.2f} ms"
                f" ({m['rank_median_ms'] / calibration.numpy_ms:.3f} numpy kernel), p99 {m['rank_p99_ms']:.2f} ms,"
                f" worst {m['rank_worst_ms']:.2f} ms (fit {m['fit_s']:.2f} s, cached matrices {m['memory_mb']:.1f} MB,"
                f" peak RSS {m['peak_rss_mb']:.0f} MB); plain per-pair Python loop {m['naive_median_ms']:.1f} ms"
                f" ({calibration.in_loops(m['naive_median_ms']):.3f} loop) = {m['speedup']:.0f}x slower"
            )
        if http_offers:
            click.echo(f"GET /projects/{{id}}/site-matches vs {http_offers:,} offers over HTTP (loopback, warm):"
                       f" p50 {http_ranking_p50(http_offers):.1f} ms")
        q = quality(load_scenarios())
        click.echo(f"quality over {q['n_scenarios']} labelled scenarios: NDCG@3 {q['ndcg_at_3']:.3f},"
                   f" top-1 accuracy {q['top1_accuracy']:.3f}")
        from benchmarks.quality import judged_quality, load_judgements

        j = judged_quality(load_judgements())
        click.echo(f"quality on the team's judgements ({j['n_judgements']} judgements, {j['n_cases']} projects):"
                   f" NDCG@3 {j['ndcg_at_3']:.3f}, top-1 accuracy {j['top1_accuracy']:.3f},"
                   f" infeasible offers returned {j['infeasible_returned']}")


@bench_group.command("carriers")
@click.option("--carriers", "sizes", default="300,10000", show_default=True,
              help="comma-separated numbers of carriers to rank against in-process")
@click.option("--repeat", default=200, show_default=True, type=click.IntRange(5, 100_000),
              help="timed queries per size")
def bench_carriers_command(sizes: str, repeat: int) -> None:
    """Speed of 寻找下一站 (carrier-matches) in-process (target: 10,000 carriers under 20 ms per query)."""
    try:
        counts = [int(part.replace("_", "")) for part in sizes.split(",") if part.strip()]
    except ValueError:
        raise click.BadParameter("give whole numbers separated by commas", param_hint="--carriers") from None
    from benchmarks.carriers import measure_carrier_matching, measure_carrier_service

    with calibrated() as calibration:
        for n in counts:
            m = measure_carrier_matching(n, repeats=repeat)
            click.echo(
                f"rank 1 team vs {n:>6,} carriers, {repeat} queries, GC on: median {m['rank_median_ms']:.2f} ms"
                f" ({m['rank_median_ms'] / calibration.numpy_ms:.4f} numpy kernel), p90 {m['rank_p90_ms']:.2f} ms,"
                f" p99 {m['rank_p99_ms']:.2f} ms, worst {m['rank_worst_ms']:.2f} ms; fit {m['fit_ms']:.1f} ms;"
                f" fit and rank as the API does per request: median {m['fit_and_rank_median_ms']:.1f} ms"
            )
            service = measure_carrier_service(n)
            click.echo(f"  the whole service call on SQLite (read carriers and room, fit, rank):"
                       f" median {service['service_median_ms']:.1f} ms")


@bench_group.command("assign")
@click.option("--instances", type=click.Path(file_okay=False, path_type=Path), default=Path("../shared/bench/assignment"),
              show_default=True, help="folder of .npz assignment instances")
@click.option("--time-limit", type=float, default=None, help="seconds per instance (default: per-instance targets)")
@click.option("--repeat", default=1, show_default=True, type=click.IntRange(1, 1000),
              help="runs of every instance; above 1, also best / median / worst per instance")
@click.option("--only", multiple=True, help="run only this instance (file name without .npz); repeatable")
@click.option("--ranges", is_flag=True, help="instead: the generated instance with need ranges (no folder needed)")
@click.option("--busy", default=0, show_default=True, type=click.IntRange(0, 64),
              help="also run every instance with this many neighbour processes burning a core each; prints both")
@click.option("--generate", metavar="PROJECTSxOFFERS",
              help="instead: write a province-scale instance of this size (e.g. 100000x10000) into --out")
@click.option("--seed", default=1, show_default=True, type=int, help="with --generate: the instance's seed")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("bench-instances"),
              show_default=True, help="with --generate: the folder to write it in")
def bench_assign_command(instances: Path, time_limit: float | None, repeat: int, only: tuple[str, ...],
                         ranges: bool, busy: int, generate: str | None, seed: int, out: Path) -> None:
    """Assignment quality and speed on benchmark instances, next to plain greedy."""
    from benchmarks.assignment import (
        format_distribution,
        format_side_by_side,
        format_table,
        run_benchmark,
        run_ranges_benchmark,
        summarise_runs,
    )
    from benchmarks.assignment_load import (
        BusyNeighbours,
        load_average,
        parse_size,
        province_instance,
        write_instance,
    )

    if generate:
        try:
            n, m = parse_size(generate)
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="--generate") from None
        problem = province_instance(n, m, seed=seed)
        path = write_instance(problem, out / f"P{n}x{m}s{seed}.npz")
        click.echo(f"wrote {path}: {problem.n:,} projects, {problem.m:,} offers, {problem.n_pairs:,} pairs"
                   f" ({problem.n_pairs / max(problem.n, 1):.1f} per project), demand {problem.area.sum() / problem.cap.sum():.2f}"
                   f" x supply")
        click.echo(f"run it: matchmaker bench assign --instances {out} --only {path.stem} --time-limit 30")
        return

    if ranges:
        with calibrated():
            row, figures = run_ranges_benchmark(time_limit_s=time_limit or 10.0)
            click.echo(format_table([row]))
            click.echo(f"placed {figures['placed']} of {row['n']} projects; {figures['enlarged']} of the"
                       f" {figures['ranged_placed']} placed with a range got more than their minimum; assigned area ="
                       f" {100 * figures['area_share_of_minimum']:.1f}% of their minimums,"
                       f" {100 * figures['area_share_of_wanted']:.1f}% of the most they asked for")
        return

    if not instances.is_dir() or not any(instances.glob("*.npz")):
        raise click.ClickException(f"no .npz instances in {instances}")
    missing = [name for name in only if not (instances / f"{name}.npz").is_file()]
    if missing:
        raise click.ClickException(f"no instance {', '.join(missing)} in {instances}")
    with calibrated():
        runs, busy_runs = [], []
        for number in range(1, repeat + 1):
            rows = run_benchmark(instances, time_limit_s=time_limit, only=frozenset(only) or None)
            runs.append(rows)
            if repeat > 1:
                click.echo(f"run {number} of {repeat}")
            click.echo(format_table(rows))
            if busy:
                with BusyNeighbours(busy):
                    click.echo(f"with {busy} busy neighbour(s), load average {load_average():.2f}:")
                    busy_rows = run_benchmark(instances, time_limit_s=time_limit, only=frozenset(only) or None)
                busy_runs.append(busy_rows)
                click.echo(format_table(busy_rows))
                click.echo(f"idle and with {busy} busy neighbour(s), side by side:")
                click.echo(format_side_by_side(rows, busy_rows, busy))
        if repeat > 1:
            click.echo(f"over {repeat} runs:")
            click.echo(format_distribution(summarise_runs(runs)))
            if busy:
                click.echo(f"over {repeat} runs with {busy} busy neighbour(s):")
                click.echo(format_distribution(summarise_runs(busy_runs)))


@bench_group.command("pages")
@click.option("--repeat", default=20, show_default=True, type=click.IntRange(2, 10_000), help="timed requests per page")
@click.option("--http", is_flag=True, help="through a threaded server on loopback instead of the test client")
def bench_pages_command(repeat: int, http: bool) -> None:
    """Time the staff pages on the demo sample (temporary SQLite): median and p95 per page."""
    from benchmarks.pages import map_build_ms, measure_pages

    with calibrated():
        timings, size = measure_pages(repeat, http=http)
        via = "HTTP on loopback (threaded werkzeug)" if http else "the Flask test client"
        click.echo(f"staff pages on the demo sample ({size['projects']} projects, {size['graduated']} graduated,"
                   f" {size['sites']} sites; SQLite), signed in as admin, {repeat} requests each via {via}:")
        click.echo(f"{'median ms':>9} {'p95 ms':>7} {'first ms':>8} {'KB':>4}  page")
        for t in timings:
            click.echo(f"{t.median_ms:>9.1f} {t.p95_ms:>7.1f} {t.first_ms:>8.1f} {t.kilobytes:>4.0f}  {t.path}  {t.label}")
        click.echo(f"district map: built once per process in {map_build_ms():.0f} ms (at server start, not on a request)")


@click.command("loadtest")
@click.option("--database-url", help="an empty PostgreSQL database to use (default: a temporary SQLite file)")
@click.option("--reset", is_flag=True, help="with --database-url: drop everything in it first")
@click.option("--clients", default=32, show_default=True, type=click.IntRange(1, 1000))
@click.option("--duration", default=60.0, show_default=True, type=click.FloatRange(0.5), help="seconds measured")
@click.option("--warmup", default=3.0, show_default=True, type=click.FloatRange(0), help="seconds not measured")
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 64), help="gunicorn workers")
@click.option("--threads", default=4, show_default=True, type=click.IntRange(1, 64), help="threads per worker")
@click.option("--seed", default=8, show_default=True, type=int)
@click.option("--server-log", type=click.Path(dir_okay=False, path_type=Path), help="append the server's output here")
@click.option("--assignment", "assignment_s", default=0.0, show_default=True, type=click.FloatRange(0, 120),
              help="also run assignments of every graduated project back to back, with this time limit (s)")
@click.option("--solver-processes", type=click.IntRange(0, 64),
              help="the server's SOLVER_PROCESSES (default: its own setting; 0 solves in the request's thread)")
def loadtest_command(database_url, reset, clients, duration, warmup, workers, threads, seed, server_log,
                     assignment_s, solver_processes) -> None:
    """Serve the demo sample on a fresh database and measure it under the signing-morning mix."""
    from benchmarks.loadtest import is_database_empty, reset_database, run_loadtest

    if database_url and not is_database_empty(database_url):
        if not reset:
            raise click.ClickException("the database is not empty: give an empty one, or --reset to wipe it")
        reset_database(database_url)
    report = run_loadtest(database_url=database_url, clients=clients, duration=duration, warmup=warmup,
                          workers=workers, threads=threads, seed=seed, echo=click.echo, server_log=server_log,
                          assignment_s=assignment_s, solver_processes=solver_processes)
    if report.errors:
        raise click.ClickException(f"{report.errors} error(s)")


@bench_group.command("serialisation")
@click.option("--dumps", default=300, show_default=True, type=click.IntRange(10, 100_000), help="timed dumps per read")
@click.option("--requests", default=100, show_default=True, type=click.IntRange(10, 100_000),
              help="timed requests per read")
def bench_serialisation_command(dumps: int, requests: int) -> None:
    """What api/dumping.py's FastSchema saves per request on the heaviest reads, against marshmallow's dump."""
    from benchmarks.serialisation import measure_dumping

    with calibrated():
        for line in measure_dumping(dumps=dumps, requests=requests):
            click.echo(line)


@bench_group.command("profile")
@click.option("--requests", default=200, show_default=True, type=click.IntRange(10, 100_000),
              help="timed requests per kind of read (a tenth as many rounds of writes)")
@click.option("--database-url", help="an empty PostgreSQL database to use (default: a temporary SQLite file)")
@click.option("--top", is_flag=True, help="also our five functions with the most self time per kind")
def bench_profile_command(requests: int, database_url: str | None, top: bool) -> None:
    """Where the server's CPU goes for each kind of request of the load test (Flask test client, cProfile)."""
    from benchmarks.loadtest import is_database_empty
    from benchmarks.profiling import LAYERS, OTHER, profile_request_mix

    if database_url and not is_database_empty(database_url):
        raise click.ClickException("the database is not empty: give an empty one")
    with calibrated() as calibration:
        profiles = profile_request_mix(requests, database_url=database_url)
        layers = [name for name, _ in LAYERS] + [OTHER]
        click.echo("CPU ms per request, in this process (test client included), split by the profile's self time:")
        click.echo(f"| kind | requests | SQL statements | CPU ms | loop | {' | '.join(layers)} |")
        click.echo("|---|---|---|---|---|" + "---|" * len(layers))
        for p in profiles:
            cells = " | ".join(f"{p.layers.get(name, 0.0):.2f}" for name in layers)
            click.echo(f"| {p.kind} | {p.requests} | {p.statements:.1f} | {p.cpu_ms:.2f} | {calibration.in_loops(p.cpu_ms):.4f} | {cells} |")
        if top:
            for p in profiles:
                click.echo(f"{p.kind}: " + "; ".join(f"{name} {ms:.2f} ms" for name, ms in p.top))
