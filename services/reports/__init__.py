"""Signing-event reports: one assignment snapshot rendered as JSON, CSV, Excel, HTML or PDF.

The renderers are pure: a snapshot dict in, bytes out, no app, no database. matplotlib and
WeasyPrint are imported only when a chart or a PDF is asked for.
"""

from __future__ import annotations

from .render import FORMATS, MIMETYPES, render

__all__ = ["FORMATS", "MIMETYPES", "render"]
