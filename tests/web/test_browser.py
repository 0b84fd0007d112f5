"""The five flows in a real browser (Debian's Chromium through Playwright) against the demo sample.

The app runs in a thread on its own SQLite file, so this works whatever database the rest of
the suite uses. Screenshots of the main pages go to test-output/web/; every request a page makes
is checked to stay on this service.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip("browser tests need Debian's Chromium at /usr/bin/chromium (apt-get install chromium)",
                allow_module_level=True)

from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright  # noqa: E402
from werkzeug.serving import make_server  # noqa: E402

from matchmaker import create_app  # noqa: E402
from matchmaker.database import EXTENSION  # noqa: E402
from matchmaker.migrate import upgrade_database  # noqa: E402
from matchmaker.sample import load_sample_data  # noqa: E402
from models.project import Project, Stage, Status  # noqa: E402
from models.user import Role
from models.user_service import create_user

SHOTS = Path(__file__).resolve().parents[2] / "test-output" / "web"
PASSWORD = "browser-test-password"
LOOPBACK = {"127.0.0.1", "localhost", "::1"}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, object]]:
    url = f"sqlite:///{tmp_path_factory.mktemp('browser') / 'demo.sqlite3'}"
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "browser-test"})
    with app.app_context():
        database = app.extensions[EXTENSION]
        upgrade_database(database.engine)
        load_sample_data(session=database.session)
        create_user("demo", PASSWORD, Role.admin, session=database.session)
        database.session.commit()
    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}", app
    httpd.shutdown()
    thread.join()
    app.extensions[EXTENSION].engine.dispose()


@pytest.fixture(scope="module")
def outside() -> list[str]:
    """Every URL a page asked for that is not on this service."""
    return []


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM))
        yield browser
        browser.close()


def _signed_in(browser: Browser, server, outside: list[str], width: int, height: int) -> tuple[BrowserContext, Page]:
    context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN")

    def guard(route):
        parts = urlsplit(route.request.url)
        if parts.scheme in ("http", "https", "ws", "wss") and parts.hostname not in LOOPBACK:
            outside.append(route.request.url)
            route.abort()
        else:
            route.continue_()

    context.route("**/*", guard)
    page = context.new_page()
    page.goto(server[0] + "/")
    page.fill("input[name=username]", "demo")
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit]")
    expect(page.locator("h1")).to_have_text("首页")
    return context, page


@pytest.fixture(scope="module")
def browser_page(browser, server, outside) -> Iterator[Page]:
    context, page = _signed_in(browser, server, outside, 1366, 768)
    yield page
    context.close()


@pytest.fixture(scope="module")
def tablet_page(browser, server, outside) -> Iterator[Page]:
    context, page = _signed_in(browser, server, outside, 768, 1024)
    yield page
    context.close()


@pytest.fixture(scope="module")
def phone_page(browser, server, outside) -> Iterator[Page]:
    context, page = _signed_in(browser, server, outside, 390, 844)
    yield page
    context.close()


def _one(server, *conditions) -> Project:
    app = server[1]
    with app.app_context():
        session = app.extensions[EXTENSION].session
        return session.scalars(sa.select(Project).where(*conditions).order_by(Project.id)).first()


def shot(page: Page, name: str) -> None:
    """A screenshot, after checking the page does not scroll sideways (tables scroll inside their frame)."""
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{name}: the page is {overflow}px wider than the window"
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=False)


def test_dashboard_shows_the_funnel(browser_page, server):
    page = browser_page
    page.goto(server[0] + "/")
    expect(page.locator(".funnel")).to_be_visible()
    expect(page.get_by_text("已毕业、仍在寻找落地空间")).to_be_visible()
    shot(page, "01-dashboard")


def test_dashboard_charts_open_the_projects_behind_a_bar(browser_page, server):
    page = browser_page
    refused = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto(server[0] + "/")
    expect(page.locator("#trend-chart[data-ready=true] svg")).to_be_visible()
    expect(page.locator("#district-chart[data-ready=true] svg")).to_be_visible()
    shot(page, "dashboard-charts")
    page.screenshot(path=str(SHOTS / "dashboard-charts-full.png"), full_page=True)
    data = page.evaluate("() => JSON.parse(document.getElementById('dashboard-charts').textContent).trend")
    series, month = next((i, j) for i, s in enumerate(data["series"]) for j, n in enumerate(s["data"]) if n)
    expected = data["series"][series]["data"][month]
    # The middle of that bar, from the chart's own layout.
    page.locator("#trend-chart").scroll_into_view_if_needed()
    x, y = page.evaluate("""([i, j]) => {
        const el = document.getElementById('trend-chart');
        const box = el.getBoundingClientRect();
        const bar = echarts.getInstanceByDom(el).getModel().getSeriesByIndex(i).getData().getItemLayout(j);
        return [box.left + bar.x + bar.width / 2, box.top + bar.y + bar.height / 2];
    }""", [series, month])
    page.mouse.click(x, y)
    page.wait_for_url("**/projects?*event=*")
    expect(page.locator(".flash.period")).to_contain_text(data["series"][series]["name"])
    expect(page.locator("#results")).to_contain_text(f"共 {expected} 条")
    assert refused == []


def test_graduate_a_project(browser_page, server):
    page = browser_page
    project = _one(server, Project.stage == Stage.acceleration, Project.status == Status.active)
    page.goto(f"{server[0]}/projects?q={project.name}")
    page.get_by_role("link", name=project.name).click()
    page.fill("input[name=reason]", "通过毕业评审")
    page.get_by_role("button", name="毕业").click()
    expect(page.locator(".flash.success")).to_contain_text("已毕业")
    expect(page.get_by_role("link", name="寻找落地空间")).to_be_visible()
    shot(page, "03-project")


def test_find_sites_for_a_graduated_project_and_propose(browser_page, server):
    page = browser_page
    project = _one(server, Project.status == Status.graduated, Project.need_space_type.is_not(None))
    page.goto(f"{server[0]}/projects/{project.id}")
    page.get_by_role("link", name="寻找落地空间").click()
    expect(page.locator("li.result").first).to_be_visible()
    expect(page.locator("li.result").first.locator(".factors")).to_contain_text("产业")
    shot(page, "04-site-finding")
    page.locator("li.result").first.get_by_role("button", name="推荐").click()
    expect(page.locator(".flash.success")).to_contain_text("已推荐")
    row = page.locator("tr[id^=match-]").first
    expect(row).to_contain_text("已推荐")
    row.get_by_role("button", name="联系").click()  # a small form opens: note, date, next action, owner
    row.locator("[popover] textarea[name=note]").first.fill("电话联系")
    row.get_by_role("button", name="确认联系").click()  # htmx swaps the row in place
    expect(page.locator("tr[id^=match-]").first).to_contain_text("已联系")
    page.check("input[name=include_infeasible]")
    page.get_by_role("button", name="查询").click()
    expect(page.locator("li.result.infeasible .violations").first).to_be_visible()


def test_project_list_filters_with_htmx(browser_page, server):
    page = browser_page
    page.goto(server[0] + "/projects")
    page.select_option("select[name=status]", "graduated")
    page.wait_for_function("() => location.search.includes('status=graduated')")
    expect(page.locator("#results tbody tr").first).to_contain_text("已毕业待落地")
    shot(page, "02-projects")


def test_sites_map(browser_page, server):
    page = browser_page
    page.goto(server[0] + "/sites")
    expect(page.locator(".map svg circle").first).to_be_attached()
    expect(page.locator(".map")).to_contain_text("示意图")
    shot(page, "05-sites")


def test_event_report(browser_page, server):
    page = browser_page
    page.goto(server[0] + "/events")
    page.fill("input[name=name]", "鹿城区毕业项目签约会")
    page.fill("input[name=date]", "2026-12-18")
    page.select_option("select[name=kind]", "signing")
    page.get_by_role("button", name="创建").click()
    page.get_by_role("button", name="生成分配报告").click()
    expect(page.locator(".flash.success")).to_contain_text("已生成报告")
    expect(page.get_by_role("link", name="XLSX")).to_be_visible()
    shot(page, "06-event")


def test_the_event_screen_lights_up_a_signing(browser, browser_page, server, outside):
    """The projection of the event made above: a signing shows on the screen without a reload."""
    from models.event import Event
    from models.match import Match, MatchAction
    from models.match_service import propose_match, step_match

    app = server[1]
    with app.app_context():
        db = app.extensions[EXTENSION].session
        event = db.scalars(sa.select(Event).where(Event.name == "鹿城区毕业项目签约会")).one()
        followed = {(m.project_id, m.offer_id) for m in db.scalars(sa.select(Match))}
        first = next(a for a in event.latest_report.snapshot["assignments"]
                     if (a["project_id"], a["offer_id"]) not in followed)
    page = browser_page
    page.goto(f"{server[0]}/events/{event.id}/screen")
    expect(page.locator(".tally")).to_contain_text("已签约 0 /")
    expect(page.locator("li.signed")).to_have_count(0)
    shot(page, "event-screen")
    with app.app_context():
        db = app.extensions[EXTENSION].session
        match = propose_match({"project_id": first["project_id"], "offer_id": first["offer_id"]}, actor="t", session=db)
        for action in (MatchAction.contact, MatchAction.visit, MatchAction.negotiate, MatchAction.sign):
            step_match(match, action, actor="t", reason="", session=db)
        db.commit()
    # The page polls every 3 s: the signing appears on top, without a reload.
    expect(page.locator("li.signed")).to_have_count(1, timeout=10_000)
    expect(page.locator("li.signed .project")).to_have_text(first["project_name"])
    expect(page.locator(".tally")).to_contain_text("已签约 1 /")
    shot(page, "event-screen-signed")


def test_upload_an_import_with_a_bad_row(browser_page, server):
    page = browser_page
    page.goto(server[0] + "/imports")
    csv = "名称,类型,区县,行业代码,空间类型,可用面积\n浏览器导入园,园区,瑞安市,C3823,厂房,5000\n坏行园,园区,瑞安市,C3823,厂房,-5\n"
    page.select_option("select[name=kind]", "sites")
    page.set_input_files("input[name=file]", files=[{"name": "sites.csv", "mimeType": "text/csv",
                                                      "buffer": csv.encode("utf-8")}])
    page.get_by_role("button", name="导入").click()
    expect(page.get_by_text("导入失败，未写入任何数据")).to_be_visible()
    expect(page.locator("table.import-errors tbody tr").first).to_contain_text("可用面积")
    shot(page, "07-import-error")


def test_register_a_site_add_edit_and_archive_an_offer(browser_page, server):
    page = browser_page
    page.goto(server[0] + "/sites")
    page.get_by_role("link", name="登记落地空间").click()
    page.select_option("select[name=district]", label="瑞安市")
    page.get_by_role("button", name="保存").click()  # no name yet
    expect(page.locator(".error-box")).to_contain_text("需要修改")
    shot(page, "08-site-form-errors")
    page.fill("input[name=name]", "浏览器登记园区")
    page.locator("input[name=industries]").first.fill("C3670")
    page.fill("input[name='location.lat']", "27.78")
    page.fill("input[name='location.lon']", "120.65")
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".flash.success")).to_contain_text("已登记落地空间")
    page.fill("input[name=available_area]", "8000")
    page.fill("input[name=min_area]", "1000")
    page.fill("input[name=rent]", "17")
    shot(page, "09-offer-form")
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".flash.success")).to_contain_text("已添加空间 1")
    page.locator("table").get_by_role("link", name="编辑").click()
    page.fill("input[name=available_area]", "7500")
    page.get_by_role("button", name="保存").click()
    expect(page.locator("table")).to_contain_text("7,500")
    shot(page, "10-site")
    page.once("dialog", lambda dialog: dialog.accept())  # htmx asks before archiving
    page.locator("table").get_by_role("button", name="下架").click()
    expect(page.locator(".flash.success")).to_contain_text("已下架空间 1")
    expect(page.locator("table")).to_contain_text("暂无在架空间")


def test_record_a_fund_intention_that_wants_the_project_out(browser_page, server):
    page = browser_page
    project = _one(server, Project.status == Status.active)
    page.goto(f"{server[0]}/projects/{project.id}")
    page.get_by_text("记录基金拟投").click()
    page.fill("input[name=fund_name]", "沪上成长基金")
    page.fill("input[name=amount]", "2000")
    page.fill("input[name=destination]", "上海")
    page.check("input[name=relocate_out]")
    page.get_by_role("button", name="记录").click()
    expect(page.locator(".flash.warning")).to_contain_text("已标记迁出风险")
    expect(page.locator("h1 ~ .tag.risk")).to_have_text("有基金要求迁出温州")
    page.locator("#funds").scroll_into_view_if_needed()
    shot(page, "11-fund-intention")


def test_the_industry_picker_narrows_as_one_types(browser_page, server):
    page = browser_page
    page.goto(server[0] + "/projects/new")
    options = page.locator("#industry-options option")
    expect(options.first).to_have_attribute("value", "A")  # sections and divisions to start
    page.locator("input[name=industries]").first.press_sequentially("配电")
    expect(page.locator("#industry-options option[value=C3823]")).to_be_attached()
    labels = options.all_text_contents()
    assert 0 < len(labels) < 10 and all("配电" in label for label in labels), labels
    shot(page, "12-project-form")


def test_compare_offers_ticked_in_the_sites_list(browser_page, server):
    page = browser_page
    page.goto(server[0] + "/sites?space_type=plant")
    boxes = page.locator("input[name=offer_ids]")
    boxes.nth(0).check()
    boxes.nth(1).check()
    page.get_by_role("button", name="对比所选空间（2–4 处）").click()
    expect(page.locator("h1")).to_have_text("空间对比")
    expect(page.locator("table.compare thead th")).to_have_count(3)
    expect(page.get_by_role("rowheader", name="供电")).to_be_visible()
    shot(page, "compare")
    # Printed (or saved as PDF), the page is the table alone: no navigation, no buttons.
    page.emulate_media(media="print")
    expect(page.locator("header.top")).to_be_hidden()
    expect(page.locator(".print-button")).to_be_hidden()
    pdf = page.pdf(format="A4", landscape=True)
    page.emulate_media(media="screen")
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000


def test_download_a_site_brochure(browser_page, server):
    page = browser_page
    page.goto(server[0] + "/sites?kind=park")
    page.locator("table a[href^='/sites/']").first.click()
    # The first PDF of a process loads the CJK font (seconds on a busy machine): wait for the file, not the click.
    with page.expect_download(timeout=120_000) as download:
        page.get_by_role("link", name="推介单页 PDF").click(no_wait_after=True)
    path = download.value.path()
    assert download.value.suggested_filename.endswith("招商推介.pdf")
    assert Path(path).read_bytes()[:5] == b"%PDF-"


TABLET_PAGES = [("/", "首页"), ("/projects", "项目"), ("/sites", "空间资源"), ("/events", "对接会/签约会"),
                ("/imports", "导入"), ("/sites/new", "登记落地空间"), ("/projects/new", "登记新项目"),
                ("/map", "孵化空间数字地图")]


def test_pages_fit_a_tablet(tablet_page, server):
    page = tablet_page
    for i, (path, heading) in enumerate(TABLET_PAGES):
        page.goto(server[0] + path)
        expect(page.locator("h1")).to_contain_text(heading)
        shot(page, f"tablet-{i + 1:02d}-{path.strip('/').replace('/', '-') or 'dashboard'}")
    project = _one(server, Project.status == Status.graduated, Project.need_space_type.is_not(None))
    for path, name in ((f"/projects/{project.id}", "project"), (f"/projects/{project.id}/sites", "site-finding")):
        page.goto(server[0] + path)
        shot(page, f"tablet-{name}")


def test_pages_fit_a_phone(phone_page, server):
    page = phone_page
    project = _one(server, Project.status == Status.graduated, Project.need_space_type.is_not(None))
    pages = [*TABLET_PAGES, (f"/projects/{project.id}", project.name), (f"/projects/{project.id}/sites", "落地空间"),
             ("/matches", "匹配跟进")]
    for i, (path, heading) in enumerate(pages):
        page.goto(server[0] + path)
        expect(page.locator("h1")).to_contain_text(heading)
        # Tables are read as cards: nothing scrolls sideways inside its frame either.
        hidden = page.evaluate("""() => [...document.querySelectorAll('.table-wrap, table')]
            .filter(el => el.scrollWidth > el.clientWidth + 1).map(el => el.className || el.tagName)""")
        assert hidden == [], f"{path}: {hidden} scroll sideways"
        shot(page, f"phone-{i + 1:02d}-{path.strip('/').replace('/', '-') or 'dashboard'}")
    # The navigation is one menu button until it is opened.
    page.goto(server[0] + "/")
    nav = page.locator("nav.nav")
    expect(nav).to_be_hidden()
    page.get_by_role("button", name="菜单").click()
    expect(nav.get_by_role("link", name="空间资源")).to_be_visible()
    shot(page, "phone-menu-open")


def test_no_page_requested_anything_outside_the_service(browser_page, outside):
    assert outside == []
