"""空间资源: landing sites and their offers, filtered, on a schematic map of Wenzhou."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from flask import current_app, flash, redirect, render_template, request, send_file, url_for
from markupsafe import Markup, escape

from api.sites.routes import brochure_response
from api.sites.schemas import SiteQuerySchema
from models.errors import Conflict, InvalidInput, NotFound
from models.project import SpaceType
from models.reference import District
from models.reference_service import lookups
from models.site import Site, SiteKind
from models.site_service import get_site_or_raise, list_sites
from services.maps import base_map
from services.photos import MAX_PHOTOS, add_photo, delete_photo, photo_path

from .common import STAFF, bp, paginate_query, roles_required, session
from .forms import load_or_errors

FILTERS = ("q", "kind", "district", "space_type", "industry")
# Space criteria, checked by the API's query schema and met together by one offer (see list_sites).
CRITERIA = ("area_min", "area_max", "power_kva", "clear_height", "rent_max", "available_by", "admission")


def map_svg(points: list[tuple[int, str, str, float, float]]) -> Markup:
    """The district outlines with one dot per site (id, name, kind, lat, lon), labelled 示意图."""
    m = base_map()
    names = lookups(session()).district_names
    parts = [f'<svg viewBox="-10 -10 {m.width + 20} {m.height + 20}" role="img" aria-label="温州空间资源示意图">']
    for code, path, _, _ in m.districts:
        if path:
            parts.append(f'<path d="{path}"><title>{escape(names.get(code, code))}</title></path>')
    for site_id, name, kind, lat, lon in points:
        x, y = m.project(lon, lat)
        parts.append(f'<a href="/sites/{site_id}"><circle class="{kind}" cx="{x}" cy="{y}" r="8">'
                     f'<title>{escape(name)}</title></circle></a>')
    # Names over the dots (with a halo), so a cluster of sites does not hide its district's name.
    for code, _, x, y in m.districts:
        parts.append(f'<text x="{x}" y="{y}" text-anchor="middle">{escape(names.get(code, code))}</text>')
    parts.append(f'<text class="note" x="{m.width - 10}" y="{m.height}" text-anchor="end">示意图 · 边界仅供参考</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def _filters() -> tuple[dict, dict, dict]:
    shown = {name: (request.args.get(name) or "").strip() for name in FILTERS + CRITERIA}
    criteria, errors = load_or_errors(SiteQuerySchema(), {k: shown[k][:40] for k in CRITERIA if shown[k]})
    query: dict = {k: v for k, v in (criteria or {}).items() if k in CRITERIA}
    if shown["q"]:
        query["q"] = shown["q"][:100]
    if shown["kind"] in SiteKind.__members__:
        query["kind"] = SiteKind(shown["kind"])
    if shown["space_type"] in SpaceType.__members__:
        query["space_type"] = SpaceType(shown["space_type"])
    if shown["district"]:
        query["district"] = shown["district"]
    if shown["industry"]:
        query["industry"] = shown["industry"][:5]
    return shown, query, errors


@bp.route("/sites")
@roles_required(*STAFF)
def sites():
    """Sites with their offers, filtered by district, kind, space type and industry, and the map."""
    db = session()
    shown, query, errors = _filters()
    try:
        base = list_sites(session=db, **query)
    except InvalidInput:
        shown["district"] = ""
        query.pop("district")
        base = list_sites(session=db, **query)
    page = paginate_query(base)
    located = base.where(Site.lat.is_not(None)).with_only_columns(Site.id, Site.name, Site.kind, Site.lat, Site.lon)
    points = [(i, name, kind.value, lat, lon) for i, name, kind, lat, lon in db.execute(located)]
    districts = db.execute(sa.select(District.code, District.name).order_by(District.position, District.code)).all()
    return render_template("web/sites.html", page=page, shown=shown, districts=districts, errors=errors,
                           map=map_svg(points), mapped=len(points))


@bp.route("/sites/<int:site_id>")
@roles_required(*STAFF)
def site(site_id: int):
    """A site and the space it offers."""
    item = get_site_or_raise(site_id, session=session())
    return render_template("web/site.html", s=item, max_photos=MAX_PHOTOS)


@bp.route("/sites/<int:site_id>/brochure.pdf")
@roles_required(*STAFF)
def site_brochure_file(site_id: int):
    """The site's brochure, as the API serves it."""
    db = session()
    return brochure_response(get_site_or_raise(site_id, session=db), db)


def _photo_folder() -> Path:
    return Path(current_app.config["PHOTO_DIR"])


@bp.route("/sites/<int:site_id>/photos", methods=["POST"])
@roles_required(*STAFF)
def site_photo_add(site_id: int):
    """Upload a photo: checked by its content, stripped of metadata and shrunk (services/photos.py)."""
    db = session()
    site = get_site_or_raise(site_id, session=db)
    upload = request.files.get("photo")
    try:
        if upload is None or not upload.filename:
            raise InvalidInput({"photo": ["请选择一张照片"]})
        add_photo(site, upload.stream, folder=_photo_folder(), session=db)
        db.commit()
        flash("已上传照片", "success")
    except (InvalidInput, Conflict) as exc:
        db.rollback()
        flash(exc.errors["photo"][0] if isinstance(exc, InvalidInput) else exc.detail, "error")
    return redirect(url_for("web.site", site_id=site_id) + "#photos")


@bp.route("/sites/<int:site_id>/photos/<int:photo_id>/delete", methods=["POST"])
@roles_required(*STAFF)
def site_photo_delete(site_id: int, photo_id: int):
    db = session()
    delete_photo(get_site_or_raise(site_id, session=db), photo_id, folder=_photo_folder(), session=db)
    db.commit()
    flash("已删除照片", "success")
    return redirect(url_for("web.site", site_id=site_id) + "#photos")


@bp.route("/sites/<int:site_id>/photos/<int:photo_id>.jpg")
@roles_required(*STAFF)
def site_photo_file(site_id: int, photo_id: int):
    site = get_site_or_raise(site_id, session=session(), include_archived=True)
    photo = next((p for p in site.photos if p.id == photo_id), None)
    if photo is None:
        raise NotFound(f"照片 {photo_id} 不存在")
    return send_file(photo_path(_photo_folder(), photo), mimetype="image/jpeg", max_age=3600)
