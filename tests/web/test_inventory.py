"""Promotion staff keep the inventory from the pages: sites and offers created, edited, archived."""

from __future__ import annotations

import sqlalchemy as sa

from models.match import MatchAction, MatchStatus
from models.match_service import propose_match, step_match
from models.project import Action, Stage
from models.site import Offer, Site
from models.user import Role, User

from ..factories import ProjectFactory
from .conftest import csrf_token, post_form


def edit_form(page, url: str) -> dict:
    """The hidden fields of an edit form (CSRF token, version) as the browser would send them."""
    html = page.get(url).text
    version = html.split('name="version" value="')[1].split('"')[0]
    return {"csrf_token": csrf_token(html), "version": version}


def test_registering_a_site_with_bad_input_shows_every_error_and_writes_nothing(staff_page, db):
    before = db.scalar(sa.select(sa.func.count(Site.id)))
    response = post_form(staff_page, "/sites/new", {
        "name": "", "kind": "park", "district": "330382", "industries": "C3823；X999", "location.lat": "28.1",
    }, page="/sites/new")
    assert response.status_code == 422
    assert "表单有 2 处需要修改" in response.text  # the name, and the longitude missing beside the latitude
    assert response.text.count('<span class="error">必填</span>') == 2
    assert 'value="28.1"' in response.text  # what was typed is kept
    unknown = post_form(staff_page, "/sites/new", {"name": "新园区", "kind": "park", "district": "330382",
                                                     "industries": "X999"}, page="/sites/new")
    assert unknown.status_code == 422 and "未知行业代码：X999" in unknown.text
    assert db.scalar(sa.select(sa.func.count(Site.id))) == before


def test_staff_register_a_site_then_add_edit_and_archive_an_offer(staff_page, db):
    response = post_form(staff_page, "/sites/new", {
        "name": "瓯江口新园", "kind": "park", "district": "330382", "industries": "C3823；C38",
        "location.lat": "28.0", "location.lon": "120.9", "state_owned": "on", "description": "新建园区",
    }, page="/sites/new")
    assert response.status_code == 302
    site = db.scalar(sa.select(Site).where(Site.name == "瓯江口新园"))
    assert (site.district_code, site.industries, site.state_owned, site.lat) == ("330382", ["C3823", "C38"], True, 28.0)
    assert response.headers["Location"] == f"/sites/{site.id}/offers/new"

    bad = post_form(staff_page, f"/sites/{site.id}/offers/new", {"space_type": "plant", "available_area": "-5",
                                                                 "rent": "便宜"}, page=f"/sites/{site.id}/offers/new")
    assert bad.status_code == 422 and "应大于 0" in bad.text and "不是有效的数字" in bad.text
    missing = post_form(staff_page, f"/sites/{site.id}/offers/new", {"space_type": "plant"},
                        page=f"/sites/{site.id}/offers/new")
    assert missing.status_code == 422 and "缺少可用面积" in missing.text
    assert db.scalar(sa.select(sa.func.count(Offer.id)).where(Offer.site_id == site.id)) == 0

    added = post_form(staff_page, f"/sites/{site.id}/offers/new", {
        "space_type": "plant", "available_area": "6000", "min_area": "1000", "max_area": "6000", "rent": "16",
        "clean_room": "on"}, page=f"/sites/{site.id}/offers/new")
    assert added.status_code == 302
    offer = db.scalar(sa.select(Offer).where(Offer.site_id == site.id))
    assert (offer.ref, offer.available_area, offer.rent, offer.clean_room) == ("1", 6000, 16, True)
    page = staff_page.get(f"/sites/{site.id}").text
    assert "6,000" in page and "已添加空间 1" in page

    url = f"/sites/{site.id}/offers/{offer.id}/edit"
    form = edit_form(staff_page, url)
    # A cleared rent clears it; a cleared available area is refused, not kept.
    cleared = staff_page.post(url, data={**form, "space_type": "plant", "available_area": "", "rent": ""})
    assert cleared.status_code == 422 and "缺少可用面积" in cleared.text
    db.refresh(offer)
    assert (offer.available_area, offer.rent) == (6000, 16)
    saved = staff_page.post(url, data={**form, "space_type": "plant", "available_area": "5000", "rent": ""})
    assert saved.status_code == 302
    db.refresh(offer)
    assert (offer.available_area, offer.rent, offer.clean_room) == (5000, None, False)

    stale = staff_page.post(url, data={**form, "space_type": "plant", "available_area": "1"})
    assert stale.status_code == 409 and "已被他人修改" in stale.text
    db.refresh(offer)
    assert offer.available_area == 5000

    archived = post_form(staff_page, f"/sites/{site.id}/offers/{offer.id}/archive", {"version": offer.version},
                         headers={"HX-Request": "true"})
    assert archived.status_code == 204 and archived.headers["HX-Redirect"] == f"/sites/{site.id}"
    db.refresh(offer)
    assert offer.archived_at is not None
    assert "暂无在架空间" in staff_page.get(f"/sites/{site.id}").text


def test_editing_a_site_refuses_a_stale_form_and_a_duplicate_name(staff_page, db, park):
    other = Site(kind="district", name="另一处用地", district_code="330382")
    db.add(other)
    db.flush()
    url = f"/sites/{park.id}/edit"
    form = edit_form(staff_page, url)
    fields = {"name": "乐清电气园二期", "kind": "park", "district": "330382", "industries": "C3823",
              "location.lat": "", "location.lon": "", "description": ""}
    saved = staff_page.post(url, data={**form, **fields})
    assert saved.status_code == 302
    db.refresh(park)
    assert (park.name, park.lat, park.lon) == ("乐清电气园二期", None, None)  # cleared location
    stale = staff_page.post(url, data={**form, **fields, "name": "旧页面上的名称"})
    assert stale.status_code == 409 and "已被他人修改" in stale.text
    duplicate = staff_page.post(url, data={**edit_form(staff_page, url), **fields, "name": "另一处用地"})
    assert duplicate.status_code == 422 and "已有同名落地空间" in duplicate.text
    db.refresh(park)
    assert park.name == "乐清电气园二期"


def test_a_kind_change_that_no_longer_suits_the_offers_is_explained(staff_page, db, park):
    park.all_offers.append(Offer(ref="B2", space_type="office", available_area=300))
    db.flush()
    url = f"/sites/{park.id}/edit"
    response = staff_page.post(url, data={**edit_form(staff_page, url), "name": park.name, "kind": "custom_plant",
                                          "district": "330382"})
    assert response.status_code == 422
    assert "空间 B2：定制厂房只能提供厂房" in response.text
    db.refresh(park)
    assert park.kind.value == "park"


def test_archiving_a_site_takes_it_off_the_list(staff_page, db, park):
    stale = post_form(staff_page, f"/sites/{park.id}/archive", {"version": park.version - 1}, page=f"/sites/{park.id}",
                      follow_redirects=True)
    assert stale.request.path == f"/sites/{park.id}" and "已被他人修改" in stale.text
    db.refresh(park)
    assert park.archived_at is None
    response = post_form(staff_page, f"/sites/{park.id}/archive", {"version": park.version}, page=f"/sites/{park.id}")
    assert response.status_code == 302 and response.headers["Location"] == "/sites"
    assert "已下架：乐清电气园" in staff_page.get("/sites").text  # the message, once
    assert "乐清电气园" not in staff_page.get("/sites").text
    db.refresh(park)
    assert park.archived_at is not None and all(o.archived_at is not None for o in park.all_offers)
    assert staff_page.get(f"/sites/{park.id}").status_code == 404


def test_only_staff_maintain_the_inventory(operator_page, admin_page, db, park):
    offer = park.offers[0]
    for url in ("/sites/new", f"/sites/{park.id}/edit", f"/sites/{park.id}/offers/new",
                f"/sites/{park.id}/offers/{offer.id}/edit"):
        assert operator_page.get(url).status_code == 403
    for url in (f"/sites/{park.id}/archive", f"/sites/{park.id}/offers/{offer.id}/archive"):
        assert post_form(operator_page, url, {}).status_code == 403
    db.refresh(park)
    assert park.archived_at is None
    assert admin_page.get(f"/sites/{park.id}/edit").status_code == 200


def test_inventory_forms_need_the_csrf_token(staff_page, db, park):
    response = staff_page.post(f"/sites/{park.id}/offers/{park.offers[0].id}/archive", data={})
    assert response.status_code == 400
    db.refresh(park)
    assert park.offers[0].archived_at is None


def test_archiving_is_refused_while_a_project_has_signed_and_drops_open_matches(staff_page, db, park):
    offer = park.offers[0]
    signer, waiting = (ProjectFactory(stage=Stage.acceleration, name=name) for name in ("甲项目", "乙项目"))
    for project in (signer, waiting):
        project.transition(Action.graduate, actor="t")
    signed = propose_match({"project_id": signer.id, "offer_id": offer.id, "area": 3000}, actor="t", session=db)
    for action in ("contact", "visit", "negotiate", "sign"):
        step_match(signed, MatchAction(action), actor="t", reason="", session=db)
    proposed = propose_match({"project_id": waiting.id, "offer_id": offer.id, "area": 4000}, actor="t", session=db)
    db.refresh(offer)

    for url, version in ((f"/sites/{park.id}/offers/{offer.id}/archive", offer.version),
                         (f"/sites/{park.id}/archive", park.version)):
        refused = post_form(staff_page, url, {"version": version}, page=f"/sites/{park.id}", follow_redirects=True)
        assert refused.request.path == f"/sites/{park.id}"
        assert "空间已有签约项目：「甲项目」（空间 1），请先落地或撤销签约" in refused.text
    db.refresh(park)
    db.refresh(offer)
    assert park.archived_at is None and offer.archived_at is None and offer.available_area == 6000
    assert (signed.status, proposed.status) == (MatchStatus.signed, MatchStatus.proposed)

    step_match(signed, MatchAction.drop, actor="t", reason="", session=db)
    archived = post_form(staff_page, f"/sites/{park.id}/archive", {"version": park.version}, page=f"/sites/{park.id}")
    assert archived.status_code == 302 and archived.headers["Location"] == "/sites"
    db.refresh(proposed)
    staff = db.scalar(sa.select(User.username).where(User.role == Role.promotion))
    last = proposed.history[-1]
    assert (proposed.status, last.action, last.reason, last.actor) == (
        MatchStatus.dropped, MatchAction.drop, "空间已下架", staff)


def test_staff_set_a_sites_admission_rule_and_the_site_page_shows_it(staff_page, db):
    form = staff_page.get("/sites/new").text
    assert "产业准入" in form and '<option value="listed"' in form
    response = post_form(staff_page, "/sites/new", {"name": "瓯海眼健康园", "kind": "park", "district": "330304",
                                                      "industries": "C3587", "admission": "listed"}, page="/sites/new")
    assert response.status_code == 302
    site = db.scalar(sa.select(Site).where(Site.name == "瓯海眼健康园"))
    assert site.admission == "listed"
    assert "准入：目录内" in staff_page.get(f"/sites/{site.id}").text
    edit = staff_page.get(f"/sites/{site.id}/edit").text
    assert '<option value="listed" selected>' in edit
    plain = post_form(staff_page, "/sites/new", {"name": "普通园区", "kind": "park", "district": "330304"},
                      page="/sites/new")
    assert plain.status_code == 302
    plain_site = db.scalar(sa.select(Site).where(Site.name == "普通园区"))
    assert plain_site.admission == "open" and "准入：" not in staff_page.get(f"/sites/{plain_site.id}").text
