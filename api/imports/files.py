"""CSV and XLSX downloads as streamed responses, for the API and the pages."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask import Response

from services.imports.exporter import MIMETYPES
from services.imports.uploads import spool_table

from ..common import content_disposition


def file_response(rows: Iterable[Any], fmt: str, kind: str, name: str) -> Response:
    """A CSV or XLSX download of `rows`, spooled so a large export does not sit in memory."""
    spool = spool_table(rows, fmt, kind)

    def chunks():
        # Closed when the body has been sent, even by clients that never close the response.
        try:
            while chunk := spool.read(1 << 16):
                yield chunk
        finally:
            spool.close()

    response = Response(chunks(), mimetype=MIMETYPES[fmt])
    response.call_on_close(spool.close)
    response.headers["Content-Disposition"] = content_disposition(f"{name}.{fmt}")
    return response
