"""The operators' evaluation (数据得空间): a small fixture scored against a table computed by hand."""

import io
from datetime import UTC, date, datetime

import openpyxl
import pytest
import sqlalchemy as sa

from models.carrier import CarrierSpaceType, Placement, Space
from models.performance import AnnualFigures, Financing
from models.project import Action, Stage, StageChange, Status

from ..factories import IncubatorFactory, ProjectFactory
from .test_matches import PARK
from .test_outcomes import land, transition

YUEQING, LUCHENG, RUIAN = "330382", "330302", "330381"
IN_2026 = datetime(2026, 5, 1, 12, tzinfo=UTC)
IN_2025 = datetime(2025, 6, 1, 12, tzinfo=UTC)


def evaluations(client, headers, **query):
    return client.get("/api/v1/evaluations", query_string=query, headers=headers)


@pytest.fixture
def carriers(client, db, admin_headers, promotion_headers):
    """Three carriers; the indicators of 2026 (table in the test below) and a few of 2025 that must not count."""
    a = IncubatorFactory(name="乐清众创空间", district_code=YUEQING)
    b = IncubatorFactory(name="鹿城孵化器", district_code=LUCHENG)
    c = IncubatorFactory(name="瑞安加速器", district_code=RUIAN)
    a0 = ProjectFactory(incubator_id=a.id)
    a1 = ProjectFactory(incubator_id=a.id, stage=Stage.incubation, industries=["C3823"])
    a2, a3 = ProjectFactory(incubator_id=a.id), ProjectFactory(incubator_id=a.id)
    b1 = ProjectFactory(incubator_id=b.id)
    c1, c2 = ProjectFactory(incubator_id=c.id, stage=Stage.incubation), ProjectFactory(incubator_id=c.id)
    transition(client, admin_headers, a1, "graduate")
    transition(client, admin_headers, c1, "graduate")
    park = client.post("/api/v1/sites", json=PARK, headers=promotion_headers).json  # in 乐清市: local for A
    land(client, promotion_headers, a1, park["offers"][0]["id"])

    # a0, admitted by A in 2025, handed over to B in 2026 (接续): an admission for B.
    db.add(StageChange(project_id=a0.id, action=Action.transfer, from_stage=Stage.nursery, to_stage=Stage.nursery,
                       from_status=Status.active, to_status=Status.active, actor="test", from_incubator_id=a.id,
                       to_incubator_id=b.id))
    a0.incubator_id = b.id
    db.flush()
    db.execute(sa.update(StageChange).values(at=IN_2026))
    db.execute(sa.update(StageChange).where(StageChange.project_id == a0.id, StageChange.action == Action.admit)
               .values(at=IN_2025, to_incubator_id=a.id))

    office_a = Space(incubator_id=a.id, space_type=CarrierSpaceType.office, total_area=1000)
    office_b = Space(incubator_id=b.id, space_type=CarrierSpaceType.office, total_area=500)
    db.add_all([office_a, office_b])
    db.flush()
    db.add_all([Placement(project_id=a3.id, space_id=office_a.id, area=600),
                Placement(project_id=b1.id, space_id=office_b.id, area=500)])
    db.add_all([
        Financing(project_id=a2.id, amount=300, received_on=date(2026, 2, 1), created_by="test"),
        Financing(project_id=a2.id, amount=100, received_on=date(2025, 12, 31), created_by="test"),
        Financing(project_id=b1.id, amount=600, received_on=date(2026, 12, 31), created_by="test"),
        AnnualFigures(project_id=a1.id, year=2026, revenue=200, talents=2, created_by="test"),
        AnnualFigures(project_id=a3.id, year=2026, revenue=100, talents=1, created_by="test"),
        AnnualFigures(project_id=b1.id, year=2026, revenue=600, talents=0, created_by="test"),
        AnnualFigures(project_id=b1.id, year=2025, revenue=999, talents=9, created_by="test"),
        AnnualFigures(project_id=c2.id, year=2026, revenue=150, talents=6, created_by="test"),
    ])
    db.flush()
    return a, b, c


# Raw indicators of 2026, and the score by hand: each indicator over its maximum (occupancy 1.0,
# admitted 3, talents 6, financing 600, revenue 600, graduated 1, landed_local 1), weighted
# 1, 1, 1, 1, 1, 2, 3 (sum 10), × 100 / 10:
#   A: 0.6 + 1 + 0.5 + 0.5 + 0.5 + 2×1 + 3×1      = 8.1    → 81.00
#   C: 0 (no space) + 2/3 + 1 + 0 + 0.25 + 2×1 + 0 = 3.9167 → 39.17
#   B: 1 + 2/3 + 0 + 1 + 1 + 0 + 0                 = 3.6667 → 36.67
EXPECTED_2026 = [
    # name, occupancy, admitted, talents, financing, revenue, graduated, landed_local, score
    ("乐清众创空间", 0.6, 3, 3, 300.0, 300.0, 1, 1, 81.0),
    ("瑞安加速器", None, 2, 6, 0.0, 150.0, 1, 0, 39.17),
    ("鹿城孵化器", 1.0, 2, 0, 600.0, 600.0, 0, 0, 36.67),
]
KEYS = ("occupancy", "admitted", "talents", "financing", "revenue", "graduated", "landed_local")


def table(body):
    return [(item["incubator_name"], *(item["values"][k] for k in KEYS), item["score"]) for item in body["items"]]


def test_the_evaluation_of_a_small_fixture_equals_the_table_computed_by_hand(client, promotion_headers, carriers):
    response = evaluations(client, promotion_headers, year=2026)
    assert response.status_code == 200, response.json
    body = response.json
    assert table(body) == EXPECTED_2026
    assert [item["rank"] for item in body["items"]] == [1, 2, 3]
    assert (body["year"], body["since"], body["until"], body["method"]) == (2026, "2026-01-01", "2026-12-31",
                                                                            "share_of_max")
    assert body["weights"] == {"occupancy": 1.0, "admitted": 1.0, "talents": 1.0, "financing": 1.0, "revenue": 1.0,
                               "graduated": 2.0, "landed_local": 3.0}
    c = body["items"][1]
    assert c["normalised"] == {"occupancy": 0.0, "admitted": 0.666667, "talents": 1.0, "financing": 0.0,
                               "revenue": 0.25, "graduated": 1.0, "landed_local": 0.0}
    assert [i["name"] for i in body["indicators"]] == ["空间入驻率", "入孵项目数", "人才招引", "到账融资", "营业收入",
                                                       "成功毕业", "就地产业化"]


def test_weights_from_the_query_change_the_ranking(client, promotion_headers, carriers):
    # Without graduations and landings (weights 0) the sum of weights is 5:
    # B 3.6667 → 73.33, A 3.1 → 62.0, C 1.9167 → 38.33.
    body = evaluations(client, promotion_headers, year=2026, w_graduated=0, w_landed_local=0).json
    assert [(i["incubator_name"], i["score"], i["rank"]) for i in body["items"]] == [
        ("鹿城孵化器", 73.33, 1), ("乐清众创空间", 62.0, 2), ("瑞安加速器", 38.33, 3)]
    assert body["weights"]["graduated"] == 0.0 and body["weights"]["occupancy"] == 1.0


def test_configured_weights_are_the_default(app, client, promotion_headers, carriers):
    saved = app.config["EVALUATION_WEIGHTS"]
    app.config["EVALUATION_WEIGHTS"] = {**saved, "graduated": 0.0, "landed_local": 0.0}
    try:
        body = evaluations(client, promotion_headers, year=2026).json
    finally:
        app.config["EVALUATION_WEIGHTS"] = saved
    assert [i["score"] for i in body["items"]] == [73.33, 62.0, 38.33]


def test_another_year_counts_only_its_own_records(client, promotion_headers, carriers):
    body = evaluations(client, promotion_headers, year=2025).json
    values = {i["incubator_name"]: i["values"] for i in body["items"]}
    assert values["乐清众创空间"]["admitted"] == 1 and values["乐清众创空间"]["financing"] == 100.0
    assert values["鹿城孵化器"]["revenue"] == 999.0 and values["鹿城孵化器"]["talents"] == 9
    assert values["瑞安加速器"]["graduated"] == 0 and values["乐清众创空间"]["landed_local"] == 0
    # Occupancy has no date: it is today's in every year.
    assert values["鹿城孵化器"]["occupancy"] == 1.0


def test_the_ranking_as_a_workbook(client, promotion_headers, carriers):
    response = client.get("/api/v1/evaluations.xlsx", query_string={"year": 2026}, headers=promotion_headers)
    assert response.status_code == 200
    assert "filename*=UTF-8''%E8%BF%90%E8%90%A5%E8%AF%84%E4%BB%B72026.xlsx" in response.headers["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert "归一" in rows[0][0]
    assert rows[1] == ("排名", "载体", "类型", "区县", "空间入驻率（%）", "入孵项目数（个）", "人才招引（人）",
                       "到账融资（万元）", "营业收入（万元）", "成功毕业（个）", "就地产业化（个）", "综合得分")
    assert rows[2] == (1, "乐清众创空间", "孵化器", "乐清市", 60, 3, 3, 300, 300, 1, 1, 81)
    assert rows[3][1] == "瑞安加速器" and rows[3][4] is None and rows[4][1] == "鹿城孵化器"


def test_bad_weights_and_years_are_422(client, promotion_headers):
    response = evaluations(client, promotion_headers, w_revenue=-1)
    assert response.status_code == 422 and response.json["errors"]["query.w_revenue"] == ["权重应在 0 到 100 之间"]
    response = evaluations(client, promotion_headers, year=1990)
    assert response.status_code == 422 and response.json["errors"]["query.year"] == ["年份应在 2000–2100 之间"]
    zero = {f"w_{k}": 0 for k in KEYS}
    response = evaluations(client, promotion_headers, **zero)
    assert response.status_code == 422 and response.json["errors"] == {"query.w_landed_local": ["至少一项权重须大于 0"]}


def test_only_staff_read_the_evaluation(client, operator_headers, admin_headers):
    assert evaluations(client, operator_headers).status_code == 403
    assert client.get("/api/v1/evaluations.xlsx", headers=operator_headers).status_code == 403
    assert evaluations(client, {}).status_code == 401
    assert evaluations(client, admin_headers).status_code == 200
