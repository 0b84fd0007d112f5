"""The report as an HTML page (also the source of the PDF), with its charts."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any

from .formatting import TEMPLATES, cjk_font_path, fmt_area, fmt_number, fmt_percent, fmt_score
from .report import build_report

__all__ = ["environment", "render_html"]


@cache
def environment():
    """The Jinja environment of the printed documents (report, brochure), with their number filters."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=jinja2.select_autoescape(("html",)),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(area=fmt_area, number=fmt_number, percent=fmt_percent, score=fmt_score)
    return env


def render_html(snapshot: Mapping[str, Any], *, for_print: bool = False) -> str:
    """The report page: self-contained, charts inline as SVG; ``for_print`` adds the PDF's page rules."""
    from markupsafe import Markup

    from . import charts  # matplotlib loads with the first report, not with the service

    report = build_report(snapshot)
    figures = [charts.district_area_chart(report["districts"]), charts.utilisation_chart(report["offers"])]
    # On screen the charts are inline <svg>; WeasyPrint draws them best as SVG images (data: URLs).
    shown = [
        Markup('<img class="chart" alt="{}" src="{}">').format(chart.title, chart.data_uri()) if for_print
        else Markup(chart.inline())
        for chart in figures if chart is not None
    ]
    return environment().get_template("report.html").render(
        report=report,
        charts=shown,
        for_print=for_print,
        font_url=cjk_font_path().as_uri() if for_print else None,
    )
