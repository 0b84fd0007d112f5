"""The ranking over real HTTP: `GET …/site-matches` on loopback against a database of synthetic offers."""

from __future__ import annotations

import tempfile
import time
from datetime import timedelta
from pathlib import Path

from matchmaker.migrate import upgrade_database
from models.db import create_engine
from models.user import Role
from models.user_service import create_user, issue_token


def http_ranking_p50(n_offers: int, requests: int = 50) -> float:
    """Median ms of GET …/site-matches over real HTTP on loopback, against `n_offers` offers."""
    import statistics
    import threading
    import urllib.request
    from json import loads

    from werkzeug.serving import make_server

    from benchmarks.ranking import synthetic_offers, synthetic_project
    from matchmaker import create_app
    from models.db import create_sessionmaker
    from models.incubator_service import create_incubator
    from models.project_service import create_project
    from models.site_service import create_site

    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        engine = create_engine(url)
        upgrade_database(engine)
        session = create_sessionmaker(engine)()
        sites: dict[int, dict] = {}
        for record in synthetic_offers(n_offers, seed=0):
            site = sites.setdefault(record.site_id, {
                "kind": record.site_kind, "name": record.site_name, "district": record.district,
                "industries": list(record.industries), "description": record.description, "offers": []})
            site["offers"].append({
                "space_type": record.space_type, "available_area": record.available_area, "min_area": record.min_area,
                "max_area": record.max_area, "rent": record.rent, "available_from": record.available_from,
                "floor_load": record.floor_load, "clear_height": record.clear_height, "power_kva": record.power_kva,
                "clean_room": record.clean_room, "hazardous_allowed": record.hazardous_allowed,
                "lead_time_days": record.lead_time_days})
        for site in sites.values():
            create_site(site, session=session)
        need = synthetic_project(seed=7)
        incubator = create_incubator({"name": "基准孵化器", "district": need.home_district or "330302",
                                      "industries": []}, session=session)
        project = create_project({
            "name": "基准项目", "incubator_id": incubator.id, "industries": list(need.industries),
            "description": need.description, "space_need": {
                "space_type": need.space_type, "area_min": need.area_min, "area_max": need.area_max,
                "needed_by": need.needed_by, "clean_room": need.clean_room, "hazardous": need.hazardous}},
            actor="bench", session=session)
        user = create_user("bench", "bench-password", Role.promotion, session=session)
        token, _ = issue_token(user, ttl=timedelta(hours=1), session=session)
        session.commit()
        session.close()
        engine.dispose()
        app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench", "LOG_LEVEL": "WARNING"})
        server = make_server("127.0.0.1", 0, app, threaded=True)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        endpoint = f"http://127.0.0.1:{server.server_port}/api/v1/projects/{project.id}/site-matches?limit=10"
        request = urllib.request.Request(endpoint, headers={"Authorization": f"Bearer {token}"})
        times = []
        try:
            for i in range(requests + 3):
                started = time.perf_counter()
                with urllib.request.urlopen(request, timeout=30) as response:
                    assert len(loads(response.read())["items"]) > 0
                if i >= 3:  # the first requests build the index
                    times.append((time.perf_counter() - started) * 1000)
        finally:
            server.shutdown()
            app.extensions["matchmaker.db"].engine.dispose()
        return statistics.median(times)
