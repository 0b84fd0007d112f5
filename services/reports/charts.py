"""The report's charts as SVG: area landed per district, and how full each offer is.

matplotlib's object-oriented API with an Agg canvas and no pyplot, so nothing is kept in a global
figure registry and the service stays headless. Text is drawn as paths in the CJK font shipped by
the ``noto-cjk-sans-otc`` package, so a browser or WeasyPrint needs no font to show the labels.
TrueType collections and ``FontPath`` (a file and a face in it) need matplotlib 3.11.
"""

from __future__ import annotations

import base64
import html
import io
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import matplotlib
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontPath, FontProperties, fontManager
from matplotlib.ticker import FuncFormatter, MaxNLocator, PercentFormatter

from .formatting import cjk_font_path, fmt_area

__all__ = ["Chart", "district_area_chart", "utilisation_chart"]

# Face 2 of the Noto Sans CJK collection is the Simplified Chinese one (glyph shapes per GB 18030).
SC_FACE_INDEX = 2
# Up to this many offers get one bar each; more get a histogram.
MAX_OFFER_BARS = 15
DISTRICT_TITLE = "各区县落地面积（㎡）"
UTILISATION_TITLE = "空间使用率（分配面积 ÷ 可用面积）"
BLUE, LIGHT_BLUE, ORANGE, GREY = "#2f6db5", "#9dbbe3", "#e07b39", "#666666"

# rcParams and the font list are process-wide: every figure is built and saved under this lock,
# inside rc_context, so no other thread sees these settings half-applied.
_LOCK = threading.Lock()
_RC = {
    "font.family": "sans-serif",
    "font.sans-serif": ["Noto Sans CJK SC", "DejaVu Sans"],
    "axes.unicode_minus": False,
    "svg.fonttype": "path",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.edgecolor": "#999999",
    "xtick.color": "#444444",
    "ytick.color": "#444444",
}


def _font(size: float = 9) -> FontProperties:
    # The file and face given explicitly: a same-named system copy of Noto CJK must not win.
    return FontProperties(fname=FontPath(str(cjk_font_path()), SC_FACE_INDEX), size=size)


@cache
def _register_font() -> None:
    """Add the packaged font to matplotlib's list once, so numbers and axis text use it too."""
    fontManager.addfont(str(cjk_font_path()))


def _figure(width: float, height: float) -> Figure:
    _register_font()
    figure = Figure(figsize=(width, height), layout="constrained")
    FigureCanvasAgg(figure)
    return figure


def _style_ticks(ax, font: FontProperties) -> None:
    for label in (*ax.get_xticklabels(), *ax.get_yticklabels()):
        label.set_fontproperties(font)


@dataclass(frozen=True)
class Chart:
    """One chart as a standalone SVG document, to inline in a page or to embed as an image."""

    name: str
    title: str
    svg: str

    def inline(self) -> str:
        """An <svg> element for an HTML page: no namespace URLs, ids prefixed so two charts can share a page."""
        # Inside HTML the parser puts <svg> in the SVG namespace itself; href is SVG 2's xlink:href.
        svg = re.sub(r'\s+xmlns(:xlink)?="[^"]*"', "", self.svg, count=2)
        svg = svg.replace("xlink:href=", "href=")
        svg = re.sub(r'\bid="([^"]+)"', rf'id="{self.name}-\1"', svg)
        svg = re.sub(r'href="#([^"]+)"', rf'href="#{self.name}-\1"', svg)
        svg = re.sub(r"url\(#([^)]+)\)", rf"url(#{self.name}-\1)", svg)
        title = html.escape(self.title)
        return svg.replace("<svg ", f'<svg role="img" class="chart" aria-label="{title}" ', 1)

    def data_uri(self) -> str:
        """A data: URL of the SVG document, for an <img> that WeasyPrint draws with its SVG renderer."""
        return "data:image/svg+xml;base64," + base64.b64encode(self.svg.encode("utf-8")).decode("ascii")


def _chart(figure: Figure, name: str, title: str) -> Chart:
    buffer = io.BytesIO()
    with matplotlib.rc_context({"svg.hashsalt": name}):
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None, "Format": None, "Type": None})
    svg = buffer.getvalue().decode("utf-8")
    svg = svg[svg.index("<svg"):]  # no XML prolog, no DOCTYPE (it names a DTD URL)
    svg = re.sub(r"<metadata>.*?</metadata>\s*", "", svg, flags=re.DOTALL)
    # matplotlib repeats each label's text in a comment beside its glyph paths; the paths suffice.
    svg = re.sub(r"\s*<!--.*?-->", "", svg, flags=re.DOTALL)
    return Chart(name, title, svg)


def _short(text: str, limit: int = 14) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def district_area_chart(districts: Sequence[dict[str, Any]]) -> Chart | None:
    """Horizontal bars: ㎡ assigned to sites in each district, largest first; None when there is nothing."""
    rows = [d for d in districts if d.get("matched_area") or d.get("graduated") or d.get("matched")]
    if not rows:
        return None
    rows.sort(key=lambda d: (-(d.get("matched_area") or 0.0), d.get("district_name") or ""))
    names = [d.get("district_name") or d.get("district") or "" for d in rows]
    areas = [float(d.get("matched_area") or 0.0) for d in rows]
    font = _font()
    with _LOCK, matplotlib.rc_context(_RC):
        figure = _figure(6.8, 0.8 + 0.24 * len(rows))
        ax = figure.add_subplot()
        positions = range(len(rows))[::-1]
        bars = ax.barh(list(positions), areas, color=BLUE, height=0.62)
        ax.set_yticks(list(positions), names)
        ax.set_title(DISTRICT_TITLE, fontproperties=_font(11), loc="left")
        ax.xaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:,.0f}"))
        ax.xaxis.set_major_locator(MaxNLocator(5))
        ax.grid(axis="x", color="#e5e5e5", linewidth=0.6)
        ax.set_axisbelow(True)
        top = max(areas) or 1.0
        ax.set_xlim(0, top * 1.22)
        for bar, area in zip(bars, areas, strict=True):
            ax.text(bar.get_width() + top * 0.01, bar.get_y() + bar.get_height() / 2, fmt_area(area),
                    va="center", ha="left", fontproperties=_font(8), color=GREY)
        ax.tick_params(axis="y", length=0)
        _style_ticks(ax, font)
        return _chart(figure, "district-area", DISTRICT_TITLE)


def utilisation_chart(offers: Sequence[dict[str, Any]]) -> Chart | None:
    """How full each offer is after the assignment: bars per offer, or a histogram when there are many.

    ``offers`` are the report's rows (with ``space_type_label``); None when there are none.
    """
    if not offers:
        return None
    values = [float(o.get("utilisation") or 0.0) for o in offers]
    font = _font()
    with _LOCK, matplotlib.rc_context(_RC):
        if len(offers) <= MAX_OFFER_BARS:
            figure = _figure(6.8, 0.8 + 0.24 * len(offers))
            ax = figure.add_subplot()
            labels = [f"{_short(o.get('site_name') or '')}·{o.get('space_type_label') or o.get('space_type') or ''}"
                      for o in offers]
            positions = list(range(len(offers)))[::-1]
            colours = [ORANGE if v >= 0.9 else BLUE if v > 0 else LIGHT_BLUE for v in values]
            bars = ax.barh(positions, [v * 100 for v in values], color=colours, height=0.62)
            ax.set_yticks(positions, labels)
            ax.set_xlim(0, 115)
            ax.set_xticks([0, 25, 50, 75, 100])
            ax.xaxis.set_major_formatter(PercentFormatter(decimals=0))
            ax.grid(axis="x", color="#e5e5e5", linewidth=0.6)
            ax.set_axisbelow(True)
            for bar, value in zip(bars, values, strict=True):
                ax.text(bar.get_width() + 1, bar.get_y() + bar.get_height() / 2, f"{value:.0%}",
                        va="center", ha="left", fontproperties=_font(8), color=GREY)
            ax.tick_params(axis="y", length=0)
        else:
            figure = _figure(6.8, 2.6)
            ax = figure.add_subplot()
            edges = [i / 10 for i in range(11)]
            counts = [0] * 10
            for value in values:
                counts[min(int(max(value, 0.0) * 10), 9)] += 1
            ax.bar([i + 0.5 for i in range(10)], counts, width=0.85, color=BLUE)
            ax.set_xticks(range(11), [f"{e:.0%}" for e in edges])
            ax.yaxis.set_major_locator(MaxNLocator(integer=True))
            ax.set_ylabel("空间数", fontproperties=font)
            ax.set_xlabel("使用率", fontproperties=font)
            ax.grid(axis="y", color="#e5e5e5", linewidth=0.6)
            ax.set_axisbelow(True)
        ax.set_title(UTILISATION_TITLE, fontproperties=_font(11), loc="left")
        _style_ticks(ax, font)
        return _chart(figure, "utilisation", UTILISATION_TITLE)
