"""Eight teams placed at once into a space with room for three: three 201s, five 409s, never more than the space."""

from __future__ import annotations

import threading
from datetime import timedelta

import sqlalchemy as sa

from models.carrier import Placement, Space

from .committed import committed_data


def test_concurrent_placements_never_overfill_a_space(database_url):
    with committed_data(database_url) as state:
        app, session = state.app, state.session
        from models.incubator_service import create_incubator
        from models.user import Role
        from models.user_service import create_user, issue_token

        incubator = create_incubator({"name": "并发入驻测试孵化器", "district": "鹿城区"}, session=session)
        space = Space(incubator_id=incubator.id, space_type="office", name="并发办公", total_area=100)
        session.add(space)
        user = create_user("placement-race-admin", "a long password", Role.admin, session=session)
        token, _ = issue_token(user, ttl=timedelta(hours=1), session=session)
        session.commit()
        state.created = {"site": [], "incubator": [incubator.id], "user": [user.id], "matches": []}
        try:
            barrier = threading.Barrier(8)
            statuses: list[int] = []
            lock = threading.Lock()

            def place(i: int) -> None:
                client = app.test_client()
                barrier.wait()
                response = client.post("/api/v1/projects", json={
                    "name": f"并发队{i}", "incubator_id": incubator.id,
                    "placement": {"space_id": space.id, "area": 30}}, headers={"Authorization": f"Bearer {token}"})
                with lock:
                    statuses.append(response.status_code)

            threads = [threading.Thread(target=place, args=(i,)) for i in range(8)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=120)
            assert sorted(statuses) == [201] * 3 + [409] * 5
            used = session.scalar(sa.select(sa.func.sum(Placement.area)).where(Placement.space_id == space.id))
            assert used == 90
        finally:
            session.rollback()
            session.execute(sa.delete(Placement).where(Placement.space_id == space.id))
            session.execute(sa.delete(Space).where(Space.id == space.id))
            session.commit()
