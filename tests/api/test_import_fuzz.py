"""The import parser under random files, through HTTP: never a 5xx, every error problem+json,
and a rejected file writes nothing.

Files are random bytes, CSV of random shape (headers drawn from the real column names and junk,
random cells, ragged rows, UTF-8 / UTF-8 with BOM / GBK) and XLSX built with openpyxl (random
sheets, cell types and formulas). `derandomize` fixes the examples, so CI sends the same files
every run.
"""

import csv
import io
from datetime import date, datetime

import sqlalchemy as sa
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from models.base import Base
from services.imports.columns import COLUMNS, ENUMS

from ..factories import IncubatorFactory

KINDS = ("projects", "sites", "incubators")
WORDS = sorted({label for values in ENUMS.values() for label in (*values, *values.values())})
FUZZ = settings(max_examples=80, derandomize=True, database=None, deadline=None,
                suppress_health_check=list(HealthCheck))

def names(kind):
    return sorted({name for c in COLUMNS[kind] for name in (c.field, c.chinese, *c.aliases)})


def headers(kind):
    # Mostly the kind's own columns (so rows get read), sometimes another kind's or junk.
    own = st.lists(st.sampled_from(COLUMNS[kind]), min_size=1, unique=True).flatmap(
        lambda columns: st.tuples(*[st.sampled_from((c.chinese, c.field, *c.aliases)) for c in columns]).map(list))
    mixed = st.lists(st.one_of(st.sampled_from(ALL_NAMES), st.text(max_size=12)), max_size=14)
    return st.one_of(own, own, own, mixed)


ALL_NAMES = sorted({name for kind in KINDS for name in names(kind)})
cell_text = st.one_of(
    st.sampled_from(WORDS),
    st.sampled_from(["是", "否", "乐清市", "鹿城区", "C3823", "C38;C3823", "2027-03-01", "2027年3月1日", "亩",
                     "乐清电气产业孵化器", "1200", "0", "-5", ""]),
    st.integers(-10**12, 10**12).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.text(max_size=30),
)
rows = st.lists(st.lists(cell_text, min_size=0, max_size=16), min_size=0, max_size=8)  # ragged on purpose


@st.composite
def csv_files(draw, kind):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(draw(headers(kind)))
    writer.writerows(draw(rows))
    text = buffer.getvalue()
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "gbk"]))
    return text.encode(encoding, errors="replace"), draw(st.sampled_from(["f.csv"] * 6 + ["f.CSV", "f.xlsx", "f.txt"]))


xlsx_cell = st.one_of(
    cell_text,
    st.none(),
    st.booleans(),
    st.integers(-10**9, 10**9),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.dates(min_value=date(1900, 3, 1), max_value=date(2100, 1, 1)),
    st.datetimes(min_value=datetime(1900, 3, 1), max_value=datetime(2100, 1, 1)),
    st.sampled_from(["=1+1", "=SUM(A1:A2)"]),
)


def _storable(value):
    # Control characters cannot be written to a worksheet at all: openpyxl refuses them.
    return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value


@st.composite
def xlsx_files(draw, kind):
    book = Workbook()
    for number in range(draw(st.integers(1, 3))):
        sheet = book.active if number == 0 else book.create_sheet()
        sheet.append([_storable(v) for v in draw(headers(kind))])
        for row in draw(st.lists(st.lists(xlsx_cell, max_size=14), max_size=6)):
            sheet.append([_storable(v) for v in row])
        if draw(st.integers(0, 5)) == 0 and sheet.max_row > 1:
            sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=2)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue(), draw(st.sampled_from(["f.xlsx"] * 6 + ["f.XLSX", "f.csv"]))


def random_bytes(kind):
    return st.tuples(st.binary(max_size=2048), st.sampled_from(["f.csv", "f.xlsx", "f.pdf", "f"]))


def row_counts(db) -> dict[str, int]:
    return {t.name: db.scalar(sa.select(sa.func.count()).select_from(t)) for t in Base.metadata.sorted_tables}


def check_upload(client, headers, db, kind, content, filename):
    before = row_counts(db)
    response = client.post(f"/api/v1/imports/{kind}", data={"file": (io.BytesIO(content), filename)},
                           headers=headers, content_type="multipart/form-data")
    assert response.status_code < 500, response.get_data(as_text=True)[:500]
    if response.status_code >= 400:
        assert response.content_type == "application/problem+json"
        assert response.json["status"] == response.status_code and response.json["detail"]
        assert row_counts(db) == before, f"a rejected {filename!r} changed the database"
    else:
        assert response.status_code == 200 and response.json["errors"] == []
    return response


def _fuzz(client, admin_headers, db, files):
    IncubatorFactory(name="乐清电气产业孵化器")  # so that some project rows name a real incubator

    @given(data=st.data())
    @FUZZ
    def run(data):
        kind = data.draw(st.sampled_from(KINDS))
        file = data.draw(files(kind))
        response = check_upload(client, admin_headers, db, kind, *file)
        # `pytest --hypothesis-show-statistics` shows how far the files got: bad rows, or imported.
        errors = response.json.get("errors") or [{}]
        event(f"{response.status_code} {'row errors' if errors[0].get('row') else ''}")

    run()


def test_random_bytes(client, admin_headers, db):
    _fuzz(client, admin_headers, db, random_bytes)


def test_random_csv(client, admin_headers, db):
    _fuzz(client, admin_headers, db, csv_files)


def test_random_xlsx(client, admin_headers, db):
    _fuzz(client, admin_headers, db, xlsx_files)


def test_the_fuzzer_reaches_the_rows(client, admin_headers, db):
    # The shapes above include files good enough to be read row by row: a valid file imports.
    good = "名称,区县,级别\n模糊测试孵化器,乐清市,省级\n".encode("gbk")
    response = check_upload(client, admin_headers, db, "incubators", good, "f.csv")
    assert response.json["created"] == 1
