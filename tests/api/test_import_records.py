"""Financings and yearly figures by file: Chinese headers, all or nothing, re-importable, exported as read."""

import io

import openpyxl
import sqlalchemy as sa

from models.performance import AnnualFigures, Financing

from ..factories import IncubatorFactory, ProjectFactory
from .test_imports import upload

FINANCINGS = ("孵化器,项目,到账金额,到账日期,投资方,轮次\n"
              "乐清孵化器,智配电气,500,2026-03-15,温州创投,天使轮\n"
              "乐清孵化器,智配电气,800,2026/9/1,瓯江基金,A轮\n")
FIGURES = ("孵化器,项目名称,年度,营业收入（万元）,从业人员,研发人员,引进人才\n"
           "乐清孵化器,智配电气,2025,300,12,5,2\n"
           "乐清孵化器,智配电气,2026,1200,30,12,4\n")


def count(db, model):
    return db.scalar(sa.select(sa.func.count()).select_from(model))


def csv(text: str) -> bytes:
    return text.encode("utf-8-sig")


def test_financings_and_figures_import_and_reimport(client, admin_headers, db):
    project = ProjectFactory(incubator_id=IncubatorFactory(name="乐清孵化器").id, name="智配电气")
    first = upload(client, admin_headers, "financings", csv(FINANCINGS), "融资.csv")
    assert first.status_code == 200, first.json
    assert (first.json["created"], first.json["updated"]) == (2, 0)
    assert upload(client, admin_headers, "annual-figures", csv(FIGURES), "年度.csv").json["created"] == 2
    money = client.get(f"/api/v1/projects/{project.id}/financings", headers=admin_headers).json
    assert [(f["amount"], f["received_on"], f["round"]) for f in money["items"]] == [
        (500.0, "2026-03-15", "天使轮"), (800.0, "2026-09-01", "A轮")]
    # Again, with one amount corrected: the same records, one updated, nothing duplicated.
    again = upload(client, admin_headers, "financings", csv(FINANCINGS.replace(",800,", ",850,")), "融资.csv").json
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 1, 1)
    figures = upload(client, admin_headers, "annual-figures", csv(FIGURES.replace(",1200,", ",1300,")), "年度.csv").json
    assert (figures["created"], figures["updated"], figures["unchanged"]) == (0, 1, 1)
    assert count(db, Financing) == 2 and count(db, AnnualFigures) == 2
    assert db.scalar(sa.select(AnnualFigures.revenue).where(AnnualFigures.year == 2026)) == 1300.0


def test_a_bad_row_imports_nothing_and_says_why_in_chinese(client, admin_headers, db):
    ProjectFactory(incubator_id=IncubatorFactory(name="乐清孵化器").id, name="智配电气")
    bad = FINANCINGS + "乐清孵化器,不存在的项目,100,2026-01-01,,\n乐清孵化器,智配电气,0,2026-01-02,,\n"
    response = upload(client, admin_headers, "financings", csv(bad), "融资.csv")
    assert response.status_code == 422
    assert response.json["errors"] == [
        {"row": 4, "field": "项目", "message": "未知项目：乐清孵化器 的 不存在的项目"},
        {"row": 5, "field": "到账金额", "message": "必须大于 0（万元）"},
    ]
    figures = FIGURES + "乐清孵化器,智配电气,2026,1,3,5,0\n"
    errors = upload(client, admin_headers, "annual-figures", csv(figures), "年度.csv").json["errors"]
    assert errors == [{"row": 4, "field": "研发人员", "message": "研发人员不能多于从业人员"}]
    dup = FIGURES + "乐清孵化器,智配电气,2026,1,3,1,0\n"
    errors = upload(client, admin_headers, "annual-figures", csv(dup), "年度.csv").json["errors"]
    assert errors == [{"row": 4, "field": "年度", "message": "与第 3 行重复"}]
    assert count(db, Financing) == count(db, AnnualFigures) == 0


def test_an_operator_imports_only_its_own_projects(client, db, incubator, operator_headers):
    ProjectFactory(incubator_id=incubator.id, name="本家项目")
    ProjectFactory(incubator_id=IncubatorFactory(name="乐清孵化器").id, name="智配电气")
    response = upload(client, operator_headers, "financings", csv(FINANCINGS), "融资.csv")
    assert response.status_code == 422 and {e["field"] for e in response.json["errors"]} == {"项目"}
    # Without the 孵化器 column, its own incubator is meant.
    own = "项目,到账金额,到账日期\n本家项目,120,2026-05-05\n"
    assert upload(client, operator_headers, "financings", csv(own), "融资.csv").json["created"] == 1
    assert count(db, Financing) == 1


def test_export_writes_what_the_import_reads(client, admin_headers, db):
    ProjectFactory(incubator_id=IncubatorFactory(name="乐清孵化器").id, name="智配电气")
    upload(client, admin_headers, "financings", csv(FINANCINGS), "融资.csv")
    upload(client, admin_headers, "annual-figures", csv(FIGURES), "年度.csv")
    exported = client.get("/api/v1/exports/financings.csv", headers=admin_headers)
    assert exported.status_code == 200
    assert exported.data.decode("utf-8-sig").splitlines() == [
        "孵化器,项目,到账金额,到账日期,投资方,轮次",
        "乐清孵化器,智配电气,500,2026-03-15,温州创投,天使轮",
        "乐清孵化器,智配电气,800,2026-09-01,瓯江基金,A轮"]
    book = client.get("/api/v1/exports/annual-figures.xlsx", headers=admin_headers)
    rows = list(openpyxl.load_workbook(io.BytesIO(book.data)).active.iter_rows(values_only=True))
    assert rows[0] == ("孵化器", "项目", "年度", "营业收入", "从业人员", "研发人员", "引进人才")
    assert rows[2] == ("乐清孵化器", "智配电气", 2026, 1200, 30, 12, 4)
    # Read back unchanged.
    again = upload(client, admin_headers, "financings", exported.data, "融资.csv").json
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 2)
    template = client.get("/api/v1/imports/annual-figures/template.csv", headers=admin_headers)
    assert template.data.decode("utf-8-sig").splitlines()[1].startswith("乐清电气产业孵化器,温州智配电气科技有限公司,2026")
