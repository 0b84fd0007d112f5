"""寻找下一站 in a real browser, on the demo sample (carriers of every kind, with spaces and placements)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from .test_browser import CHROMIUM, SHOTS, _signed_in, browser, outside, server  # noqa: F401  (fixtures)

if not CHROMIUM.exists():  # pragma: no cover - the import above already skips
    pytest.skip("no Chromium", allow_module_level=True)

from playwright.sync_api import expect

from matchmaker.database import EXTENSION
from models.incubator import Incubator, IncubatorKind
from models.project import Project, Stage, Status


@pytest.fixture(scope="module")
def carriers(server):  # noqa: F811
    """A nursery team of the sample, whose carriers are of every kind with their spaces and placements."""
    app = server[1]
    with app.app_context():
        session = app.extensions[EXTENSION].session
        assert {kind for kind in session.scalars(sa.select(Incubator.kind))} == set(IncubatorKind)
        team = session.scalars(sa.select(Project).where(Project.status == Status.active, Project.stage == Stage.nursery)
                               .order_by(Project.id)).first()
        return team.id, team.name


def test_find_the_next_carrier_from_the_project_page(browser, server, outside, carriers):  # noqa: F811
    context, page = _signed_in(browser, server, outside, 1366, 900)
    project_id, name = carriers
    page.goto(f"{server[0]}/projects/{project_id}")
    page.get_by_role("link", name="寻找下一站").click()
    expect(page.locator("h1")).to_have_text(f"寻找下一站：{name}")
    expect(page.locator("#need")).to_contain_text("进入「孵化」阶段")
    results = page.locator("#carrier-results > li.result")
    expect(results.first).to_be_visible()
    expect(results.first).to_contain_text("空余")
    page.screenshot(path=str(SHOTS / "next-carrier.png"), full_page=True)
    # 申请接续 opens the project's transfer form with that carrier already chosen.
    chosen = results.first.locator("strong a").inner_text()
    results.first.get_by_role("link", name="申请接续").click()
    form = page.locator("#transfer-form")
    expect(form).to_be_visible()
    expect(form.locator("select[name=to_incubator_id] option:checked")).to_contain_text(chosen)
    expect(form.get_by_label("接收时升一个阶段")).to_be_checked()  # ranked for the next stage, 孵化
    page.screenshot(path=str(SHOTS / "next-carrier-transfer-form.png"))
    page.go_back()
    page.get_by_label("显示不承接该阶段或空间不足的载体及原因").check()
    page.get_by_role("button", name="查询").click()
    # The ruled-out carriers follow, each with why (their order is tested in tests/matching/test_carriers.py).
    expect(page.locator("#carrier-results > li.infeasible").first).to_be_visible()
    expect(page.locator("#carrier-results > li.infeasible", has_text="不承接孵化阶段的项目").first).to_be_visible()
    context.close()
    assert outside == []


def test_a_carriers_candidates(browser, server, outside, carriers):  # noqa: F811
    app = server[1]
    with app.app_context():
        session = app.extensions[EXTENSION].session
        target = session.scalars(sa.select(Incubator).where(Incubator.kind == IncubatorKind.incubator)
                                 .order_by(Incubator.id)).first().id
    context, page = _signed_in(browser, server, outside, 1366, 900)
    page.goto(f"{server[0]}/incubators/{target}/candidates")
    expect(page.locator("#carrier-candidates h2")).to_have_text("接续候选项目")
    expect(page.locator("#carrier-candidates li.result").first).to_be_visible()
    page.screenshot(path=str(SHOTS / "carrier-candidates.png"), full_page=True)
    context.close()
