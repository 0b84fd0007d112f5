"""运营评价: the ranking page with its weights and export, and the dashboard's table."""

import io
from datetime import date

import openpyxl

from models.performance import Financing

from ..factories import IncubatorFactory, ProjectFactory


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
    assert 'name="w_financing"' in html and 'value="1"' in html
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
