"""A proposal racing the archiving of its offer, on two connections of a real database."""

from __future__ import annotations

import threading

import sqlalchemy as sa

from models.db import begin_write
from models.errors import InvalidInput
from models.incubator_service import create_incubator
from models.match import OPEN, Match
from models.match_service import propose_match
from models.project import Action
from models.project_service import create_project
from models.site import Offer
from models.site_service import archive_offer, create_site

PARK = {"kind": "park", "name": "下架竞争园", "district": "乐清市", "industries": ["C3823"],
        "location": {"lat": 28.12, "lon": 120.98}, "offers": [{"space_type": "plant", "available_area": 3000, "rent": 18}]}


def test_a_proposal_racing_an_archive_never_leaves_an_open_match_on_the_archived_offer(server_database):
    with server_database.session() as session:
        offer_id = create_site(PARK, session=session).all_offers[0].id
        incubator = create_incubator({"name": "下架竞争孵化器", "district": "乐清市"}, session=session)
        project = create_project({"name": "下架竞争项目", "incubator_id": incubator.id, "stage": "incubation",
                                  "space_need": {"space_type": "plant", "area_min": 1000}}, actor="test", session=session)
        project.transition(Action.graduate, actor="test")
        session.commit()
        project_id = project.id

    archiver = server_database.session()
    begin_write(archiver)
    archive_offer(archiver.get(Offer, offer_id), actor="test", session=archiver)  # not committed yet
    outcome: list[str] = []

    def propose() -> None:
        with server_database.session() as session:
            begin_write(session)
            try:
                propose_match({"project_id": project_id, "offer_id": offer_id, "area": 1000}, actor="test",
                              session=session)
                session.commit()
                outcome.append("proposed")
            except InvalidInput:
                session.rollback()
                outcome.append("refused")

    thread = threading.Thread(target=propose)
    thread.start()
    thread.join(timeout=1.0)
    try:
        assert thread.is_alive(), "the proposal did not wait for the archiving transaction"
    finally:
        archiver.commit()
        archiver.close()
        thread.join(timeout=30)
    assert outcome == ["refused"]
    with server_database.session() as session:
        open_matches = session.scalar(sa.select(sa.func.count()).where(Match.offer_id == offer_id,
                                                                       Match.status.in_(OPEN)))
        assert open_matches == 0
