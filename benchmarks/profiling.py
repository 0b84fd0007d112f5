"""Where the server's CPU goes per kind of request of the load test's mix (``matchmaker bench profile``).

The same fresh database and demo sample as ``matchmaker loadtest`` (:func:`benchmarks.loadtest.prepare_database`),
the app in this process, requests through Flask's test client. Each kind of request is first
timed without a profiler (CPU time of this process per request: the test client's own work is
included, the HTTP server's and the network's are not), then run again under :mod:`cProfile`,
whose self time per function is summed by the package the function lives in. The shares of the
profile are applied to the unprofiled CPU time, since the profiler slows small Python functions
more than C code.
"""

from __future__ import annotations

import cProfile
import pstats
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from .loadtest import Fixture, prepare_database

__all__ = ["LAYERS", "KindProfile", "layer_of", "profile_request_mix"]

#: Layers the self time is summed into, by a fragment of the function's file path (first match wins).
LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("flask-smorest", ("/flask_smorest/", "/webargs/", "/apispec/")),
    ("marshmallow", ("/marshmallow/",)),
    ("SQLAlchemy", ("/sqlalchemy/",)),
    ("database driver", ("/sqlite3/", "/psycopg/", "/psycopg_pool/", "sqlite3.", "psycopg")),
    ("Flask", ("/flask/", "/werkzeug/", "/jinja2/", "/itsdangerous/", "/flask_limiter/", "/limits/")),
    ("numpy/scipy", ("/numpy/", "/scipy/", "/sklearn/", "numpy.", "scipy.")),
    ("our code", ("/api/", "/services/", "/models/", "/matching/", "/matchmaker/")),
)
OTHER = "Python and the rest"


def layer_of(filename: str, function: str = "") -> str:
    """The layer of a profiled function, from its file (or, for built-ins, its name).

    >>> layer_of("/venv/site-packages/sqlalchemy/orm/query.py")
    'SQLAlchemy'
    >>> layer_of("~", "<method 'execute' of 'sqlite3.Cursor' objects>")
    'database driver'
    >>> layer_of("/usr/lib/python3.11/json/encoder.py")
    'Python and the rest'
    """
    where = filename if filename != "~" else function
    for layer, fragments in LAYERS:
        if any(fragment in where for fragment in fragments):
            return layer
    return OTHER


@dataclass
class KindProfile:
    """One kind of request: CPU per request and its split by layer (ms per request)."""

    kind: str
    requests: int
    cpu_ms: float
    statements: float  # SQL statements per request
    layers: dict[str, float]
    top: list[tuple[str, float]]  # our functions with the most self time, ms per request


def _reads(fixture: Fixture) -> dict[str, Callable[[int], Iterator[tuple[str, str, dict | None, int]]]]:
    """Per kind of read, the (method, path, json, expected status) of its i-th request (as the load test's)."""
    graduated = fixture.graduated

    def projects_list(i: int):
        query = ("", "&status=graduated", "&stage=incubation", "&district=330302")[i % 4]
        yield "GET", f"/projects?page={i % 10 + 1}&per_page=20{query}", None, 200

    def projects_get(i: int):
        yield "GET", f"/projects/{fixture.all_projects[i % len(fixture.all_projects)]}", None, 200

    def sites_list(i: int):
        yield "GET", f"/sites?page={i % 4 + 1}&per_page=20", None, 200

    def site_matches(i: int):
        yield "GET", f"/projects/{graduated[i % len(graduated)]}/site-matches?limit=10", None, 200

    return {"projects.list": projects_list, "projects.get": projects_get, "sites.list": sites_list,
            "site-matches": site_matches}


def _timed(client, headers, kind: str, make, n: int, profiler: cProfile.Profile | None) -> float:
    cpu = 0.0
    for i in range(n):
        for method, path, body, status in make(i):
            started = time.process_time()
            if profiler:
                profiler.enable()
            response = client.open("/api/v1" + path, method=method, json=body, headers=headers)
            if profiler:
                profiler.disable()
            cpu += time.process_time() - started
            if response.status_code != status:
                raise RuntimeError(f"{method} {path}: {response.status_code} {response.get_data(as_text=True)[:200]}")
    return cpu


def _writes(client, headers, fixture: Fixture, n: int, offset: int, profilers: dict[str, cProfile.Profile] | None,
            statements: list[int] | None) -> tuple[dict[str, float], dict[str, int], dict[str, int]]:
    """CPU seconds, counts and SQL statements of edits, transitions and match steps by kind (``n`` rounds)."""
    cpu: dict[str, float] = defaultdict(float)
    counts: dict[str, int] = defaultdict(int)
    sent: dict[str, int] = defaultdict(int)

    def call(kind: str, method: str, path: str, body: Any, status: int) -> Any:
        profiler = profilers.setdefault(kind, cProfile.Profile()) if profilers is not None else None
        before = statements[0] if statements else 0
        started = time.process_time()
        if profiler:
            profiler.enable()
        response = client.open("/api/v1" + path, method=method, json=body, headers=headers)
        if profiler:
            profiler.disable()
        cpu[kind] += time.process_time() - started
        counts[kind] += 1
        sent[kind] += statements[0] - before if statements else 0
        if response.status_code != status:
            raise RuntimeError(f"{method} {path}: {response.status_code} {response.get_data(as_text=True)[:200]}")
        return response.get_json()

    active = fixture.active
    for i in range(n):
        pid, incubator, _, _ = active[(offset + i) % len(active)]
        version = client.get(f"/api/v1/projects/{pid}", headers=headers).get_json()["version"]
        call("projects.patch", "PATCH", f"/projects/{pid}", {"team_size": 10 + i % 50, "version": version}, 200)
        created = call("projects.create", "POST", "/projects",
                       {"name": f"剖析项目-{offset}-{i}", "incubator_id": incubator, "industries": ["C3824"],
                        "description": "剖析登记的项目", "stage": "nursery"}, 201)
        call("projects.transition", "POST", f"/projects/{created['id']}/transitions",
             {"action": "advance", "reason": "剖析"}, 201)
    for i in range(n):
        pid = fixture.graduated[(offset + i) % len(fixture.graduated)]
        items = client.get(f"/api/v1/projects/{pid}/site-matches?limit=5", headers=headers).get_json()["items"]
        if not items:
            continue
        match = call("matches.propose", "POST", "/matches", {"project_id": pid, "offer_id": items[-1]["offer_id"]}, 201)
        for action in ("contact", "visit", "negotiate", "drop"):
            call(f"matches.{action}", "POST", f"/matches/{match['id']}/transitions",
                 {"action": action, "reason": "剖析"}, 201)
    return dict(cpu), dict(counts), dict(sent)


def _split(stats: pstats.Stats, requests: int, scale: float) -> tuple[dict[str, float], list[tuple[str, float]]]:
    by_layer: dict[str, float] = defaultdict(float)
    ours: list[tuple[str, float]] = []
    total = 0.0
    for (filename, line, function), (_, _, tottime, _, _) in stats.stats.items():
        layer = layer_of(filename, function)
        by_layer[layer] += tottime
        total += tottime
        if layer == "our code":
            ours.append((f"{'/'.join(Path(filename).parts[-2:])}:{line} {function}", tottime))
    factor = scale / total if total else 0.0
    layers = {layer: seconds * factor * 1000 / requests for layer, seconds in by_layer.items()}
    ours.sort(key=lambda item: -item[1])
    return layers, [(name, seconds * factor * 1000 / requests) for name, seconds in ours[:5]]


def profile_request_mix(requests: int = 200, *, database_url: str | None = None) -> list[KindProfile]:
    """Profile each kind of request of the load test on a fresh database with the demo sample."""
    from matchmaker import create_app
    from matchmaker.database import EXTENSION

    with tempfile.TemporaryDirectory(prefix="matchmaker-profile-") as tmp:
        url = database_url or f"sqlite:///{Path(tmp) / 'profile.sqlite3'}"
        fixture = prepare_database(url)
        app = create_app({"DATABASE_URL": url, "SECRET_KEY": "profile", "LOG_LEVEL": "WARNING"})
        client = app.test_client()
        statements = [0]  # SQL statements sent so far

        @sa.event.listens_for(app.extensions[EXTENSION].engine, "before_cursor_execute")
        def _count(*args: Any) -> None:
            statements[0] += 1
        headers = {"Authorization": f"Bearer {fixture.admin_token}"}
        out = []
        for kind, make in _reads(fixture).items():
            _timed(client, headers, kind, make, 20, None)  # warm: caches, the fitted index, statements
            cpu = _timed(client, headers, kind, make, requests, None)
            profiler = cProfile.Profile()
            before = statements[0]
            _timed(client, headers, kind, make, requests, profiler)
            layers, top = _split(pstats.Stats(profiler), requests, cpu)
            out.append(KindProfile(kind, requests, cpu * 1000 / requests, (statements[0] - before) / requests,
                                   layers, top))
        rounds = max(requests // 10, 5)
        cpu, counts, by_kind = _writes(client, headers, fixture, rounds, 0, None, statements)
        profilers: dict[str, cProfile.Profile] = {}
        _writes(client, headers, fixture, rounds, rounds, profilers, None)
        for kind in sorted(cpu):
            layers, top = _split(pstats.Stats(profilers[kind]), counts[kind], cpu[kind])
            out.append(KindProfile(kind, counts[kind], cpu[kind] * 1000 / counts[kind],
                                   by_kind[kind] / counts[kind], layers, top))
        app.extensions[EXTENSION].engine.dispose()
    return out
