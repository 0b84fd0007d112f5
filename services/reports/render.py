"""Render an assignment snapshot for a matchmaking or signing event as json, csv, xlsx, html or pdf.

The snapshot is the plain dict that the assignment stores (see ``services.assignment``):
the event, the solver's objective and optimality, the matches, the unmatched projects with a
reason and a next step, a summary per district with the plan's targets, and each offer's use.
Optional keys may be missing; everything a staff member reads comes out in Simplified Chinese.
Each format has its module (`tables`, `page`, `xlsx`, `pdf`); they share `formatting` and `report`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from .page import render_html
from .report import build_report
from .tables import render_csv, render_json

__all__ = ["FORMATS", "MIMETYPES", "render"]

FORMATS = ("json", "csv", "xlsx", "html", "pdf")
MIMETYPES: dict[str, str] = {
    "json": "application/json",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
}


# XlsxWriter and WeasyPrint are imported with the first file of their kind, not with the service.
def _render_xlsx(snapshot: Mapping[str, Any]) -> bytes:
    from .xlsx import render_xlsx

    return render_xlsx(build_report(snapshot))


def _render_pdf(snapshot: Mapping[str, Any]) -> bytes:
    from .pdf import html_to_pdf

    return html_to_pdf(render_html(snapshot, for_print=True))


RENDERERS: dict[str, Callable[[Mapping[str, Any]], bytes]] = {
    "json": render_json,
    "csv": lambda snapshot: render_csv(build_report(snapshot)),
    "xlsx": _render_xlsx,
    "html": lambda snapshot: render_html(snapshot).encode("utf-8"),
    "pdf": _render_pdf,
}


def render(snapshot: dict, fmt: str) -> bytes:
    """The snapshot as a file in one of FORMATS; ValueError for any other format."""
    try:
        renderer = RENDERERS[fmt]
    except (KeyError, TypeError):
        raise ValueError(f"不支持的报告格式：{fmt!r}（可选：{'、'.join(FORMATS)}）") from None
    return renderer(snapshot)
