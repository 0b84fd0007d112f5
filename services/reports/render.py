"""Render an assignment snapshot for a matchmaking or signing event as json, csv, xlsx, html or pdf.

The snapshot is the plain dict that the assignment stores (see ``services.assignment``):
the event, the solver's objective and optimality, the matches, the unmatched projects with a
reason and a next step, a summary per district with the plan's targets, and each offer's use.
Optional keys may be missing; everything a staff member reads comes out in Simplified Chinese.
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

__all__ = ["FORMATS", "MIMETYPES", "render"]

FORMATS = ("json", "csv", "xlsx", "html", "pdf")
MIMETYPES: dict[str, str] = {
    "json": "application/json",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
}

TEMPLATES = Path(__file__).resolve().parent / "templates"

SITE_KIND_LABELS = {"district": "区县", "park": "园区", "custom_plant": "定制厂房"}
SPACE_TYPE_LABELS = {"office": "办公", "lab": "研发", "plant": "厂房", "land": "土地"}
STAGE_LABELS = {"nursery": "创业苗圃", "incubation": "孵化", "acceleration": "加速", "industrialization": "产业化"}
EVENT_KIND_LABELS = {"matchmaking": "对接会", "signing": "签约会"}
# Used only when a snapshot lacks its objective_label.
OBJECTIVE_LABELS = {
    "equal": "每个项目同等重要（匹配得分之和最大）",
    "area": "按需求面积加权（优先保障大项目）",
    "priority": "按工作人员设定的优先级加权",
}
# The plan's Annex 2 metrics, in the plan's order.
METRIC_LABELS = {
    "new_incubation_space_10k_m2": "新增孵化空间（万㎡）",
    "new_demonstration_incubators": "新增“20孵化器”",
    "new_professional_operators": "新增专业运营机构",
    "new_provincial_incubators": "新增省级及以上孵化器",
    "new_incubated_projects": "新增在孵项目",
    "new_startup_jobs": "新增创业就业",
    "new_provincial_tech_enterprises": "新增省级以上科技型企业",
}


@cache
def cjk_font_path() -> Path:
    """The Noto Sans CJK collection shipped by the ``noto-cjk-sans-otc`` package (SIL OFL 1.1)."""
    try:
        import noto_cjk_sans_otc
    except ImportError as error:  # pragma: no cover - a broken install
        raise RuntimeError("报告需要中文字体包 noto-cjk-sans-otc，请先安装") from error
    return Path(str(noto_cjk_sans_otc.FONT_PATH)).resolve()


# ---------------------------------------------------------------------------------------------
# Numbers as staff read them


def _number(value: Any) -> float | None:
    try:
        return None if value is None or value == "" else float(value)
    except (TypeError, ValueError):
        return None


def fmt_area(value: Any) -> str:
    """1234.5 → "1,234.5㎡"; whole numbers without decimals."""
    number = _number(value)
    if number is None:
        return ""
    text = f"{number:,.0f}" if float(number).is_integer() else f"{number:,.2f}".rstrip("0").rstrip(".")
    return f"{text}㎡"


def fmt_number(value: Any) -> str:
    """A count or target: thousands separators, decimals only when there are some."""
    number = _number(value)
    if number is None:
        return "" if value is None else str(value)
    return f"{number:,.0f}" if float(number).is_integer() else f"{number:,.2f}".rstrip("0").rstrip(".")


def fmt_percent(value: Any, digits: int = 0) -> str:
    """0.853 → "85%"."""
    number = _number(value)
    return "" if number is None else f"{number:.{digits}%}"


def fmt_score(value: Any) -> str:
    """0.8734 → "0.87"."""
    number = _number(value)
    return "" if number is None else f"{number:.2f}"


def _datetime_text(value: Any) -> str:
    if not value:
        return ""
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        return str(value)
    if moment.tzinfo is not None and moment.utcoffset() is not None and moment.utcoffset().total_seconds() == 0:
        return moment.strftime("%Y-%m-%d %H:%M UTC")
    return moment.strftime("%Y-%m-%d %H:%M")


def display_width(text: str) -> int:
    """Columns a string takes in a monospaced view: CJK characters count twice."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


# ---------------------------------------------------------------------------------------------
# The report: the snapshot with labels resolved, totals added and missing keys filled in


def _label(labels: Mapping[str, str], value: Any) -> str:
    return "" if value is None else labels.get(str(value), str(value))


def _merged_labels(snapshot: Mapping[str, Any]) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    # The snapshot may carry the labels the service used; they win over ours.
    extra = snapshot.get("labels") or {}
    kinds = {**SITE_KIND_LABELS, **(extra.get("site_kind") or {})}
    spaces = {**SPACE_TYPE_LABELS, **(extra.get("space_type") or {})}
    stages = {**STAGE_LABELS, **((snapshot.get("outcome") or {}).get("stage_names") or {})}
    return kinds, spaces, stages


# What a row shows when the snapshot leaves a key out.
ASSIGNMENT_DEFAULTS = dict.fromkeys(("project_id", "area", "site_id", "offer_id", "score", "space_type", "site_kind"))
ASSIGNMENT_DEFAULTS.update(dict.fromkeys(("project_name", "incubator_name", "project_district", "industry",
                                          "site_name", "site_district"), ""), local=False)
UNMATCHED_DEFAULTS = dict.fromkeys(("project_id", "area", "space_type"))
UNMATCHED_DEFAULTS.update(dict.fromkeys(("project_name", "incubator_name", "project_district", "reason",
                                         "next_step"), ""))
DISTRICT_DEFAULTS = {"district": "", "district_name": "", "graduated": 0, "matched": 0, "matched_local": 0,
                     "matched_area": 0.0}
OFFER_DEFAULTS = {"offer_id": None, "site_name": "", "site_kind": None, "district_name": "", "space_type": None,
                  "capacity": None, "assigned_area": None, "utilisation": None}


def build_report(snapshot: Mapping[str, Any]) -> dict[str, Any]:
    """What every format shows, computed once: labels in Chinese, totals, target columns."""
    kinds, spaces, stages = _merged_labels(snapshot)
    event = dict(snapshot.get("event") or {})
    outcome = dict(snapshot.get("outcome") or {})
    event_kind = event.get("kind_name") or _label(EVENT_KIND_LABELS, event.get("kind"))
    year = outcome.get("year") or (str(event.get("date") or "")[:4] or None)

    assignments = []
    for index, raw in enumerate(snapshot.get("assignments") or [], start=1):
        row = {**ASSIGNMENT_DEFAULTS, **raw}
        reasons = row.get("reasons") or []
        row.update({
            "index": index,
            "space_type_label": _label(spaces, row.get("space_type")),
            "site_kind_label": _label(kinds, row.get("site_kind")),
            "local_label": "是" if row.get("local") else "否",
            "reasons_text": "；".join(str(r) for r in reasons),
            "reasons": list(reasons),
            "status": "已匹配",
        })
        assignments.append(row)

    unmatched = []
    for index, raw in enumerate(snapshot.get("unmatched") or [], start=1):
        row = {**UNMATCHED_DEFAULTS, **raw}
        row.update({"index": index, "space_type_label": _label(spaces, row.get("space_type")), "status": "未匹配"})
        unmatched.append(row)

    districts = [{**DISTRICT_DEFAULTS, **d} for d in snapshot.get("districts") or []]
    present = {key for d in districts for key in (d.get("targets") or {})}
    target_keys = [k for k in METRIC_LABELS if k in present] + sorted(present - METRIC_LABELS.keys())
    target_columns = [(key, METRIC_LABELS.get(key, key)) for key in target_keys]
    for d in districts:
        matched, graduated = d.get("matched") or 0, d.get("graduated") or 0
        d["match_rate"] = matched / graduated if graduated else None
        d["local_rate"] = (d.get("matched_local") or 0) / matched if matched else None
        d["targets"] = dict(d.get("targets") or {})
    district_totals = {
        key: sum(_number(d.get(key)) or 0 for d in districts)
        for key in ("graduated", "matched", "matched_local", "matched_area")
    }

    offers = []
    for raw in snapshot.get("offers") or []:
        row = {**OFFER_DEFAULTS, **raw}
        capacity, assigned = _number(row.get("capacity")) or 0.0, _number(row.get("assigned_area")) or 0.0
        if row.get("utilisation") is None:
            row["utilisation"] = assigned / capacity if capacity else 0.0
        row.update({
            "site_kind_label": _label(kinds, row.get("site_kind")),
            "space_type_label": _label(spaces, row.get("space_type")),
            "remaining": max(capacity - assigned, 0.0),
        })
        offers.append(row)

    gap = _number(snapshot.get("gap"))
    optimal = bool(snapshot.get("optimal"))
    by_stage = outcome.get("by_stage") or {}
    stage_keys = list(STAGE_LABELS) + [k for k in by_stage if k not in STAGE_LABELS]
    summary = {
        "graduated_seeking": outcome.get("graduated_seeking", len(assignments) + len(unmatched)),
        "matched": outcome.get("matched", len(assignments)),
        "matched_local": outcome.get("matched_local", sum(1 for a in assignments if a.get("local"))),
        "unmatched": len(unmatched),
        "landed": outcome.get("landed"),
        "matched_area": sum(_number(a.get("area")) or 0.0 for a in assignments),
        "stages": [(stages.get(k, k), by_stage.get(k, 0)) for k in stage_keys if k in by_stage],
    }
    summary["local_rate"] = summary["matched_local"] / summary["matched"] if summary["matched"] else None

    if "optimal" not in snapshot:
        optimal_text = "—"
    elif optimal:
        optimal_text = "已证明最优"
    elif gap is not None:
        optimal_text = f"未证明最优（与上界差距 {fmt_percent(gap, 2)}）"
    else:
        optimal_text = "未证明最优"
    objective = snapshot.get("objective")
    return {
        "event": {
            "id": event.get("id"),
            "name": event.get("name") or "匹配报告",
            "date": event.get("date") or "",
            "kind_label": event_kind,
            "district_name": event.get("district_name") or event.get("district") or "全市",
        },
        "year": year,
        "generated_at": _datetime_text(snapshot.get("generated_at")),
        "solver": {
            "objective_label": snapshot.get("objective_label") or _label(OBJECTIVE_LABELS, objective),
            "optimal": optimal,
            "optimal_text": optimal_text,
            "gap": gap,
            "bound": _number(snapshot.get("bound")),
            "objective_value": _number(snapshot.get("objective_value")),
            "method": snapshot.get("method") or "",
            "seconds": _number(snapshot.get("seconds")),
        },
        "summary": summary,
        "assignments": assignments,
        "unmatched": unmatched,
        "districts": districts,
        "district_totals": district_totals,
        "target_columns": target_columns,
        "target_totals": {key: sum(_number(d["targets"].get(key)) or 0 for d in districts) for key in target_keys},
        "offers": offers,
    }


# ---------------------------------------------------------------------------------------------
# Tabular columns shared by the CSV and the workbook


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    kind: str = "text"  # text | int | area | score | percent | number
    width: int | None = None  # in characters; None: fitted to the content


def column_width(column: Column, values: Iterable[Any], *, cap: int = 40) -> int:
    """A column width in Excel characters that fits the header and most values."""
    if column.width:
        return column.width
    widest = max((display_width(str(v)) for v in values if v is not None), default=0)
    return max(6, min(cap, max(display_width(column.header), widest) + 2))


MATCH_COLUMNS = (
    Column("project_id", "项目编号", "int"),
    Column("project_name", "项目"),
    Column("incubator_name", "孵化器"),
    Column("project_district", "项目所在区县"),
    Column("industry", "行业"),
    Column("space_type_label", "空间类型"),
    Column("area", "面积（㎡）", "area"),
    Column("site_name", "落地空间"),
    Column("site_kind_label", "落地类别"),
    Column("site_district", "落地区县"),
    Column("offer_id", "空间编号", "int"),
    Column("local_label", "本区县落地"),
    Column("score", "匹配得分", "score"),
    Column("reasons_text", "匹配理由", width=60),
)
UNMATCHED_COLUMNS = (
    Column("project_id", "项目编号", "int"),
    Column("project_name", "项目"),
    Column("incubator_name", "孵化器"),
    Column("project_district", "项目所在区县"),
    Column("space_type_label", "空间类型"),
    Column("area", "面积（㎡）", "area"),
    Column("reason", "未匹配原因", width=50),
    Column("next_step", "下一步", width=40),
)
# One table, a 状态 column telling matched from unmatched: Excel sorts and filters it as one
# list, where a second header row in the middle would be sorted in among the data.
CSV_COLUMNS = (
    Column("status", "状态"),
    *MATCH_COLUMNS[:-1],
    Column("reasons_text", "匹配理由"),
    *(c for c in UNMATCHED_COLUMNS if c.key in ("reason", "next_step")),
)


def _csv_cell(column: Column, value: Any) -> str:
    if value is None or value == "":
        return ""
    if column.kind in ("int", "area", "number"):
        number = _number(value)
        if number is None:
            return str(value)
        return str(int(number)) if number.is_integer() else f"{number:.2f}".rstrip("0").rstrip(".")
    if column.kind == "score":
        return fmt_score(value)
    if column.kind == "percent":
        return fmt_percent(value, 1)
    text = str(value)
    # A name starting with = + - @ would run as a formula when Excel opens the file.
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def render_csv(report: Mapping[str, Any]) -> bytes:
    """The matches then the unmatched projects in one table, UTF-8 with a BOM so Excel reads the Chinese."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([c.header for c in CSV_COLUMNS])
    for row in (*report["assignments"], *report["unmatched"]):
        writer.writerow([_csv_cell(c, row.get(c.key)) for c in CSV_COLUMNS])
    return out.getvalue().encode("utf-8-sig")


def render_json(snapshot: Mapping[str, Any]) -> bytes:
    """The snapshot itself, readable Chinese and indented."""
    return (json.dumps(snapshot, ensure_ascii=False, indent=2, default=str) + "\n").encode("utf-8")


# ---------------------------------------------------------------------------------------------
# HTML (also the source of the PDF)


@cache
def _environment():
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=jinja2.select_autoescape(("html",)),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(area=fmt_area, number=fmt_number, percent=fmt_percent, score=fmt_score)
    return env


def render_html(snapshot: Mapping[str, Any], *, for_print: bool = False) -> str:
    """The report page: self-contained, charts inline as SVG; ``for_print`` adds the PDF's page rules."""
    from markupsafe import Markup

    from services.reports import charts

    report = build_report(snapshot)
    figures = [charts.district_area_chart(report["districts"]), charts.utilisation_chart(report["offers"])]
    # On screen the charts are inline <svg>; WeasyPrint draws them best as SVG images (data: URLs).
    shown = [
        Markup('<img class="chart" alt="{}" src="{}">').format(chart.title, chart.data_uri()) if for_print
        else Markup(chart.inline())
        for chart in figures if chart is not None
    ]
    return _environment().get_template("report.html").render(
        report=report,
        charts=shown,
        for_print=for_print,
        font_url=cjk_font_path().as_uri() if for_print else None,
    )


# ---------------------------------------------------------------------------------------------


def _render_xlsx(snapshot: Mapping[str, Any]) -> bytes:
    from services.reports.xlsx import render_xlsx

    return render_xlsx(build_report(snapshot))


def _render_pdf(snapshot: Mapping[str, Any]) -> bytes:
    from services.reports.pdf import html_to_pdf

    return html_to_pdf(render_html(snapshot, for_print=True))


RENDERERS: dict[str, Callable[[Mapping[str, Any]], bytes]] = {
    "json": render_json,
    "csv": lambda snapshot: render_csv(build_report(snapshot)),
    "xlsx": _render_xlsx,
    "html": lambda snapshot: render_html(snapshot).encode("utf-8"),
    "pdf": _render_pdf,
}


def render(snapshot: dict, fmt: str) -> bytes:
    """The snapshot as a file in one of FORMATS; ValueError for any other format."""
    try:
        renderer = RENDERERS[fmt]
    except (KeyError, TypeError):
        raise ValueError(f"不支持的报告格式：{fmt!r}（可选：{'、'.join(FORMATS)}）") from None
    return renderer(snapshot)
