"""SIGKILL the production server in the middle of a write, restart it, and find nothing half-written.

Each kill lands while a write transaction is open: the test polls the database until it sees one
(SQLite's write lock is held; PostgreSQL's pg_stat_activity shows the server's backend with a
transaction id), waits a chosen delay, then kills the gunicorn master and its workers at once.
"""

from __future__ import annotations

import http.client
import threading
import time

import sqlalchemy as sa

from benchmarks.server import ServerProcess
from models.match import Match, MatchStatus, MatchStep
from models.project import Project, StageChange
from models.site import Offer

from .servers import make_token, multipart, negotiating_match, request

ROWS = 4000
# What a client sees of a server killed before or while it answers (IncompleteRead: mid-answer).
_CUT_OFF = (OSError, http.client.HTTPException)


def _wait_until(condition, *, timeout: float = 60, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.002)


def _in_background(call) -> tuple[threading.Thread, list]:
    outcome: list = []

    def run() -> None:
        try:
            outcome.append(call())
        except _CUT_OFF as exc:  # the connection died with the server
            outcome.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    return thread, outcome


def _incubator(server_database) -> str:
    from models.incubator_service import create_incubator

    with server_database.session() as session:
        incubator = create_incubator({"name": "断电测试孵化器", "district": "鹿城区"}, session=session)
        session.commit()
        return incubator.name


def _import_body(incubator: str, prefix: str) -> tuple[bytes, str]:
    lines = ["孵化器,名称,阶段,行业代码,团队人数"]
    lines += [f"{incubator},{prefix}{i:05d},孵化,C3824,{i % 50 + 1}" for i in range(ROWS)]
    return multipart("file", "projects.csv", ("\n".join(lines) + "\n").encode())


def _imported(server_database, prefix: str) -> tuple[int, int]:
    with server_database.session() as session:
        ids = sa.select(Project.id).where(Project.name.startswith(prefix))
        projects = session.scalar(sa.select(sa.func.count()).select_from(ids.subquery()))
        admissions = session.scalar(sa.select(sa.func.count(StageChange.id)).where(StageChange.project_id.in_(ids)))
        return projects, admissions


def test_an_import_killed_midway_is_all_there_or_not_at_all(server_database):
    incubator = _incubator(server_database)
    token = make_token(server_database, "crash-admin", "admin")

    # A first import runs to the end: it is complete, and tells how long an import takes.
    server = ServerProcess(server_database.url, workers=1, threads=2)
    try:
        server.wait_ready()
        body, content_type = _import_body(incubator, "完整-")
        started = time.monotonic()
        status, result = request(server.url, "POST", "/imports/projects", token=token, body=body,
                                 content_type=content_type, timeout=300)
        duration = time.monotonic() - started
        assert (status, result["created"]) == (200, ROWS)
    finally:
        server.stop()
    assert _imported(server_database, "完整-") == (ROWS, ROWS)

    cut_short = 0
    for attempt, fraction in enumerate((0.1, 0.5, 0.9)):
        prefix = f"断电{attempt}-"
        server = ServerProcess(server_database.url, workers=1, threads=2)
        server.wait_ready()
        body, content_type = _import_body(incubator, prefix)
        thread, outcome = _in_background(lambda: request(
            server.url, "POST", "/imports/projects", token=token, body=body, content_type=content_type, timeout=300))
        _wait_until(server_database.probe, what="the import to start writing")
        time.sleep(duration * fraction)
        answered = bool(outcome)
        server.kill()
        thread.join(timeout=60)
        cut_short += not answered

        restarted = ServerProcess(server_database.url, workers=1, threads=2)
        try:
            restarted.wait_ready()
            projects, admissions = _imported(server_database, prefix)
            assert projects in (0, ROWS), f"attempt {attempt}: {projects} of {ROWS} rows after the crash"
            assert admissions == projects
            if answered:  # acknowledged before the kill: it must have survived
                assert outcome[0][0] == 200 and projects == ROWS
            status, page = request(restarted.url, "GET", f"/projects?q={prefix}&per_page=1", token=token)
            assert (status, page["total"]) == (200, projects)
        finally:
            restarted.stop()
    assert cut_short >= 1, "no kill landed while the import was still running"
    assert _imported(server_database, "完整-") == (ROWS, ROWS)


MATCHES_PER_OFFER, ROOM_FOR, AREA = 10, 3, 1000.0


def _signing_batch(server_database, attempt: int) -> tuple[list[int], dict[int, float]]:
    """Three offers with room for three matches each, and ten negotiating matches on each."""
    from models.incubator_service import create_incubator
    from models.site_service import create_site

    with server_database.session() as session:
        offers = [{"space_type": "plant", "available_area": ROOM_FOR * AREA, "rent": 18} for _ in range(3)]
        site = create_site({"kind": "park", "name": f"断电签约园{attempt}", "district": "乐清市",
                            "industries": ["C3823"], "offers": offers}, session=session)
        incubator = create_incubator({"name": f"断电签约孵化器{attempt}", "district": "乐清市"}, session=session)
        match_ids = []
        for offer in site.all_offers:
            for i in range(MATCHES_PER_OFFER):
                match_ids.append(negotiating_match(session, name=f"签约{offer.id}-{i}", incubator_id=incubator.id,
                                                   offer_id=offer.id, area=AREA))
        session.commit()
        return match_ids, {offer.id: offer.available_area for offer in site.all_offers}


def _check_signings(server_database, match_ids: list[int], capacity: dict[int, float]) -> None:
    with server_database.session() as session:
        matches = session.scalars(sa.select(Match).where(Match.id.in_(match_ids))).all()
        signed_steps = set(session.scalars(sa.select(MatchStep.match_id).where(
            MatchStep.match_id.in_(match_ids), MatchStep.action == "sign")))
        for match in matches:
            assert match.status in (MatchStatus.signed, MatchStatus.negotiating)
            assert (match.status is MatchStatus.signed) == (match.id in signed_steps), match.id
        for offer_id, room in capacity.items():
            offer = session.get(Offer, offer_id)
            signed = [m.area for m in matches if m.offer_id == offer_id and m.status is MatchStatus.signed]
            assert offer.available_area >= 0
            assert room - offer.available_area == sum(signed), (offer_id, offer.available_area, signed)
            assert sum(signed) <= room


def test_signings_killed_midway_reserve_exactly_what_was_signed(server_database):
    token = make_token(server_database, "crash-staff", "promotion")
    cut_short = 0
    for attempt, delay in enumerate((0.0, 0.03, 0.12)):
        match_ids, capacity = _signing_batch(server_database, attempt)
        server = ServerProcess(server_database.url, workers=2, threads=4)
        server.wait_ready()
        barrier = threading.Barrier(len(match_ids))

        def sign(match_id: int):
            barrier.wait()
            return match_id, request(server.url, "POST", f"/matches/{match_id}/transitions", token=token,
                                     json_body={"action": "sign"}, timeout=60)

        threads = [_in_background(lambda m=m: sign(m)) for m in match_ids]
        _wait_until(server_database.probe, what="a signing to start writing")
        time.sleep(delay)
        server.kill()
        for thread, _ in threads:
            thread.join(timeout=60)
        answers = [outcome[0] for _, outcome in threads if outcome and not isinstance(outcome[0], _CUT_OFF)]
        cut_short += len(answers) < len(match_ids)

        restarted = ServerProcess(server_database.url, workers=1, threads=2)
        try:
            restarted.wait_ready()
            _check_signings(server_database, match_ids, capacity)
            for match_id, (status, _) in answers:  # what the clients were told holds after the crash
                status_now = request(restarted.url, "GET", f"/matches/{match_id}", token=token)[1]["status"]
                assert status_now == ("signed" if status == 201 else "negotiating"), (match_id, status)
        finally:
            restarted.stop()
    assert cut_short >= 1, "no kill landed while signings were still running"
