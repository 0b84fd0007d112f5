"""The follow-up ledger in a real browser: propose with an area, three steps with notes, sign (confirming), land;
the board and the project page show the notes; 督办 shows a stalled match. Screenshots go to test-output/web/."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

# Importing the browser tests' module skips this one too when Chromium is missing.
from .test_browser import _one, _signed_in, browser, outside, server, shot  # noqa: F401  (fixtures)

from playwright.sync_api import expect  # noqa: E402  (only once Chromium is known to be there)

from matchmaker.database import EXTENSION  # noqa: E402
from models.base import wenzhou_today  # noqa: E402
from models.match import Match, MatchStep  # noqa: E402
from models.match_service import area_range, propose_match  # noqa: E402
from models.project import Project, Status  # noqa: E402
from models.site import Offer  # noqa: E402


def _in_app(server, work):
    app = server[1]
    with app.app_context():
        session = app.extensions[EXTENSION].session
        result = work(session)
        session.commit()
        return result


def test_follow_a_match_from_proposal_to_landing(browser, server, outside):  # noqa: F811
    context, page = _signed_in(browser, server, outside, 1366, 900)
    project = _one(server, Project.status == Status.graduated, Project.need_space_type.is_not(None),
                   Project.need_area_max.is_not(None))
    page.goto(f"{server[0]}/projects/{project.id}/sites")
    first = page.locator("li.result").first
    expect(first).to_be_visible()
    offer_id = int(first.locator("input[name=offer_id]").get_attribute("value"))
    low, high = _in_app(server, lambda s: area_range(s.get(Project, project.id), s.get(Offer, offer_id)))
    area = round((low + min(high, low * 1.2)) / 2)
    first.locator("input[name=area]").fill(str(area))
    first.get_by_role("button", name="推荐").click()
    expect(page.locator(".flash.success")).to_contain_text("已推荐")
    match_id = _in_app(server, lambda s: s.scalar(sa.select(sa.func.max(Match.id)).where(
        Match.project_id == project.id)))
    assert _in_app(server, lambda s: s.get(Match, match_id).area) == area

    page.goto(f"{server[0]}/matches/{match_id}")
    notes = {"contact": "电话联系园区招商科，对方欢迎考察", "visit": "实地考察厂房，层高与荷载满足",
             "negotiate": "洽谈租金，园区同意前两年减半"}
    for action, name in (("contact", "联系"), ("visit", "考察"), ("negotiate", "洽谈")):
        page.get_by_role("button", name=name, exact=True).click()
        dialog = page.locator(f"#step-{match_id}-{action}")
        expect(dialog).to_be_visible()
        dialog.locator("textarea[name=note]").fill(notes[action])
        if action == "negotiate":
            dialog.locator("input[name=next_action]").fill("准备签约材料")
        dialog.get_by_role("button", name=f"确认{name}").click()
        expect(page.locator(".flash.success")).to_contain_text(f"已{name}")

    page.get_by_role("button", name="签约", exact=True).click()
    dialog = page.locator(f"#step-{match_id}-sign")
    expect(dialog).to_contain_text(f"签约将占用 {area:,} ㎡")
    dialog.locator("textarea[name=note]").fill("在签约会上签订入驻协议")
    shot(page, "20-sign-confirmation")
    dialog.get_by_role("button", name="确认签约").click()
    expect(page.locator(".flash.success")).to_contain_text("已签约")
    assert _in_app(server, lambda s: s.get(Project, project.id).status) is Status.signed

    page.get_by_role("button", name="落地", exact=True).click()
    dialog = page.locator(f"#step-{match_id}-land")
    dialog.locator("textarea[name=note]").fill("企业已入驻投产")
    dialog.get_by_role("button", name="确认落地").click()
    expect(page.locator(".flash.success")).to_contain_text("已落地")
    ledger = page.locator("table.ledger")
    for note in [*notes.values(), "在签约会上签订入驻协议", "企业已入驻投产"]:
        expect(ledger).to_contain_text(note)
    shot(page, "21-match-ledger")

    page.goto(f"{server[0]}/matches")
    card = page.locator(f"#card-{match_id}")
    expect(card).to_contain_text(project.name)
    expect(card).to_contain_text("企业已入驻投产")
    expect(page.locator("section.column", has=card).locator("h2")).to_contain_text("已落地")
    shot(page, "22-board")

    page.goto(f"{server[0]}/projects/{project.id}")
    section = page.locator(f"#match-{match_id}")
    for note in notes.values():
        expect(section).to_contain_text(note)
    expect(page.locator("span.tag").filter(has_text="已落地").first).to_be_visible()
    section.scroll_into_view_if_needed()
    shot(page, "24-project-matches")
    context.close()


def test_the_supervision_page_shows_a_stalled_match(browser, server, outside):  # noqa: F811
    def stalled(session):
        taken = sa.select(Match.project_id)
        project = session.scalars(sa.select(Project).where(
            Project.status == Status.graduated, Project.need_space_type.is_not(None),
            Project.id.not_in(taken)).order_by(Project.id)).first()
        offer = session.scalars(sa.select(Offer).where(Offer.archived_at.is_(None)).order_by(Offer.id)).first()
        match = propose_match({"project_id": project.id, "offer_id": offer.id}, actor="demo", session=session)
        session.execute(sa.update(MatchStep).where(MatchStep.match_id == match.id)
                        .values(happened_on=wenzhou_today() - timedelta(days=20)))
        return project.name

    name = _in_app(server, stalled)
    context, page = _signed_in(browser, server, outside, 1366, 900)
    page.goto(f"{server[0]}/alerts?kind=stalled_match")
    row = page.locator("table.alerts tbody tr", has_text=name)
    expect(row).to_contain_text("匹配停滞")
    expect(row).to_contain_text("已 20 天没有进展")
    shot(page, "23-supervision")
    page.goto(f"{server[0]}/")
    expect(page.locator(".alerts-summary")).to_contain_text("匹配停滞")
    shot(page, "25-dashboard-alerts")
    context.close()
    assert outside == []  # nothing was asked of anyone but this service
