"""Bulk import and export of incubators, projects and sites as CSV or XLSX."""

from __future__ import annotations

from flask import Response, json, request
from flask.views import MethodView

from models.db import start_writing
from models.labels import RECORD_KIND_NAMES
from services.imports.exporter import export_rows, template_rows
from services.imports.importer import IMPORT_ROLES, ImportReport
from services.imports.uploads import import_upload

from ..common import Blueprint
from ..context import db_session
from ..errors import PROBLEM_MIMETYPE
from ..limits import import_limits
from ..security import ANY_ROLE, current_user, incubator_scope, roles
from .files import file_response
from .schemas import ROW_SCHEMAS, ImportProblemSchema, ImportResultSchema

blp = Blueprint("imports", __name__, url_prefix="/api/v1", description="批量导入与导出（CSV / XLSX）")

KINDS = 'any(projects, sites, incubators, financings, "annual-figures")'
FORMATS = "any(csv, xlsx)"


def rejected(report: ImportReport) -> Response:
    """A 422 problem that lists every bad row (413 for a file over a limit); nothing was written."""
    status = 413 if report.too_large else 422
    body = {
        "type": "about:blank",
        "title": "导入失败，未写入任何数据",
        "status": status,
        "detail": f"共 {len(report.errors)} 处错误{'（仅列出前 500 处）' if report.truncated else ''}，请修改后重新上传",
        "created": 0,
        "updated": 0,
        "unchanged": 0,
        "errors": report.errors,
        "truncated": report.truncated,
    }
    return Response(json.dumps(body, ensure_ascii=False), status=status, mimetype=PROBLEM_MIMETYPE)


UPLOAD_BODY = {
    "required": True,
    "content": {
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "required": ["file"],
                "properties": {"file": {"type": "string", "format": "binary",
                                        "description": ".csv（UTF-8 或 GBK/GB18030）或 .xlsx"}},
            }
        }
    },
}


@blp.route(f"/imports/<{KINDS}:kind>")
class Import(MethodView):
    writes_late = True  # the file is read and checked before the write transaction begins

    # The upload is read by hand so that a missing file is reported like any bad file.
    @blp.doc(requestBody=UPLOAD_BODY)
    @blp.response(200, ImportResultSchema)
    @blp.alt_response(422, schema=ImportProblemSchema, content_type=PROBLEM_MIMETYPE,
                      description="Rows with errors: nothing written, every bad row listed")
    @blp.alt_response(413, schema=ImportProblemSchema, content_type=PROBLEM_MIMETYPE,
                      description="The file is over a limit (rows, columns, cell length, XLSX size)")
    @roles(*ANY_ROLE, by_path=("kind", IMPORT_ROLES))
    def post(self, kind):
        """Import a CSV or XLSX file: all rows or none; re-importing updates instead of duplicating."""
        user = current_user()
        session = db_session()
        upload = request.files.get("file")
        if upload is None:
            report = ImportReport()
            report.error(None, "file", "请在表单字段 file 中上传 .csv 或 .xlsx 文件")
            return rejected(report)
        report = import_upload(kind, upload.filename or "", upload.stream, session=session, user=user,
                               schemas=ROW_SCHEMAS, limits=import_limits(),
                               begin_writing=lambda: start_writing(session))
        if report.errors:
            return rejected(report)
        session.commit()
        return {"created": report.created, "updated": report.updated, "unchanged": report.unchanged, "errors": []}


@blp.route(f"/exports/<{KINDS}:kind>.<{FORMATS}:fmt>")
class Export(MethodView):
    @roles(*ANY_ROLE)
    @blp.response(200, content_type="application/octet-stream", description="The file")
    def get(self, kind, fmt):
        """Export in the columns the import reads (an operator gets its own incubator's projects)."""
        user = current_user()
        rows = export_rows(kind, session=db_session(), incubator_scope=incubator_scope(user))
        return file_response(rows, fmt, kind, RECORD_KIND_NAMES[kind])


@blp.route(f"/imports/<{KINDS}:kind>/template.<{FORMATS}:fmt>")
class Template(MethodView):
    @roles(*ANY_ROLE)
    @blp.response(200, content_type="application/octet-stream", description="The template")
    def get(self, kind, fmt):
        """An empty template with the Chinese column names and one example row."""
        return file_response(template_rows(kind), fmt, kind, f"{RECORD_KIND_NAMES[kind]}导入模板")
