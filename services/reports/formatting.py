"""What every format of a report shares: values as staff read them, the font, the table columns.

The Chinese names of coded values are the one table of `models.labels`.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

from models.base import WENZHOU

__all__ = [
    "MATCH_COLUMNS", "TEMPLATES", "UNMATCHED_COLUMNS", "Column", "as_number", "cjk_font_path", "column_width",
    "datetime_text", "display_width", "fmt_area", "fmt_number", "fmt_percent", "fmt_score", "label_of",
]

TEMPLATES = Path(__file__).resolve().parent / "templates"


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


def as_number(value: Any) -> float | None:
    """A number from a snapshot's value, None for a missing or unreadable one."""
    try:
        return None if value is None or value == "" else float(value)
    except (TypeError, ValueError):
        return None


def fmt_area(value: Any) -> str:
    """1234.5 → "1,234.5㎡"; whole numbers without decimals."""
    number = as_number(value)
    if number is None:
        return ""
    text = f"{number:,.0f}" if float(number).is_integer() else f"{number:,.2f}".rstrip("0").rstrip(".")
    return f"{text}㎡"


def fmt_number(value: Any) -> str:
    """A count or target: thousands separators, decimals only when there are some."""
    number = as_number(value)
    if number is None:
        return "" if value is None else str(value)
    return f"{number:,.0f}" if float(number).is_integer() else f"{number:,.2f}".rstrip("0").rstrip(".")


def fmt_percent(value: Any, digits: int = 0) -> str:
    """0.853 → "85%"."""
    number = as_number(value)
    return "" if number is None else f"{number:.{digits}%}"


def fmt_score(value: Any) -> str:
    """0.8734 → "0.87"."""
    number = as_number(value)
    return "" if number is None else f"{number:.2f}"


def datetime_text(value: Any) -> str:
    """A stored ISO time as staff read it: Wenzhou local time, to the minute."""
    if not value:
        return ""
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        return str(value)
    if moment.tzinfo is not None:
        moment = moment.astimezone(WENZHOU)
    return moment.strftime("%Y-%m-%d %H:%M")


def display_width(text: str) -> int:
    """Columns a string takes in a monospaced view: CJK characters count twice."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def label_of(labels: Mapping[str, str], value: Any) -> str:
    """The Chinese label of a coded value (the value itself when it has none)."""
    return "" if value is None else labels.get(str(value), str(value))


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
    Column("need_area", "需求面积"),
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
