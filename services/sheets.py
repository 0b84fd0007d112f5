"""One-sheet Excel workbooks of what a list shows: the list pages' exports and the alert digest."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import xlsxwriter

__all__ = ["SheetColumn", "sheet_xlsx"]

_FORMATS = {"text": None, "int": "0", "area": "#,##0.##", "number": "#,##0.##", "date": "yyyy-mm-dd"}


@dataclass(frozen=True)
class SheetColumn:
    """A column: its Chinese header, how to read the value from a row, and its kind (text/int/area/number/date)."""

    header: str
    value: Callable[[Any], Any]
    kind: str = "text"
    width: int = 14


def sheet_xlsx(title: str, columns: Sequence[SheetColumn], rows: Iterable[Any], *, caption: str = "") -> bytes:
    """A workbook with one sheet `title`: an optional caption line (the filters), the header, then one line per row."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "remove_timezone": True})
    base = {"font_name": "等线", "font_size": 10, "valign": "top"}
    header = workbook.add_format({**base, "bold": True, "bg_color": "#E8EEF7", "border": 1, "text_wrap": True})
    formats = {kind: workbook.add_format({**base, **({"num_format": fmt} if fmt else {})})
               for kind, fmt in _FORMATS.items()}
    sheet = workbook.add_worksheet(title[:31])
    row = 0
    if caption:
        sheet.write_string(0, 0, caption, formats["text"])
        row = 1
    for col, column in enumerate(columns):
        sheet.write_string(row, col, column.header, header)
        sheet.set_column(col, col, column.width)
    sheet.freeze_panes(row + 1, 0)
    first = row
    for item in rows:
        row += 1
        for col, column in enumerate(columns):
            value = column.value(item)
            fmt = formats[column.kind]
            if value is None or value == "":
                sheet.write_blank(row, col, None, fmt)
            elif column.kind == "date" and isinstance(value, date):
                sheet.write_datetime(row, col, value, fmt)
            elif column.kind in ("int", "area", "number") and isinstance(value, int | float):
                sheet.write_number(row, col, value, fmt)
            else:
                sheet.write_string(row, col, str(value), formats["text"])
    if columns:
        sheet.autofilter(first, 0, max(row, first), len(columns) - 1)
    workbook.close()
    return buffer.getvalue()
