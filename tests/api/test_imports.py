"""Bulk import and export: encodings, Chinese headers, 亩, all-or-nothing, round trips, bad files."""

import csv
import io
from datetime import date

import pytest
import sqlalchemy as sa
from openpyxl import Workbook, load_workbook

from models.incubator import Incubator, IncubatorIndustry
from models.project import Project, StageChange
from models.site import Offer, Site, SiteIndustry
from models.user import User

from ..factories import IncubatorFactory, ProjectFactory

SITES_GBK = (
    "名称,类型,区县,行业代码,国有,纬度,经度,空间编号,空间类型,面积单位,可用面积,最小面积,最大面积,租金,可用日期\n"
    "乐清工业用地,区县,乐清市,C382、C3823,是,28.2,121.0,1,土地,亩,50,,,,2027/3/1\n"
    "瑞安汽配园,园区,瑞安市,C3670,是,27.8,120.6,1,厂房,㎡,20000,1000,20000,18,2026-12-01\n"
    "瑞安汽配园,园区,瑞安市,C3670,是,27.8,120.6,2,办公,,3000,,,45,\n"
)


def upload(client, headers, kind, content: bytes, name: str):
    return client.post(
        f"/api/v1/imports/{kind}", data={"file": (io.BytesIO(content), name)},
        headers=headers, content_type="multipart/form-data",
    )


def count(db, model):
    return db.scalar(sa.select(sa.func.count()).select_from(model))


def test_gbk_csv_with_chinese_headers_and_mu_imports(client, promotion_headers, db):
    response = upload(client, promotion_headers, "sites", SITES_GBK.encode("gb18030"), "sites.csv")
    assert response.status_code == 200, response.json
    assert (response.json["created"], response.json["updated"]) == (2, 0)
    land = db.scalar(sa.select(Site).where(Site.name == "乐清工业用地"))
    assert land.kind == "district" and land.district_code == "330382" and land.industries == ["C382", "C3823"]
    assert land.offers[0].available_area == pytest.approx(50 * 666.67)
    assert str(land.offers[0].available_from) == "2027-03-01"
    park = db.scalar(sa.select(Site).where(Site.name == "瑞安汽配园"))
    assert [(o.ref, o.space_type.value, o.available_area) for o in park.offers] == [("1", "plant", 20000), ("2", "office", 3000)]

    again = upload(client, promotion_headers, "sites", SITES_GBK.encode("gb18030"), "sites.csv")
    assert (again.json["created"], again.json["updated"]) == (0, 2)
    assert (count(db, Site), count(db, Offer)) == (2, 3)


def test_one_bad_row_imports_nothing_and_names_the_row(client, promotion_headers, db):
    bad = SITES_GBK.replace("3000,,,45", "-3000,,,45")
    response = upload(client, promotion_headers, "sites", bad.encode("gb18030"), "sites.csv")
    assert response.status_code == 422
    assert response.content_type == "application/problem+json"
    assert response.json["errors"] == [{"row": 4, "field": "可用面积", "message": "应大于 0"}]
    assert (count(db, Site), count(db, Offer)) == (0, 0)


def test_every_error_of_a_row_is_reported(client, promotion_headers, db):
    # A new site (row 2: unknown district and industry, negative area) and an existing one
    # (row 4: unreadable rent, unknown district): each row lists all its problems at once.
    db.add(Site(kind="park", name="已有园区", district_code="330382"))
    db.flush()
    content = ("名称,类型,区县,行业代码,空间类型,可用面积,租金\n"
               "火星园,园区,火星区,X999,厂房,-5,18\n"
               "火星园,园区,火星区,X999,办公,200,45\n"
               "已有园区,园区,木星区,C38,厂房,3000,很贵\n")
    response = upload(client, promotion_headers, "sites", content.encode(), "sites.csv")
    assert response.status_code == 422
    assert response.json["errors"] == [
        {"row": 2, "field": "可用面积", "message": "应大于 0"},
        {"row": 2, "field": "区县", "message": "未知区县：火星区"},
        {"row": 2, "field": "行业代码", "message": "未知行业代码：X999（应为 GB/T 4754-2017 代码，如 C3823）"},
        {"row": 4, "field": "租金", "message": "应为数字，而不是「很贵」"},
        {"row": 4, "field": "区县", "message": "未知区县：木星区"},
    ]
    assert (count(db, Site), count(db, Offer)) == (1, 0)


def test_every_error_of_a_project_row_is_reported(client, admin_headers, db):
    incubator = IncubatorFactory()
    content = (f"孵化器,名称,行业代码,团队人数,空间类型,需求面积下限,意向区县\n"
               f"{incubator.name},项目甲,X999,很多,厂房,-1,火星区\n").encode()
    response = upload(client, admin_headers, "projects", content, "p.csv")
    assert response.status_code == 422
    assert {(e["field"], e["message"]) for e in response.json["errors"]} == {
        ("团队人数", "应为数字，而不是「很多」"),
        ("需求面积下限", "应大于 0 且不超过 10000000"),
        ("行业代码", "未知行业代码：X999（应为 GB/T 4754-2017 代码，如 C3823）"),
        ("意向区县", "未知区县：火星区"),
    }
    assert count(db, Project) == 0


def test_cli_imports_the_same_file_and_refuses_the_bad_one(app, admin, db, tmp_path):
    path = tmp_path / "sites.csv"
    path.write_bytes(SITES_GBK.replace("杭州", "").encode("gbk"))
    result = app.test_cli_runner().invoke(args=["import", "sites", str(path)])
    assert result.exit_code == 0, result.output
    assert count(db, Site) == 2
    path.write_bytes(SITES_GBK.replace("瑞安市,C3670,是,27.8,120.6,2", "杭州市,C3670,是,27.8,120.6,2").encode("gbk"))
    refused = app.test_cli_runner().invoke(args=["import", "sites", str(path)])
    assert refused.exit_code != 0
    assert "第 4 行" in refused.output and "区县" in refused.output


def _populate(db):
    incubator = IncubatorFactory(name="瓯海眼镜孵化器", district_code="330304", demonstration=True,
                                 industry_links=[IncubatorIndustry(industry_code="C3587", position=0)])
    for i, stage in enumerate(["nursery", "incubation", "acceleration"]):
        ProjectFactory(incubator_id=incubator.id, name=f"明眸光学{i}", stage=stage, industries=["C3587", "C358"],
                       team_size=10 + i, revenue=12.5 * i, financing=None, preferred_districts=["瓯海区", "鹿城区"],
                       space_need={"space_type": "lab", "area_min": 300.0, "area_max": 800.0, "needed_by": date(2027, 6, 30),
                                   "clean_room": True, "hazardous": False, "max_rent": 40.0})
    ProjectFactory(incubator_id=incubator.id, name="无空间需求项目", space_need=None, description="含,逗号\n和换行")
    site = Site(kind="park", name="瓯海眼镜小镇", district_code="330304", state_owned=True, lat=27.97, lon=120.6,
                description="国有园区", industry_links=[SiteIndustry(industry_code="C3587", position=0)])
    site.all_offers = [Offer(ref="A1", space_type="plant", available_area=5000, min_area=500, max_area=5000, rent=20,
                             floor_load=8, clear_height=7.5, power_kva=800, clean_room=True, hazardous_allowed=False),
                       Offer(ref="A2", space_type="office", available_area=1200, rent=48)]
    custom = Site(kind="custom_plant", name="瓯海定制厂房", district_code="330304")
    custom.all_offers = [Offer(ref="1", space_type="plant", available_area=9000, min_area=3000, max_area=9000,
                               lead_time_days=270)]
    db.add_all([site, custom])
    db.flush()


def _download(client, headers, url):
    response = client.get(url, headers=headers)
    content = response.get_data()
    response.close()  # the file is streamed from a spooled temporary file
    assert response.status_code == 200
    return content


def _export(client, headers, kind, fmt):
    return _download(client, headers, f"/api/v1/exports/{kind}.{fmt}")


def _rows(content: bytes, fmt: str):
    if fmt == "csv":
        return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))
    sheet = load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
    return [[c.value for c in row] for row in sheet.iter_rows()]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_then_import_into_an_empty_database_gives_back_the_same_data(client, admin_headers, db, fmt):
    _populate(db)
    exports = {kind: _export(client, admin_headers, kind, fmt) for kind in ("incubators", "projects", "sites")}
    assert len(_rows(exports["projects"], fmt)) == 5
    # Empty the registry and the inventory, keeping the users who import.
    for model in (StageChange, Project, Offer, Site):
        db.execute(sa.delete(model))
    db.execute(sa.update(User).values(incubator_id=None).where(User.role != "incubator"))
    db.execute(sa.delete(User).where(User.role == "incubator"))
    db.execute(sa.delete(Incubator))
    db.flush()
    for kind in ("incubators", "projects", "sites"):
        response = upload(client, admin_headers, kind, exports[kind], f"{kind}.{fmt}")
        assert response.status_code == 200, response.json
    for kind in ("incubators", "projects", "sites"):
        assert _rows(_export(client, admin_headers, kind, fmt), fmt) == _rows(exports[kind], fmt), kind


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"", "x.csv", "文件为空"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "report.xlsx", "不是有效的 .xlsx"),
        (b"%PDF-1.7\n1 0 obj", "report.csv", "不是 CSV"),
        ("名称,区县\n".encode() + b"\xff\xfe\xfd\x80\x80", "x.csv", "编码"),
        ("名称,区县\n".encode("gbk"), "x.csv", "没有数据行"),
        ("名称,区县,颜色\n某孵化器,鹿城区,红\n".encode(), "x.csv", "无法识别的列：颜色"),
        (b"name,district\nA,330302\n", "x.txt", "不支持的文件类型"),
    ],
)
def test_bad_files_get_a_clear_error_and_change_nothing(client, admin_headers, db, content, name, message):
    before = count(db, Incubator)
    response = upload(client, admin_headers, "incubators", content, name)
    assert response.status_code == 422
    assert message in response.json["errors"][0]["message"], response.json
    assert count(db, Incubator) == before


def test_duplicate_keys_inside_a_file_are_named(client, admin_headers, db):
    content = "名称,区县\n甲孵化器,鹿城区\n乙孵化器,龙湾区\n甲孵化器,瓯海区\n".encode()
    response = upload(client, admin_headers, "incubators", content, "x.csv")
    assert response.status_code == 422
    assert response.json["errors"] == [{"row": 4, "field": "名称", "message": "与第 2 行重复"}]
    assert count(db, Incubator) == 0


def _xlsx(build) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["名称", "区县", "行业代码"])
    sheet.append(["甲孵化器", "鹿城区", "I65"])
    build(sheet)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda s: s.append(["乙孵化器", "龙湾区", "=A2"]), "公式"),
        (lambda s: s.merge_cells("A2:B2"), "合并单元格"),
    ],
)
def test_formulas_and_merged_cells_are_refused(client, admin_headers, db, build, message):
    response = upload(client, admin_headers, "incubators", _xlsx(build), "x.xlsx")
    assert response.status_code == 422 and message in response.json["errors"][0]["message"]
    assert count(db, Incubator) == 0


def test_a_clean_xlsx_imports(client, admin_headers, db):
    response = upload(client, admin_headers, "incubators", _xlsx(lambda s: None), "x.xlsx")
    assert response.status_code == 200 and response.json["created"] == 1


def test_oversized_upload_is_413(client, admin_headers):
    body = b"--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.csv\"\r\n\r\n" + b"x" * (50 << 20)
    response = client.post("/api/v1/imports/projects", data=body, headers=admin_headers,
                           content_type="multipart/form-data; boundary=b")
    assert response.status_code == 413
    assert response.content_type == "application/problem+json"


def test_operator_imports_only_its_own_projects(client, incubator, operator_headers, db):
    other = IncubatorFactory()
    content = f"孵化器,名称,阶段\n{incubator.name},自家项目,孵化\n{other.name},别家项目,孵化\n".encode()
    response = upload(client, operator_headers, "projects", content, "p.csv")
    assert response.status_code == 422
    assert response.json["errors"] == [{"row": 3, "field": "孵化器", "message": "只能导入本孵化器的项目"}]
    fine = upload(client, operator_headers, "projects", "名称,阶段\n自家项目,孵化\n".encode(), "p.csv")
    assert fine.status_code == 200 and fine.json["created"] == 1
    assert db.scalar(sa.select(Project.incubator_id).where(Project.name == "自家项目")) == incubator.id
    assert upload(client, operator_headers, "sites", SITES_GBK.encode("gbk"), "s.csv").status_code == 403


def test_reimport_does_not_move_stages(client, admin_headers, db):
    incubator = IncubatorFactory()
    content = f"孵化器,名称,阶段\n{incubator.name},项目甲,孵化\n".encode()
    assert upload(client, admin_headers, "projects", content, "p.csv").json["created"] == 1
    moved = upload(client, admin_headers, "projects", content.replace("孵化\n".encode(), "加速\n".encode()), "p.csv")
    assert moved.status_code == 422 and "阶段流转" in moved.json["errors"][0]["message"]
    history = db.scalars(sa.select(StageChange.reason).join(Project).where(Project.name == "项目甲")).all()
    assert history == ["批量导入"]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_templates_download_with_chinese_headers(client, operator_headers, fmt):
    rows = _rows(_download(client, operator_headers, f"/api/v1/imports/projects/template.{fmt}"), fmt)
    assert rows[0][:3] == ["孵化器", "名称", "行业代码"] and len(rows) == 2
