"""A hand-over (接续) in a real browser: requested on the project's page, accepted on the receiving carrier's page.
Screenshots go to test-output/web/."""

from __future__ import annotations

from playwright.sync_api import expect  # noqa: E402  (only once Chromium is known to be there)

from matchmaker.database import EXTENSION  # noqa: E402
from models.carrier import Space  # noqa: E402
from models.incubator import IncubatorKind  # noqa: E402
from models.incubator_service import create_incubator  # noqa: E402
from models.project import Project  # noqa: E402
from models.project_service import create_project  # noqa: E402
from services.carriers import place_project  # noqa: E402

# Importing the browser tests' module skips this one too when Chromium is missing.
from .test_browser import _signed_in, browser, outside, server, shot  # noqa: F401  (fixtures)


def _in_app(server, work):
    app = server[1]
    with app.app_context():
        session = app.extensions[EXTENSION].session
        result = work(session)
        session.commit()
        return result


def _carriers(session):
    maker = create_incubator({"name": "浏览器众创空间", "district": "330302", "kind": IncubatorKind.maker_space},
                             session=session)
    incubator = create_incubator({"name": "浏览器孵化器", "district": "330304", "kind": IncubatorKind.incubator},
                                 session=session)
    desks = Space(incubator_id=maker.id, space_type="desk", name="开放工位区", total_area=200, desks=40)
    office = Space(incubator_id=incubator.id, space_type="office", name="三楼办公", total_area=600, unit_area=60)
    session.add_all([desks, office])
    session.flush()
    team = create_project({"name": "浏览器接续队", "incubator_id": maker.id, "industries": ["C3823"], "team_size": 8},
                          actor="browser", session=session)
    place_project(team, {"space_id": desks.id, "area": 40, "desks": 8}, session=session)
    return team.id, incubator.id, office.id


def test_a_transfer_is_requested_and_accepted_through_the_pages(browser, server, outside):  # noqa: F811
    project_id, incubator_id, office_id = _in_app(server, _carriers)
    context, page = _signed_in(browser, server, outside, 1366, 900)

    page.goto(f"{server[0]}/projects/{project_id}")
    expect(page.get_by_text("开放工位区 40㎡ · 8 个工位")).to_be_visible()
    page.get_by_role("button", name="接续到其他载体…").click()
    dialog = page.locator("#transfer-form")
    expect(dialog).to_be_visible()
    dialog.locator("select[name=to_incubator_id]").select_option(str(incubator_id))
    dialog.locator("input[name=advance]").check()
    dialog.locator("select[name=space_id]").select_option(str(office_id))
    dialog.locator("input[name=area]").fill("120")
    dialog.locator("textarea[name=reason]").fill("苗圃期满，评审通过转入孵化")
    shot(page, "30-transfer-form")
    dialog.get_by_role("button", name="提交接续申请").click()
    expect(page.locator(".flash.success")).to_contain_text("已向「浏览器孵化器」发起接续申请")
    expect(page.get_by_text("接续申请待「浏览器孵化器」接收")).to_be_visible()

    page.goto(f"{server[0]}/carriers/{incubator_id}")
    row = page.locator("#incoming tr", has_text="浏览器接续队")
    expect(row).to_contain_text("待接收")
    expect(row).to_contain_text("苗圃期满，评审通过转入孵化")
    shot(page, "31-carrier-incoming")
    row.locator("input[name=reason]").fill("同意接收")
    row.get_by_role("button", name="接收").click()
    expect(page.locator(".flash.success")).to_contain_text("已接收：浏览器接续队，现由「浏览器孵化器」管理")
    expect(page.locator("#spaces")).to_contain_text("空间入驻率 20%")
    expect(page.locator("#projects")).to_contain_text("浏览器接续队")
    shot(page, "32-carrier-accepted")

    def where(session):
        project = session.get(Project, project_id)
        return project.incubator_id, project.stage.value, project.placement.space_id

    assert _in_app(server, where) == (incubator_id, "incubation", office_id)
    page.goto(f"{server[0]}/projects/{project_id}")
    expect(page.locator("table").first).to_contain_text("接续")
    context.close()

    # On a phone the carrier's page reads as cards, without scrolling sideways.
    context, phone = _signed_in(browser, server, outside, 390, 844)
    phone.goto(f"{server[0]}/carriers/{incubator_id}")
    expect(phone.locator("#incoming")).to_contain_text("浏览器接续队")
    shot(phone, "33-carrier-phone")
    context.close()
    assert not outside
