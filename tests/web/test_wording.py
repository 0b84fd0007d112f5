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
