"""The incubation-space map and the flow Sankey in a real browser, on the demo sample.

Screenshots go to test-output/web/."""

from __future__ import annotations

from playwright.sync_api import expect  # noqa: E402  (only once Chromium is known to be there)

# Importing the browser tests' module skips this one too when Chromium is missing.
from .test_browser import SHOTS, _signed_in, browser, outside, server, shot  # noqa: F401  (fixtures)

SELECTED = "() => echarts.getInstanceByDom(document.getElementById('space-map')).getOption().legend[0].selected"


def test_the_map_layers_toggle_and_a_point_opens_its_page(browser, server, outside):
    context, page = _signed_in(browser, server, outside, 1366, 900)
    page.click("nav >> text=空间地图")
    expect(page.locator("#space-map[data-ready=true] svg")).to_be_visible()
    data = page.evaluate("() => JSON.parse(document.getElementById('space-map-data').textContent)")
    assert {c["kind"] for c in data["carriers"]} == {"maker_space", "incubator", "accelerator", "university_park"}
    assert any(c["rate"] for c in data["carriers"]) and data["sites"]
    shot(page, "20-map")

    page.uncheck("#map-layers input[value=carriers]")
    expect(page.locator("#space-map")).to_have_attribute("data-hidden-layers", "carriers")
    selected = page.evaluate(SELECTED)
    assert not any(selected[name] for name in data["carrier_kinds"].values())
    assert all(selected[name] for name in data["site_kinds"].values())
    shot(page, "21-map-sites-only")
    page.check("#map-layers input[value=carriers]")
    page.uncheck("#map-layers input[value=sites]")
    expect(page.locator("#space-map")).to_have_attribute("data-hidden-layers", "sites")
    selected = page.evaluate(SELECTED)
    assert all(selected[name] for name in data["carrier_kinds"].values())
    assert not any(selected[name] for name in data["site_kinds"].values())
    shot(page, "22-map-carriers-only")

    # Zoom in with the wheel; hover a carrier for its card; a click opens its projects.
    zoom = "() => echarts.getInstanceByDom(document.getElementById('space-map')).getOption().geo[0].zoom"
    before = page.evaluate(zoom)
    page.mouse.move(683, 450)
    page.mouse.wheel(0, -300)
    page.wait_for_function(f"() => ({zoom})() > {before}")
    carrier = max(data["carriers"], key=lambda c: c["total_area"])
    x, y = page.evaluate("""(c) => {
        const el = document.getElementById('space-map');
        const box = el.getBoundingClientRect();
        const [px, py] = echarts.getInstanceByDom(el).convertToPixel({geoIndex: 0}, [c.lon, c.lat]);
        return [box.left + px, box.top + py];
    }""", carrier)
    page.mouse.move(x, y)
    expect(page.locator("#space-map")).to_contain_text("在孵项目")
    page.screenshot(path=str(SHOTS / "23-map-zoomed-card.png"))
    page.mouse.click(x, y)
    page.wait_for_url("**/carriers/*")
    context.close()


def test_the_dashboard_draws_the_flow(browser, server, outside):
    context, page = _signed_in(browser, server, outside, 1366, 900)
    expect(page.locator("#flow-chart[data-ready=true] svg")).to_be_visible()
    flow = page.evaluate("() => JSON.parse(document.getElementById('dashboard-charts').textContent).flow")
    names = {n["name"] for n in flow["nodes"]}
    assert {"入孵", "众创空间", "孵化器", "加速器", "毕业"} <= names
    page.locator("#flow-chart").scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "24-dashboard-flow.png"), full_page=True)
    expect(page.get_by_text("接续率 =（接续转出")).to_be_visible()
    context.close()
