"""A project's financings and yearly figures: recorded and read as for the project, bad input refused."""

import sqlalchemy as sa

from models.audit import AuditEntry
from models.performance import AnnualFigures, Financing

from ..factories import IncubatorFactory, ProjectFactory

FINANCING = {"amount": 500, "received_on": "2026-03-15", "investor": "温州创投", "round": "天使轮"}
FIGURES = {"year": 2026, "revenue": 1200.5, "employees": 30, "rd_staff": 12, "talents": 4}


def count(db, model):
    return db.scalar(sa.select(sa.func.count()).select_from(model))


def test_an_operator_records_and_reads_its_projects_financings(client, db, incubator, operator_headers):
    project = ProjectFactory(incubator_id=incubator.id)
    url = f"/api/v1/projects/{project.id}/financings"
    first = client.post(url, json=FINANCING, headers=operator_headers)
    assert first.status_code == 201, first.json
    assert {k: first.json[k] for k in FINANCING} == {**FINANCING, "amount": 500.0}
    assert first.json["project_id"] == project.id and first.json["created_by"].startswith("user")
    client.post(url, json={"amount": 250.5, "received_on": "2025-11-01"}, headers=operator_headers)
    listed = client.get(url, headers=operator_headers).json
    assert [f["received_on"] for f in listed["items"]] == ["2025-11-01", "2026-03-15"]  # by date received
    assert listed["total"] == 750.5
    assert db.scalar(sa.select(sa.func.count()).where(AuditEntry.entity == "financings")) == 2


def test_a_financing_must_be_a_positive_amount_with_a_date(client, db, admin_headers):
    project = ProjectFactory()
    url = f"/api/v1/projects/{project.id}/financings"
    for body, field, message in (({**FINANCING, "amount": 0}, "amount", "必须大于 0（万元）"),
                                 ({**FINANCING, "amount": -5}, "amount", "必须大于 0（万元）"),
                                 ({"amount": 10}, "received_on", None)):
        response = client.post(url, json=body, headers=admin_headers)
        assert response.status_code == 422 and response.content_type == "application/problem+json"
        assert field in response.json["errors"]
        if message:
            assert response.json["errors"][field] == [message]
    assert count(db, Financing) == 0


def test_yearly_figures_one_per_year(client, db, admin_headers, promotion_headers):
    project = ProjectFactory()
    url = f"/api/v1/projects/{project.id}/annual-figures"
    assert client.post(url, json=FIGURES, headers=admin_headers).status_code == 201
    assert client.post(url, json={"year": 2025, "revenue": 800}, headers=admin_headers).status_code == 201
    again = client.post(url, json={**FIGURES, "revenue": 1}, headers=admin_headers)
    assert again.status_code == 409
    assert again.json["detail"] == f"项目「{project.name}」2026 年的年度数据已登记，不能重复登记"
    items = client.get(url, headers=promotion_headers).json["items"]
    assert [(f["year"], f["revenue"], f["talents"]) for f in items] == [(2025, 800.0, None), (2026, 1200.5, 4)]


def test_yearly_figures_are_checked(client, db, admin_headers):
    project = ProjectFactory()
    url = f"/api/v1/projects/{project.id}/annual-figures"
    cases = (({**FIGURES, "rd_staff": 31}, "rd_staff", "研发人员不能多于从业人员"),
             ({**FIGURES, "year": 1999}, "year", "年份应在 2000–2100 之间"),
             ({**FIGURES, "talents": -1}, "talents", "不能为负数"))
    for body, field, message in cases:
        response = client.post(url, json=body, headers=admin_headers)
        assert response.status_code == 422 and response.json["errors"][field] == [message]
    assert count(db, AnnualFigures) == 0


def test_access_is_as_for_the_project(client, db, incubator, operator_headers, promotion_headers):
    other = ProjectFactory(incubator_id=IncubatorFactory().id)
    for path in ("financings", "annual-figures"):
        url = f"/api/v1/projects/{other.id}/{path}"
        # Another incubator's project is not revealed; promotion staff read but do not record.
        assert client.get(url, headers=operator_headers).status_code == 404
        assert client.post(url, json=FINANCING | FIGURES, headers=operator_headers).status_code == 404
        assert client.get(url, headers=promotion_headers).status_code == 200
        assert client.post(url, json=FINANCING if path == "financings" else FIGURES,
                           headers=promotion_headers).status_code == 403
        assert client.get(url).status_code == 401
    assert client.get("/api/v1/projects/999999/financings", headers=promotion_headers).status_code == 404
    assert count(db, Financing) == count(db, AnnualFigures) == 0
