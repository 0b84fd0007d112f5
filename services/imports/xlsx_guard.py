"""Checks on an .xlsx before openpyxl reads it: decompression bombs, nested archives, oversize sheets.

An .xlsx is a zip of XML parts. Its directory states each part's sizes, and zipfile never
inflates more than a part's stated size (a part that holds more fails its CRC), so the
directory is checked first: the number of parts, the total and the shared strings' size, the
compression ratio, no archive inside the archive. Then the XML parts are scanned as raw bytes,
chunk by chunk, for what would be slow or large to parse: a DTD (entities), more rows or wider
rows than allowed, a run of text longer than any cell may be (a giant cell, or whitespace
padding), merged cells (which the import cannot read). Only then does openpyxl, streaming in
read-only mode, see the file.
"""

from __future__ import annotations

import re
import zipfile

from .limits import ImportLimits

__all__ = ["FileTooLarge", "check_xlsx"]

CHUNK = 1 << 20
_ARCHIVE_SUFFIXES = (".zip", ".xlsx", ".xlsm", ".xlsb", ".docx", ".pptx", ".jar", ".gz", ".7z", ".rar", ".tar")
_ZIP_MAGIC = b"PK\x03\x04"
_DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.I)
_MERGE = re.compile(rb"<(?:\w+:)?mergeCell\b")
_ROW = re.compile(rb"<(?:\w+:)?row\b")
_SHARED_STRING = re.compile(rb"<(?:\w+:)?si\b")
# Only refs of two letters or more: any one-letter column (A-Z) is within every sensible limit.
_WIDE_CELL_REF = re.compile(rb"<(?:\w+:)?c\b[^>]*?\br=\"([A-Za-z]{2,})[0-9]")
_SHEET = re.compile(r"xl/worksheets/[^/]+\.xml")


class FileTooLarge(Exception):
    """The upload is over a limit (413); the message says which, in Chinese."""


class Refused(Exception):
    """The upload is not an .xlsx the import can read (422); the message says why."""


def _column_index(letters: bytes) -> int:
    index = 0
    for ch in letters.upper():
        index = index * 26 + ch - 64
    return index


def check_directory(archive: zipfile.ZipFile, limits: ImportLimits) -> list[zipfile.ZipInfo]:
    """The parts to scan, once the directory has passed the checks; raises on the first failure."""
    infos = archive.infolist()
    if len(infos) > limits.max_zip_entries:
        raise FileTooLarge(f"文件包含的部件过多（{len(infos)} 个，上限 {limits.max_zip_entries}）")
    total = 0
    parts = []
    for info in infos:
        name = info.filename.lower()
        if name.endswith(_ARCHIVE_SUFFIXES):
            raise Refused("文件内嵌有压缩包或其他文档：请只保留表格数据后另存为 .xlsx")
        if not name.endswith((".xml", ".rels")):
            continue  # images, printer settings: never read
        total += info.file_size
        if total > limits.max_xlsx_bytes:
            raise FileTooLarge(f"表格解压后超过 {limits.max_xlsx_bytes >> 20} MB：请拆分成几个文件分别导入")
        if info.file_size > 1 << 20 and info.file_size > limits.max_compression_ratio * max(info.compress_size, 1):
            raise FileTooLarge("表格的压缩比异常（含大量填充内容）：请在 Excel 中另存为新文件后再上传")
        if name == "xl/sharedstrings.xml" and info.file_size > limits.max_shared_strings_bytes:
            raise FileTooLarge(f"表格中的文字总量超过 {limits.max_shared_strings_bytes >> 20} MB：请拆分成几个文件分别导入")
        parts.append(info)
    return parts


def scan_part(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limits: ImportLimits) -> None:
    """Scan one XML part as raw bytes; raises `FileTooLarge` or `Refused`."""
    is_sheet = bool(_SHEET.fullmatch(info.filename))
    is_strings = info.filename.lower() == "xl/sharedstrings.xml"
    # A cell's text may be escaped (&amp; is 5 bytes for 1 character) and UTF-8 (up to 4 bytes).
    longest = limits.max_cell_chars * 6 + 1024
    rows = strings = 0
    run = 0  # bytes since the last "<", carried across chunks
    tail = b""
    with archive.open(info) as part:
        first = True
        while chunk := part.read(CHUNK):
            if first and chunk.startswith(_ZIP_MAGIC):
                raise Refused("文件内嵌有压缩包：请只保留表格数据后另存为 .xlsx")
            first = False
            window = tail + chunk
            if _DTD.search(window):
                raise Refused("表格含 DTD 或实体声明，无法安全读取：请在 Excel 中另存为新文件后再上传")
            pieces = chunk.split(b"<")
            if len(pieces) == 1:
                run += len(chunk)
            else:
                run += len(pieces[0])
                if run <= longest:
                    run = max(run, max((len(p) for p in pieces[1:-1]), default=0))
                if run <= longest:
                    run = len(pieces[-1])
            if run > longest:
                break
            if is_sheet:
                if _MERGE.search(window):
                    raise Refused("表格含合并单元格：请取消合并，每行每列各填一个值")
                rows += len(_ROW.findall(chunk))
                if rows > limits.max_rows + 1:
                    raise FileTooLarge(f"表格超过 {limits.max_rows} 行：请拆分成几个文件分别导入")
                for ref in _WIDE_CELL_REF.findall(window):
                    if len(ref) > 2 or _column_index(ref) > limits.max_columns:
                        raise FileTooLarge(f"表格超过 {limits.max_columns} 列（出现了第 {ref[:8].decode()} 列）")
            if is_strings:
                strings += len(_SHARED_STRING.findall(chunk))
                if strings > limits.max_shared_strings:
                    raise FileTooLarge(f"表格中的不同文字超过 {limits.max_shared_strings} 项：请拆分成几个文件分别导入")
            tail = chunk[-64:]
    if run > longest:
        raise FileTooLarge(f"表格含超长内容（某个单元格或空白填充超过 {limits.max_cell_chars} 字）")


def check_xlsx(archive: zipfile.ZipFile, limits: ImportLimits) -> None:
    """Every check above; raises `FileTooLarge` (413) or `Refused` (422)."""
    for info in check_directory(archive, limits):
        scan_part(archive, info, limits)
