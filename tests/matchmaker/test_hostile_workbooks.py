"""Hostile .xlsx uploads against a real server: each refused (413/422) in under 2 s, the worker
staying under 300 MB resident, and nothing written.

The files are made here with zipfile (none is committed): a shared-strings bomb, a sheet padded
with whitespace, 2 million empty rows, 20,000 columns, a 1 MB cell, a zip inside the zip, and a
zip directory that lies about a part's size; then the malformed files that used to be 500s.
"""

from __future__ import annotations

import io
import random
import threading
import time
import zipfile

import psutil
import pytest
import sqlalchemy as sa

from benchmarks.server import ServerProcess
from models.project import Project

from .servers import make_token, request

RSS_LIMIT = 300 << 20
SECONDS = 2.0

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    "</Types>"
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="项目" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" '
    'Target="sharedStrings.xml"/></Relationships>'
)
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
HEADER_ROW = '<row r="1"><c r="A1" t="inlineStr"><is><t>孵化器</t></is></c><c r="B1" t="inlineStr"><is><t>名称</t></is></c></row>'
STRINGS = f'<?xml version="1.0" encoding="UTF-8"?><sst {NS} count="1" uniqueCount="1"><si><t>名称</t></si></sst>'


def sheet(rows: str, before: str = "") -> bytes:
    return f'<?xml version="1.0" encoding="UTF-8"?>{before}<worksheet {NS}><sheetData>{HEADER_ROW}{rows}</sheetData></worksheet>'.encode()


def workbook(parts: dict[str, bytes | str], *, default_sheet: bytes | None = None) -> bytes:
    """An .xlsx with the usual parts, `parts` added or replacing them."""
    files: dict[str, bytes | str] = {"[Content_Types].xml": CONTENT_TYPES, "_rels/.rels": RELS,
                                     "xl/workbook.xml": WORKBOOK, "xl/_rels/workbook.xml.rels": WORKBOOK_RELS,
                                     "xl/sharedStrings.xml": STRINGS,
                                     "xl/worksheets/sheet1.xml": default_sheet or sheet(""), **parts}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def bomb_workbook(name: str, head: bytes, piece: bytes, count: int, tail: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for part, data in {"[Content_Types].xml": CONTENT_TYPES, "_rels/.rels": RELS, "xl/workbook.xml": WORKBOOK,
                           "xl/_rels/workbook.xml.rels": WORKBOOK_RELS}.items():
            archive.writestr(part, data)
        if name != "xl/sharedStrings.xml":
            archive.writestr("xl/sharedStrings.xml", STRINGS)
        if name != "xl/worksheets/sheet1.xml":
            archive.writestr("xl/worksheets/sheet1.xml", sheet(""))
        with archive.open(name, "w", force_zip64=True) as out:
            out.write(head)
            block = piece * 4096
            for _ in range(count // 4096):
                out.write(block)
            out.write(tail)
    return buffer.getvalue()


def shared_strings_bomb() -> bytes:
    # ~1 GB of shared strings in about 1 MB.
    return bomb_workbook("xl/sharedStrings.xml", f'<?xml version="1.0"?><sst {NS}>'.encode(),
                         b"<si><t>" + b"A" * 1000 + b"</t></si>", 1_000_000, b"</sst>")


def whitespace_padded_sheet() -> bytes:
    head = f'<?xml version="1.0"?><worksheet {NS}><sheetData>{HEADER_ROW}'.encode()
    return bomb_workbook("xl/worksheets/sheet1.xml", head, b" " * 1024, 100_000, b"</sheetData></worksheet>")


def empty_rows(count: int = 2_000_000) -> bytes:
    rows = "".join(f'<row r="{n}"/>' for n in range(2, count + 2))
    return workbook({}, default_sheet=sheet(rows))


def get_column_letter(index: int) -> str:
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def wide_row(columns: int = 20_000) -> bytes:
    cells = "".join(f'<c r="{get_column_letter(i)}2"><v>1</v></c>' for i in range(1, columns + 1))
    return workbook({}, default_sheet=sheet(f'<row r="2">{cells}</row>'))


def huge_cell() -> bytes:
    chance = random.Random(1)  # varied text, so that it is the length and not the ratio that is refused
    text = "".join(chr(chance.randrange(0x4E00, 0x9FA5)) for _ in range(1 << 20))
    return workbook({}, default_sheet=sheet(f'<row r="2"><c r="A2" t="inlineStr"><is><t>{text}</t></is></c></row>'))


def nested_zip() -> bytes:
    inner = workbook({})
    return workbook({"xl/embeddings/inner.zip": inner})


def lying_directory() -> bytes:
    """A sheet of 40 MB that the central directory says is 2 KB."""
    data = bytearray(bomb_workbook("xl/worksheets/sheet1.xml", sheet("")[:-len("</sheetData></worksheet>")],
                                   b'<row r="2"><c r="A2"><v>1</v></c></row>', 1_000_000, b"</sheetData></worksheet>"))
    archive = zipfile.ZipFile(io.BytesIO(bytes(data)))
    info = archive.getinfo("xl/worksheets/sheet1.xml")
    # Rewrite the uncompressed size in the central directory entry (zip64 extra field or not).
    offset = 0
    while True:
        offset = data.find(b"PK\x01\x02", offset)
        name_len = int.from_bytes(data[offset + 28: offset + 30], "little")
        if data[offset + 46: offset + 46 + name_len] == info.filename.encode():
            break
        offset += 4
    extra_len = int.from_bytes(data[offset + 30: offset + 32], "little")
    extra = offset + 46 + name_len
    if int.from_bytes(data[offset + 24: offset + 28], "little") == 0xFFFFFFFF:  # zip64: the size is in the extra field
        position = extra
        while position < extra + extra_len:
            tag = int.from_bytes(data[position: position + 2], "little")
            size = int.from_bytes(data[position + 2: position + 4], "little")
            if tag == 0x0001:
                data[position + 4: position + 12] = (2048).to_bytes(8, "little")
                break
            position += 4 + size
    else:
        data[offset + 24: offset + 28] = (2048).to_bytes(4, "little")
    return bytes(data)


HOSTILE = {
    "shared_strings_bomb": shared_strings_bomb,
    "whitespace_padded_sheet": whitespace_padded_sheet,
    "two_million_empty_rows": empty_rows,
    "twenty_thousand_columns": wide_row,
    "one_megabyte_cell": huge_cell,
    "nested_zip": nested_zip,
    "lying_zip_directory": lying_directory,
}

MALFORMED = {
    "shared_string_index_out_of_range": workbook({}, default_sheet=sheet('<row r="2"><c r="A2" t="s"><v>99</v></c></row>')),
    "text_in_a_number_cell": workbook({}, default_sheet=sheet('<row r="2"><c r="A2" t="n"><v>abc</v></c></row>')),
    "text_in_a_boolean_cell": workbook({}, default_sheet=sheet('<row r="2"><c r="A2" t="b"><v>abc</v></c></row>')),
    "text_in_a_date_cell": workbook({}, default_sheet=sheet('<row r="2"><c r="A2" t="d"><v>abc</v></c></row>')),
    "truncated_xml": workbook({}, default_sheet=sheet('<row r="2"><c r="A2"><v>1</v></c></row>')[:-30]),
    "dtd_with_entities": workbook({}, default_sheet=sheet(
        '<row r="2"><c r="A2" t="inlineStr"><is><t>&a;</t></is></c></row>',
        before='<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>')),
    "column_zzzz": workbook({}, default_sheet=sheet('<row r="2"><c r="ZZZZ2"><v>1</v></c></row>')),
}


def multipart(content: bytes) -> tuple[bytes, str]:
    boundary = "hostile-boundary-7f3a"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"projects.xlsx\"\r\n"
            "Content-Type: application/octet-stream\r\n\r\n").encode() + content + f"\r\n--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


class PeakRss:
    """The highest resident memory of some processes, sampled every 5 ms in a thread."""

    def __init__(self, processes: list[psutil.Process]) -> None:
        self.processes, self.peak, self._stop = processes, 0, threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self._stop.is_set():
            for process in self.processes:
                try:
                    self.peak = max(self.peak, process.memory_info().rss)
                except psutil.Error:
                    pass
            time.sleep(0.005)

    def __enter__(self) -> PeakRss:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


@pytest.fixture(scope="module")
def hostile_files() -> dict[str, bytes]:
    return {name: make() for name, make in HOSTILE.items()}


def test_hostile_workbooks_are_refused_quickly_in_little_memory(server_database, hostile_files):
    token = make_token(server_database, "hostile-admin", "admin")
    server = ServerProcess(server_database.url, workers=1, threads=2)
    try:
        server.wait_ready()
        worker = server.processes(workers=1)[-1]
        figures = {}
        for name, content in {**hostile_files, **MALFORMED}.items():
            body, content_type = multipart(content)
            with PeakRss([worker]) as rss:
                started = time.monotonic()
                status, problem = request(server.url, "POST", "/imports/projects", token=token, body=body,
                                          content_type=content_type, timeout=60)
                seconds = time.monotonic() - started
            figures[name] = (status, round(seconds, 2), rss.peak >> 20)
            assert status in (413, 422), (name, status, problem)
            assert problem["errors"] and len(problem["errors"][0]["message"]) < 200, name
            assert seconds < SECONDS, (name, seconds)
            assert rss.peak < RSS_LIMIT, (name, rss.peak >> 20)
        print("\nname: (status, seconds, peak RSS MB)", *figures.items(), sep="\n")
    finally:
        server.stop()
    with server_database.session() as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(Project)) == 0


def upload(client, headers, content: bytes, kind: str = "projects"):
    # The body is built here: the test client's own multipart encoder leaves a temporary file
    # open for bodies over 500 KB.
    body, content_type = multipart(content)
    return client.post(f"/api/v1/imports/{kind}", headers=headers, data=body, content_type=content_type)


def test_each_hostile_workbook_is_refused_for_its_own_reason(client, admin_headers, hostile_files, db):
    expected = {
        "shared_strings_bomb": (413, "超过"), "whitespace_padded_sheet": (413, "压缩比"),
        "two_million_empty_rows": (413, "250000 行"), "twenty_thousand_columns": (413, "100 列"),
        "one_megabyte_cell": (413, "超长内容"), "nested_zip": (422, "压缩包"), "lying_zip_directory": (422, "不是有效"),
    }
    for name, content in hostile_files.items():
        response = upload(client, admin_headers, content)
        status, words = expected[name]
        assert response.status_code == status, (name, response.json)
        assert words in response.json["errors"][0]["message"], (name, response.json)
    for name, content in MALFORMED.items():
        response = upload(client, admin_headers, content)
        assert response.status_code in (413, 422), (name, response.status_code)
        assert response.content_type == "application/problem+json"
    assert db.scalar(sa.select(sa.func.count()).select_from(Project)) == 0


def test_the_limits_come_from_the_settings(client, app, admin_headers, monkeypatch, incubator):
    rows = "".join(f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>{incubator.name}</t></is></c>'
                   f'<c r="B{n}" t="inlineStr"><is><t>项目{n}</t></is></c></row>' for n in range(2, 13))
    content = workbook({}, default_sheet=sheet(rows))
    monkeypatch.setitem(app.config, "IMPORT_MAX_ROWS", 10)
    response = upload(client, admin_headers, content)
    assert response.status_code == 413 and "10 行" in response.json["errors"][0]["message"]
    monkeypatch.setitem(app.config, "IMPORT_MAX_ROWS", 11)
    response = upload(client, admin_headers, content)
    assert response.status_code == 200, response.json
    assert response.json["created"] == 11


def test_an_unknown_header_is_quoted_short(client, admin_headers):
    content = ("名称," + "未知列" * 50_000 + "\n乐清,1\n").encode()
    response = client.post("/api/v1/imports/incubators", headers=admin_headers, content_type="multipart/form-data",
                           data={"file": (io.BytesIO(content), "incubators.csv")})
    assert response.status_code == 422
    assert len(response.get_data()) < 2_000
