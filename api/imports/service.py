"""Reading an uploaded file and writing a download, shared by the API and the staff pages."""

from __future__ import annotations

import tempfile
from urllib.parse import quote

from flask import Response

from .exporter import MIMETYPES, write_table
from .importer import ImportReport, run_import
from .reader import BadFile, open_table


def import_upload(kind: str, filename: str, stream, *, session, user) -> ImportReport:
    """Read and import one file; a file that cannot be read is reported like a bad row."""
    try:
        report = run_import(kind, open_table(filename, stream), session=session, user=user)
    except BadFile as exc:
        session.rollback()
        report = ImportReport()
        report.error(None, "file", str(exc))
    return report


def file_response(rows, fmt: str, kind: str, name: str) -> Response:
    """A CSV or XLSX download of `rows`, spooled so a large export does not sit in memory."""
    spool = tempfile.SpooledTemporaryFile(max_size=8 << 20)
    write_table(rows, fmt, spool, kind=kind)
    spool.seek(0)

    def chunks():
        # Closed when the body has been sent, even by clients that never close the response.
        try:
            while chunk := spool.read(1 << 16):
                yield chunk
        finally:
            spool.close()

    response = Response(chunks(), mimetype=MIMETYPES[fmt])
    response.call_on_close(spool.close)
    response.headers["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}.{fmt}"
    return response
