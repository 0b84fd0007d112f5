"""Twenty signings of one project on twenty offers at once: the database lets exactly one through."""

import threading
from datetime import timedelta

import sqlalchemy as sa

from models.match import Match
from models.project import Project
from models.site import Offer

from .committed import committed_data
from .test_matches import PARK


def test_twenty_concurrent_signings_of_one_project(database_url):
    """Separate connections, committed data: one 201, nineteen 409s naming the winner, one reservation."""
    with committed_data(database_url) as state:
        app, session = state.app, state.session
        from models.incubator_service import create_incubator
        from models.project import Action
        from models.project_service import create_project
        from models.site_service import create_site
        from models.user import Role
        from models.user_service import create_user, issue_token

        site = create_site({**PARK, "name": "一项目多签测试园", "offers": [
            {"space_type": "plant", "available_area": 5000, "rent": 18} for _ in range(20)]}, session=session)
        incubator = create_incubator({"name": "多签测试孵化器", "district": "乐清市"}, session=session)
        user = create_user("signing-race-staff", "a long password", Role.promotion, session=session)
        token, _ = issue_token(user, ttl=timedelta(hours=1), session=session)
        project = create_project({"name": "多签项目", "incubator_id": incubator.id, "stage": "incubation",
                                  "space_need": {"space_type": "plant", "area_min": 1000 + 0.0}},
                                 actor="test", session=session)
        project.transition(Action.graduate, actor="test")
        offer_ids = [offer.id for offer in site.all_offers]
        match_ids = []
        for i, offer_id in enumerate(offer_ids):
            match = Match(project=project, offer_id=offer_id, area=1000 + i, status="negotiating", created_by="test")
            session.add(match)
            session.flush()
            match_ids.append(match.id)
        session.commit()
        state.created = {"site": [site.id], "incubator": [incubator.id], "user": [user.id], "matches": match_ids}

        barrier = threading.Barrier(20)
        answers: list[tuple[int, int, dict]] = []
        lock = threading.Lock()

        def sign(match_id: int) -> None:
            client = app.test_client()
            barrier.wait()
            response = client.post(f"/api/v1/matches/{match_id}/transitions", json={"action": "sign"},
                                   headers={"Authorization": f"Bearer {token}"})
            with lock:
                answers.append((match_id, response.status_code, response.get_json()))

        threads = [threading.Thread(target=sign, args=(mid,)) for mid in match_ids]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        assert sorted(status for _, status, _ in answers) == [201] + [409] * 19
        winner = next(mid for mid, status, _ in answers if status == 201)
        for mid, status, body in answers:
            if status == 409:
                assert f"匹配 {winner}" in body["detail"], body
        session.expire_all()
        area = {offer_id: session.get(Offer, offer_id).available_area for offer_id in offer_ids}
        winner_match = session.get(Match, winner)
        assert area == {o: 5000 - (winner_match.area if o == winner_match.offer_id else 0) for o in offer_ids}
        signed = session.scalars(sa.select(Match.id).where(Match.project_id == project.id,
                                                           Match.status == "signed")).all()
        assert signed == [winner]
        assert session.get(Project, project.id).status == "signed"
