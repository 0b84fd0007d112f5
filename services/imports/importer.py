"""Bulk import: every row validated with the API's input schemas, all or nothing, re-importable.

The schemas are passed in (`RowSchemas`, built by `api.imports.schemas`): this layer does not
import the API, and a row is held to exactly the rules of the matching API request.
"""

from __future__ import annotations

import functools
import pickle
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import marshmallow as ma
import sqlalchemy as sa
from sqlalchemy.orm import Session

from models.errors import DomainError, InvalidInput
from models.incubator import Incubator
from models.incubator_service import create_incubator, update_incubator
from models.project import STAGE_ROLES, Project, Stage, Status
from models.project_service import (
    CheckedProject,
    bulk_register_projects,
    check_project_data,
    check_stage_status,
    update_project,
)
from models.reference_service import lookups
from models.site import Site
from models.site_service import add_offer, create_site, update_offer, update_site
from models.user import STAFF, Role, User

from ..validation import flatten_errors
from .columns import COLUMNS, CellError, Column, convert, header_map, to_square_metres
from .limits import quote
from .reader import BadFile, Table
from .records import import_records

# Who may import each kind: operators their own projects, staff the inventory and the incubators.
IMPORT_ROLES = {"projects": STAGE_ROLES, "sites": STAFF, "incubators": STAFF, "financings": STAGE_ROLES,
                "annual-figures": STAGE_ROLES}
MAX_ERRORS = 500
CHUNK = 500
ACTOR_REASON = "批量导入"


@dataclass
class ImportReport:
    """What an import did, or why it did nothing."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0  # rows that match what is stored: no new version, no audit entry
    errors: list[dict[str, Any]] = field(default_factory=list)
    truncated: bool = False
    too_large: bool = False  # the file is over a configured limit

    def error(self, row: int | None, column: str, message: str) -> None:
        if len(self.errors) >= MAX_ERRORS:
            self.truncated = True
            return
        self.errors.append({"row": row, "field": column, "message": message})


@dataclass(frozen=True)
class RowSchemas:
    """The input schemas rows are loaded with: an incubator, a project, a site's own fields, an offer, a financing, a year's figures."""

    incubator: type[ma.Schema]
    project: type[ma.Schema]
    site: type[ma.Schema]
    offer: type[ma.Schema]
    financing: type[ma.Schema] | None = None
    annual_figures: type[ma.Schema] | None = None


def _some(names: list[str], shown: int = 10) -> str:
    # Header cells are the uploader's text: each cut short, and only the first few listed.
    listed = "、".join(quote(name) for name in names[:shown])
    return listed + (f" 等 {len(names)} 列" if len(names) > shown else "")


class _Rows:
    """Data rows as {field: value}, with cell errors reported against the file's headers."""

    def __init__(self, kind: str, table: Table, report: ImportReport) -> None:
        self.mapping, unknown, repeated = header_map(COLUMNS[kind], table.header)
        if unknown or repeated:
            names = "、".join(c.chinese for c in COLUMNS[kind])
            problems = [f"无法识别的列：{_some(unknown)}" if unknown else "",
                        f"重复的列：{_some(repeated)}" if repeated else ""]
            raise BadFile("；".join(p for p in problems if p) + f"。可用的列：{names}")
        self.headers = {column.field: table.header[pos] for pos, column in self.mapping.items()}
        self.table, self.report = table, report
        self.count = 0
        self.reported: dict[int, set[str]] = {}  # row → columns that already have an error

    def error(self, number: int, column: str, message: str) -> None:
        self.reported.setdefault(number, set()).add(column)
        self.report.error(number, column, message)

    def header(self, path: str) -> str:
        """The file's header for an API field path (space_need.area_min → 需求面积下限)."""
        name = path.split(".")[-1] if path.startswith(("space_need.", "location.")) else path.split(".")[0]
        name = {"incubator_id": "incubator"}.get(name, name)
        return self.headers.get(name, path)

    def __iter__(self) -> Iterator[tuple[int, dict[str, Any]]]:
        for number, cells in self.table.rows:
            if not any(c not in (None, "") and str(c).strip() for c in cells):
                continue  # blank lines are not rows
            self.count += 1
            values = {}
            for position, column in self.mapping.items():
                raw = cells[position] if position < len(cells) else None
                try:
                    value = convert(column, raw)
                except CellError as exc:
                    self.error(number, self.headers[column.field], str(exc))
                    continue
                if value is not None:
                    values[column.field] = value
            # A row with an unreadable cell still goes through the later checks, so it lists
            # all its problems; any error means nothing is written.
            yield number, values

    def fail(self, number: int, errors: dict[str, list[str]]) -> None:
        """Report `errors` of a row, except on columns an earlier check already faulted.

        (An unreadable area is left out of the row; the schema would add "必填" on the same cell.)
        """
        earlier = set(self.reported.get(number, ()))
        for path, messages in errors.items():
            column = self.header(path)
            if column in earlier:
                continue
            for message in messages:
                self.error(number, column, message)


def _load(schema: ma.Schema, data: dict[str, Any]) -> dict[str, Any]:
    try:
        return schema.load(data)
    except ma.ValidationError as exc:
        raise InvalidInput(flatten_errors(exc.messages)) from None


def _load_valid(schema: ma.Schema, data: dict[str, Any]) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """A row loaded by `schema`, and its errors; with errors, what still loads without the bad fields.

    The rest goes on to the checks against the reference data and the domain rules, so an
    unknown district is reported beside a negative area, not after it is fixed.
    """
    try:
        return schema.load(data), {}
    except ma.ValidationError as exc:
        errors = flatten_errors(exc.messages)
    bad = {path.split(".")[0] for path in errors}  # a whole nested object goes: no half locations
    try:
        return schema.load({k: v for k, v in data.items() if k not in bad}, partial=True), errors
    except ma.ValidationError:
        return {}, errors


def _area(values: dict[str, Any], *names: str) -> None:
    unit = values.pop("area_unit", None)
    for name in names:
        if name in values:
            values[name] = to_square_metres(values[name], unit)


def _incubator_unchanged(incubator: Incubator, data: dict[str, Any], *, session: Session) -> bool:
    """Whether the row holds exactly what is stored (then nothing is written for it)."""
    codes = lookups(session)
    if "district" in data and codes.district_code(data["district"]) != incubator.district_code:
        return False
    if "industries" in data and codes.industry_codes(data["industries"], field="industries") != incubator.industries:
        return False
    return all(getattr(incubator, k) == data[k] for k in ("name", "level", "demonstration") if k in data)


def _project_unchanged(project: Project, data: dict[str, Any], *, session: Session) -> bool:
    """Whether the row, checked as an update would check it, holds exactly what is stored."""
    checked = check_project_data(data, session=session, current_need=project.space_need)
    if any(getattr(project, name) != value for name, value in checked.columns.items()):
        return False
    if checked.industries is not None and checked.industries != project.industries:
        return False
    return checked.districts is None or checked.districts == project.preferred_districts


def _duplicate(seen: dict[Any, int], key: Any, number: int, rows: _Rows, column: str) -> bool:
    if key in seen:
        rows.error(number, rows.headers.get(column, column), f"与第 {seen[key]} 行重复")
        return True
    seen[key] = number
    return False


def import_incubators(table: Table, *, session: Session, user: User, schemas: RowSchemas) -> ImportReport:
    """Incubators, keyed by name."""
    report = ImportReport()
    rows = _Rows("incubators", table, report)
    existing = {i.name: i for i in session.scalars(sa.select(Incubator))}
    seen: dict[str, int] = {}
    schema = schemas.incubator()
    for number, values in rows:
        if _duplicate(seen, values.get("name"), number, rows, "name"):
            continue
        try:
            data = _load(schema, values)
            incubator = existing.get(data["name"])
            if incubator is None:
                existing[data["name"]] = create_incubator(data, session=session)
                report.created += 1
            elif _incubator_unchanged(incubator, data, session=session):
                report.unchanged += 1
            else:
                update_incubator(incubator, data, session=session)
                report.updated += 1
        except DomainError as exc:
            rows.fail(number, getattr(exc, "errors", None) or {"name": [exc.detail]})
    return report


def import_sites(table: Table, *, session: Session, user: User, schemas: RowSchemas) -> ImportReport:
    """Sites with their offers, one row per offer; sites keyed by name, offers by 空间编号 or order."""
    report = ImportReport()
    rows = _Rows("sites", table, report)
    site_fields = ("name", "kind", "district", "industries", "state_owned", "admission", "lat", "lon", "description",
                   "contact_name", "contact_phone")
    groups: dict[str, dict[str, Any]] = {}
    for number, values in rows:
        _area(values, "available_area", "min_area", "max_area")
        site_part = {k: values.pop(k) for k in site_fields if k in values}
        name = site_part.get("name")
        if not name:
            report.error(number, rows.headers.get("name", "name"), "必填")
            continue
        group = groups.setdefault(name, {"site": site_part, "row": number, "offers": [], "refs": {}})
        if group["row"] != number and group["site"] != site_part:
            differing = [rows.headers.get(k, k) for k in site_fields if group["site"].get(k) != site_part.get(k)]
            report.error(number, "、".join(differing), f"与第 {group['row']} 行同一落地空间的信息不一致")
            continue
        values.setdefault("ref", str(len(group["offers"]) + 1))
        if _duplicate(group["refs"], values["ref"], number, rows, "ref"):
            continue
        group["offers"].append((number, values))
    existing = {s.name: s for s in session.scalars(sa.select(Site).where(Site.name.in_(list(groups))))}
    offer_schema, site_schema = schemas.offer(), schemas.site()
    for name, group in groups.items():
        first = group["row"]
        site_data = dict(group["site"])
        if "lat" in site_data or "lon" in site_data:
            site_data["location"] = {"lat": site_data.pop("lat", None), "lon": site_data.pop("lon", None)}
        data, errors = _load_valid(site_schema, site_data)
        rows.fail(first, errors)
        offers = []
        for number, offer_values in group["offers"]:
            offer_data, errors = _load_valid(offer_schema, offer_values)
            rows.fail(number, errors)
            offers.append((number, offer_data))
        if report.truncated:
            continue
        # Checked against the reference data and the offer rules even after a bad cell, so every
        # problem of a row is listed; an import with any error is rolled back as a whole.
        try:
            with session.begin_nested():
                _save_site(existing.get(name), data, offers, session=session, rows=rows, report=report)
        except InvalidInput as exc:
            _site_errors(exc.errors, first, offers, rows)
        except DomainError as exc:
            rows.fail(first, {"name": [exc.detail]})
        except sa.exc.IntegrityError:
            if not report.errors:
                raise  # the database refused data that passed every check: a bug, not bad input
    return report


def _save_site(site: Site | None, data: dict, offers: list, *, session: Session, rows: _Rows, report: ImportReport) -> None:
    if site is None:
        create_site({**data, "offers": [o for _, o in offers]}, session=session)
        report.created += 1
        return
    errors: dict[str, list[str]] = {}
    try:
        update_site(site, data, session=session)
    except InvalidInput as exc:
        errors.update(exc.errors)
    by_ref = {o.ref: o for o in site.offers}
    for index, (_, offer_data) in enumerate(offers):
        try:
            if offer_data.get("ref") in by_ref:
                update_offer(by_ref[offer_data["ref"]], offer_data, session=session)
            else:
                add_offer(site, offer_data, session=session)
        except InvalidInput as exc:
            errors.update({f"offers.{index}.{k}": v for k, v in exc.errors.items()})
    if errors:
        raise InvalidInput(errors)
    report.updated += 1


def _site_errors(errors: dict[str, list[str]], first: int, offers: list, rows: _Rows) -> None:
    for path, messages in errors.items():
        parts = path.split(".")
        if parts[0] == "offers" and len(parts) > 2 and parts[1].isdigit() and int(parts[1]) < len(offers):
            rows.fail(offers[int(parts[1])][0], {parts[2]: messages})
        else:
            rows.fail(first, {path: messages})


def import_projects(table: Table, *, session: Session, user: User, schemas: RowSchemas,
                    begin_writing: Callable[[], None] | None = None) -> ImportReport:
    """Projects, keyed by incubator and name, in two phases so that no lock waits for the file.

    First every row is read, converted and loaded by the schema, outside any write transaction,
    and parked on disk in chunks (memory stays flat); then `begin_writing` starts the write
    transaction, and the chunks are checked against the database and written in it.
    """
    report = ImportReport()
    rows = _Rows("projects", table, report)
    incubators = dict(session.execute(sa.select(Incubator.name, Incubator.id)).all())
    seen: dict[tuple[int, str], int] = {}
    schema = schemas.project()
    chunk: list[tuple[int, dict[str, Any]]] = []
    parked = tempfile.TemporaryFile()

    def flush() -> None:
        if chunk:
            pickle.dump(chunk, parked, protocol=pickle.HIGHEST_PROTOCOL)
        chunk.clear()

    with parked:  # closed however phase one ends (a bad file raises)
        for number, values in rows:
            incubator_name = values.pop("incubator", None)
            if user.role is Role.incubator and incubator_name is None:
                incubator_id = user.incubator_id
            elif incubator_name not in incubators:
                message = "必填" if incubator_name is None else f"未知孵化器：{quote(incubator_name)}"
                rows.fail(number, {"incubator": [message]})
                continue
            else:
                incubator_id = incubators[incubator_name]
            if user.role is Role.incubator and incubator_id != user.incubator_id:
                rows.fail(number, {"incubator": ["只能导入本孵化器的项目"]})
                continue
            if _duplicate(seen, (incubator_id, values.get("name")), number, rows, "name"):
                continue
            data, errors = _load_valid(schema, _project_data(values, incubator_id))
            rows.fail(number, errors)
            chunk.append((number, {**data, "incubator_id": incubator_id}))
            if len(chunk) >= CHUNK:
                flush()
        flush()
        if begin_writing is not None:
            begin_writing()
        known = {(i, n): pid for pid, i, n in session.execute(sa.select(Project.id, Project.incubator_id, Project.name))}
        parked.seek(0)
        while not report.truncated:
            try:
                saved = pickle.load(parked)
            except EOFError:
                break
            # Checked even when earlier rows failed, so every row's problems are listed at once;
            # nothing is inserted then, and the import is rolled back.
            _save_projects(saved, known, session=session, rows=rows, report=report, actor=user.username)
    return report


def _project_data(values: dict[str, Any], incubator_id: int) -> dict[str, Any]:
    _area(values, "area_min", "area_max")
    need_fields = ("space_type", "area_min", "area_max", "needed_by", "power_kva", "floor_load",
                   "clear_height", "clean_room", "hazardous", "max_rent")
    need = {k: values.pop(k) for k in need_fields if k in values}
    data = {**values, "incubator_id": incubator_id}
    if need:
        data["space_need"] = need
    return data


def _save_projects(chunk, known, *, session: Session, rows: _Rows, report: ImportReport, actor: str) -> None:
    ids = [known[key] for _, d in chunk if (key := (d["incubator_id"], d.get("name"))) in known]
    existing = {
        p.id: p for p in session.scalars(sa.select(Project).where(Project.id.in_(ids)))
    } if ids else {}
    new: list[tuple[int, Stage, Status, CheckedProject]] = []
    for number, data in chunk:
        key = (data["incubator_id"], data.get("name"))
        stage, status = data.pop("stage", Stage.nursery), data.pop("status", Status.active)
        try:
            if key in known:
                project = existing[known[key]]
                if (project.stage, project.status) != (stage, status):
                    raise InvalidInput({"stage": [
                        f"已登记项目的阶段/状态为 {project.stage.value}/{project.status.value}，导入不改变阶段；请通过阶段流转操作"
                    ]})
                if _project_unchanged(project, data, session=session):
                    report.unchanged += 1
                else:
                    update_project(project, data, session=session, check_name=False)
                    report.updated += 1
            else:
                check_stage_status(stage, status)
                new.append((data["incubator_id"], stage, status, check_project_data(data, session=session)))
                report.created += 1
        except DomainError as exc:
            rows.fail(number, getattr(exc, "errors", None) or {"name": [exc.detail]})
    if not report.errors:
        bulk_register_projects(new, actor=actor, reason=ACTOR_REASON, session=session)
    session.flush()
    for project in existing.values():  # keep memory flat: nothing of this chunk is needed again
        session.expunge(project)


IMPORTERS: dict[str, Callable[..., ImportReport]] = {
    "incubators": import_incubators,
    "projects": import_projects,
    "sites": import_sites,
    "financings": functools.partial(import_records, "financings"),
    "annual-figures": functools.partial(import_records, "annual-figures"),
}


def run_import(kind: str, table: Table, *, session: Session, user: User, schemas: RowSchemas,
               begin_writing: Callable[[], None] | None = None) -> ImportReport:
    """Import a table; with any error nothing is written (the caller commits only a clean report).

    `begin_writing` is called once reading and checking the file needs nothing more than reads,
    before the first write (projects; the other kinds are small and call it first).
    """
    if kind == "projects":
        report = import_projects(table, session=session, user=user, schemas=schemas, begin_writing=begin_writing)
    else:
        if begin_writing is not None:
            begin_writing()
        report = IMPORTERS[kind](table, session=session, user=user, schemas=schemas)
    if not report.errors and not report.created and not report.updated and not report.unchanged:
        report.error(None, "file", "文件只有列名，没有数据行")
    if report.errors:
        session.rollback()
        report.created = report.updated = report.unchanged = 0
        # Checks run in passes (cells, schema, reference data); read row by row.
        report.errors.sort(key=lambda e: -1 if e["row"] is None else e["row"])
    return report


__all__ = ["COLUMNS", "IMPORT_ROLES", "Column", "ImportReport", "RowSchemas", "run_import"]
