"""Reading an uploaded file and spooling a download, shared by the API, the pages and the CLI."""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from typing import IO, Any

from .exporter import write_table
from .importer import ImportReport, RowSchemas, run_import
from .limits import ImportLimits
from .reader import BadFile, TooLarge, open_table

__all__ = ["import_upload", "spool_table"]


def import_upload(kind: str, filename: str, stream, *, session, user, schemas: RowSchemas,
                  limits: ImportLimits | None = None, begin_writing=None) -> ImportReport:
    """Read and import one file; a file that cannot be read is reported like a bad row.

    A file over one of `limits` is reported with `too_large` set (the API answers 413).
    `begin_writing` starts the write transaction once the file has been read and checked.
    """
    try:
        report = run_import(kind, open_table(filename, stream, limits), session=session, user=user, schemas=schemas,
                            begin_writing=begin_writing)
    except BadFile as exc:
        session.rollback()
        report = ImportReport(too_large=isinstance(exc, TooLarge))
        report.error(None, "file", str(exc))
    return report


def spool_table(rows: Iterable[Any], fmt: str, kind: str) -> IO[bytes]:
    """`rows` written as CSV or XLSX into a temporary file (in memory up to 8 MiB), rewound."""
    spool = tempfile.SpooledTemporaryFile(max_size=8 << 20)
    write_table(rows, fmt, spool, kind=kind)
    spool.seek(0)
    return spool
