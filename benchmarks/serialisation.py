"""What `api/dumping.py`'s FastSchema saves on the API's heaviest reads, against marshmallow's own dump.

On the demo sample in a temporary SQLite file, each read is requested once to capture the
schema and the objects its response dumps; that dump is then timed with FastSchema's `dump` and
with `marshmallow.Schema.dump` (nested schemas included), alternately, and the whole request is
timed the same two ways through Flask's test client. Garbage collection stays on; figures are
medians. Run `matchmaker bench serialisation`.
"""

from __future__ import annotations

import gc
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from datetime import timedelta
from importlib.metadata import version
from pathlib import Path
from typing import Any

import marshmallow as ma
import sqlalchemy as sa

from api.context import init_worker_state
from api.dumping import FastSchema

from .demo import demo_app


@dataclass(frozen=True)
class Read:
    label: str
    path: str
    cold: bool = False  # the worker keeps it (services.state): drop the stored copy before each request, so it dumps


READS = (
    Read("projects, page of 50", "/api/v1/projects?per_page=50"),
    Read("sites, page of 50, rebuilt", "/api/v1/sites?per_page=50", cold=True),
    Read("site-matches, limit 10", "/api/v1/projects/{project_id}/site-matches?limit=10"),
    Read("one project", "/api/v1/projects/{project_id}"),
)


@dataclass(frozen=True)
class Timing:
    label: str
    fast_dump_ms: float
    plain_dump_ms: float
    fast_request_ms: float
    plain_request_ms: float

    @property
    def saved_ms(self) -> float:
        return self.plain_dump_ms - self.fast_dump_ms


_FAST_DUMP = FastSchema.__dict__["dump"]


@contextmanager
def marshmallows_dump() -> Iterator[None]:
    """Every FastSchema, nested ones included, dumps with `marshmallow.Schema.dump` meanwhile."""
    FastSchema.dump = ma.Schema.dump
    try:
        yield
    finally:
        FastSchema.dump = _FAST_DUMP


@contextmanager
def _demo_app(database_url: str) -> Iterator[tuple[Any, dict[str, str], int]]:
    """The app on the demo sample, an admin's headers, and a graduated project with a space need."""
    from matchmaker.database import EXTENSION
    from models.project import Project, Status
    from models.user import Role
    from models.user_service import create_user, issue_token

    with demo_app(database_url, secret_key="bench-serialisation") as app:
        with app.app_context():
            session = app.extensions[EXTENSION].session
            user = create_user("bench-serialisation", "bench serialisation password", Role.admin, session=session)
            token = issue_token(user, ttl=timedelta(hours=2), session=session)[0]
            session.commit()
            project_id = session.scalar(
                sa.select(Project.id).where(Project.status == Status.graduated, Project.need_space_type.isnot(None))
                .order_by(Project.id).limit(1)
            )
        yield app, {"Authorization": f"Bearer {token}"}, project_id


def _capture(app, client, path: str, headers: dict[str, str]) -> tuple[FastSchema, Any, bool]:
    """The schema, objects and `many` of the outermost dump one request makes."""
    seen: list[tuple[FastSchema, Any, bool]] = []
    depth = 0

    def recording(self, obj, *, many=None):
        nonlocal depth
        if depth == 0:
            seen.append((self, obj, many))
        depth += 1
        try:
            return _FAST_DUMP(self, obj, many=many)
        finally:
            depth -= 1

    init_worker_state(app)  # forget the kept responses
    FastSchema.dump = recording
    try:
        response = client.get(path, headers=headers)
    finally:
        FastSchema.dump = _FAST_DUMP
    assert response.status_code == 200, (path, response.status_code)
    assert len(seen) == 1, (path, len(seen))
    return seen[0]


def _alternately(call: Callable[[], Any], repeats: int, before: Callable[[], Any] = lambda: None
                 ) -> tuple[float, float]:
    """Median ms of `call` with FastSchema and with marshmallow's dump, `repeats` times each, in
    ABBA order so that neither always runs first (GC on)."""
    times: dict[bool, list[float]] = {True: [], False: []}
    gc.collect()
    for i in range(2 * repeats):
        fast = i % 4 in (0, 3)
        before()
        with nullcontext() if fast else marshmallows_dump():
            start = time.perf_counter()
            call()
            times[fast].append(time.perf_counter() - start)
    return statistics.median(times[True]) * 1000, statistics.median(times[False]) * 1000


def _median_ms(call: Callable[[], Any], repeats: int) -> float:
    gc.collect()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def time_reads(*, dumps: int = 300, requests: int = 100, warmup: int = 5,
               database_url: str | None = None) -> tuple[list[Timing], dict[str, float]]:
    """Dump and request medians (ms) of each of READS, with FastSchema and with marshmallow's dump;
    and, for the reads the worker keeps (services.state), the request's median when its stored copy is served.

    `database_url` names an empty database to use instead of a temporary SQLite file."""
    timings, stored = [], {}
    with tempfile.TemporaryDirectory() as tmp, _demo_app(
        database_url or f"sqlite:///{Path(tmp) / 'serialisation.sqlite3'}"
    ) as (app, headers, project_id):
        client = app.test_client()
        for read in READS:
            path = read.path.format(project_id=project_id)

            def request() -> None:
                client.get(path, headers=headers)

            def drop_stored() -> None:
                init_worker_state(app)  # forget the kept responses

            for _ in range(warmup):  # the ranking index, SQLAlchemy's statement cache, lazy imports
                assert client.get(path, headers=headers).status_code == 200
            schema, obj, many = _capture(app, client, path, headers)
            fast = schema.dump(obj, many=many)
            with marshmallows_dump():
                plain = schema.dump(obj, many=many)
            assert fast == plain and list(fast) == list(plain), read.label
            fast_dump, plain_dump = _alternately(lambda: schema.dump(obj, many=many), dumps)
            fast_request, plain_request = _alternately(request, requests, drop_stored if read.cold else lambda: None)
            timings.append(Timing(read.label, fast_dump, plain_dump, fast_request, plain_request))
            if read.cold:
                request()
                stored[read.label] = _median_ms(request, requests)
    return timings, stored


def measure_dumping(*, dumps: int = 300, requests: int = 100, database_url: str | None = None) -> list[str]:
    """Printable lines: ms per dump each way, the saving per request, and its share of the request."""
    timings, stored = time_reads(dumps=dumps, requests=requests, database_url=database_url)
    database = "SQLite" if database_url is None else database_url.split(":", 1)[0]
    lines = [
        f"marshmallow {version('marshmallow')}; {database}; Flask test client; medians of {dumps} dumps and "
        f"{requests} requests each way; GC on. ms; Fast = FastSchema.dump, ma = marshmallow.Schema.dump",
        f"{'read':<42}{'dump Fast':>10}{'dump ma':>9}{'saved':>7}{'req Fast':>10}{'req ma':>8}"
        f"{'saved/req Fast':>16}{'saved/req ma':>14}{'req ma-Fast':>13}",
    ]
    for t in timings:
        lines.append(
            f"{t.label:<42}{t.fast_dump_ms:>10.2f}{t.plain_dump_ms:>9.2f}{t.saved_ms:>7.2f}"
            f"{t.fast_request_ms:>10.2f}{t.plain_request_ms:>8.2f}"
            f"{100 * t.saved_ms / t.fast_request_ms:>14.1f} %{100 * t.saved_ms / t.plain_request_ms:>12.1f} %"
            f"{t.plain_request_ms - t.fast_request_ms:>13.2f}"
        )
    for label, ms in stored.items():
        lines.append(f"{label.removesuffix(', rebuilt')}, stored copy served: {ms:.2f} ms per request "
                     "(no dump, nothing saved)")
    return lines

