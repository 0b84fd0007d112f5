"""Keeping the inventory of landing sites and their offers."""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from .base import utcnow
from .errors import Conflict, InvalidInput, NotFound
from .match_service import clear_matches_for_archiving
from .project import SpaceType
from .reference_service import lookups
from .site import OFFER_FIELDS, Admission, Offer, Site, SiteIndustry, SiteKind
from .versioning import INVENTORY, bump_version


def get_site_or_raise(site_id: int, *, session: Session, include_archived: bool = False) -> Site:
    """The site with this id, or `NotFound` (also for an archived one unless asked)."""
    site = session.get(Site, site_id)
    if site is None or (site.archived_at is not None and not include_archived):
        raise NotFound(f"落地空间 {site_id} 不存在")
    return site


def get_offer_or_raise(site: Site, offer_id: int, *, session: Session) -> Offer:
    """An offer of this site that is still on the market, or `NotFound`."""
    offer = session.get(Offer, offer_id)
    if offer is None or offer.site_id != site.id or offer.archived_at is not None:
        raise NotFound(f"空间 {offer_id} 不属于落地空间 {site.id} 或不存在")
    return offer


def _apply_site(site: Site, data: dict[str, Any], *, session: Session) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if "name" in data:
        duplicate = session.scalar(sa.select(Site.id).where(Site.name == data["name"], Site.id != site.id))
        if duplicate is not None:
            raise Conflict(f"已有同名落地空间：{data['name']}（编号 {duplicate}）")
        site.name = data["name"]
    for name in ("kind", "state_owned", "admission", "description", "contact_name", "contact_phone"):
        if name in data:
            setattr(site, name, data[name])
    if "location" in data:
        location = data["location"] or {}
        site.lat, site.lon = location.get("lat"), location.get("lon")
    if "district" in data:
        try:
            site.district_code = lookups(session).district_code(data["district"])
        except InvalidInput as exc:
            errors.update(exc.errors)
    if "industries" in data:
        try:
            codes = lookups(session).industry_codes(data["industries"], field="industries")
            site.industry_links = [SiteIndustry(industry_code=c, position=i) for i, c in enumerate(codes)]
        except InvalidInput as exc:
            errors.update(exc.errors)
    return errors


def _apply_offer(offer: Offer, data: dict[str, Any], kind: SiteKind, prefix: str) -> dict[str, list[str]]:
    for name in OFFER_FIELDS:
        if name in data:
            setattr(offer, name, data[name])
    if "ref" in data and data["ref"]:
        offer.ref = data["ref"]
    if kind is SiteKind.custom_plant and offer.available_area is None and offer.max_area is not None:
        offer.available_area = offer.max_area  # a plant built to order can be as large as it may be built
    return offer_errors(offer, kind, prefix)


def offer_errors(offer: Offer, kind: SiteKind, prefix: str = "") -> dict[str, list[str]]:
    """What is wrong with an offer as a whole, keyed by field path under `prefix`."""
    errors: dict[str, list[str]] = {}
    if offer.space_type is None:
        errors[f"{prefix}space_type"] = ["缺少空间类型"]
    if offer.available_area is None:
        errors[f"{prefix}available_area"] = ["缺少可用面积"]
    if offer.min_area is not None and offer.max_area is not None and offer.min_area > offer.max_area:
        errors[f"{prefix}max_area"] = ["最大面积不能小于最小面积"]
    if kind is SiteKind.custom_plant:
        for name, label in (("min_area", "最小面积"), ("max_area", "最大面积")):
            if getattr(offer, name) is None:
                errors[f"{prefix}{name}"] = [f"定制厂房必须给出可建{label}"]
        if offer.space_type not in (None, SpaceType.plant):
            errors[f"{prefix}space_type"] = ["定制厂房只能提供厂房"]
    return errors


def _next_ref(site: Site) -> str:
    numbers = [int(o.ref) for o in site.all_offers if o.ref and o.ref.isdigit()]
    return str(max(numbers, default=0) + 1)


def create_site(data: dict[str, Any], *, session: Session) -> Site:
    """Register a site with its offers, all checked before anything is written."""
    site = Site()
    errors = _apply_site(site, data, session=session)
    # The API's schema requires these; an import row may lack them beside other problems.
    errors.update({name: ["必填"] for name in ("kind", "name", "district") if name not in data})
    for i, offer_data in enumerate(data.get("offers", [])):
        offer = Offer(ref=offer_data.get("ref") or str(i + 1))
        errors.update(_apply_offer(offer, offer_data, site.kind, f"offers.{i}."))
        site.all_offers.append(offer)
    refs = [o.ref for o in site.all_offers]
    if len(set(refs)) != len(refs):
        errors["offers"] = ["同一落地空间内的空间编号（ref）不能重复"]
    if errors:
        raise InvalidInput(errors)
    session.add(site)
    bump_version(INVENTORY, session=session)
    session.flush()
    return site


def update_site(site: Site, data: dict[str, Any], *, session: Session) -> Site:
    """Change a site's own fields; its offers change through their own calls."""
    errors = _apply_site(site, data, session=session)
    if "kind" in data:
        for offer in site.offers:
            errors.update(offer_errors(offer, site.kind, f"offers.{offer.ref}."))
    if errors:
        raise InvalidInput(errors)
    bump_version(INVENTORY, session=session)
    session.flush()
    return site


def archive_site(site: Site, *, actor: str, session: Session) -> None:
    """Take a site and its offers off the market, keeping them for history.

    Refused (`Conflict`) while a project has signed for any of its offers; open matches on
    them are dropped, since they could never be signed.
    """
    clear_matches_for_archiving(site.offers, actor=actor, session=session)
    now = utcnow()
    site.archived_at = now
    for offer in site.offers:
        offer.archived_at = now
    bump_version(INVENTORY, session=session)
    session.flush()


def add_offer(site: Site, data: dict[str, Any], *, session: Session) -> Offer:
    """Add space to a site."""
    ref = data.get("ref") or _next_ref(site)
    if any(o.ref == ref for o in site.all_offers):
        raise Conflict(f"落地空间「{site.name}」已有编号为 {ref} 的空间")
    offer = Offer(ref=ref)
    errors = _apply_offer(offer, data, site.kind, "")
    if errors:
        raise InvalidInput(errors)
    site.all_offers.append(offer)
    bump_version(INVENTORY, session=session)
    session.flush()
    return offer


def update_offer(offer: Offer, data: dict[str, Any], *, session: Session) -> Offer:
    """Change the given fields of an offer; the result must still be a valid offer."""
    if data.get("ref") and data["ref"] != offer.ref and any(o.ref == data["ref"] for o in offer.site.all_offers):
        raise Conflict(f"已有编号为 {data['ref']} 的空间")
    errors = _apply_offer(offer, data, offer.site.kind, "")
    if errors:
        raise InvalidInput(errors)
    bump_version(INVENTORY, session=session)
    session.flush()
    return offer


def archive_offer(offer: Offer, *, actor: str, session: Session) -> None:
    """Take an offer off the market, keeping it for history; refused while a project has signed for it."""
    clear_matches_for_archiving([offer], actor=actor, session=session)
    offer.archived_at = utcnow()
    bump_version(INVENTORY, session=session)
    session.flush()


def offer_availability(offer_ids: list[int], *, session: Session) -> dict[int, tuple[float, int]]:
    """Each offer's available area and version: what signings and releases change."""
    query = sa.select(Offer.id, Offer.available_area, Offer.version).where(Offer.id.in_(offer_ids))
    return {row.id: (row.available_area, row.version) for row in session.execute(query)}


def list_sites(
    *,
    session: Session,
    kind: SiteKind | None = None,
    district: str | None = None,
    industry: str | None = None,
    space_type: SpaceType | None = None,
    q: str | None = None,
    include_archived: bool = False,
    area_min: float | None = None,
    area_max: float | None = None,
    power_kva: float | None = None,
    clear_height: float | None = None,
    rent_max: float | None = None,
    available_by: date | None = None,
    admission: Admission | None = None,
) -> sa.Select[tuple[Site]]:
    """A query of sites, filtered, ordered by id.

    The space criteria hold for one and the same live offer: it has at least `area_min` free, can
    be let in a unit no larger than `area_max`, has the power and clear height asked for, a known
    rent within `rent_max`, and is available by `available_by` (no date means available now).
    """
    query = sa.select(Site).order_by(Site.id)
    if not include_archived:
        query = query.where(Site.archived_at.is_(None))
    if kind is not None:
        query = query.where(Site.kind == kind)
    if admission is not None:
        query = query.where(Site.admission == admission)
    if district:
        code = lookups(session).district_code(district, field="query.district")
        query = query.where(Site.district_code == code)
    if industry:
        prefix = industry.strip().upper()
        query = query.where(
            Site.id.in_(
                sa.select(SiteIndustry.site_id).where(SiteIndustry.industry_code.startswith(prefix, autoescape=True))
            )
        )
    offers = []
    if space_type is not None:
        offers.append(Offer.space_type == space_type)
    if area_min is not None:
        offers.append(Offer.available_area >= area_min)
    if area_max is not None:
        offers.append(sa.func.coalesce(Offer.min_area, 0) <= area_max)
    if power_kva is not None:
        offers.append(Offer.power_kva >= power_kva)
    if clear_height is not None:
        offers.append(Offer.clear_height >= clear_height)
    if rent_max is not None:
        offers.append(Offer.rent <= rent_max)
    if available_by is not None:
        offers.append(sa.or_(Offer.available_from.is_(None), Offer.available_from <= available_by))
    if offers:
        query = query.where(Site.id.in_(sa.select(Offer.site_id).where(Offer.archived_at.is_(None), *offers)))
    if q:
        query = query.where(
            sa.or_(Site.name.contains(q, autoescape=True), Site.description.contains(q, autoescape=True))
        )
    return query
