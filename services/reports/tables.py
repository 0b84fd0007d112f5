"""The report as one CSV table, and the snapshot as JSON."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from typing import Any

from .formatting import MATCH_COLUMNS, UNMATCHED_COLUMNS, Column, as_number, fmt_percent, fmt_score

__all__ = ["render_csv", "render_json"]

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
        number = as_number(value)
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
