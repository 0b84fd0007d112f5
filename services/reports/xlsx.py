"""The report as an Excel workbook: 匹配清单, 未匹配项目, 区县汇总, 园区使用率, 说明."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from typing import Any

import xlsxwriter
from xlsxwriter.utility import xl_col_to_name

from .formatting import MATCH_COLUMNS, UNMATCHED_COLUMNS, Column, column_width, fmt_area, fmt_number, fmt_percent

__all__ = ["SHEET_NAMES", "render_xlsx"]

SHEET_NAMES = ("匹配清单", "未匹配项目", "区县汇总", "园区使用率", "说明")

NUMBER_FORMATS = {
    "int": "0",
    "number": "#,##0.##",
    "area": "#,##0.00",
    "score": "0.00",
    "percent": "0.0%",
}
OFFER_COLUMNS = (
    Column("offer_id", "空间编号", "int"),
    Column("site_name", "落地空间"),
    Column("site_kind_label", "类别"),
    Column("district_name", "区县"),
    Column("space_type_label", "空间类型"),
    Column("capacity", "可用面积（㎡）", "area"),
    Column("assigned_area", "已分配面积（㎡）", "area"),
    Column("remaining", "剩余面积（㎡）", "area"),
    Column("utilisation", "使用率", "percent"),
)
DISTRICT_COLUMNS = (
    Column("district_name", "区县"),
    Column("graduated", "毕业待落地项目", "int"),
    Column("matched", "已匹配", "int"),
    Column("matched_local", "其中本区县落地", "int"),
    Column("match_rate", "匹配率", "percent"),
    Column("local_rate", "本区县落地率", "percent"),
    Column("matched_area", "落地面积（㎡）", "area"),
)


class _Formats:
    """The workbook's cell formats, made once per workbook."""

    def __init__(self, workbook: xlsxwriter.Workbook) -> None:
        base = {"font_name": "等线", "font_size": 10, "valign": "top"}
        self.text = workbook.add_format(base)
        self.wrap = workbook.add_format({**base, "text_wrap": True})
        self.header = workbook.add_format({**base, "bold": True, "bg_color": "#E8EEF7", "border": 1,
                                           "border_color": "#B4C2D9", "text_wrap": True, "valign": "vcenter"})
        self.group = workbook.add_format({**base, "bold": True, "bg_color": "#D6E0F0", "border": 1,
                                          "border_color": "#B4C2D9", "align": "center", "valign": "vcenter"})
        self.target_header = workbook.add_format({**base, "bold": True, "bg_color": "#FCEBD9", "border": 1,
                                                  "border_color": "#E0C2A2", "text_wrap": True, "valign": "vcenter"})
        self.target_group = workbook.add_format({**base, "bold": True, "bg_color": "#F8DDBF", "border": 1,
                                                 "border_color": "#E0C2A2", "align": "center", "valign": "vcenter"})
        self.numbers = {kind: workbook.add_format({**base, "num_format": fmt}) for kind, fmt in NUMBER_FORMATS.items()}
        self.total_text = workbook.add_format({**base, "bold": True, "top": 1})
        self.totals = {kind: workbook.add_format({**base, "bold": True, "top": 1, "num_format": fmt})
                       for kind, fmt in NUMBER_FORMATS.items()}
        self.title = workbook.add_format({**base, "bold": True, "font_size": 14})
        self.key = workbook.add_format({**base, "bold": True, "bg_color": "#F2F2F2"})
        self.section = workbook.add_format({**base, "bold": True, "font_size": 11, "font_color": "#2F6DB5"})


def _write_cell(sheet, row: int, col: int, column: Column, value: Any, formats: _Formats, *,
                wrap: bool = False) -> None:
    if value is None or value == "":
        sheet.write_blank(row, col, None, formats.text)
    elif column.kind in NUMBER_FORMATS and isinstance(value, int | float) and not isinstance(value, bool):
        sheet.write_number(row, col, value, formats.numbers[column.kind])
    else:
        # write_string: a name beginning with "=" stays text, never a formula.
        sheet.write_string(row, col, str(value), formats.wrap if wrap else formats.text)


def _print_setup(sheet, *, header_rows: int) -> None:
    """A4 landscape, all columns on one page width, the header rows on every page, page numbers."""
    sheet.set_paper(9)
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    sheet.center_horizontally()
    sheet.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    if header_rows:
        sheet.repeat_rows(0, header_rows - 1)
    sheet.set_footer("&C第 &P 页，共 &N 页")


MAX_CHART_ROWS = 40  # beyond this a bar per row is unreadable; the table and its data bars remain


def _district_chart(workbook, sheet, rows: Sequence[Mapping[str, Any]], *, at_col: int) -> None:
    """A native column chart of graduates, matches and local matches per district, beside the table."""
    if not rows or len(rows) > MAX_CHART_ROWS:
        return
    chart = workbook.add_chart({"type": "column"})
    last = 1 + len(rows)
    name = SHEET_NAMES[2]
    for col, colour in ((1, "#9DBBE3"), (2, "#2F6DB5"), (3, "#2C7A3F")):
        chart.add_series({"name": [name, 1, col], "categories": [name, 2, 0, last, 0],
                          "values": [name, 2, col, last, col], "fill": {"color": colour}})
    chart.set_title({"name": "各区县毕业待落地与匹配", "name_font": {"size": 11}})
    chart.set_legend({"position": "bottom"})
    chart.set_size({"width": 640, "height": 320})
    sheet.insert_chart(1, at_col, chart)


def _usage_chart(workbook, sheet, rows: Sequence[Mapping[str, Any]]) -> None:
    """A native bar chart of each offer's usage, beside the table."""
    if not rows or len(rows) > MAX_CHART_ROWS:
        return
    chart = workbook.add_chart({"type": "bar"})
    name, col = SHEET_NAMES[3], len(OFFER_COLUMNS) - 1
    chart.add_series({"name": "使用率", "categories": [name, 1, 1, len(rows), 1],
                      "values": [name, 1, col, len(rows), col], "fill": {"color": "#F4B183"}})
    chart.set_title({"name": "空间使用率", "name_font": {"size": 11}})
    chart.set_x_axis({"num_format": "0%", "max": 1})
    chart.set_y_axis({"reverse": True})
    chart.set_legend({"none": True})
    chart.set_size({"width": 560, "height": max(240, 22 * len(rows) + 80)})
    sheet.insert_chart(1, len(OFFER_COLUMNS) + 1, chart)


def _table_sheet(workbook, formats: _Formats, name: str, columns: Sequence[Column],
                 rows: Sequence[Mapping[str, Any]], *, freeze_cols: int, empty: str):
    sheet = workbook.add_worksheet(name)
    sheet.write_row(0, 0, [c.header for c in columns], formats.header)
    sheet.set_row(0, 22)
    for r, row in enumerate(rows, start=1):
        for c, column in enumerate(columns):
            _write_cell(sheet, r, c, column, row.get(column.key), formats)
    for c, column in enumerate(columns):
        sheet.set_column(c, c, column_width(column, _shown(column, rows)))
    sheet.freeze_panes(1, freeze_cols)
    sheet.autofilter(0, 0, max(len(rows), 1), len(columns) - 1)
    _print_setup(sheet, header_rows=1)
    if not rows:
        sheet.write_string(1, 0, empty, formats.text)
    return sheet


def _shown(column: Column, rows: Sequence[Mapping[str, Any]]) -> list[str]:
    values = [row.get(column.key) for row in rows]
    if column.kind == "area":
        return [f"{v:,.2f}" if isinstance(v, int | float) else str(v or "") for v in values]
    if column.kind == "percent":
        return [fmt_percent(v, 1) for v in values]
    return ["" if v is None else str(v) for v in values]


def _districts_sheet(workbook, formats: _Formats, report: Mapping[str, Any]) -> None:
    """Figures of this event and the plan's targets side by side, under two group headers."""
    sheet = workbook.add_worksheet(SHEET_NAMES[2])
    rows = report["districts"]
    targets = report["target_columns"]
    year = report.get("year")
    own, total = len(DISTRICT_COLUMNS), len(DISTRICT_COLUMNS) + len(targets)
    sheet.merge_range(0, 0, 0, own - 1, "本次匹配", formats.group)
    if targets:
        label = f"{year}年规划目标（三年行动方案附件2）" if year else "规划目标（三年行动方案附件2）"
        if len(targets) > 1:
            sheet.merge_range(0, own, 0, total - 1, label, formats.target_group)
        else:
            sheet.write_string(0, own, label, formats.target_group)
    sheet.write_row(1, 0, [c.header for c in DISTRICT_COLUMNS], formats.header)
    sheet.write_row(1, own, [label for _, label in targets], formats.target_header)
    sheet.set_row(1, 32)
    for r, row in enumerate(rows, start=2):
        for c, column in enumerate(DISTRICT_COLUMNS):
            _write_cell(sheet, r, c, column, row.get(column.key), formats)
        for c, (key, _) in enumerate(targets, start=own):
            value = row["targets"].get(key)
            _write_cell(sheet, r, c, Column(key, "", "number"), value, formats)
    last = 1 + len(rows)
    if rows:
        # A totals row below the filter range, so sorting the districts leaves it in place.
        totals = report["district_totals"]
        sheet.write_string(last + 1, 0, "合计", formats.total_text)
        for c, column in enumerate(DISTRICT_COLUMNS[1:], start=1):
            letter = xl_col_to_name(c)
            if column.kind == "percent":
                num, den = ("matched", "graduated") if column.key == "match_rate" else ("matched_local", "matched")
                value = totals[num] / totals[den] if totals[den] else 0
                n_col = xl_col_to_name(next(i for i, x in enumerate(DISTRICT_COLUMNS) if x.key == num))
                d_col = xl_col_to_name(next(i for i, x in enumerate(DISTRICT_COLUMNS) if x.key == den))
                formula = f"=IFERROR({n_col}{last + 2}/{d_col}{last + 2},0)"
            else:
                value = totals[column.key]
                formula = f"=SUM({letter}3:{letter}{last + 1})"
            sheet.write_formula(last + 1, c, formula, formats.totals[column.kind], value)
        for c, (key, _) in enumerate(targets, start=own):
            letter = xl_col_to_name(c)
            value = sum(float(row["targets"].get(key) or 0) for row in rows)
            sheet.write_formula(last + 1, c, f"=SUM({letter}3:{letter}{last + 1})", formats.totals["number"], value)
    sheet.set_column(0, 0, 12)
    sheet.set_column(1, own - 1, 11)
    if targets:
        sheet.set_column(own, total - 1, 13)
    sheet.freeze_panes(2, 1)
    sheet.autofilter(1, 0, max(last, 2), total - 1)
    _print_setup(sheet, header_rows=2)
    _district_chart(workbook, sheet, rows, at_col=total + 1)


def _notes_sheet(workbook, formats: _Formats, report: Mapping[str, Any]) -> None:
    sheet = workbook.add_worksheet(SHEET_NAMES[4])
    event, solver, summary = report["event"], report["solver"], report["summary"]
    sheet.set_column(0, 0, 18)
    sheet.set_column(1, 1, 90)
    sheet.write_string(0, 0, f"{event['name']} 匹配报告", formats.title)
    row = 2

    def pair(key: str, value: str) -> None:
        nonlocal row
        sheet.write_string(row, 0, key, formats.key)
        sheet.write_string(row, 1, value, formats.wrap)
        row += 1

    def section(title: str) -> None:
        nonlocal row
        row += 1
        sheet.write_string(row, 0, title, formats.section)
        row += 1

    section("活动")
    pair("名称", event["name"])
    pair("类型", event["kind_label"] or "—")
    pair("日期", event["date"] or "—")
    pair("区县范围", event["district_name"] or "全市")
    pair("生成时间", report["generated_at"] or "—")

    section("分配结果")
    pair("优化目标", solver["objective_label"] or "—")
    pair("是否最优", solver["optimal_text"])
    pair("最优性差距", "—" if solver["gap"] is None else
         f"{fmt_percent(solver['gap'], 2)}：目标值与上界之差占上界的比例；0 表示这一分配已被证明是最好的")
    pair("上界", "—" if solver["bound"] is None else
         f"{solver['bound']:.4f}：任何分配方案的目标值都不会超过它")
    pair("目标值", "—" if solver["objective_value"] is None else
         f"{solver['objective_value']:.4f}：本次分配按上述目标计算的得分")
    pair("求解方法", f"{solver['method'] or '—'}，用时 {solver['seconds'] or 0:.1f} 秒")
    pair("毕业待落地项目", fmt_number(summary["graduated_seeking"]))
    pair("已匹配", f"{fmt_number(summary['matched'])} 个，其中本区县落地 {fmt_number(summary['matched_local'])} 个")
    pair("未匹配", f"{summary['unmatched']} 个")
    pair("落地面积", fmt_area(summary["matched_area"]))
    if summary["stages"]:
        pair(f"{report.get('year') or ''}年在孵项目",
             "，".join(f"{label} {fmt_number(count)}" for label, count in summary["stages"]))
    if summary.get("signed_pending") is not None:
        pair("签约待落地（不参与本次分配）", fmt_number(summary["signed_pending"]))
    if summary["landed"] is not None:
        pair("累计已落地", fmt_number(summary["landed"]))

    section("如何阅读")
    pair(SHEET_NAMES[0], "每个已匹配项目一行：项目、孵化器、需求面积、分配到的落地空间（空间编号对应园区使用率表）、"
                         "是否留在本区县、匹配得分（0～1，越高越契合）和匹配理由。每处空间的分配面积不超过其可用面积，"
                         "不会把同一块空间承诺给两个项目。")
    pair(SHEET_NAMES[1], "本次未能分配空间的项目，逐一写明原因和下一步建议（跨区落地、厂房定制或等待新空间）。")
    pair(SHEET_NAMES[2], "每个区县：毕业待落地项目数、已匹配数（按项目所在区县计）、其中留在本区县的数量、"
                         "落地面积（分配到该区县空间的面积，含外区县迁入），右侧并列本年度规划目标，供对照进度；"
                         "规划目标为孵化体系建设指标，与本次匹配数不是一一对应关系。")
    pair(SHEET_NAMES[3], "每处参与分配的空间：可用面积、已分配面积、剩余面积和使用率。")
    pair("筛选", "各表首行已冻结并带筛选按钮，可按区县、空间类型等筛选或排序。")


def render_xlsx(report: Mapping[str, Any]) -> bytes:
    """The five sheets, with Chinese headers, frozen header rows, number formats and filters."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False,
                                            "strings_to_formulas": False, "strings_to_urls": False})
    try:
        workbook.set_properties({"title": f"{report['event']['name']} 匹配报告", "author": "Matchmaker",
                                 "comments": "温州大孵化器集群 毕业项目落地匹配"})
        formats = _Formats(workbook)
        matches = _table_sheet(workbook, formats, SHEET_NAMES[0], MATCH_COLUMNS, report["assignments"],
                               freeze_cols=2, empty="本次没有匹配成功的项目")
        score_col = next(i for i, c in enumerate(MATCH_COLUMNS) if c.key == "score")
        if report["assignments"]:
            matches.conditional_format(1, score_col, len(report["assignments"]), score_col,
                                       {"type": "data_bar", "bar_color": "#9DBBE3", "min_type": "num",
                                        "min_value": 0, "max_type": "num", "max_value": 1})
        _table_sheet(workbook, formats, SHEET_NAMES[1], UNMATCHED_COLUMNS, report["unmatched"],
                     freeze_cols=2, empty="所有项目均已匹配")
        _districts_sheet(workbook, formats, report)
        offers = _table_sheet(workbook, formats, SHEET_NAMES[3], OFFER_COLUMNS, report["offers"],
                              freeze_cols=2, empty="本次没有参与分配的空间")
        if report["offers"]:
            col = len(OFFER_COLUMNS) - 1
            offers.conditional_format(1, col, len(report["offers"]), col,
                                      {"type": "data_bar", "bar_color": "#F4B183", "min_type": "num",
                                       "min_value": 0, "max_type": "num", "max_value": 1})
            _usage_chart(workbook, offers, report["offers"])
        _notes_sheet(workbook, formats, report)
    finally:
        workbook.close()
    return buffer.getvalue()
