"""空间资源维护: promotion staff create, edit and archive sites and their offers.

Validated by the API's schemas and the same domain services; an edit made from a page
someone has since saved is refused with the version check the API uses.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask import flash, make_response, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.datastructures import MultiDict

from api.common import check_version
from api.sites.schemas import OfferCreateSchema, SiteCreateSchema
from models.errors import Conflict
from models.reference import District
from models.site import Offer, Site
from models.site_service import (
    add_offer,
    archive_offer,
    archive_site,
    create_site,
    get_offer_or_raise,
    get_site_or_raise,
    update_offer,
    update_site,
)

from .common import STAFF, bp, is_htmx, roles_required, save, session
from .forms import flat_input, load_whole, location_input

SITE_FIELDS = ("kind", "name", "district")  # required: a blank one is reported as 必填
SITE_TEXTS = ("description", "contact_name", "contact_phone")
OFFER_FIELDS = ("ref", "space_type", "available_area", "min_area", "max_area", "rent", "available_from",
                "floor_load", "clear_height", "power_kva", "lead_time_days")
OFFER_FLAGS = ("clean_room", "hazardous_allowed")
# The site's own fields; offers have their own form.
SITE_SCHEMA = SiteCreateSchema(exclude=("offers",))
OFFER_SCHEMA = OfferCreateSchema()


def _site_input(site: Site | None) -> tuple[dict | None, dict]:
    data, blanks = flat_input(request.form, SITE_FIELDS, texts=SITE_TEXTS, flags=("state_owned",),
                              lists=("industries",))
    data["admission"] = (request.form.get("admission") or "open").strip()
    location_input(request.form, data, creating=site is None)
    return load_whole(SITE_SCHEMA, data, blanks, version=request.form.get("version") if site else None)


def _offer_input(offer: Offer | None) -> tuple[dict | None, dict]:
    data, blanks = flat_input(request.form, OFFER_FIELDS, flags=OFFER_FLAGS)
    return load_whole(OFFER_SCHEMA, data, blanks, version=request.form.get("version") if offer else None)


def _readable(errors: dict[str, list[str]]) -> dict[str, list[str]]:
    """Errors about the site's offers (a kind change that no longer suits them) under '_schema'."""
    out: dict[str, list[str]] = {}
    for path, messages in errors.items():
        if path.startswith("offers."):
            ref = path.split(".")[1]
            out.setdefault("_schema", []).extend(f"空间 {ref}：{m}" for m in messages)
        else:
            out.setdefault(path, []).extend(messages)
    return out


def _site_values(site: Site | None) -> MultiDict:
    if site is None:
        return MultiDict({"kind": "park"})
    values = MultiDict({
        "kind": site.kind.value, "name": site.name, "district": site.district_code,
        "description": site.description or "", "admission": site.admission.value,
        "contact_name": site.contact_name, "contact_phone": site.contact_phone,
        "location.lat": "" if site.lat is None else site.lat, "location.lon": "" if site.lon is None else site.lon,
        "state_owned": "on" if site.state_owned else "", "version": site.version,
    })
    for code in site.industries:
        values.add("industries", code)
    return values


def _offer_values(offer: Offer | None) -> MultiDict:
    if offer is None:
        return MultiDict({"space_type": "plant"})
    values = MultiDict({name: "" if getattr(offer, name) is None else getattr(offer, name) for name in OFFER_FIELDS})
    values["space_type"] = offer.space_type.value
    values["available_from"] = offer.available_from.isoformat() if offer.available_from else ""
    for flag in OFFER_FLAGS:
        if getattr(offer, flag):
            values[flag] = "on"
    values["version"] = offer.version
    return values


def _render_site_form(site: Site | None, values, errors: dict, status: int = 200):
    districts = session().execute(sa.select(District.code, District.name).order_by(District.position, District.code)).all()
    return render_template("web/site_form.html", s=site, values=values, errors=errors, districts=districts), status


def _render_offer_form(site: Site, offer: Offer | None, values, errors: dict, status: int = 200):
    return render_template("web/offer_form.html", s=site, o=offer, values=values, errors=errors), status


def _go(url: str):
    """To `url`, also when htmx sent the form (htmx follows HX-Redirect, not a 302)."""
    if is_htmx():
        response = make_response("", 204)
        response.headers["HX-Redirect"] = url
        return response
    return redirect(url)


def _saved(message: str, url: str):
    flash(message, "success")
    return _go(url)


def _archive(obj: Site | Offer, archive) -> dict[str, list[str]]:
    """Archive from a 下架 button: refused if the page showed an older version, or by the domain."""
    def change():
        check_version(obj, {"version": request.form.get("version", type=int)})
        archive(obj, actor=current_user.username, session=session())

    return save(change)[1]


def _refused(errors: dict[str, list[str]], url: str):
    """Back to `url` with why a button's change was refused."""
    for messages in errors.values():
        for message in messages:
            flash(message, "error")
    return _go(url)


def _stale(obj, loaded: dict) -> str | None:
    """The message for a form filled from an older version, or None."""
    try:
        check_version(obj, loaded)
    except Conflict as exc:
        return exc.detail
    return None


@bp.route("/sites/new", methods=["GET", "POST"])
@roles_required(*STAFF)
def site_new():
    """Register a site; its offers are added on its page."""
    if request.method == "GET":
        return _render_site_form(None, _site_values(None), {})
    loaded, errors = _site_input(None)
    if not errors:
        created, errors = save(lambda: create_site(loaded, session=session()), conflict_field="name")
        errors = _readable(errors)
        if not errors:
            flash(f"已登记落地空间：{created.name}。请添加可提供的空间。", "success")
            return redirect(url_for("web.site_offer_new", site_id=created.id))
    return _render_site_form(None, request.form, errors, 422)


@bp.route("/sites/<int:site_id>/edit", methods=["GET", "POST"])
@roles_required(*STAFF)
def site_edit(site_id: int):
    """Change a site's own fields."""
    db = session()
    site = get_site_or_raise(site_id, session=db)
    if request.method == "GET":
        return _render_site_form(site, _site_values(site), {})
    loaded, errors = _site_input(site)
    status = 422
    if not errors and (stale := _stale(site, loaded)):
        errors, status = {"_schema": [stale]}, 409
    if not errors:
        _, errors = save(lambda: update_site(site, loaded, session=db), conflict_field="name")
        errors = _readable(errors)
        if not errors:
            return _saved("已保存", url_for("web.site", site_id=site.id))
    return _render_site_form(site, request.form, errors, status)


@bp.route("/sites/<int:site_id>/archive", methods=["POST"])
@roles_required(*STAFF)
def site_archive(site_id: int):
    """Take a site and its offers off the market; the record stays for history."""
    db = session()
    site = get_site_or_raise(site_id, session=db)
    if errors := _archive(site, archive_site):
        return _refused(errors, url_for("web.site", site_id=site.id))
    return _saved(f"已下架：{site.name}", url_for("web.sites"))


@bp.route("/sites/<int:site_id>/offers/new", methods=["GET", "POST"])
@roles_required(*STAFF)
def site_offer_new(site_id: int):
    """Add space to a site."""
    db = session()
    site = get_site_or_raise(site_id, session=db)
    if request.method == "GET":
        return _render_offer_form(site, None, _offer_values(None), {})
    loaded, errors = _offer_input(None)
    if not errors:
        offer, errors = save(lambda: add_offer(site, loaded, session=db), conflict_field="ref")
        if not errors:
            return _saved(f"已添加空间 {offer.ref}", url_for("web.site", site_id=site.id))
    return _render_offer_form(site, None, request.form, errors, 422)


@bp.route("/sites/<int:site_id>/offers/<int:offer_id>/edit", methods=["GET", "POST"])
@roles_required(*STAFF)
def site_offer_edit(site_id: int, offer_id: int):
    """Change an offer (area, rent, dates, specifications)."""
    db = session()
    site = get_site_or_raise(site_id, session=db)
    offer = get_offer_or_raise(site, offer_id, session=db)
    if request.method == "GET":
        return _render_offer_form(site, offer, _offer_values(offer), {})
    loaded, errors = _offer_input(offer)
    status = 422
    if not errors and (stale := _stale(offer, loaded)):
        errors, status = {"_schema": [stale]}, 409
    if not errors:
        _, errors = save(lambda: update_offer(offer, loaded, session=db), conflict_field="ref")
        if not errors:
            return _saved(f"已保存空间 {offer.ref}", url_for("web.site", site_id=site.id))
    return _render_offer_form(site, offer, request.form, errors, status)


@bp.route("/sites/<int:site_id>/offers/<int:offer_id>/archive", methods=["POST"])
@roles_required(*STAFF)
def site_offer_archive(site_id: int, offer_id: int):
    """Take an offer off the market; it stays in the site's history."""
    db = session()
    site = get_site_or_raise(site_id, session=db)
    offer = get_offer_or_raise(site, offer_id, session=db)
    url = url_for("web.site", site_id=site.id)
    if errors := _archive(offer, archive_offer):
        return _refused(errors, url)
    return _saved(f"已下架空间 {offer.ref}", url)
