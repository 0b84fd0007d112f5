"""运营评价: the ranking page with its weights and export, the dashboard's table, and the records on a project's page."""

import io
from datetime import date

import openpyxl
import sqlalchemy as sa

from models.performance import AnnualFigures, Financing

from ..factories import IncubatorFactory, ProjectFactory
from .conftest import post_form


def test_the_evaluation_page_ranks_carriers_and_takes_weights(staff_page, db):
    rich = IncubatorFactory(name="融资多的孵化器")
    busy = IncubatorFactory(name="入孵多的孵化器")
    project = ProjectFactory(incubator_id=rich.id)
    db.add(Financing(project_id=project.id, amount=800, received_on=date(2026, 3, 1), created_by="test"))
    for _ in range(3):
        ProjectFactory(incubator_id=busy.id)
    db.flush()
    html = staff_page.get("/evaluations?year=2026").text
    assert "运营评价 · 2026 年" in html and "空间入驻率" in html and "就地产业化" in html and "归一" in html
    # Only the financing weight counts: the carrier with financing received ranks first.
    only_money = "&".join(f"w_{k}=0" for k in ("occupancy", "admitted", "talents", "revenue", "graduated",
                                                 "landed_local"))
    html = staff_page.get(f"/evaluations?year=2026&{only_money}&w_financing=1").text
    assert html.index("融资多的孵化器") < html.index("入孵多的孵化器")
    # Only admissions count: the order turns round, so the weights are the ones applied.
    only_admitted = "&".join(f"w_{k}=0" for k in ("occupancy", "financing", "talents", "revenue", "graduated",
                                                    "landed_local"))
    html = staff_page.get(f"/evaluations?year=2026&{only_admitted}&w_admitted=1").text
    assert html.index("入孵多的孵化器") < html.index("融资多的孵化器")
    html = staff_page.get("/evaluations?year=2026&w_revenue=-3").text
    assert "权重应在 0 到 100 之间" in html and "已按默认设置评价" in html
    response = staff_page.get(f"/evaluations.xlsx?year=2026&{only_money}&w_financing=1")
    assert response.status_code == 200
    rows = list(openpyxl.load_workbook(io.BytesIO(response.data)).active.iter_rows(values_only=True))
    assert rows[2][:2] == (1, "融资多的孵化器") and rows[2][7] == 800


def test_only_staff_see_the_evaluation(operator_page, staff_page):
    assert operator_page.get("/evaluations").status_code == 403
    assert "运营评价" not in operator_page.get("/").text
    assert 'id="evaluation"' in staff_page.get("/").text


def test_financings_and_yearly_figures_on_the_project_page(operator_page, staff_page, db, incubator):
    project = ProjectFactory(incubator_id=incubator.id)
    url = f"/projects/{project.id}"
    assert "暂无到账融资记录" in operator_page.get(url).text
    done = post_form(operator_page, f"{url}/financings", {"amount": "500", "received_on": "2026-03-15",
                                                          "investor": "瓯越创投", "round": "天使轮"},
                     page=url, follow_redirects=True).text
    assert "已记录到账融资 500 万元" in done and "瓯越创投" in done and "合计 500.0 万元" in done
    bad = post_form(operator_page, f"{url}/financings", {"amount": "0", "received_on": ""}, page=url,
                    follow_redirects=True).text
    assert "未记录：到账金额必须大于 0（万元）" in bad
    post_form(operator_page, f"{url}/annual-figures", {"year": "2026", "revenue": "1200", "employees": "30",
                                                       "rd_staff": "12", "talents": "4"}, page=url)
    again = post_form(operator_page, f"{url}/annual-figures", {"year": "2026"}, page=url, follow_redirects=True)
    assert again.status_code == 200 and "2026 年的年度数据已登记，不能重复登记" in again.text
    assert db.scalar(sa.select(sa.func.count()).select_from(AnnualFigures)) == 1
    # Promotion staff read them but record nothing.
    html = staff_page.get(url).text
    assert "1,200" in html or "1200" in html
    assert "记录到账融资" not in html
    assert post_form(staff_page, f"{url}/financings", {"amount": "1", "received_on": "2026-01-01"},
                     page=url).status_code == 403
    other = ProjectFactory(incubator_id=IncubatorFactory().id)
    assert post_form(operator_page, f"/projects/{other.id}/financings", {"amount": "1", "received_on": "2026-01-01"},
                     page=url).status_code == 404
