"""Landing sites and their offers: promotion staff keep the inventory, everyone may read it."""

from __future__ import annotations

from typing import Any

from flask import Response, current_app
from flask.views import MethodView
from sqlalchemy.orm import Session

from models.site_service import (
    add_offer,
    archive_offer,
    archive_site,
    create_site,
    get_offer_or_raise,
    get_site_or_raise,
    list_sites,
    offer_availability,
    update_offer,
    update_site,
)
from models.versioning import AVAILABILITY, INVENTORY
from services.reports.brochure import site_brochure

from ..common import ID, Blueprint, check_version, content_disposition, etag, paginate
from ..context import db_session, worker_state
from ..security import ANY_ROLE, STAFF, current_user, roles
from .schemas import (
    OfferCreateSchema,
    OfferSchema,
    OfferUpdateSchema,
    SiteCreateSchema,
    SitePageSchema,
    SiteQuerySchema,
    SiteSchema,
    SiteUpdateSchema,
)

_PAGE = SitePageSchema()


def _with_current_areas(page: dict[str, Any], session: Session) -> dict[str, Any]:
    """A copy of a dumped page with its offers' areas and versions as signings left them."""
    now = offer_availability([o["id"] for site in page["items"] for o in site["offers"]], session=session)

    def offer(o: dict[str, Any]) -> dict[str, Any]:
        area, version = now.get(o["id"], (o["available_area"], o["version"]))
        return {**o, "available_area": float(area), "version": int(version)}

    items = [{**site, "offers": [offer(o) for o in site["offers"]]} for site in page["items"]]
    return {**page, "items": items}


blp = Blueprint("sites", __name__, url_prefix="/api/v1/sites", description="落地空间：区县用地、园区、定制厂房")


@blp.route("")
class Sites(MethodView):
    @roles(*ANY_ROLE)
    @blp.arguments(SiteQuerySchema, location="query")
    @blp.response(200, SitePageSchema)
    def get(self, args):
        """List sites with their offers."""
        session = db_session()
        key = tuple(sorted(args.items()))  # the list is the same for every caller

        def build() -> dict:
            filters = {k: args.pop(k) for k in list(args) if k not in ("page", "per_page")}
            return _PAGE.dump(paginate(list_sites(session=session, **filters), args, session=session))

        if args.get("area_min") is None:
            pages = worker_state().responses("sites", INVENTORY, refreshed_by=(AVAILABILITY, _with_current_areas))
        else:
            # Which sites have enough free area changes with every signing: such lists follow both stamps.
            pages = worker_state().responses("sites-by-free-area", INVENTORY, AVAILABILITY)
        return current_app.response_class(pages.body(key, build, session=session), mimetype=current_app.json.mimetype)

    @roles(*STAFF)
    @blp.arguments(SiteCreateSchema)
    @blp.response(201, SiteSchema)
    def post(self, data):
        """Register a site with its offers (staff only)."""
        session = db_session()
        site = create_site(data, session=session)
        session.commit()
        return site


@blp.route(f"/<{ID}:site_id>")
class SiteById(MethodView):
    @roles(*ANY_ROLE)
    @blp.response(200, SiteSchema)
    def get(self, site_id):
        """One site, archived ones included."""
        site = get_site_or_raise(site_id, session=db_session(), include_archived=True)
        return site, 200, etag(site)

    @roles(*STAFF)
    @blp.arguments(SiteUpdateSchema)
    @blp.response(200, SiteSchema)
    def patch(self, data, site_id):
        """Change a site's own fields."""
        session = db_session()
        site = get_site_or_raise(site_id, session=session)
        check_version(site, data)
        site = update_site(site, data, session=session)
        session.commit()
        return site, 200, etag(site)

    @roles(*STAFF)
    @blp.response(204)
    @blp.alt_response(409, description="A project has signed for one of its offers")
    def delete(self, site_id):
        """Archive a site: it leaves lists and matching, its record stays, open matches on it are dropped."""
        user = current_user()
        session = db_session()
        archive_site(get_site_or_raise(site_id, session=session), actor=user.username, session=session)
        session.commit()


@blp.route(f"/<{ID}:site_id>/brochure.pdf")
class SiteBrochure(MethodView):
    @roles(*ANY_ROLE)
    @blp.response(200, content_type="application/pdf", description="招商推介单页 (one A4 page)")
    def get(self, site_id):
        """The site's one-page brochure: description, offers, a map inset and whom to call."""
        session = db_session()
        return brochure_response(get_site_or_raise(site_id, session=session), session)


def brochure_response(site, session: Session) -> Response:
    """The brochure as a PDF download named after the site (the pages' button serves the same)."""
    response = Response(site_brochure(site, session=session), mimetype="application/pdf")
    response.headers["Content-Disposition"] = content_disposition(f"{site.name}-招商推介.pdf")
    return response


@blp.route(f"/<{ID}:site_id>/offers")
class SiteOffers(MethodView):
    @roles(*STAFF)
    @blp.arguments(OfferCreateSchema)
    @blp.response(201, OfferSchema)
    def post(self, data, site_id):
        """Add an offer to a site."""
        session = db_session()
        offer = add_offer(get_site_or_raise(site_id, session=session), data, session=session)
        session.commit()
        return offer


@blp.route(f"/<{ID}:site_id>/offers/<{ID}:offer_id>")
class SiteOfferById(MethodView):
    @roles(*STAFF)
    @blp.arguments(OfferUpdateSchema(partial=True))
    @blp.response(200, OfferSchema)
    def patch(self, data, site_id, offer_id):
        """Change an offer."""
        session = db_session()
        site = get_site_or_raise(site_id, session=session)
        offer = get_offer_or_raise(site, offer_id, session=session)
        check_version(offer, data)
        offer = update_offer(offer, data, session=session)
        session.commit()
        return offer, 200, etag(offer)

    @roles(*STAFF)
    @blp.response(204)
    @blp.alt_response(409, description="A project has signed for the offer")
    def delete(self, site_id, offer_id):
        """Take an offer off the market (kept for history); open matches on it are dropped."""
        user = current_user()
        session = db_session()
        site = get_site_or_raise(site_id, session=session)
        archive_offer(get_offer_or_raise(site, offer_id, session=session), actor=user.username, session=session)
        session.commit()
