"""What the pages say, read as a staff member would: names, counts and histories in plain Chinese."""

from __future__ import annotations

import sqlalchemy as sa

from models.base import utcnow
from models.event import Event
from models.project import Action, Stage

from ..factories import ProjectFactory
from .conftest import post_form
from .test_pages import graduated_project


def test_an_operators_dashboard_names_its_incubator(operator_page, incubator):
    html = operator_page.get("/").text
    assert f"<h1>首页 · {incubator.name}</h1>" in html


def test_a_site_without_offers_says_so_instead_of_finding_no_project(staff_page, db, incubator, park):
    graduated_project(db, incubator_id=incubator.id)
    park.offers[0].archived_at = utcnow()
    db.flush()
    html = staff_page.get(f"/sites/{park.id}/projects").text
    assert "还没有在架的可用空间" in html and "没有适合的毕业项目" not in html


def test_one_result_is_not_called_the_first_one(staff_page, db, incubator, park):
    project = graduated_project(db, incubator_id=incubator.id)
    html = staff_page.get(f"/projects/{project.id}/sites").text
    assert "乐清电气园" in html and "前 1 个" not in html


def test_an_exit_in_the_history_is_not_a_move_between_stages(admin_page, db, incubator):
    project = ProjectFactory(incubator_id=incubator.id, stage=Stage.nursery)
    project.transition(Action.exit, actor="t", reason="团队解散")
    db.flush()
    html = admin_page.get(f"/projects/{project.id}").text
    assert "团队解散" in html and "创业苗圃 → 创业苗圃" not in html


def test_the_events_list_tells_the_site_scope_from_the_project_scope(staff_page, db, incubator):
    response = post_form(staff_page, "/events", {"name": "鹿城项目专场", "date": "2026-12-20", "kind": "matchmaking",
                                                 "project_filter.district": "330302"})
    assert response.status_code == 302, response.text
    assert db.scalar(sa.select(Event).where(Event.name == "鹿城项目专场")) is not None
    html = staff_page.get("/events").text
    assert "落地空间范围" in html and "项目来源：孵化器所在区县" in html
    row = html[html.index("鹿城项目专场"):]
    assert "全市" in row[:400] and "孵化器在鹿城区" in row[:600]


def test_an_event_carries_its_organiser_venue_and_signatories_into_the_report(staff_page, db, incubator, park):
    graduated_project(db, incubator_id=incubator.id, name="签约项目甲")
    response = post_form(staff_page, "/events", {
        "name": "乐清签约仪式", "date": "2026-12-20", "kind": "signing", "organiser": "乐清市科技局",
        "venue": "乐清市民中心", "signatories": "乐清市人民政府，王某某，副市长\n乐清经开区管委会"})
    assert response.status_code == 302, response.text
    event = db.scalar(sa.select(Event).where(Event.name == "乐清签约仪式"))
    assert (event.organiser, event.venue) == ("乐清市科技局", "乐清市民中心")
    assert event.signatories == [{"side": "乐清市人民政府", "name": "王某某", "title": "副市长"},
                                 {"side": "乐清经开区管委会", "name": "", "title": ""}]
    post_form(staff_page, f"/events/{event.id}/report", {"time_limit_s": "5"})
    html = staff_page.get(f"/events/{event.id}/report.html").text
    assert "乐清市科技局" in html and "乐清经开区管委会（盖章）" in html and "签约项目甲" in html
    too_long = post_form(staff_page, "/events", {"name": "x", "date": "2026-12-20", "kind": "signing",
                                                 "signatories": "\n".join(f"单位{i}" for i in range(7))})
    assert too_long.status_code == 422
