"""The space map page: its layers' figures from the spaces and placements, the outlines, who may see it."""

import json
import re

from models.carrier import CarrierSpaceType, Placement, Space
from models.incubator import IncubatorKind

from ..factories import IncubatorFactory, ProjectFactory


def map_data(html: str) -> dict:
    return json.loads(re.search(r'<script type="application/json" id="space-map-data">(.*?)</script>', html, re.S).group(1))


def test_the_map_shows_each_carriers_space_and_occupancy_and_each_sites_vacancy(staff_page, db, park):
    maker = IncubatorFactory(name="鹿城众创空间", kind=IncubatorKind.maker_space)
    desks = Space(incubator_id=maker.id, space_type=CarrierSpaceType.desk, name="工位区", total_area=600.0, desks=100)
    office = Space(incubator_id=maker.id, space_type=CarrierSpaceType.office, name="办公室", total_area=400.0)
    db.add_all([desks, office])
    db.flush()
    team = ProjectFactory(incubator_id=maker.id)
    db.add(Placement(project_id=team.id, space_id=office.id, area=250.0, desks=0))
    db.flush()

    response = staff_page.get("/map")
    assert response.status_code == 200 and "孵化空间数字地图" in response.text
    data = map_data(response.text)
    (carrier,) = [c for c in data["carriers"] if c["id"] == maker.id]
    assert carrier | {"url": None} == carrier | {
        "name": "鹿城众创空间", "kind": "maker_space", "district": "鹿城区", "total_area": 1000.0, "vacant_area": 750.0,
        "rate": 0.25, "projects": 1, "url": None}
    assert carrier["url"] == f"/carriers/{maker.id}"
    (site,) = data["sites"]
    assert (site["name"], site["vacant_area"], site["url"]) == ("乐清电气园", 9000.0, f"/sites/{park.id}")
    assert data["carrier_kinds"]["accelerator"] == "加速器" and data["ocean_zone"]["name"] == "温州海经区"
    assert "25%" in response.text  # the carriers' table


def test_the_outlines_are_the_districts_named_in_chinese(staff_page):
    response = staff_page.get("/map/wenzhou.geojson")
    assert response.status_code == 200 and response.cache_control.max_age == 86400
    names = {feature["properties"]["name"] for feature in response.json["features"]}
    assert {"鹿城区", "乐清市", "瑞安市", "龙港市", "洞头区"} <= names and len(names) == 12
    assert all(f["geometry"]["type"] in ("Polygon", "MultiPolygon") for f in response.json["features"])


def test_operators_do_not_see_the_map(operator_page):
    assert operator_page.get("/map").status_code == 403
    assert "空间地图" not in operator_page.get("/").text
