"""Signing-event reports in five formats, checked the way a staff member would open them."""

from __future__ import annotations

import copy
import csv
import io
import json
import logging
import re

import pytest
from openpyxl import load_workbook

from services.reports import FORMATS, MIMETYPES, render
from services.reports.xlsx import SHEET_NAMES

BOM = b"\xef\xbb\xbf"
TARGETS_LUCHENG = {"new_incubation_space_10k_m2": 54, "new_demonstration_incubators": 2,
                   "new_incubated_projects": 500, "new_startup_jobs": 5000}
TARGETS_OUHAI = {"new_incubation_space_10k_m2": 40, "new_demonstration_incubators": 2,
                 "new_incubated_projects": 400, "new_startup_jobs": 4000}


def _assignment(project_id, name, incubator, district, industry, area, site_id, site, kind, site_district,
                offer_id, space_type, score, reasons):
    return {"project_id": project_id, "project_name": name, "incubator_name": incubator,
            "project_district": district, "industry": industry, "area": area, "site_id": site_id,
            "site_name": site, "site_kind": kind, "site_district": site_district, "offer_id": offer_id,
            "space_type": space_type, "score": score, "local": district == site_district, "reasons": reasons}


def make_snapshot() -> dict:
    """Five matches across 鹿城区, 瓯海区 and 乐清市, two projects left without space, the 2026 targets."""
    assignments = [
        _assignment(101, "明眸光学智能镜片", "瓯海眼镜孵化器", "瓯海区", "C3587 眼镜制造", 800.0, 11,
                    "瓯海眼镜小镇众创园", "park", "瓯海区", 21, "lab", 0.91,
                    ["主导产业一致：眼镜制造", "研发空间 1,200㎡ 可满足 800㎡ 需求", "留在本区县"]),
        _assignment(102, "瓯江电气智能断路器", "温州市大学科技园", "鹿城区", "C3823 配电开关控制设备制造", 3000.0, 12,
                    "乐清智能电气产业园", "park", "乐清市", 22, "plant", 0.84,
                    ["同一产业链：配电开关控制设备", "层高 9m、承重 15kN/㎡ 满足要求"]),
        _assignment(103, "鹿城鞋履数字设计", "鹿城鞋都创业园", "鹿城区", "I6513 应用软件开发", 300.0, 13,
                    "鹿城区轻工产业园", "park", "鹿城区", 23, "office", 0.78, ["留在本区县", "租金 35 元/㎡/月"]),
        _assignment(104, "温医大体外诊断试剂", "瓯海生命健康孵化器", "瓯海区", "C2770 卫生材料及医药用品制造",
                    666.67, 14, "瓯海区（区县用地）", "district", "瓯海区", 24, "land", 0.66, ["1 亩工业用地"]),
        _assignment(105, "乐清物联网传感器", "乐清电气孵化器", "乐清市", "C3983 敏感元件及传感器制造", 1500.0, 15,
                    "乐清定制厂房（柳市）", "custom_plant", "乐清市", 25, "plant", 0.72, ["厂房定制，交付期 9 个月"]),
    ]
    unmatched = [
        {"project_id": 201, "project_name": "瑞安汽配电控模块", "incubator_name": "瑞安汽摩配孵化器",
         "project_district": "鹿城区", "area": 5000.0, "space_type": "plant",
         "reason": "全市无满足 5,000㎡ 厂房需求的现有空间", "next_step": "建议厂房定制"},
        {"project_id": 202, "project_name": "永嘉泵阀远程运维", "incubator_name": "温州市大学科技园",
         "project_district": "瓯海区", "area": 400.0, "space_type": "office",
         "reason": "可选的 1 处空间（鹿城区轻工产业园）已分配给匹配度更高的项目：鹿城鞋履数字设计",
         "next_step": "建议等待下一批空间释放或跨区寻找"},
    ]
    return {
        "event": {"id": 7, "name": "2026年春季毕业项目签约会", "date": "2026-04-18", "kind": "signing",
                  "district": None, "district_name": None},
        "generated_at": "2026-04-10T08:30:00+00:00",
        "objective": "equal", "objective_label": "每个项目同等重要（匹配得分之和）",
        "optimal": False, "gap": 0.0123, "bound": 3.96, "objective_value": 3.9113, "method": "milp", "seconds": 1.7,
        "assignments": assignments,
        "unmatched": unmatched,
        "districts": [
            {"district": "330302", "district_name": "鹿城区", "graduated": 3, "matched": 2, "matched_local": 1,
             "matched_area": 300.0, "targets": TARGETS_LUCHENG},
            {"district": "330304", "district_name": "瓯海区", "graduated": 3, "matched": 2, "matched_local": 2,
             "matched_area": 1466.67, "targets": TARGETS_OUHAI},
            {"district": "330382", "district_name": "乐清市", "graduated": 1, "matched": 1, "matched_local": 1,
             "matched_area": 4500.0, "targets": {}},
        ],
        "offers": [
            {"offer_id": 21, "site_name": "瓯海眼镜小镇众创园", "site_kind": "park", "district_name": "瓯海区",
             "space_type": "lab", "capacity": 1200.0, "assigned_area": 800.0, "utilisation": 0.6667},
            {"offer_id": 22, "site_name": "乐清智能电气产业园", "site_kind": "park", "district_name": "乐清市",
             "space_type": "plant", "capacity": 3000.0, "assigned_area": 3000.0, "utilisation": 1.0},
            {"offer_id": 23, "site_name": "鹿城区轻工产业园", "site_kind": "park", "district_name": "鹿城区",
             "space_type": "office", "capacity": 350.0, "assigned_area": 300.0, "utilisation": 0.8571},
            {"offer_id": 24, "site_name": "瓯海区（区县用地）", "site_kind": "district", "district_name": "瓯海区",
             "space_type": "land", "capacity": 13333.4, "assigned_area": 666.67, "utilisation": 0.05},
            {"offer_id": 25, "site_name": "乐清定制厂房（柳市）", "site_kind": "custom_plant",
             "district_name": "乐清市", "space_type": "plant", "capacity": 1500.0, "assigned_area": 1500.0,
             "utilisation": 1.0},
        ],
        "outcome": {"year": 2026, "by_stage": {"nursery": 120, "incubation": 340, "acceleration": 85,
                                               "industrialization": 22},
                    "graduated_seeking": 7, "matched": 5, "matched_local": 4, "landed": 31},
    }


def make_long_snapshot(count: int = 80) -> dict:
    """The same event with `count` matches, enough to run over several pages."""
    snapshot = make_snapshot()
    template = snapshot["assignments"]
    snapshot["assignments"] = []
    for i in range(count):
        row = copy.deepcopy(template[i % len(template)])
        row["project_id"] = 1000 + i
        row["project_name"] = f"{row['project_name']}（第{i + 1}批）"
        snapshot["assignments"].append(row)
    snapshot["outcome"].update(matched=count, matched_local=sum(a["local"] for a in snapshot["assignments"]),
                               graduated_seeking=count + len(snapshot["unmatched"]))
    return snapshot


@pytest.fixture(scope="module")
def snapshot() -> dict:
    return make_snapshot()


@pytest.fixture(scope="module")
def project_names(snapshot) -> list[str]:
    return [a["project_name"] for a in snapshot["assignments"]] + [u["project_name"] for u in snapshot["unmatched"]]


def test_every_format_has_a_mimetype_and_an_unknown_one_is_refused(snapshot):
    assert set(MIMETYPES) == set(FORMATS) == {"json", "csv", "xlsx", "html", "pdf"}
    with pytest.raises(ValueError, match="docx"):
        render(snapshot, "docx")


def test_json_round_trips_with_readable_chinese(snapshot):
    data = render(snapshot, "json")
    assert json.loads(data.decode("utf-8")) == snapshot
    assert "2026年春季毕业项目签约会" in data.decode("utf-8")  # not \u escapes
    assert data.startswith(b'{\n  "event"')


def test_csv_opens_in_excel_with_chinese_headers_and_every_project(snapshot, project_names):
    data = render(snapshot, "csv")
    assert data.startswith(BOM)
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    header = list(rows[0])
    assert header[:3] == ["状态", "项目编号", "项目"]
    assert {"落地空间", "面积（㎡）", "匹配得分", "未匹配原因", "下一步"} <= set(header)
    assert [r["项目"] for r in rows] == project_names
    assert [r["状态"] for r in rows] == ["已匹配"] * 5 + ["未匹配"] * 2
    first, last = rows[0], rows[-1]
    assert (first["落地空间"], first["面积（㎡）"], first["匹配得分"], first["本区县落地"]) == (
        "瓯海眼镜小镇众创园", "800", "0.91", "是")
    assert first["落地类别"] == "园区" and first["空间类型"] == "研发"
    assert last["未匹配原因"].startswith("可选的 1 处空间") and last["下一步"] == "建议等待下一批空间释放或跨区寻找"
    assert last["落地空间"] == ""


def test_xlsx_has_the_five_sheets_frozen_filtered_and_formatted(snapshot, project_names):
    book = load_workbook(io.BytesIO(render(snapshot, "xlsx")))
    assert book.sheetnames == ["匹配清单", "未匹配项目", "区县汇总", "园区使用率", "说明"] == list(SHEET_NAMES)

    matches = book["匹配清单"]
    header = [c.value for c in matches[1]]
    assert header[:3] == ["项目编号", "项目", "孵化器"] and "匹配理由" in header
    assert matches.freeze_panes == "C2"
    assert matches.auto_filter.ref == f"A1:{matches.cell(1, len(header)).column_letter}6"
    names = [matches.cell(r, 2).value for r in range(2, matches.max_row + 1)]
    assert names == project_names[:5]
    area = matches.cell(2, header.index("面积（㎡）") + 1)
    score = matches.cell(2, header.index("匹配得分") + 1)
    assert (area.value, area.number_format) == (800, "#,##0.00")
    assert (score.value, score.number_format) == (0.91, "0.00")

    unmatched = book["未匹配项目"]
    assert unmatched.freeze_panes == "C2"
    assert [unmatched.cell(r, 2).value for r in (2, 3)] == project_names[5:]
    assert unmatched.cell(2, 7).value == "全市无满足 5,000㎡ 厂房需求的现有空间"

    districts = book["区县汇总"]
    assert districts.freeze_panes == "B3"
    assert districts["A1"].value == "本次匹配" and districts["H1"].value.startswith("2026年规划目标")
    header = [c.value for c in districts[2]]
    assert header[:3] == ["区县", "毕业待落地项目", "已匹配"] and "新增孵化空间（万㎡）" in header
    lucheng = [c.value for c in districts[3]]
    assert lucheng[0] == "鹿城区" and lucheng[header.index("新增孵化空间（万㎡）")] == 54
    assert districts.cell(4, header.index("匹配率") + 1).number_format == "0.0%"
    assert districts.cell(6, 1).value == "合计"

    offers = book["园区使用率"]
    assert offers.freeze_panes == "C2"
    use = offers.cell(3, [c.value for c in offers[1]].index("使用率") + 1)
    assert (use.value, use.number_format) == (1.0, "0.0%")

    notes = "\n".join(str(c.value) for row in book["说明"].iter_rows() for c in row if c.value)
    assert "每个项目同等重要（匹配得分之和）" in notes and "未证明最优" in notes and "1.23%" in notes
    assert "上界" in notes and "匹配清单" in notes


def test_html_is_one_self_contained_page(snapshot, project_names):
    html = render(snapshot, "html").decode("utf-8")
    assert "<h1>2026年春季毕业项目签约会</h1>" in html and "签约会" in html
    for name in project_names:
        assert name in html
    assert html.count("<svg") == 2
    assert "NotoSansCJKsc-Regular" in html  # chart labels drawn from the Simplified Chinese face
    assert "建议厂房定制" in html and "新增孵化空间（万㎡）" in html and "已分配给匹配度更高的项目" in html
    assert not re.search(r"https?://", html)
    assert not re.search(r"<script|<link|<img|<iframe|@import", html, flags=re.IGNORECASE)
    # The charts refer only to their own parts (clip paths, glyphs): url(#…) and href="#…".
    assert not re.search(r"url\((?!#)|(?:href|src)=\"(?!#)", html)


def test_names_stay_text_in_every_format(snapshot):
    odd = copy.deepcopy(snapshot)
    odd["assignments"][0]["project_name"] = "=HYPERLINK(\"x\")<智造>&Co"
    odd["offers"][0]["site_name"] = "--><script>alert(1)</script>眼镜园"  # drawn in a chart too
    assert "'=HYPERLINK" in render(odd, "csv").decode("utf-8-sig")
    sheet = load_workbook(io.BytesIO(render(odd, "xlsx")))["匹配清单"]
    assert (sheet["B2"].value, sheet["B2"].data_type) == ("=HYPERLINK(\"x\")<智造>&Co", "s")
    html = render(odd, "html").decode("utf-8")
    assert "=HYPERLINK(&#34;x&#34;)&lt;智造&gt;&amp;Co" in html
    assert "<script" not in html and "--&gt;&lt;script&gt;alert(1)&lt;/script&gt;眼镜园" in html


def test_missing_optional_keys_still_render():
    bare = {"event": {"name": "临时分配"}, "assignments": [{"project_name": "甲项目", "site_name": "乙园区"}]}
    for fmt in FORMATS:
        assert render(bare, fmt)
    html = render(bare, "html").decode("utf-8")
    assert "甲项目" in html and "乙园区" in html and "暂无可绘制的数据" in html


def _pdf_text_and_fonts(data: bytes) -> tuple[list[str], set[str]]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    fonts = {str(font.get_object()["/BaseFont"]) for page in reader.pages
             for font in page["/Resources"]["/Font"].values()}
    return [page.extract_text() for page in reader.pages], fonts


def test_pdf_is_a4_in_the_packaged_chinese_font_with_page_numbers(caplog):
    snapshot = make_long_snapshot(80)
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        data = render(snapshot, "pdf")
    assert data.startswith(b"%PDF")
    assert not caplog.records, [r.getMessage() for r in caplog.records]
    pages, fonts = _pdf_text_and_fonts(data)
    assert len(pages) >= 2
    # Table cells wrap long names over lines: compare without whitespace.
    pages = [re.sub(r"\s+", "", page) for page in pages]
    text = "".join(pages)
    assert "2026年春季毕业项目签约会" in text
    assert "明眸光学智能镜片（第1批）" in text and "明眸光学智能镜片（第76批）" in text and "瑞安汽配电控模块" in text
    assert f"第1页/共{len(pages)}页" in pages[0] and f"第{len(pages)}页/共{len(pages)}页" in pages[-1]
    # Text is set in the @font-face from the noto-cjk-sans-otc package, not a system font.
    assert fonts and all("Matchmaker-CJK" in font for font in fonts), fonts


def test_pdf_fetches_nothing_but_its_own_files():
    from services.reports.formatting import TEMPLATES, cjk_font_path
    from services.reports.pdf import LocalOnlyFetcher

    fetcher = LocalOnlyFetcher([TEMPLATES, cjk_font_path().parent])
    assert fetcher.is_allowed(cjk_font_path().as_uri())
    assert fetcher.is_allowed("data:text/css,p{}")
    for url in ("https://fonts.googleapis.com/css?family=Noto+Sans+SC", "http://127.0.0.1/x.png",
                "ftp://example.org/f", "file:///etc/passwd", (TEMPLATES / ".." / ".." / "__init__.py").as_uri(),
                "file://fileserver/share/font.ttf"):
        assert not fetcher.is_allowed(url), url
        with pytest.raises(ValueError, match="refused"):
            fetcher.fetch(url)


def test_report_times_are_wenzhou_local_time(snapshot):
    # generated_at is 08:30 UTC, which staff in Wenzhou read as 16:30 the same day.
    html = render(snapshot, "html").decode("utf-8")
    assert "2026-04-10 16:30" in html and "UTC" not in html


def test_the_pdf_opens_with_a_signing_list_fit_to_print(snapshot):
    event = {**snapshot["event"], "organiser": "温州市科学技术局", "venue": "温州国际会展中心",
             "signatories": [{"side": "乐清市人民政府", "name": "王某某", "title": "副市长"}]}
    snapshot = {**snapshot, "event": event, "method": "flow+local-search"}
    pages, _ = _pdf_text_and_fonts(render(snapshot, "pdf"))
    first = re.sub(r"\s+", "", pages[0])
    assert "温州市科学技术局" in first and "签约项目清单" in first and "温州国际会展中心" in first
    assert "乐清市人民政府（盖章）" in first and "签字：王某某副市长" in first and "年月日" in first
    assert "2026-04-1016:30" in first  # made at 08:30 UTC: Wenzhou time
    for term in ("flow", "local-search", "milp", "目标值", "上界", "差距", "UTC", "匹配理由"):
        assert term not in first, term
    rest = re.sub(r"\s+", "", "".join(pages[1:]))
    assert "工作底稿" in rest and "计算方法说明" in rest and "网络流松弛加局部搜索" in rest


def test_xlsx_prints_on_a4_landscape_with_native_charts(snapshot):
    import zipfile

    data = render(snapshot, "xlsx")
    book = load_workbook(io.BytesIO(data))
    for name in ("匹配清单", "未匹配项目", "区县汇总", "园区使用率"):
        sheet = book[name]
        assert sheet.page_setup.orientation == "landscape" and int(sheet.page_setup.paperSize) == 9, name
        assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.page_setup.fitToWidth in (None, 1), name  # 1 is the default
        assert sheet.page_setup.fitToHeight == 0, name
    assert book["匹配清单"].print_title_rows == "$1:$1" and book["区县汇总"].print_title_rows == "$1:$2"
    charts = [n for n in zipfile.ZipFile(io.BytesIO(data)).namelist() if n.startswith("xl/charts/chart")]
    assert len(charts) == 2  # districts (columns) and offer usage (bars), drawn by Excel itself
    xml = zipfile.ZipFile(io.BytesIO(data)).read(sorted(charts)[0]).decode()
    assert "<c:barChart>" in xml and "区县汇总" in xml


def test_districts_show_how_far_the_measurable_target_is_met(snapshot):
    district = {**snapshot["districts"][0], "targets": {"new_incubated_projects": 50},
                "achieved": {"new_incubated_projects": 20}}
    html = render({**snapshot, "districts": [district]}, "html").decode("utf-8")
    assert "已完成 20（40" in html and "新增在孵项目" in html
