"""How fast the staff pages answer on the demo sample: each main page requested N times, timed.

Used by `matchmaker bench pages`. The sample goes into a temporary SQLite file; requests go
through Flask's test client (the app's own time) or, with `http=True`, a threaded server on
loopback (adding the HTTP stack and a real socket, as a browser sees it).
"""

from __future__ import annotations

import logging
import re
import statistics
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from http.cookiejar import CookieJar
from pathlib import Path

import sqlalchemy as sa

from matchmaker.database import EXTENSION
from services.maps import build_map
from models.event import Event
from models.project import Project, Status
from models.site import Site
from models.user import Role
from models.user_service import create_user

from .demo import demo_app

USERNAME, PASSWORD = "bench", "bench-pages-password"


@dataclass(frozen=True)
class PageTiming:
    path: str
    label: str
    first_ms: float
    median_ms: float
    p95_ms: float
    kilobytes: float


class _TestClient:
    """Requests through Flask's test client (cookies kept)."""

    def __init__(self, app) -> None:
        self.client = app.test_client()

    def get(self, path: str) -> tuple[int, bytes]:
        response = self.client.get(path)
        return response.status_code, response.get_data()

    def post(self, path: str, data: dict) -> int:
        return self.client.post(path, data=data).status_code


class _HttpClient:
    """Requests over real HTTP to a server on loopback (cookies kept, redirects followed)."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))

    def get(self, path: str) -> tuple[int, bytes]:
        with self.opener.open(self.base + urllib.parse.quote(path, safe="/?=&"), timeout=60) as response:
            return response.status, response.read()

    def post(self, path: str, data: dict) -> int:
        body = urllib.parse.urlencode(data).encode()
        with self.opener.open(self.base + path, data=body, timeout=60) as response:
            return response.status


def _csrf(html: bytes) -> str:
    return re.search(rb'name="csrf_token" value="([^"]+)"', html).group(1).decode()


@contextmanager
def _demo_app(tmp: Path) -> Iterator[object]:
    with demo_app(f"sqlite:///{tmp / 'pages.sqlite3'}", secret_key="bench-pages") as app:
        with app.app_context():
            session = app.extensions[EXTENSION].session
            create_user(USERNAME, PASSWORD, Role.admin, session=session)
            session.commit()
        yield app


@contextmanager
def _server(app) -> Iterator[str]:
    from werkzeug.serving import make_server

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no line per request
    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_port}"
    finally:
        httpd.shutdown()
        thread.join()


def _pages(app) -> tuple[list[tuple[str, str]], dict[str, int]]:
    """The pages to time, with ids picked from the sample, and the sample's size."""
    with app.app_context():
        db = app.extensions[EXTENSION].session
        project = db.scalar(sa.select(Project.id).order_by(Project.id))
        graduated = db.scalar(sa.select(Project.id).where(Project.status == Status.graduated,
                                                          Project.need_space_type.is_not(None)).order_by(Project.id))
        site = db.scalar(sa.select(Site.id).order_by(Site.id))
        event = db.scalar(sa.select(Event.id).order_by(Event.id.desc()))
        size = {
            "projects": db.scalar(sa.select(sa.func.count(Project.id))),
            "graduated": db.scalar(sa.select(sa.func.count(Project.id)).where(Project.status == Status.graduated)),
            "sites": db.scalar(sa.select(sa.func.count(Site.id))),
        }
    pages = [
        ("/", "首页"),
        ("/projects", "项目列表"),
        ("/projects?stage=acceleration&industry=C38", "项目筛选"),
        (f"/projects/{project}", "项目详情"),
        (f"/projects/{project}/edit", "项目编辑表单"),
        (f"/projects/{graduated}/sites", "寻找落地空间"),
        (f"/projects/{graduated}/sites?include_infeasible=1", "寻找落地空间（含不满足）"),
        ("/sites", "空间资源与地图"),
        (f"/sites/{site}", "空间详情"),
        (f"/sites/{site}/edit", "空间编辑表单"),
        (f"/sites/{site}/projects", "为空间找项目"),
        ("/matches", "匹配跟进"),
        ("/events", "活动列表"),
        (f"/events/{event}", "活动与分配报告"),
        ("/imports", "导入"),
        ("/industries/options?industry=电气", "行业选择（htmx）"),
    ]
    return pages, size


def measure_pages(repeat: int, *, http: bool = False) -> tuple[list[PageTiming], dict[str, int]]:
    """Time each main page `repeat` times after one untimed first request; raise if a page fails."""
    logging.getLogger("alembic").setLevel(logging.WARNING)
    with tempfile.TemporaryDirectory() as tmp, _demo_app(Path(tmp)) as app:
        build_map()  # as the server does at start
        with (_server(app) if http else nullcontext()) as base:
            client = _HttpClient(base) if http else _TestClient(app)
            _, login = client.get("/login")
            if client.post("/login", {"username": USERNAME, "password": PASSWORD, "csrf_token": _csrf(login)}) \
                    not in (200, 302):
                raise RuntimeError("could not sign in")
            # An event with a stored report, so its page shows a real assignment.
            _, events_page = client.get("/events")
            client.post("/events", {"name": "基准签约会", "date": "2030-01-15", "kind": "signing",
                                    "csrf_token": _csrf(events_page)})
            pages, size = _pages(app)
            event_path = next(path for path, _ in pages if path.startswith("/events/"))
            client.post(event_path + "/report", {"time_limit_s": "5", "csrf_token": _csrf(events_page)})
            timings = [_time_page(client, path, label, repeat) for path, label in pages]
    return timings, size


def _time_page(client, path: str, label: str, repeat: int) -> PageTiming:
    times, first, length = [], 0.0, 0
    for i in range(repeat + 1):
        started = time.perf_counter()
        status, body = client.get(path)
        elapsed = (time.perf_counter() - started) * 1000
        if status != 200:
            raise RuntimeError(f"GET {path} answered {status}")
        if i == 0:
            first, length = elapsed, len(body)
        else:
            times.append(elapsed)
    p95 = statistics.quantiles(times, n=20, method="inclusive")[-1] if len(times) > 1 else times[0]
    return PageTiming(path, label, first, statistics.median(times), p95, length / 1024)


def map_build_ms() -> float:
    """How long the district map takes to build from the boundary data (once per process)."""
    from services.geography import wenzhou_boundaries
    from services.maps import base_map

    wenzhou_boundaries.cache_clear()  # a cold build: reading the boundary data included
    base_map.cache_clear()
    started = time.perf_counter()
    base_map()
    return (time.perf_counter() - started) * 1000
