"""Reading an uploaded table, CSV or XLSX, row by row without holding the file in memory."""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from collections.abc import Iterator
from datetime import date, datetime, time
from typing import IO, Any

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

CHUNK = 1 << 20
# What Excel in China saves (GBK) is a subset of GB18030, so one decoder covers both.
ENCODINGS = ("utf-8-sig", "gb18030")


class BadFile(Exception):
    """The file as a whole cannot be read; the message is for the person who uploaded it."""


class Table:
    """A table's header and an iterator over its data rows as (row number, cells)."""

    def __init__(self, header: list[str], rows: Iterator[tuple[int, list[Any]]]) -> None:
        self.header = header
        self.rows = rows


def open_table(filename: str, stream: IO[bytes]) -> Table:
    """Open a `.csv` or `.xlsx` upload; `BadFile` says what is wrong with it."""
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if suffix == "csv":
        table = _open_csv(stream)
    elif suffix == "xlsx":
        table = _open_xlsx(stream)
    else:
        raise BadFile(f"不支持的文件类型「.{suffix}」：请上传 .csv 或 .xlsx 文件")
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


def _open_csv(stream: IO[bytes]) -> Table:
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
    except (StopIteration, csv.Error) as exc:
        text.detach()
        raise BadFile("文件为空" if isinstance(exc, StopIteration) else f"CSV 格式错误：{exc}") from None

    def rows() -> Iterator[tuple[int, list[Any]]]:
        try:
            for cells in reader:
                yield reader.line_num, cells
        except csv.Error as exc:
            raise BadFile(f"CSV 格式错误（第 {reader.line_num} 行）：{exc}") from None
        finally:
            text.detach()

    return Table([h.strip() for h in header], rows())


_MERGE = re.compile(rb"<(?:\w+:)?mergeCell\b")


def _open_xlsx(stream: IO[bytes]) -> Table:
    try:
        archive = zipfile.ZipFile(stream)
        sheets = sorted(n for n in archive.namelist() if re.fullmatch(r"xl/worksheets/sheet\d+\.xml", n))
        if sheets:
            # Read-only mode cannot see merged cells; the sheet XML can, chunk by chunk.
            with archive.open(sheets[0]) as sheet:
                tail = b""
                while chunk := sheet.read(CHUNK):
                    if _MERGE.search(tail + chunk):
                        raise BadFile("表格含合并单元格：请取消合并，每行每列各填一个值")
                    tail = chunk[-32:]
        stream.seek(0)
        workbook = load_workbook(stream, read_only=True, data_only=False)
    except BadFile:
        raise
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError):
        raise BadFile("不是有效的 .xlsx 文件（文件可能已损坏，或是改了扩展名的其他文件）") from None
    sheet = workbook.worksheets[0]
    cells = sheet.iter_rows()
    try:
        header_row = next(cells)
    except StopIteration:
        workbook.close()
        raise BadFile("文件为空") from None
    header = [_text(c.value) for c in header_row]

    def rows() -> Iterator[tuple[int, list[Any]]]:
        try:
            for number, row in enumerate(cells, start=2):
                values = []
                for cell in row:
                    if cell.data_type == "f":
                        raise BadFile(f"第 {number} 行含公式（{cell.coordinate}）：请复制后“粘贴为数值”再上传")
                    values.append(_xlsx_value(cell.value))
                yield number, values
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
