"""The columns of each import kind: English and Chinese names, and how a cell becomes a value."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from matching.wording import MU  # ㎡ per 亩, rounded as in API.md

from .limits import quote


@dataclass(frozen=True)
class Column:
    field: str        # the English name, as in the API
    chinese: str      # the Chinese header written by exports and templates
    kind: str = "text"  # text | number | integer | bool | date | list | enum | area
    aliases: tuple[str, ...] = ()
    example: str = ""


ENUMS: dict[str, dict[str, str]] = {
    "kind": {"区县": "district", "区县用地": "district", "园区": "park", "定制厂房": "custom_plant", "厂房定制": "custom_plant"},
    "space_type": {"办公": "office", "研发": "lab", "实验室": "lab", "厂房": "plant", "土地": "land", "用地": "land"},
    "stage": {"创业苗圃": "nursery", "苗圃": "nursery", "孵化": "incubation", "加速": "acceleration",
              "产业化": "industrialization", "产业转化": "industrialization"},
    "status": {"在孵": "active", "已毕业": "graduated", "已毕业待落地": "graduated", "毕业": "graduated",
               "签约待落地": "signed", "已落地": "landed", "落地": "landed", "已退出": "exited", "退出": "exited"},
    "level": {"国家级": "national", "省级": "provincial", "市级": "municipal", "其他": "other"},
    "admission": {"不限": "open", "产业链": "chain", "目录内": "listed"},
    "area_unit": {"㎡": "m2", "m2": "m2", "m²": "m2", "平方米": "m2", "平米": "m2", "亩": "mu", "mu": "mu"},
}
ENUM_LABELS = {field: {english: chinese for chinese, english in reversed(list(values.items()))}
               for field, values in ENUMS.items()}
ENUM_LABELS["area_unit"] = {"m2": "㎡", "mu": "亩"}

TRUE = {"是", "有", "true", "yes", "y", "1", "√", "✓", "t"}
FALSE = {"否", "无", "false", "no", "n", "0", "×", "f", ""}
LIST_SEPARATORS = re.compile(r"[;；、,，\n]+")
DATE_FORMATS = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$")

INCUBATOR_COLUMNS = (
    Column("name", "名称", example="乐清电气产业孵化器"),
    Column("district", "区县", example="乐清市"),
    Column("level", "级别", "enum", example="省级"),
    Column("demonstration", "示范孵化器", "bool", example="是"),
    Column("industries", "行业代码", "list", example="C382;C3823"),
)

PROJECT_COLUMNS = (
    Column("incubator", "孵化器", example="乐清电气产业孵化器"),
    Column("name", "名称", example="温州智配电气科技有限公司"),
    Column("industries", "行业代码", "list", example="C3823"),
    Column("description", "简介", example="智能配电开关研发"),
    Column("stage", "阶段", "enum", example="加速"),
    Column("status", "状态", "enum", example="在孵"),
    Column("team_size", "团队人数", "integer", example="25"),
    Column("revenue", "营业收入", "number", aliases=("营业收入（万元）",), example="1200"),
    Column("financing", "融资额", "number", aliases=("融资额（万元）", "累计融资"), example="3000"),
    Column("planned_investment", "计划投资", "number", aliases=("计划投资（万元）", "计划投资额"), example="20000"),
    Column("space_type", "空间类型", "enum", example="厂房"),
    Column("area_unit", "面积单位", "enum", example="㎡"),
    Column("area_min", "需求面积下限", "area", example="3000"),
    Column("area_max", "需求面积上限", "area", example="5000"),
    Column("needed_by", "需求日期", "date", example="2027-03-01"),
    Column("power_kva", "供电容量", "number", example="630"),
    Column("floor_load", "楼面荷载", "number", example="8"),
    Column("clear_height", "净高", "number", example="8"),
    Column("clean_room", "洁净室", "bool", example="否"),
    Column("hazardous", "涉及危化", "bool", aliases=("危化工艺",), example="否"),
    Column("max_rent", "租金上限", "number", example="25"),
    Column("preferred_districts", "意向区县", "list", example="乐清市;瑞安市"),
)

SITE_COLUMNS = (
    Column("name", "名称", example="乐清智能电气产业园"),
    Column("kind", "类型", "enum", example="园区"),
    Column("district", "区县", example="乐清市"),
    Column("industries", "行业代码", "list", example="C382;C3823"),
    Column("state_owned", "国有", "bool", example="是"),
    Column("admission", "准入", "enum", aliases=("产业准入",), example="不限"),
    Column("lat", "纬度", "number", example="28.12"),
    Column("lon", "经度", "number", example="120.98"),
    Column("description", "简介", example="国有标准厂房"),
    Column("contact_name", "联系人", example="王主任"),
    Column("contact_phone", "联系电话", example="0577-61234567"),
    Column("ref", "空间编号", aliases=("offer_ref",), example="1"),
    Column("space_type", "空间类型", "enum", example="厂房"),
    Column("area_unit", "面积单位", "enum", example="㎡"),
    Column("available_area", "可用面积", "area", example="30000"),
    Column("min_area", "最小面积", "area", example="1000"),
    Column("max_area", "最大面积", "area", example="30000"),
    Column("rent", "租金", "number", example="18"),
    Column("available_from", "可用日期", "date", example="2027-01-01"),
    Column("floor_load", "楼面荷载", "number", example="10"),
    Column("clear_height", "净高", "number", example="9"),
    Column("power_kva", "供电容量", "number", example="2000"),
    Column("clean_room", "洁净室", "bool", example="否"),
    Column("hazardous_allowed", "允许危化", "bool", example="否"),
    Column("lead_time_days", "建设周期", "integer", aliases=("建设周期（天）",), example=""),
)

# A project's financings and yearly figures (services.imports.records); the project by incubator and name.
FINANCING_COLUMNS = (
    Column("incubator", "孵化器", example="乐清电气产业孵化器"),
    Column("project", "项目", aliases=("项目名称",), example="温州智配电气科技有限公司"),
    Column("amount", "到账金额", "number", aliases=("到账金额（万元）", "融资金额"), example="500"),
    Column("received_on", "到账日期", "date", example="2026-03-15"),
    Column("investor", "投资方", example="温州创投"),
    Column("round", "轮次", aliases=("融资轮次",), example="天使轮"),
)

ANNUAL_FIGURE_COLUMNS = (
    Column("incubator", "孵化器", example="乐清电气产业孵化器"),
    Column("project", "项目", aliases=("项目名称",), example="温州智配电气科技有限公司"),
    Column("year", "年度", "integer", aliases=("年份",), example="2026"),
    Column("revenue", "营业收入", "number", aliases=("营业收入（万元）",), example="1200"),
    Column("employees", "从业人员", "integer", aliases=("员工人数",), example="30"),
    Column("rd_staff", "研发人员", "integer", example="12"),
    Column("talents", "引进人才", "integer", aliases=("人才招引",), example="4"),
)

COLUMNS = {"incubators": INCUBATOR_COLUMNS, "projects": PROJECT_COLUMNS, "sites": SITE_COLUMNS,
           "financings": FINANCING_COLUMNS, "annual-figures": ANNUAL_FIGURE_COLUMNS}


class CellError(ValueError):
    """A cell that cannot be read as its column's kind; the message is Chinese."""


def header_map(columns: tuple[Column, ...], header: list[str]) -> tuple[dict[int, Column], list[str], list[str]]:
    """Which column each header position holds; also the unknown and the repeated headers."""
    names: dict[str, Column] = {}
    for column in columns:
        for name in (column.field, column.chinese, *column.aliases):
            names[_normalise(name)] = column
    mapping, unknown, seen, repeated = {}, [], set(), []
    for position, text in enumerate(header):
        if not text:
            continue
        column = names.get(_normalise(text))
        if column is None:
            unknown.append(text)
        elif column.field in seen:
            repeated.append(text)
        else:
            seen.add(column.field)
            mapping[position] = column
    return mapping, unknown, repeated


def _normalise(name: str) -> str:
    return re.sub(r"[\s_（）()]", "", name).lower()


def convert(column: Column, value: Any) -> Any:
    """A cell as the API expects the field, or None for an empty cell; `CellError` if unreadable."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    text = str(value).strip()
    if column.kind == "bool":
        lowered = text.lower()
        if lowered in TRUE:
            return True
        if lowered in FALSE:
            return False
        raise CellError(f"应为 是/否，而不是「{quote(text)}」")
    if column.kind == "list":
        return [item.strip() for item in LIST_SEPARATORS.split(text) if item.strip()]
    if column.kind == "enum":
        values = ENUMS[column.field]
        if text in values.values():
            return text
        if text in values:
            return values[text]
        if text.lower() in values:
            return values[text.lower()]
        allowed = "、".join(dict.fromkeys(ENUM_LABELS[column.field].values()))
        raise CellError(f"应为 {allowed} 之一，而不是「{quote(text)}」")
    if column.kind == "date":
        match = DATE_FORMATS.match(text[:10] if re.match(r"^\d{4}-\d{2}-\d{2}T", text) else text)
        if not match:
            raise CellError(f"日期格式应为 YYYY-MM-DD，而不是「{quote(text)}」")
        year, month, day = match.groups()
        return f"{int(year):04d}-{int(month):02d}-{int(day):02d}"
    if column.kind in ("number", "area", "integer"):
        try:
            number = float(text.replace(",", "").replace("，", ""))
        except ValueError:
            raise CellError(f"应为数字，而不是「{quote(text)}」") from None
        if column.kind == "integer":
            if not number.is_integer():
                raise CellError(f"应为整数，而不是「{quote(text)}」")
            return int(number)
        return number
    return text


def to_square_metres(value: float | None, unit: str | None) -> float | None:
    """An area in ㎡, from ㎡ or 亩."""
    if value is None:
        return None
    return round(value * MU, 2) if unit == "mu" else value


def cell_text(column: Column, value: Any) -> Any:
    """A field value as export writes it, in the form the import reads back."""
    if value is None:
        return ""
    if column.kind == "bool":
        return "是" if value else "否"
    if column.kind == "list":
        return ";".join(value)
    if column.kind == "enum":
        return ENUM_LABELS[column.field].get(str(value), str(value))
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value
