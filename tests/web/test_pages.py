"""The staff pages through the Flask test client: sign-in, roles, CSRF, forms, transitions, matches, imports."""

from __future__ import annotations

import io

import sqlalchemy as sa

from models.event import Event
from models.match import Match, MatchStatus
from models.project import Action, Project, Stage, Status
from models.site import Offer

from ..factories import PASSWORD, ProjectFactory
from .conftest import csrf_token, post_form


def graduated_project(db, **kwargs) -> Project:
    """A project that has just graduated and is seeking a site."""
    project = ProjectFactory(stage=Stage.acceleration, **kwargs)
    project.transition(Action.graduate, actor="t")
    db.flush()
    return project


def test_a_visitor_is_sent_to_the_login_page(client):
    response = client.get("/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")
    assert client.get("/projects").status_code == 302


def test_wrong_password_is_refused_in_chinese(client, admin):
    page = client.get("/login")
    response = client.post("/login", data={"username": admin.username, "password": "wrong password",
                                           "csrf_token": csrf_token(page.text)})
    assert response.status_code == 401 and "用户名或密码错误" in response.text
    assert client.get("/").status_code == 302


def test_login_without_csrf_token_is_refused(client, admin):
    response = client.post("/login", data={"username": admin.username, "password": "correct horse battery"})
    assert response.status_code == 400 and "表单已失效" in response.text
    assert client.get("/").status_code == 302


def test_a_form_without_csrf_token_changes_nothing(admin_page, db, incubator):
    project = ProjectFactory(incubator_id=incubator.id, stage=Stage.incubation)
    response = admin_page.post(f"/projects/{project.id}/transitions", data={"action": "graduate"})
    assert response.status_code == 400
    db.refresh(project)
    assert project.status is Status.active


def test_the_api_needs_no_csrf_token(client, admin_headers, incubator):
    response = client.post("/api/v1/projects", json={"name": "接口项目", "incubator_id": incubator.id},
                           headers=admin_headers)
    assert response.status_code == 201


def test_pages_send_a_content_security_policy(admin_page):
    response = admin_page.get("/")
    assert response.status_code == 200
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert "首页" in response.text and "各阶段项目" in response.text and "<svg" in response.text


def test_navigation_adapts_to_the_role(admin_page, staff_page, operator_page):
    for page in (admin_page, staff_page):
        html = page.get("/").text
        assert all(label in html for label in ("空间资源", "匹配跟进", "对接会/签约会", "导入"))
    html = operator_page.get("/").text
    assert "项目" in html and "空间资源" not in html and "对接会/签约会" not in html
    assert operator_page.get("/sites").status_code == 403
    assert operator_page.get("/events").status_code == 403


def test_an_operator_sees_only_its_own_projects(operator_page, incubator):
    mine = ProjectFactory(incubator_id=incubator.id, name="本孵化器项目")
    other = ProjectFactory(name="别家项目")
    html = operator_page.get("/projects").text
    assert "本孵化器项目" in html and "别家项目" not in html
    assert operator_page.get(f"/projects/{other.id}").status_code == 404
    assert operator_page.get(f"/projects/{mine.id}").status_code == 200


def test_project_list_filters_and_paginates(admin_page, incubator):
    for i in range(30):
        ProjectFactory(incubator_id=incubator.id, name=f"分页项目{i:02d}", stage=Stage.incubation if i % 2 else Stage.nursery)
    first = admin_page.get("/projects?q=分页项目").text
    assert "第 1 / 2 页" in first and "分页项目00" in first and "分页项目29" not in first
    assert "分页项目29" in admin_page.get("/projects?q=分页项目&page=2").text
    filtered = admin_page.get("/projects?q=分页项目&stage=incubation", headers={"HX-Request": "true"}).text
    assert "<html" not in filtered  # htmx gets the rows only
    assert "分页项目01" in filtered and "分页项目00" not in filtered


def test_creating_a_project_with_bad_input_shows_every_error_inline(admin_page, db, incubator):
    before = db.scalar(sa.select(sa.func.count(Project.id)))
    response = post_form(admin_page, "/projects/new", {
        "name": "", "incubator_id": str(incubator.id), "industries": "C3823；X999", "team_size": "很多",
        "space_need.space_type": "plant", "space_need.area_min": "3000", "space_need.area_max": "1000",
    })
    assert response.status_code == 422
    for message in ("表单有 3 处需要修改", "长度应在 1 到 100 之间", "不是有效的整数", "需求面积上限不能小于下限"):
        assert message in response.text
    assert db.scalar(sa.select(sa.func.count(Project.id))) == before
    unknown = post_form(admin_page, "/projects/new", {"name": "新项目", "incubator_id": str(incubator.id),
                                                       "industries": "X999"})
    assert unknown.status_code == 422 and "未知行业代码：X999" in unknown.text


def test_creating_and_editing_a_project(admin_page, db, incubator):
    response = post_form(admin_page, "/projects/new", {
        "name": "网页登记项目", "incubator_id": str(incubator.id), "industries": "C3823", "stage": "incubation",
        "space_need.space_type": "plant", "space_need.area_min": "2000", "preferred_districts": "330382",
    })
    assert response.status_code == 302
    project = db.scalar(sa.select(Project).where(Project.name == "网页登记项目"))
    assert project.stage is Stage.incubation and project.need_area_min == 2000
    assert project.preferred_districts == ["330382"]
    edit = admin_page.get(f"/projects/{project.id}/edit").text
    response = admin_page.post(f"/projects/{project.id}/edit", data={
        "csrf_token": csrf_token(edit), "version": str(project.version), "name": "改过的名称", "industries": "C3823",
        "space_need.space_type": "plant", "space_need.area_min": "2500", "space_need.clean_room": "on",
    })
    assert response.status_code == 302
    db.refresh(project)
    assert (project.name, project.need_area_min, project.need_clean_room) == ("改过的名称", 2500, True)
    stale = admin_page.post(f"/projects/{project.id}/edit", data={
        "csrf_token": csrf_token(edit), "version": "1", "name": "覆盖别人的修改"})
    assert stale.status_code == 409 and "已被他人修改" in stale.text
    db.refresh(project)
    assert project.name == "改过的名称"


def test_editing_a_project_with_a_blank_area_min_reports_it_and_keeps_nothing(admin_page, db, incubator):
    project = ProjectFactory(incubator_id=incubator.id, space_need={"space_type": "plant", "area_min": 3000.0,
                                                                      "area_max": 5000.0})
    name = project.name
    edit = admin_page.get(f"/projects/{project.id}/edit").text
    form = {"csrf_token": csrf_token(edit), "version": str(project.version), "name": "改名",
            "space_need.space_type": "plant", "space_need.area_min": "", "space_need.area_max": "6000"}
    response = admin_page.post(f"/projects/{project.id}/edit", data=form)
    assert response.status_code == 422
    assert "表单有 1 处需要修改" in response.text and '<span class="error">必填</span>' in response.text
    db.refresh(project)
    assert (project.name, project.need_area_min, project.need_area_max) == (name, 3000, 5000)
    # A need filled in without its type is reported too, not dropped.
    untyped = admin_page.post(f"/projects/{project.id}/edit", data={**form, "space_need.space_type": "",
                                                                     "space_need.area_min": "100"})
    assert untyped.status_code == 422 and "必填" in untyped.text
    db.refresh(project)
    assert project.need_space_type.value == "plant" and project.need_area_min == 3000


def test_the_project_page_offers_only_allowed_transitions(admin_page, staff_page, db, incubator):
    project = ProjectFactory(incubator_id=incubator.id, stage=Stage.nursery)
    html = admin_page.get(f"/projects/{project.id}").text
    assert 'value="advance"' in html and 'value="exit"' in html and 'value="graduate"' not in html
    assert "登记入孵" in html  # the stage history
    assert 'value="advance"' not in staff_page.get(f"/projects/{project.id}").text
    response = post_form(staff_page, f"/projects/{project.id}/transitions", {"action": "advance"})
    assert response.status_code == 403


def test_graduating_a_project_from_its_page(admin_page, db, incubator):
    project = ProjectFactory(incubator_id=incubator.id, stage=Stage.acceleration)
    response = post_form(admin_page, f"/projects/{project.id}/transitions", {"action": "graduate", "reason": "评审通过"},
                         page=f"/projects/{project.id}")
    assert response.status_code == 302
    db.refresh(project)
    assert (project.stage, project.status) == (Stage.industrialization, Status.graduated)
    html = admin_page.get(f"/projects/{project.id}").text
    assert "已毕业" in html and "评审通过" in html and "寻找落地空间" in html
    again = post_form(admin_page, f"/projects/{project.id}/transitions", {"action": "graduate"})
    assert again.status_code == 409 and "不能再次毕业" in again.text


def test_recording_a_fund_intention_flags_the_relocation_risk(staff_page, operator_page, db, incubator):
    project = ProjectFactory(incubator_id=incubator.id, name="被基金看中的项目")
    url = f"/projects/{project.id}/fund-intentions"
    bad = post_form(staff_page, url, {"fund_name": "", "amount": "-5", "expected_date": "下个月"},
                    page=f"/projects/{project.id}")
    assert bad.status_code == 422
    for message in ("基金拟投有 3 处需要修改", "长度应在 1 到 100 之间", "不能为负数", "不是有效的日期"):
        assert message in bad.text
    assert project.fund_intentions == []
    plain = post_form(staff_page, url, {"fund_name": "温州产业基金", "amount": "500"})
    assert plain.status_code == 302
    assert "有基金要求迁出温州" not in staff_page.get(f"/projects/{project.id}").text
    risky = post_form(staff_page, url, {"fund_name": "外地资本", "amount": "3000", "expected_date": "2027-01-31",
                                        "relocate_out": "on", "destination": "杭州"})
    assert risky.status_code == 302 and risky.headers["Location"].endswith(f"/projects/{project.id}#funds")
    html = staff_page.get(f"/projects/{project.id}").text
    assert "已标记迁出风险" in html and "有基金要求迁出温州" in html and "要求迁往 杭州" in html
    assert "温州产业基金" in html and "3,000.0" in html
    assert "迁出风险" in staff_page.get("/projects?q=被基金看中").text
    db.expire_all()
    assert [(f.fund_name, f.relocate_out, f.destination) for f in project.fund_intentions] == [
        ("温州产业基金", False, ""), ("外地资本", True, "杭州")]
    # Operators read intentions but, as in the API, do not record them.
    assert "记录基金拟投" not in operator_page.get(f"/projects/{project.id}").text
    assert post_form(operator_page, url, {"fund_name": "自报基金"}).status_code == 403
    assert len(project.fund_intentions) == 2


def test_finding_sites_proposing_and_following_a_match(staff_page, admin_page, db, incubator, park):
    project = ProjectFactory(incubator_id=incubator.id, stage=Stage.acceleration)
    post_form(admin_page, f"/projects/{project.id}/transitions", {"action": "graduate"})
    html = staff_page.get(f"/projects/{project.id}/sites").text
    assert "乐清电气园" in html and "综合得分" in html and "产业" in html
    offer = park.offers[0]
    response = post_form(staff_page, "/matches", {"project_id": project.id, "offer_id": offer.id})
    assert response.status_code == 302
    match = db.scalar(sa.select(Match).where(Match.project_id == project.id))
    assert match.status is MatchStatus.proposed and match.score is not None
    assert "已在跟进" in staff_page.get(f"/projects/{project.id}/sites").text
    for action, status in (("contact", "已联系"), ("visit", "已考察"), ("negotiate", "洽谈中")):
        fragment = post_form(staff_page, f"/matches/{match.id}/steps", {"action": action},
                             headers={"HX-Request": "true"})
        assert fragment.status_code == 200 and status in fragment.text and "<html" not in fragment.text
    # Signing asks for a reason and a confirmation, and shows the area it will reserve.
    assert f"签约将占用 <b>{match.area:,.0f} ㎡</b>" in fragment.text
    unconfirmed = post_form(staff_page, f"/matches/{match.id}/steps", {"action": "sign"},
                            headers={"HX-Request": "true"})
    assert "请确认签约" in unconfirmed.text and "请填写签约的原因" in unconfirmed.text
    db.refresh(offer)
    db.refresh(match)
    assert offer.available_area == 9000 and match.status is MatchStatus.negotiating
    signed = post_form(staff_page, f"/matches/{match.id}/steps",
                       {"action": "sign", "confirmed": "1", "note": "签约仪式上签订"}, headers={"HX-Request": "true"})
    assert "已签约" in signed.text and 'class="error"' not in signed.text
    db.refresh(offer)
    assert offer.available_area == 9000 - match.area
    out_of_order = post_form(staff_page, f"/matches/{match.id}/steps", {"action": "visit"},
                             headers={"HX-Request": "true"})
    assert "已签约" in out_of_order.text and 'class="error"' in out_of_order.text


def test_near_misses_show_their_violations_on_request(staff_page, db, incubator, park):
    project = graduated_project(db, incubator_id=incubator.id, space_need={"space_type": "plant", "area_min": 50000.0})
    plain = staff_page.get(f"/projects/{project.id}/sites").text
    assert "乐清电气园" not in plain and "没有满足硬性条件的空间" in plain
    near = staff_page.get(f"/projects/{project.id}/sites?include_infeasible=1").text
    assert "乐清电气园" in near and "不满足" in near


def test_reverse_search_from_a_site(staff_page, db, incubator, park):
    graduated_project(db, incubator_id=incubator.id, name="找空间的项目")
    html = staff_page.get(f"/sites/{park.id}/projects").text
    assert "找空间的项目" in html and "推荐" in html


def test_sites_list_with_filters_and_map(staff_page, park):
    html = staff_page.get("/sites").text
    assert "乐清电气园" in html and "示意图" in html and "<path" in html and 'class="park"' in html
    assert "乐清电气园" not in staff_page.get("/sites?kind=custom_plant").text
    assert "乐清电气园" not in staff_page.get("/sites?space_type=office").text
    assert "乐清电气园" in staff_page.get("/sites?district=乐清市&industry=C38").text


def test_creating_an_event_computing_its_report_and_downloading_it(staff_page, db, incubator, park):
    graduated_project(db, incubator_id=incubator.id, name="参会项目")
    bad = post_form(staff_page, "/events", {"name": "", "date": "明天", "kind": "signing"})
    assert bad.status_code == 422 and "不是有效的日期" in bad.text
    response = post_form(staff_page, "/events", {"name": "乐清签约会", "date": "2026-12-20", "kind": "signing",
                                                 "district": "330382"})
    assert response.status_code == 302
    event = db.scalar(sa.select(Event).where(Event.name == "乐清签约会"))
    assert staff_page.get(f"/events/{event.id}/report.xlsx").status_code == 404
    response = post_form(staff_page, f"/events/{event.id}/report", {"time_limit_s": "5"})
    assert response.status_code == 302
    html = staff_page.get(f"/events/{event.id}").text
    assert "参会项目" in html and "乐清电气园" in html and "匹配 <b>1</b>" in html
    xlsx = staff_page.get(f"/events/{event.id}/report.xlsx")
    assert xlsx.status_code == 200 and xlsx.data[:2] == b"PK"
    assert staff_page.get(f"/events/{event.id}/report.csv").status_code == 200


def test_an_import_with_a_bad_row_lists_it_and_writes_nothing(staff_page, db):
    before = db.scalar(sa.select(sa.func.count(Offer.id)))
    good_rows = "名称,类型,区县,行业代码,空间类型,可用面积\n网页导入园,园区,瑞安市,C3823,厂房,5000\n"
    csv = (good_rows + "坏行园,园区,火星区,C3823,厂房,-5\n").encode("utf-8")
    response = post_form(staff_page, "/imports", {"kind": "sites", "file": (io.BytesIO(csv), "sites.csv")},
                         page="/imports", content_type="multipart/form-data")
    assert response.status_code == 422
    assert "导入失败，未写入任何数据" in response.text
    assert '<td class="num">3</td><td>可用面积</td><td>应大于 0</td>' in response.text  # row, column, message
    assert db.scalar(sa.select(sa.func.count(Offer.id))) == before
    good = post_form(staff_page, "/imports", {"kind": "sites", "file": (io.BytesIO(good_rows.encode("utf-8")), "ok.csv")},
                     page="/imports", content_type="multipart/form-data")
    assert good.status_code == 200 and "新增 1 条" in good.text


def test_import_templates_download_and_kinds_follow_the_role(staff_page, operator_page):
    template = staff_page.get("/imports/sites/template.csv")
    assert template.status_code == 200 and "名称" in template.data.decode("utf-8-sig")
    html = operator_page.get("/imports").text
    assert 'value="projects"' in html and 'value="sites"' not in html
    denied = post_form(operator_page, "/imports", {"kind": "sites", "file": (io.BytesIO(b"x"), "x.csv")},
                       page="/imports", content_type="multipart/form-data")
    assert denied.status_code == 403


def test_logout_ends_the_session(admin_page):
    response = post_form(admin_page, "/logout", {})
    assert response.status_code == 302
    assert admin_page.get("/").status_code == 302


def test_the_login_form_shares_the_apis_attempt_limit(app, client, admin, monkeypatch):
    monkeypatch.setitem(app.config, "LOGIN_LIMIT", "3 per minute")
    wrong = {"username": admin.username, "password": "wrong password"}
    # Two attempts through the API and one through the form use up the budget together.
    for _ in range(2):
        assert client.post("/api/v1/auth/token", json=wrong).status_code == 401
    token = csrf_token(client.get("/login").text)
    assert client.post("/login", data={**wrong, "csrf_token": token}).status_code == 401
    response = client.post("/login", data={"username": admin.username, "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 429
    assert response.mimetype == "text/html" and "登录尝试过于频繁" in response.text
    assert 1 <= int(response.headers["Retry-After"]) <= 60
    assert client.get("/login").status_code == 200  # showing the page is never limited
