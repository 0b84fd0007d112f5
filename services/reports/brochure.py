"""招商推介单页: one A4 page about a site that staff send to a company or print for a visit."""

from __future__ import annotations

import base64

import sqlalchemy as sa
from sqlalchemy.orm import Session

from models.base import wenzhou_today
from models.labels import SITE_KIND_NAMES, SPACE_TYPE_NAMES
from models.reference import Industry
from models.site import Site

from ..maps import inset_svg
from .formatting import cjk_font_path
from .page import environment
from .pdf import html_to_pdf

# What fits on the page beside the map; the rest is counted ("另有 3 处空间").
OFFERS_SHOWN = 8


def brochure_html(site: Site, *, session: Session) -> str:
    """The brochure as print HTML, everything inline (font by file URL, map as a data: URL)."""
    names = dict(session.execute(sa.select(Industry.code, Industry.name).where(Industry.code.in_(site.industries))).all())
    svg = inset_svg(site.district_code, site.lat, site.lon)
    offers = sorted(site.offers, key=lambda o: -o.available_area)
    return environment().get_template("brochure.html").render(
        site=site, kind=SITE_KIND_NAMES[site.kind.value], industries=[(c, names.get(c, "")) for c in site.industries],
        offers=offers[:OFFERS_SHOWN], more=max(0, len(offers) - OFFERS_SHOWN), space_types=SPACE_TYPE_NAMES,
        map_uri="data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode(),
        font_url=cjk_font_path().as_uri(), today=wenzhou_today(),
    )


def site_brochure(site: Site, *, session: Session) -> bytes:
    """The brochure as a one-page A4 PDF."""
    return html_to_pdf(brochure_html(site, session=session))
