"""Charts drawn on the server as inline SVG: no script, no outside request, crisp at any size."""

from __future__ import annotations

from markupsafe import Markup, escape

from models.labels import STAGE_NAMES, STATUS_NAMES
from models.project import Stage


def funnel_svg(by_stage: dict[str, int], graduated_seeking: int, signed_pending: int = 0) -> Markup:
    """Projects per stage as a centred funnel, with the graduates still seeking a site and those signed last."""
    rows = [(STAGE_NAMES[stage], by_stage.get(stage.value, 0), "") for stage in Stage]
    rows.append((STATUS_NAMES["graduated"], graduated_seeking, "graduated"))
    rows.append((STATUS_NAMES["signed"], signed_pending, "graduated"))
    width, label_w, row_h, gap = 640, 110, 34, 8
    bar_room = width - label_w - 70
    top = max((n for _, n, _ in rows), default=0) or 1
    parts = []
    for i, (label, n, cls) in enumerate(rows):
        y = i * (row_h + gap)
        w = max(2.0, bar_room * n / top)
        x = label_w + (bar_room - w) / 2
        parts.append(
            f'<text x="{label_w - 10}" y="{y + row_h / 2 + 5}" text-anchor="end">{escape(label)}</text>'
            f'<rect class="{cls}" x="{x:.1f}" y="{y}" width="{w:.1f}" height="{row_h}" rx="3"/>'
            f'<text x="{label_w + bar_room + 10}" y="{y + row_h / 2 + 5}">{n}</text>'
        )
    height = len(rows) * (row_h + gap) - gap
    return Markup(
        f'<svg class="funnel" viewBox="0 0 {width} {height}" role="img" aria-label="各阶段项目数漏斗图">'
        + "".join(parts) + "</svg>"
    )
