"""How big an uploaded table may be, and the messages that quote what was uploaded.

The limits come from the settings (`MATCHMAKER_IMPORT_*`) and are passed in: this layer does
not read Flask's configuration.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["ImportLimits", "quote"]

QUOTE_CHARS = 40


@dataclass(frozen=True)
class ImportLimits:
    """Caps on an upload, checked before and while it is read."""

    max_rows: int = 250_000
    max_columns: int = 100
    max_cell_chars: int = 10_000
    # XLSX: everything that is read, uncompressed; the shared strings are held in memory whole.
    max_xlsx_bytes: int = 256 << 20
    max_shared_strings_bytes: int = 64 << 20
    max_shared_strings: int = 2_000_000
    # Ordinary sheet XML shrinks 5-30 times; a part larger than 1 MiB that shrinks more than
    # this is padding or a bomb.
    max_compression_ratio: int = 200
    max_zip_entries: int = 1_000


def quote(text: object, limit: int = QUOTE_CHARS) -> str:
    """Uploaded text as an error message quotes it: at most `limit` characters, then "…"."""
    value = str(text)
    return value if len(value) <= limit else value[:limit] + "…"
