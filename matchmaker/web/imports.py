"""导入: upload a CSV/XLSX, see every bad row, download templates and exports."""

from __future__ import annotations

from flask import abort, render_template, request
from flask_login import current_user, login_required

from api.imports.exporter import export_rows, template_rows
from api.imports.routes import FILENAMES, IMPORTERS_BY_KIND
from api.imports.service import file_response, import_upload
from models.user import Role, User

from .common import bp, session

KIND_NAMES = {"projects": "项目", "sites": "落地空间", "incubators": "孵化器"}


def _kinds() -> list[str]:
    """The kinds this user may import."""
    return [kind for kind, roles in IMPORTERS_BY_KIND.items() if current_user.role in roles]


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
            report = import_upload(kind, upload.filename, upload.stream, session=db, user=_user())
            result = {"kind": kind, "filename": upload.filename, "created": report.created,
                      "updated": report.updated, "errors": report.errors, "truncated": report.truncated}
            if report.errors:
                db.rollback()
            else:
                db.commit()
        status = 422 if result["errors"] else 200
    return render_template("web/imports.html", kinds=kinds, kind_names=KIND_NAMES, result=result,
                           exportable=list(KIND_NAMES)), status


def _user() -> User:
    # The importer records who imported (audit trail, admissions): the database user itself.
    return session().get(User, current_user.id)


@bp.route("/imports/<any(projects, sites, incubators):kind>/template.<any(csv, xlsx):fmt>")
@login_required
def import_template(kind: str, fmt: str):
    """An empty template with the Chinese column names and one example row."""
    return file_response(template_rows(kind), fmt, kind, f"{FILENAMES[kind]}导入模板")


@bp.route("/exports/<any(projects, sites, incubators):kind>.<any(csv, xlsx):fmt>")
@login_required
def export(kind: str, fmt: str):
    """Everything of a kind in the columns the import reads (an operator gets its own projects)."""
    if current_user.role is Role.incubator and kind != "projects":
        abort(403)
    rows = export_rows(kind, session=session(), incubator_scope=current_user.scope)
    return file_response(rows, fmt, kind, FILENAMES[kind])
