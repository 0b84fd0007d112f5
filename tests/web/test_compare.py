"""对比: two to four offers side by side."""

from __future__ import annotations

from api.sites.schemas import SiteCreateSchema
from models.site_service import create_site

from .test_pages import graduated_project

LAND = {
    "kind": "district", "name": "瑞安经开区地块", "district": "瑞安市", "location": {"lat": 27.78, "lon": 120.63},
    "offers": [{"space_type": "land", "available_area": 13340, "available_from": "2027-03-01"}],
}


def test_two_offers_side_by_side_with_distances_from_the_project(staff_page, db, incubator, park):
    land = create_site(SiteCreateSchema().load(LAND), session=db)
    project = graduated_project(db, incubator_id=incubator.id)
    ids = f"{park.offers[0].id},{land.offers[0].id}"
    response = staff_page.get(f"/compare?offer_ids={ids}&project_id={project.id}")
    assert response.status_code == 200
    html = response.text
    for label in ("可用面积", "分割 / 可建", "租金", "供电", "净高", "楼面荷载", "洁净室", "可交付", "主导产业", "距项目所在区县"):
        assert f'<th scope="row">{label}</th>' in html, label
    assert html.index("乐清电气园") < html.index("瑞安经开区地块")  # in the order asked
    assert "9,000㎡" in html and "13,340㎡（20.0 亩）" in html and "2027-03-01" in html
    assert html.count(" km") == 2


def test_ticked_boxes_arrive_as_repeated_parameters(staff_page, db, park):
    land = create_site(SiteCreateSchema().load(LAND), session=db)
    response = staff_page.get(f"/compare?offer_ids={park.offers[0].id}&offer_ids={land.offers[0].id}")
    assert response.status_code == 200 and "距项目所在区县" not in response.text


def test_too_few_or_too_many_offers_are_explained(staff_page, park):
    one = staff_page.get(f"/compare?offer_ids={park.offers[0].id}")
    assert one.status_code == 422 and "请选择 2–4 处空间进行对比（已选 1 处）" in one.text
    five = staff_page.get("/compare?offer_ids=1,2,3,4,5")
    assert five.status_code == 422 and "已选 5 处" in five.text


def test_an_unknown_offer_is_named(staff_page, park):
    response = staff_page.get(f"/compare?offer_ids={park.offers[0].id},999999")
    assert response.status_code == 404 and "999999" in response.text


def test_operators_do_not_compare_the_inventory(operator_page, park):
    assert operator_page.get(f"/compare?offer_ids={park.offers[0].id},1").status_code == 403


def test_offers_can_be_ticked_where_they_are_listed(staff_page, db, incubator, park):
    project = graduated_project(db, incubator_id=incubator.id)
    for path in ("/sites", f"/sites/{park.id}", f"/projects/{project.id}/sites"):
        html = staff_page.get(path).text
        assert f'name="offer_ids" value="{park.offers[0].id}" form="compare"' in html, path
        assert 'id="compare"' in html, path
