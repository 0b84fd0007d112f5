"""Two server processes on one PostgreSQL: fresh matches on both, and no square metre promised twice."""

from __future__ import annotations

import threading

import pytest
import sqlalchemy as sa

from benchmarks.server import ServerProcess
from models.match import Match, MatchStatus
from models.site import Offer

from .servers import make_token, negotiating_match, request

ROOM_FOR, AREA, SIGNINGS = 3, 1000.0, 16


@pytest.fixture
def pg_database(database_url, request):
    """The server database, on PostgreSQL only: several servers share one database only there."""
    if not database_url.startswith("postgresql"):
        pytest.skip("several servers share one database only on PostgreSQL (set MATCHMAKER_TEST_DATABASE_URL)")
    return request.getfixturevalue("server_database")


@pytest.fixture
def two_servers(pg_database):
    servers = [ServerProcess(pg_database.url, workers=2, threads=2) for _ in range(2)]
    try:
        for server in servers:
            server.wait_ready()
        yield servers
    finally:
        for server in servers:
            server.stop()


def _graduated_project(token: str, base: str, incubator_id: int, name: str) -> int:
    status, project = request(base, "POST", "/projects", token=token, json_body={
        "name": name, "incubator_id": incubator_id, "stage": "acceleration", "industries": ["C3823"],
        "space_need": {"space_type": "plant", "area_min": AREA}})
    assert status == 201, project
    status, _ = request(base, "POST", f"/projects/{project['id']}/transitions", token=token,
                        json_body={"action": "graduate"})
    assert status == 201
    return project["id"]


def test_a_site_changed_through_one_server_shows_in_the_others_matches(pg_database, two_servers):
    a, b = two_servers
    admin = make_token(pg_database, "two-admin", "admin")
    status, incubator = request(a.url, "POST", "/incubators", token=admin,
                                json_body={"name": "双机孵化器", "district": "乐清市"})
    assert status == 201, incubator
    project = _graduated_project(admin, a.url, incubator["id"], "双机项目")
    status, site = request(a.url, "POST", "/sites", token=admin, json_body={
        "kind": "park", "name": "双机园", "district": "乐清市", "industries": ["C3823"],
        "offers": [{"space_type": "plant", "available_area": 5000, "rent": 18}]})
    assert status == 201, site
    offer = site["offers"][0]

    def offers_on(server) -> dict[int, dict]:
        # Several requests, so that every worker of the server answers at least once.
        seen = {}
        for _ in range(6):
            status, body = request(server.url, "GET", f"/projects/{project}/site-matches?include_infeasible=true",
                                   token=admin)
            assert status == 200, body
            seen = {item["offer_id"]: item for item in body["items"]}
        return seen

    def listed_area(server) -> float:
        areas = set()
        for _ in range(6):  # every worker answers, each from the list it keeps
            status, body = request(server.url, "GET", "/sites?per_page=500", token=admin)
            assert status == 200, body
            areas.add(next(o for s in body["items"] for o in s["offers"] if o["id"] == offer["id"])["available_area"])
        assert len(areas) == 1, areas
        return areas.pop()

    assert offers_on(b)[offer["id"]]["feasible"] is True  # B has built its index with the offer in it
    assert listed_area(b) == 5000

    # Through A: too little space left for the project. B's very next answer knows it.
    status, changed = request(a.url, "PATCH", f"/sites/{site['id']}/offers/{offer['id']}", token=admin,
                              json_body={"available_area": 500, "version": offer["version"]})
    assert status == 200, changed
    assert offers_on(b)[offer["id"]]["feasible"] is False
    assert listed_area(b) == 500

    # And back, with a different rent: B ranks the offer again, at the new rent.
    status, _ = request(a.url, "PATCH", f"/sites/{site['id']}/offers/{offer['id']}", token=admin,
                        json_body={"available_area": 5000, "rent": 12, "version": changed["version"]})
    assert status == 200
    again = offers_on(b)[offer["id"]]
    assert again["feasible"] is True and again["offer"]["rent"] == 12


def test_concurrent_signings_through_both_servers_never_over_allocate(pg_database, two_servers):
    from models.incubator_service import create_incubator
    from models.site_service import create_site

    staff = make_token(pg_database, "two-staff", "promotion")
    with pg_database.session() as session:
        site = create_site({"kind": "park", "name": "双机签约园", "district": "乐清市", "industries": ["C3823"],
                            "offers": [{"space_type": "plant", "available_area": ROOM_FOR * AREA, "rent": 18}]},
                           session=session)
        incubator = create_incubator({"name": "双机签约孵化器", "district": "乐清市"}, session=session)
        offer_id = site.all_offers[0].id
        match_ids = []
        for i in range(SIGNINGS):
            match_ids.append(negotiating_match(session, name=f"双机签约{i}", incubator_id=incubator.id,
                                               offer_id=offer_id, area=AREA))
        session.commit()

    barrier = threading.Barrier(SIGNINGS)
    statuses: list[int] = []
    lock = threading.Lock()

    def sign(index: int, match_id: int) -> None:
        server = two_servers[index % 2]
        barrier.wait()
        status, _ = request(server.url, "POST", f"/matches/{match_id}/transitions", token=staff,
                            json_body={"action": "sign"})
        with lock:
            statuses.append(status)

    threads = [threading.Thread(target=sign, args=item) for item in enumerate(match_ids)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert sorted(statuses) == [201] * ROOM_FOR + [409] * (SIGNINGS - ROOM_FOR)
    with pg_database.session() as session:
        assert session.get(Offer, offer_id).available_area == 0
        signed = session.scalar(sa.select(sa.func.count()).where(Match.offer_id == offer_id,
                                                                  Match.status == MatchStatus.signed))
        assert signed == ROOM_FOR
