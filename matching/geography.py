"""Distances on the map of Wenzhou.

>>> round(great_circle_km(28.0, 120.7, 28.0, 120.7), 3)
0.0
>>> round(great_circle_km(27.994, 120.699, 28.123, 120.983))  # 鹿城 to 乐清, as the crow flies
31
"""

from __future__ import annotations

from math import asin, cos, radians, sin, sqrt

EARTH_RADIUS_KM = 6371.0088


def great_circle_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """The haversine distance between two WGS-84 points, in km."""
    dlat, dlon = radians(lat2 - lat1), radians(lon2 - lon1)
    a = sin(dlat / 2) ** 2 + cos(radians(lat1)) * cos(radians(lat2)) * sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_KM * asin(sqrt(a))
