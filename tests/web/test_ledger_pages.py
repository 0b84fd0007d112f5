"""The ledger pages through the test client: the board, a match's ledger and steps, 督办, confirmations, exports."""

from __future__ import annotations

import io
from datetime import timedelta

import openpyxl
import pytest
import sqlalchemy as sa

from models.base import wenzhou_today
from models.match import Match, MatchStatus
from models.match_service import propose_match
from models.project import Status
from models.user import Role

from ..factories import IncubatorFactory, UserFactory
from .conftest import post_form
from .test_pages import graduated_project


@pytest.fixture
def owner(db):
    return UserFactory(role=Role.promotion, username="ledger.owner")


@pytest.fixture
def match(db, park, incubator, owner):
    project = graduated_project(db, incubator_id=incubator.id, name="台账项目")
    late = wenzhou_today() - timedelta(days=3)
    return propose_match({"project_id": project.id, "offer_id": park.offers[0].id, "owner_id": owner.id,
                          "next_action": "约看厂房", "next_action_on": late}, actor="t", session=db)


def step(page, match, **form):
    return post_form(page, f"/matches/{match.id}/steps", form, page=f"/matches/{match.id}")


def test_the_board_has_a_column_per_status_and_red_overdue_cards(staff_page, db, match, owner):
    html = staff_page.get("/matches").text
    for name in ("已推荐", "已联系", "已考察", "洽谈中", "已签约", "已落地", "已放弃"):
        assert f"<h2>{name}" in html
    card = html[html.index(f'id="card-{match.id}"') - 40:]
    assert 'class="match-card overdue"' in card[:120]
    assert "台账项目" in card and "乐清电气园" in card and "ledger.owner" in card and "约看厂房" in card
    other = UserFactory(role=Role.promotion)
    assert "台账项目" not in staff_page.get(f"/matches?owner_id={other.id}").text
    assert "台账项目" in staff_page.get(f"/matches?owner_id={owner.id}&district=330382").text
    assert "台账项目" not in staff_page.get("/matches?district=330381").text
    assert "台账项目" not in staff_page.get(f"/matches?incubator_id={IncubatorFactory().id}").text


def test_steps_carry_notes_dates_next_action_and_owner(staff_page, db, match, owner):
    other = UserFactory(role=Role.promotion, username="second.owner")
    yesterday = (wenzhou_today() - timedelta(days=1)).isoformat()
    before = step(staff_page, match, action="contact", at=yesterday)  # the proposal was made today
    assert "日期不能早于上一步" in staff_page.get(before.headers["Location"]).text
    today = wenzhou_today().isoformat()
    response = step(staff_page, match, action="contact", note="电话联系，对方有意向", at=today,
                    next_action="安排考察", next_action_on=(wenzhou_today() + timedelta(days=7)).isoformat(),
                    owner_id=str(other.id))
    assert response.status_code == 302
    db.refresh(match)
    assert (match.status, match.next_action, match.owner_id) == (MatchStatus.contacted, "安排考察", other.id)
    assert match.history[-1].happened_on.isoformat() == today and match.history[-1].reason == "电话联系，对方有意向"
    future = step(staff_page, match, action="visit", at=(wenzhou_today() + timedelta(days=1)).isoformat())
    assert "日期不能晚于今天" in staff_page.get(future.headers["Location"]).text
    page = staff_page.get(f"/matches/{match.id}").text
    assert "电话联系，对方有意向" in page and today in page and "second.owner" in page
    project_page = staff_page.get(f"/projects/{match.project_id}").text
    assert "电话联系，对方有意向" in project_page and f"匹配 {match.id}" in project_page


def test_dropping_asks_for_a_reason_and_a_confirmation(staff_page, db, match):
    refused = step(staff_page, match, action="drop", note="不合适")
    assert "请确认放弃" in staff_page.get(refused.headers["Location"]).text
    db.refresh(match)
    assert match.status is MatchStatus.proposed
    step(staff_page, match, action="drop", note="层高不够", drop_reason="area", confirmed="1")
    db.refresh(match)
    assert match.status is MatchStatus.dropped and match.history[-1].drop_reason == "area"
    assert "面积不符" in staff_page.get(f"/matches/{match.id}").text


def test_the_ledger_form_changes_area_until_signing(staff_page, db, match):
    post_form(staff_page, f"/matches/{match.id}/edit", {"area": "4200", "next_action": "等报价", "next_action_on": "",
                                                        "owner_id": "", "note": "谈到 4200㎡",
                                                        "version": str(match.version)}, page=f"/matches/{match.id}")
    db.refresh(match)
    assert (match.area, match.next_action, match.next_action_on, match.owner_id, match.note) == (
        4200, "等报价", None, None, "谈到 4200㎡")
    stale = post_form(staff_page, f"/matches/{match.id}/edit", {"area": "3000", "version": "1"},
                      page=f"/matches/{match.id}")
    assert "已被他人修改" in staff_page.get(stale.headers["Location"]).text
    db.refresh(match)
    assert match.area == 4200


def test_exiting_a_project_asks_for_a_reason(admin_page, db, match):
    url = f"/projects/{match.project_id}/transitions"
    page = admin_page.get(f"/projects/{match.project_id}").text
    assert "退出项目…" in page and 'popover id="exit-' in page
    post_form(admin_page, url, {"action": "exit"})
    assert match.project.status is Status.graduated
    post_form(admin_page, url, {"action": "exit", "confirmed": "1", "reason": "企业注销"})
    db.refresh(match.project)
    assert match.project.status is Status.exited


def test_logout_reads_exit_login(staff_page):
    assert ">退出登录</button>" in staff_page.get("/").text


def test_alerts_page_and_dashboard_counts(staff_page, db, match):
    html = staff_page.get("/alerts").text
    assert "待办逾期" in html and "台账项目" in html and "约看厂房" in html
    assert "台账项目" not in staff_page.get("/alerts?kind=relocation_risk").text
    dashboard = staff_page.get("/").text
    assert "督办预警" in dashboard and "ledger.owner 1" in dashboard


def _rows(response):
    assert response.status_code == 200
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = openpyxl.load_workbook(io.BytesIO(response.data)).active
    return list(sheet.iter_rows(values_only=True))


def test_each_list_exports_what_it_shows(staff_page, db, match, owner):
    graduated_project(db, name="另一个项目")
    projects = _rows(staff_page.get("/projects.xlsx?q=台账"))
    assert [r[1] for r in projects[2:]] == ["台账项目"] and "q=台账" in projects[0][0]
    sites = _rows(staff_page.get("/sites.xlsx?district=330382"))
    assert {r[1] for r in sites[2:]} == {"乐清电气园"}
    assert _rows(staff_page.get("/sites.xlsx?district=330381"))[2:] == []
    matches = _rows(staff_page.get(f"/matches.xlsx?owner_id={owner.id}"))
    assert matches[1][:3] == ("编号", "项目", "孵化器") and [r[1] for r in matches[2:]] == ["台账项目"]
    assert matches[2][10] == "是"  # overdue
    alerts = _rows(staff_page.get("/alerts.xlsx?kind=overdue_action"))
    assert {r[2] for r in alerts[2:]} == {"台账项目"} and {r[1] for r in alerts[2:]} == {"待办逾期"}
    assert staff_page.get("/alerts.xlsx?district=nowhere").status_code == 200


def test_operators_reach_neither_board_nor_alerts(operator_page):
    for url in ("/matches", "/alerts", "/matches.xlsx", "/alerts.xlsx", "/sites.xlsx"):
        assert operator_page.get(url).status_code == 403


def test_signing_from_the_page_marks_the_project_signed(staff_page, db, match):
    for action in ("contact", "visit", "negotiate"):
        step(staff_page, match, action=action)
    step(staff_page, match, action="sign", note="签约", confirmed="1")
    db.refresh(match)
    db.refresh(match.project)
    assert match.status is MatchStatus.signed and match.project.status is Status.signed
    assert db.scalar(sa.select(sa.func.count()).where(Match.project_id == match.project_id,
                                                      Match.status == MatchStatus.signed)) == 1
