"""`matchmaker loadtest`: the production server on loopback under a signing-morning mix of requests.

The server is the same gunicorn path `matchmaker serve` uses, started as a subprocess on a fresh
database holding the demo sample. Clients are asyncio tasks on one aiohttp session (keep-alive, a C
HTTP parser), so the generator costs a fraction of a core; its CPU time is measured and printed.
Each client owns its own projects, so a 409 from a version race would be the server's fault;
a signing refused because another client took the space is counted apart, as a conflict.
"""

from __future__ import annotations

import asyncio
import os
import random
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any, Callable

import numpy as np
import psutil
import sqlalchemy as sa

from .calibration import Calibration, RunMeter, calibrate
from .loadtest_assignment import Assignments, assign_loop
from .server import ServerProcess

# The mix of the issue: reads and site-matches, project edits and transitions, match steps.
MIX = (("read", 0.70), ("edit", 0.20), ("match", 0.10))
READS = (("projects.list", 0.25), ("projects.get", 0.25), ("sites.list", 0.15), ("site-matches", 0.35))
MATCH_STEPS = ("contact", "visit", "negotiate", "sign", "drop")


@dataclass
class Fixture:
    """What the clients need to know about the loaded sample."""

    admin_token: str
    promotion_token: str
    active: list[tuple[int, int, str, int]]  # (project id, incubator id, stage, version) in the chain
    graduated: list[int]  # graduated projects with a space need and no match under way (the clients' own)
    all_projects: list[int]
    counts: dict[str, int]


def prepare_database(database_url: str) -> Fixture:
    """Migrate, load the demo sample, and make the users and tokens the clients act as."""
    from matchmaker import create_app
    from matchmaker.database import EXTENSION
    from matchmaker.migrate import upgrade_database
    from matchmaker.sample import load_sample_data
    from models.match import OPEN, Match
    from models.project import Project, Stage, Status
    from models.user import Role
    from models.user_service import create_user, issue_token

    app = create_app({"DATABASE_URL": database_url, "SECRET_KEY": "loadtest", "LOG_LEVEL": "WARNING"})
    database = app.extensions[EXTENSION]
    upgrade_database(database.engine)
    with app.app_context():
        session = database.session
        counts = load_sample_data(session=session)
        tokens = []
        for name, role in (("load-admin", Role.admin), ("load-promotion", Role.promotion)):
            user = create_user(name, "load test password", role, session=session)
            tokens.append(issue_token(user, ttl=timedelta(hours=12), session=session)[0])
        session.commit()
        rows = session.execute(sa.select(Project.id, Project.incubator_id, Project.stage, Project.status,
                                         Project.need_space_type, Project.version).order_by(Project.id)).all()
        # The sample follows some graduates already: a client proposing on one of those would meet
        # the match under way (a 409 that is the sample's, not a race between clients).
        followed = set(session.scalars(sa.select(Match.project_id).where(Match.status.in_(OPEN))))
    database.engine.dispose()
    return Fixture(
        admin_token=tokens[0], promotion_token=tokens[1],
        active=[(r.id, r.incubator_id, r.stage.value, r.version) for r in rows if r.status is Status.active
                and r.stage is not Stage.industrialization],
        graduated=[r.id for r in rows if r.status is Status.graduated and r.need_space_type is not None
                   and r.id not in followed],
        all_projects=[r.id for r in rows], counts=counts,
    )


def is_database_empty(database_url: str) -> bool:
    """True when the database has no tables yet."""
    engine = sa.create_engine(database_url)
    try:
        with engine.connect() as conn:
            return not sa.inspect(conn).get_table_names()
    finally:
        engine.dispose()


def reset_database(database_url: str) -> None:
    """Drop everything in a PostgreSQL database's public schema."""
    engine = sa.create_engine(database_url)
    try:
        with engine.begin() as conn:
            conn.exec_driver_sql("DROP SCHEMA IF EXISTS public CASCADE")
            conn.exec_driver_sql("CREATE SCHEMA public")
    finally:
        engine.dispose()


@dataclass
class Results:
    """Every measured request: its category, its latency, and how it ended."""

    latencies: list[float] = field(default_factory=list)
    by_category: Counter = field(default_factory=Counter)
    by_kind: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: Counter = field(default_factory=Counter)
    conflicts: Counter = field(default_factory=Counter)
    examples: dict[str, str] = field(default_factory=dict)  # outcome -> the first problem detail seen
    recording: bool = False

    def record(self, category: str, kind: str, seconds: float, outcome: str | None, detail: Any = None) -> None:
        if not self.recording:
            return
        if outcome is not None and detail is not None:
            self.examples.setdefault(outcome, str(detail)[:200])
        self.latencies.append(seconds)
        self.by_category[category] += 1
        self.by_kind[kind].append(seconds)
        if outcome is not None:
            (self.conflicts if outcome.startswith("conflict") else self.errors)[outcome] += 1


class Client:
    """One simulated staff member working in a loop; owns its projects so its edits never race."""

    def __init__(self, number: int, session: Any, base: str, fixture: Fixture, results: Results,
                 rng: random.Random, owned_active: list[tuple[int, int, str, int]], owned_graduated: list[int]) -> None:
        self.number = number
        self.http = session
        self.base = base + "/api/v1"
        self.fixture = fixture
        self.results = results
        self.rng = rng
        self.admin = {"Authorization": f"Bearer {fixture.admin_token}"}
        self.promotion = {"Authorization": f"Bearer {fixture.promotion_token}"}
        # project id -> [incubator id, stage, known version or None]
        self.projects = {pid: [inc, stage, version] for pid, inc, stage, version in owned_active}
        self.incubators = sorted({row[1] for row in fixture.active})
        self.graduated = owned_graduated
        self.match_state: dict[int, tuple[int, int] | None] = {pid: None for pid in owned_graduated}  # pid -> (match, step)
        self.offer_turn: dict[int, int] = defaultdict(int)
        self.created = 0

    async def call(self, category: str, kind: str, method: str, path: str, *, headers: dict[str, str],
                   json: Any = None, expect: int = 200, conflict: str | None = None,
                   ) -> tuple[int, Any, dict[str, str]]:
        """Send one request and record it; returns (status, body, headers); status 0 is a lost connection."""
        started = time.perf_counter()
        try:
            async with self.http.request(method, self.base + path, headers=headers, json=json) as response:
                body = await response.json(content_type=None) if response.status != 204 else None
                status, out_headers = response.status, dict(response.headers)
        except Exception as exc:  # a connection error is an error, whatever its type
            self.results.record(category, kind, time.perf_counter() - started, f"connection: {type(exc).__name__}")
            return 0, None, {}
        seconds = time.perf_counter() - started
        if status == expect:
            outcome = None
        elif status == 409 and conflict:
            outcome = f"conflict: {conflict}"
        else:
            outcome = f"{status} {method} {kind}"
        detail = body.get("detail") if outcome and isinstance(body, dict) else None
        self.results.record(category, kind, seconds, outcome, detail)
        return status, body, out_headers

    async def run(self, deadline: float) -> None:
        categories, weights = zip(*MIX)
        loop = asyncio.get_running_loop()
        while loop.time() < deadline:
            category = self.rng.choices(categories, weights)[0]
            if category == "match" and not self.graduated:
                category = "read"
            await getattr(self, category)()

    async def read(self) -> None:
        kinds, weights = zip(*READS)
        kind = self.rng.choices(kinds, weights)[0]
        headers = self.rng.choice((self.admin, self.promotion))
        if kind == "projects.list":
            query = self.rng.choice(("", "&status=graduated", "&stage=incubation", "&district=330302"))
            await self.call("read", kind, "GET", f"/projects?page={self.rng.randint(1, 10)}&per_page=20{query}",
                            headers=headers)
        elif kind == "projects.get":
            await self.call("read", kind, "GET", f"/projects/{self.rng.choice(self.fixture.all_projects)}",
                            headers=headers)
        elif kind == "sites.list":
            await self.call("read", kind, "GET", f"/sites?page={self.rng.randint(1, 4)}&per_page=20",
                            headers=headers)
        else:
            await self.call("read", kind, "GET", f"/projects/{self.rng.choice(self.fixture.graduated)}/site-matches"
                            "?limit=10", headers=headers)

    async def edit(self) -> None:
        movable = [pid for pid, (_, stage, _) in self.projects.items() if stage != "industrialization"]
        if not movable:
            await self.register()
            return
        pid = self.rng.choice(movable)
        if self.rng.random() < 0.7:
            await self.patch(pid)
        else:
            await self.transition(pid)

    async def patch(self, pid: int) -> None:
        state = self.projects[pid]
        if state[2] is None:
            status, body, _ = await self.call("edit", "projects.get", "GET", f"/projects/{pid}", headers=self.admin)
            if status != 200:
                return
            state[2] = body["version"]
        change = {"team_size": self.rng.randint(1, 200), "version": state[2]}
        status, body, _ = await self.call("edit", "projects.patch", "PATCH", f"/projects/{pid}", headers=self.admin,
                                          json=change, conflict="version race")
        state[2] = body["version"] if status == 200 else None

    async def transition(self, pid: int) -> None:
        state = self.projects[pid]
        stage = state[1]
        action = "graduate" if stage == "acceleration" or (stage == "incubation" and self.rng.random() < 0.3) \
            else "advance"
        status, body, _ = await self.call("edit", "projects.transition", "POST", f"/projects/{pid}/transitions",
                                          headers=self.admin, json={"action": action, "reason": "压力测试"},
                                          expect=201)
        if status == 201:
            state[1] = body["to_stage"]
            state[2] = None  # the transition moved the version

    async def register(self) -> None:
        self.created += 1
        data = {"name": f"压测项目-{self.number}-{self.created}", "incubator_id": self.rng.choice(self.incubators),
                "industries": ["C3824"], "description": "压力测试登记的项目", "stage": "nursery"}
        status, body, _ = await self.call("edit", "projects.create", "POST", "/projects", headers=self.admin,
                                          json=data, expect=201)
        if status == 201:
            self.projects[body["id"]] = [body["incubator_id"], body["stage"], body["version"]]

    async def match(self) -> None:
        pid = self.rng.choice(self.graduated)
        state = self.match_state[pid]
        if state is None:
            await self.propose(pid)
            return
        match_id, step = state
        action = MATCH_STEPS[step]
        status, _, _ = await self.call("match", f"matches.{action}", "POST", f"/matches/{match_id}/transitions",
                                       headers=self.promotion, json={"action": action, "reason": "压力测试"},
                                       expect=201, conflict="space taken" if action == "sign" else None)
        if action == "drop" or (status != 201 and action != "sign"):
            self.match_state[pid] = None
        elif status == 201:
            self.match_state[pid] = (match_id, step + 1)
        else:  # the space went to another client: let go of this match
            self.match_state[pid] = (match_id, MATCH_STEPS.index("drop"))

    async def propose(self, pid: int) -> None:
        status, body, _ = await self.call("match", "site-matches", "GET", f"/projects/{pid}/site-matches?limit=5",
                                          headers=self.promotion)
        if status != 200 or not body["items"]:
            return
        turn = self.offer_turn[pid]
        self.offer_turn[pid] += 1
        offer = body["items"][turn % len(body["items"])]["offer_id"]
        status, body, _ = await self.call("match", "matches.propose", "POST", "/matches", headers=self.promotion,
                                          json={"project_id": pid, "offer_id": offer}, expect=201)
        if status == 201:
            self.match_state[pid] = (body["id"], 0)


async def _drive(base: str, fixture: Fixture, *, clients: int, duration: float, warmup: float, seed: int,
                 results: Results, assignments: Assignments | None = None) -> float:
    import aiohttp

    rng = random.Random(seed)
    active = fixture.active[:]
    graduated = fixture.graduated[:]
    rng.shuffle(active)
    rng.shuffle(graduated)
    connector = aiohttp.TCPConnector(limit=clients + 1, limit_per_host=clients + 1)
    timeout = aiohttp.ClientTimeout(total=30 + (assignments.time_limit_s if assignments else 0))
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as http:
        workers = [Client(i, http, base, fixture, results, random.Random(seed * 1000 + i),
                          active[i::clients], graduated[i::clients]) for i in range(clients)]
        loop = asyncio.get_running_loop()
        start = loop.time()
        results.recording = False
        tasks = [asyncio.create_task(w.run(start + warmup + duration)) for w in workers]
        if assignments is not None:
            tasks.append(asyncio.create_task(assign_loop(http, base, fixture.admin_token, assignments, results,
                                                         start + warmup + duration)))
        await asyncio.sleep(warmup)
        results.recording = True
        measured_from = loop.time()
        await asyncio.gather(*tasks)
        return loop.time() - measured_from


@dataclass
class Report:
    """The figures of one run."""

    requests: int
    seconds: float
    errors: int
    conflicts: int
    p50_ms: float
    p95_ms: float
    p99_ms: float
    generator_cpu: float
    server_cpu: float
    by_category: dict[str, int]
    lines: list[str]

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def summarise(results: Results, seconds: float, generator_cpu: float, server_cpu: float,
              machine_cpu: float | None = None, database_cpu: float | None = None,
              calibration: Calibration | None = None) -> Report:
    """The figures and the lines printed for them (CPU per request also in calibration loops, if given)."""
    lat = np.array(results.latencies) * 1000 if results.latencies else np.zeros(1)
    p50, p95, p99 = np.percentile(lat, [50, 95, 99])
    total = len(results.latencies)
    lines = [
        f"requests: {total} in {seconds:.1f} s = {total / seconds:.1f} requests/s",
        f"latency:  p50 {p50:.1f} ms  p95 {p95:.1f} ms  p99 {p99:.1f} ms  max {lat.max():.1f} ms",
        "by category: " + ", ".join(f"{c} {results.by_category[c]} ({results.by_category[c] / max(total, 1):.0%})"
                                    for c, _ in MIX),
    ]
    for kind, values in sorted(results.by_kind.items()):
        ms = np.array(values) * 1000
        lines.append(f"  {kind:<20} {len(values):>7}  p50 {np.percentile(ms, 50):6.1f} ms  "
                     f"p99 {np.percentile(ms, 99):6.1f} ms")
    lines.append(f"conflicts (expected: signing when another client took the space; version races): "
                 f"{sum(results.conflicts.values())}" + "".join(f"\n  {k}: {n}  e.g. {results.examples.get(k, '')}" for k, n in results.conflicts.items()))
    lines.append(f"errors (5xx, lost connections, unexpected 4xx): {sum(results.errors.values())}"
                 + "".join(f"\n  {k}: {n}  e.g. {results.examples.get(k, '')}" for k, n in results.errors.most_common(10)))
    lines.append(f"CPU: load generator {generator_cpu:.1f} s ({generator_cpu / seconds:.0%} of one core), "
                 f"server {server_cpu:.1f} s ({server_cpu / seconds:.0%} of one core, "
                 f"{server_cpu / max(total, 1) * 1000:.1f} ms per request"
                 + (f" = {calibration.in_loops(server_cpu / max(total, 1) * 1000):.4f} loop" if calibration else "")
                 + "); "
                 f"{os.cpu_count()} cores, load average {', '.join(f'{x:.1f}' for x in os.getloadavg())}")
    if machine_cpu is not None:
        # What caps the rate when the generator, the server and the database share the cores.
        lines.append(f"CPU of the whole machine: {machine_cpu / seconds / (os.cpu_count() or 1):.0%} busy, "
                     f"{machine_cpu / max(total, 1) * 1000:.1f} ms per request"
                     + (f" = {calibration.in_loops(machine_cpu / max(total, 1) * 1000):.4f} loop" if calibration else "")
                     + (f" (PostgreSQL's processes {database_cpu / max(total, 1) * 1000:.1f} ms)"
                        if database_cpu is not None else ""))
    return Report(total, seconds, sum(results.errors.values()), sum(results.conflicts.values()),
                  float(p50), float(p95), float(p99), generator_cpu, server_cpu, dict(results.by_category), lines)


def _cpu_seconds(processes: list[psutil.Process]) -> float:
    total = 0.0
    for process in processes:
        try:
            times = process.cpu_times()
            total += times.user + times.system
        except psutil.NoSuchProcess:
            pass
    return total


def _machine_busy_seconds() -> float:
    times = psutil.cpu_times()._asdict()
    # Linux counts guest time inside user time already.
    idle = ("idle", "iowait", "guest", "guest_nice")
    return sum(value for name, value in times.items() if name not in idle)


def _database_processes(url: str) -> list[psutil.Process]:
    """A local PostgreSQL's processes (its connections to this server included), if we can see them."""
    parsed = sa.make_url(url)
    if parsed.get_backend_name() != "postgresql" or parsed.host not in (None, "localhost", "127.0.0.1", "::1"):
        return []
    return [p for p in psutil.process_iter(["name"]) if p.info["name"] in ("postgres", "postmaster")]


def _database_cpu_since(url: str, before: dict[int, float], share: float) -> float | None:
    """CPU seconds of the local PostgreSQL since `before` (times `share`), connections opened meanwhile included."""
    after = _database_processes(url)
    if not after:
        return None
    return share * sum(_cpu_seconds([p]) - before.get(p.pid, 0.0) for p in after)


def run_loadtest(*, database_url: str | None, clients: int = 32, duration: float = 60, warmup: float = 3,
                 workers: int = 2, threads: int = 4, seed: int = 8, echo: Callable[[str], None] = print,
                 server_log: Path | None = None, calibration: Calibration | None = None,
                 assignment_s: float = 0.0, solver_processes: int | None = None) -> Report:
    """Set up a fresh database, serve it, drive the mix for `duration` seconds, and report.

    The calibration line (measured now unless given) is printed first, the steal during the run last.
    With ``assignment_s`` > 0 one more client runs assignments of every graduated project back to back
    (that time limit each) while the mix runs; they are reported apart, and their failures count as
    errors. ``solver_processes`` sets the server's ``SOLVER_PROCESSES`` (0: solve in the request's thread).
    The server's CPU figures are the web workers' own: a solver process's CPU is not in them.
    """
    calibration = calibration or calibrate()
    echo(calibration.line())
    meter = RunMeter()
    with tempfile.TemporaryDirectory(prefix="matchmaker-load-") as tmp:
        url = database_url or f"sqlite:///{Path(tmp) / 'load.sqlite3'}"
        started = time.monotonic()
        fixture = prepare_database(url)
        echo(f"database: {sa.make_url(url).render_as_string(hide_password=True)} — sample loaded "
             f"({', '.join(f'{n} {k}' for k, n in fixture.counts.items())}) in {time.monotonic() - started:.1f} s")
        env = {} if solver_processes is None else {"MATCHMAKER_SOLVER_PROCESSES": str(solver_processes)}
        server = ServerProcess(url, workers=workers, threads=threads, log=server_log, env=env)
        try:
            server.wait_ready()
            echo(f"server: gunicorn at {server.url}, {workers} workers × {threads} threads"
                 + ("" if solver_processes is None else f", SOLVER_PROCESSES={solver_processes}")
                 + f"; {clients} clients for {duration:g} s after a {warmup:g} s warm-up"
                 + (f", and one running assignments ({assignment_s:g} s each)" if assignment_s else ""))
            results = Results()
            assignments = Assignments(assignment_s) if assignment_s > 0 else None
            processes = server.processes(workers)
            cpu_before, server_before = time.process_time(), _cpu_seconds(processes)
            machine_before = _machine_busy_seconds()
            database_before = {p.pid: _cpu_seconds([p]) for p in _database_processes(url)}
            seconds = asyncio.run(_drive(server.url, fixture, clients=clients, duration=duration, warmup=warmup,
                                         seed=seed, results=results, assignments=assignments))
            # The CPU figures include the warm-up, so they are scaled to the measured part.
            share = seconds / (seconds + warmup)
            report = summarise(results, seconds, (time.process_time() - cpu_before) * share,
                               (_cpu_seconds(processes) - server_before) * share,
                               machine_cpu=(_machine_busy_seconds() - machine_before) * share,
                               database_cpu=_database_cpu_since(url, database_before, share),
                               calibration=calibration)
        finally:
            server.stop()
    for line in report.lines:
        echo(line)
    if assignments is not None:
        echo(assignments.line())
        report.errors += assignments.errors
    echo(meter.line())
    return report
