"""Bulk export in the columns the import reads, and the empty templates."""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Iterable, Iterator
from typing import IO, Any

import sqlalchemy as sa
import xlsxwriter
from sqlalchemy.orm import Session

from models.incubator import Incubator
from models.labels import RECORD_KIND_NAMES
from models.project import Project
from models.site import Site
from services.imports.columns import COLUMNS, Column, cell_text
from services.imports.formulas import guard
from services.imports.records import annual_figure_rows, financing_rows

MIMETYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _incubator_rows(session: Session, scope: int | None) -> Iterator[dict[str, Any]]:
    query = sa.select(Incubator).order_by(Incubator.id)
    if scope is not None:
        query = query.where(Incubator.id == scope)
    for incubator in session.scalars(query):
        yield {"name": incubator.name, "district": incubator.district.name, "level": incubator.level,
               "demonstration": incubator.demonstration, "industries": incubator.industries}


def _project_rows(session: Session, scope: int | None) -> Iterator[dict[str, Any]]:
    from models.reference_service import lookups

    names = lookups(session).district_names
    query = sa.select(Project).order_by(Project.id).execution_options(yield_per=1000)
    if scope is not None:
        query = query.where(Project.incubator_id == scope)
    for project in session.scalars(query):
        need = project.space_need or {}
        yield {
            "incubator": project.incubator.name if project.incubator else "", "name": project.name, "industries": project.industries,
            "description": project.description, "stage": project.stage, "status": project.status,
            "team_size": project.team_size, "revenue": project.revenue, "financing": project.financing,
            "planned_investment": project.planned_investment,
            "area_unit": "m2" if need else None,
            **need,
            "preferred_districts": [names.get(code, code) for code in project.preferred_districts],
        }


def _site_rows(session: Session, scope: int | None) -> Iterator[dict[str, Any]]:
    query = sa.select(Site).where(Site.archived_at.is_(None)).order_by(Site.id)
    for site in session.scalars(query):
        base = {"name": site.name, "kind": site.kind, "district": site.district.name,
                "industries": site.industries, "state_owned": site.state_owned,
                "admission": site.admission,
                "lat": site.lat, "lon": site.lon, "description": site.description,
                "contact_name": site.contact_name, "contact_phone": site.contact_phone}
        offers = site.offers or [None]
        for offer in offers:
            row = dict(base)
            if offer is not None:
                row.update({c.field: getattr(offer, c.field) for c in COLUMNS["sites"] if hasattr(offer, c.field)
                            and c.field not in base})
                row["area_unit"] = "m2"
            yield row


ROWS = {"incubators": _incubator_rows, "projects": _project_rows, "sites": _site_rows, "financings": financing_rows,
        "annual-figures": annual_figure_rows}


def export_rows(kind: str, *, session: Session, incubator_scope: int | None = None) -> Iterator[list[Any]]:
    """The header, then one list of cells per row, as the import reads them back."""
    columns = COLUMNS[kind]
    yield [c.chinese for c in columns]
    for row in ROWS[kind](session, incubator_scope):
        yield [cell_text(c, row.get(c.field)) for c in columns]


def template_rows(kind: str) -> Iterator[list[Any]]:
    """A header and one example row."""
    columns: Iterable[Column] = COLUMNS[kind]
    yield [c.chinese for c in columns]
    yield [c.example for c in columns]


def write_csv(rows: Iterable[list[Any]], out: IO[bytes]) -> None:
    """UTF-8 with a BOM, so Excel opens the Chinese text correctly; no cell can be a formula."""
    text = io.TextIOWrapper(out, encoding="utf-8-sig", newline="", write_through=True)
    writer = csv.writer(text)
    for row in rows:
        writer.writerow([guard(cell) for cell in row])
    text.detach()


def write_xlsx(rows: Iterable[list[Any]], out: IO[bytes], *, sheet_name: str) -> None:
    """An .xlsx with a bold, frozen header row; written row by row in constant memory.

    Text goes in as string cells, never as formulas or links, whatever it starts with.
    """
    workbook = xlsxwriter.Workbook(out, {"constant_memory": True, "in_memory": False, "strings_to_numbers": False,
                                         "strings_to_formulas": False, "strings_to_urls": False,
                                         "tmpdir": tempfile.gettempdir()})
    sheet = workbook.add_worksheet(sheet_name)
    bold = workbook.add_format({"bold": True, "bg_color": "#E8EEF7"})
    sheet.freeze_panes(1, 0)
    width = 0
    for index, row in enumerate(rows):
        width = len(row)
        if index == 0:
            sheet.write_row(0, 0, row, bold)
            sheet.set_column(0, len(row) - 1, 14)
        else:
            sheet.write_row(index, 0, row)
    if width:
        sheet.autofilter(0, 0, 0, width - 1)
    workbook.close()


def write_table(rows: Iterable[list[Any]], fmt: str, out: IO[bytes], *, kind: str) -> None:
    """Write rows as `csv` or `xlsx`."""
    if fmt == "csv":
        write_csv(rows, out)
    else:
        write_xlsx(rows, out, sheet_name=RECORD_KIND_NAMES[kind])
