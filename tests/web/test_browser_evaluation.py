"""运营评价 in a real browser on the demo sample: the ranking, a weight changed, the export. Screenshots in test-output/web/."""

from __future__ import annotations

from playwright.sync_api import expect  # noqa: E402  (only once Chromium is known to be there)

# Importing the browser tests' module skips this one too when Chromium is missing.
from .test_browser import _signed_in, browser, outside, server, shot  # noqa: F401  (fixtures)


def test_the_evaluation_ranks_the_sample_carriers_and_exports(browser, server, outside):  # noqa: F811
    context, page = _signed_in(browser, server, outside, 1366, 900)
    expect(page.locator("#evaluation table.evaluation tbody tr")).to_have_count(10)
    page.get_by_role("link", name="运营评价", exact=True).click()
    rows = page.locator("table.evaluation tbody tr")
    expect(rows).to_have_count(28)
    expect(rows.first.locator("td").first).to_have_text("1")
    shot(page, "20c-evaluations")
    # Only financing counts: the first row is then the carrier with the most financing received.
    for name in ("occupancy", "admitted", "talents", "revenue", "graduated", "landed_local"):
        page.fill(f"input[name=w_{name}]", "0")
    page.get_by_role("button", name="重新评价").click()
    expect(page.locator("input[name=w_graduated]")).to_have_value("0")
    money = [float(t.replace(",", "")) for t in rows.locator("td:nth-child(8)").all_inner_texts()]
    assert money[0] == max(money) and money == sorted(money, reverse=True)
    with page.expect_download() as download:
        page.get_by_role("link", name="导出 Excel").click()
    assert download.value.suggested_filename.startswith("运营评价")
    # A sample project's financings and yearly figures, the evaluation's inputs, on its page.
    page.goto(f"{server[0]}/projects/1")
    section = page.locator("#performance")
    expect(section.locator("tbody tr").first).to_be_visible()
    section.scroll_into_view_if_needed()
    shot(page, "20c-project-performance")
    context.close()
    assert outside == []
