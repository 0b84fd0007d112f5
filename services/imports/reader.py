"""Reading an uploaded table, CSV or XLSX, row by row without holding the file in memory."""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
import zlib
from collections.abc import Iterator
from datetime import date, datetime, time
from typing import IO, Any

from openpyxl import load_workbook
from defusedxml import DefusedXmlException
from openpyxl.utils.exceptions import InvalidFileException

from .formulas import unguard
from .limits import ImportLimits, quote
from .xlsx_guard import FileTooLarge, Refused, check_xlsx

CHUNK = 1 << 20
# What Excel in China saves (GBK) is a subset of GB18030, so one decoder covers both.
ENCODINGS = ("utf-8-sig", "gb18030")


class BadFile(Exception):
    """The file as a whole cannot be read; the message is for the person who uploaded it."""


class TooLarge(BadFile):
    """The file is over a configured limit (answered 413)."""


def _check_width(number: int, cells: list[Any], limits: ImportLimits) -> None:
    if len(cells) > limits.max_columns:
        raise TooLarge(f"第 {number} 行超过 {limits.max_columns} 列")
    for position, cell in enumerate(cells):
        if isinstance(cell, str) and len(cell) > limits.max_cell_chars:
            raise TooLarge(f"第 {number} 行第 {position + 1} 列内容过长（超过 {limits.max_cell_chars} 字）")


class Table:
    """A table's header and an iterator over its data rows as (row number, cells)."""

    def __init__(self, header: list[str], rows: Iterator[tuple[int, list[Any]]]) -> None:
        self.header = header
        self.rows = rows


def open_table(filename: str, stream: IO[bytes], limits: ImportLimits | None = None) -> Table:
    """Open a `.csv` or `.xlsx` upload; `BadFile` (or `TooLarge`) says what is wrong with it."""
    limits = limits or ImportLimits()
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if suffix == "csv":
        table = _open_csv(stream, limits)
    elif suffix == "xlsx":
        table = _open_xlsx(stream, limits)
    else:
        raise BadFile(f"不支持的文件类型「.{quote(suffix, 10)}」：请上传 .csv 或 .xlsx 文件")
    if not any(cell for cell in table.header):
        raise BadFile("文件为空：第一行应为列名")
    return table


def _detect_encoding(stream: IO[bytes]) -> str:
    for encoding in ENCODINGS:
        stream.seek(0)
        decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
        try:
            while chunk := stream.read(CHUNK):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        stream.seek(0)
        return encoding
    raise BadFile("无法识别文件编码：请另存为 UTF-8 或 GBK（GB18030）编码的 CSV")


def _open_csv(stream: IO[bytes], limits: ImportLimits) -> Table:
    head = stream.read(8)
    stream.seek(0)
    if not head.strip():
        raise BadFile("文件为空")
    if head.startswith((b"%PDF", b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        raise BadFile("文件内容不是 CSV 文本（像是 PDF 或 Excel 文件）：请另存为 CSV 或上传 .xlsx")
    encoding = _detect_encoding(stream)
    # The caller owns the stream: the text wrapper is detached, never left to close it.
    text = io.TextIOWrapper(stream, encoding=encoding, newline="")
    reader = csv.reader(text)
    try:
        header = next(reader)
        _check_width(1, header, limits)
    except (StopIteration, csv.Error, TooLarge) as exc:
        text.detach()
        if isinstance(exc, TooLarge):
            raise
        raise BadFile("文件为空" if isinstance(exc, StopIteration) else f"CSV 格式错误：{quote(exc)}") from None

    def rows() -> Iterator[tuple[int, list[Any]]]:
        try:
            for count, cells in enumerate(reader, start=1):
                if count > limits.max_rows:
                    raise TooLarge(f"文件超过 {limits.max_rows} 行数据：请拆分成几个文件分别导入")
                _check_width(reader.line_num, cells, limits)
                yield reader.line_num, [unguard(cell) for cell in cells]
        except csv.Error as exc:
            raise BadFile(f"CSV 格式错误（第 {reader.line_num} 行）：{quote(exc)}") from None
        finally:
            text.detach()

    return Table([h.strip() for h in header], rows())


# What openpyxl raises on a part that passed the checks but is still malformed: a shared-string
# index out of range, text in a number, date or boolean cell, truncated XML, a bad column name.
_MALFORMED = (IndexError, KeyError, ValueError, TypeError, SyntaxError, OverflowError, EOFError, OSError,
              zipfile.BadZipFile, zlib.error, DefusedXmlException)


def _open_xlsx(stream: IO[bytes], limits: ImportLimits) -> Table:
    workbook = None
    try:
        with zipfile.ZipFile(stream) as archive:
            check_xlsx(archive, limits)
        stream.seek(0)
        workbook = load_workbook(stream, read_only=True, data_only=False)
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # never pad rows to what the file claims its size is
        cells = sheet.iter_rows()
        header_row = next(cells, None)
    except (FileTooLarge, Refused, InvalidFileException, *_MALFORMED) as exc:
        if workbook is not None:
            workbook.close()
        if isinstance(exc, FileTooLarge):
            raise TooLarge(str(exc)) from None
        if isinstance(exc, Refused):
            raise BadFile(str(exc)) from None
        raise BadFile("不是有效的 .xlsx 文件（文件可能已损坏，或是改了扩展名的其他文件）") from None
    if header_row is None:
        workbook.close()
        raise BadFile("文件为空")
    header = [_text(c.value) for c in header_row]
    try:
        _check_width(1, header, limits)
    except TooLarge:
        workbook.close()
        raise

    def rows() -> Iterator[tuple[int, list[Any]]]:
        number = 1
        try:
            for number, row in enumerate(cells, start=2):
                if number - 1 > limits.max_rows:
                    raise TooLarge(f"表格超过 {limits.max_rows} 行数据：请拆分成几个文件分别导入")
                values = []
                for cell in row:
                    if cell.data_type == "f":
                        raise BadFile(f"第 {number} 行含公式（{cell.coordinate}）：请复制后“粘贴为数值”再上传")
                    values.append(_xlsx_value(cell.value))
                _check_width(number, values, limits)
                yield number, values
        except _MALFORMED:
            raise BadFile(f"第 {number} 行附近的表格内容已损坏或类型不符（如数字格式的单元格中有文字），无法读取") from None
        finally:
            workbook.close()

    return Table(header, rows())


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _xlsx_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value
