"""导入: upload a CSV/XLSX, see every bad row, download templates and exports."""

from __future__ import annotations

from flask import abort, render_template, request
from flask_login import current_user, login_required

from api.imports.files import file_response
from api.imports.schemas import ROW_SCHEMAS
from api.limits import import_limits
from models.db import start_writing
from models.labels import RECORD_KIND_NAMES
from models.user import Role, User
from services.imports.exporter import export_rows, template_rows
from services.imports.importer import IMPORT_ROLES
from services.imports.uploads import import_upload

from .common import bp, session

KINDS = 'any(projects, sites, incubators, financings, "annual-figures")'


def _kinds() -> list[str]:
    """The kinds this user may import."""
    return [kind for kind, roles in IMPORT_ROLES.items() if current_user.role in roles]


@bp.route("/imports", methods=["GET", "POST"])
@login_required
def imports():
    """The upload form; after an upload, what was written or every row error (nothing written then)."""
    kinds = _kinds()
    result = None
    status = 200
    if request.method == "POST":
        kind = request.form.get("kind", "")
        if kind not in kinds:
            abort(403)
        upload = request.files.get("file")
        db = session()
        if upload is None or not upload.filename:
            result = {"kind": kind, "errors": [{"row": None, "field": "file", "message": "请选择要上传的 .csv 或 .xlsx 文件"}]}
        else:
            report = import_upload(kind, upload.filename, upload.stream, session=db, user=_user(),
                                   schemas=ROW_SCHEMAS, limits=import_limits(),
                                   begin_writing=lambda: start_writing(db))
            result = {"kind": kind, "filename": upload.filename, "created": report.created,
                      "updated": report.updated, "unchanged": report.unchanged, "errors": report.errors,
                      "truncated": report.truncated}
            if report.errors:
                db.rollback()
            else:
                db.commit()
        status = 422 if result["errors"] else 200
    return render_template("web/imports.html", kinds=kinds, kind_names=RECORD_KIND_NAMES, result=result,
                           exportable=list(RECORD_KIND_NAMES)), status


imports.writes_late = True  # the file is read and checked before the write transaction begins


def _user() -> User:
    # The importer records who imported (audit trail, admissions): the database user itself.
    return session().get(User, current_user.id)


@bp.route(f"/imports/<{KINDS}:kind>/template.<any(csv, xlsx):fmt>")
@login_required
def import_template(kind: str, fmt: str):
    """An empty template with the Chinese column names and one example row."""
    return file_response(template_rows(kind), fmt, kind, f"{RECORD_KIND_NAMES[kind]}导入模板")


@bp.route(f"/exports/<{KINDS}:kind>.<any(csv, xlsx):fmt>")
@login_required
def export(kind: str, fmt: str):
    """Everything of a kind in the columns the import reads (an operator gets its own projects)."""
    if current_user.role is Role.incubator and kind != "projects":
        abort(403)
    rows = export_rows(kind, session=session(), incubator_scope=current_user.scope)
    return file_response(rows, fmt, kind, RECORD_KIND_NAMES[kind])
