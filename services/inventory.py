"""The bridge from the database to the ranking engine: projects and offers as plain records.

The fitted index built from these records, and when it is rebuilt, is in `services.state`.
"""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from matching.types import OfferRecord, ProjectNeed, Taxonomy
from models.chain_service import chain_links
from models.incubator import Incubator
from models.project import Project, StageChange, Status
from models.reference import Industry
from models.reference_service import lookups
from models.site import Offer, Site


def offer_record(offer: Offer, site: Site) -> OfferRecord:
    """An offer as the ranking engine takes it."""
    return OfferRecord(
        id=offer.id, site_id=site.id, site_name=site.name, site_kind=site.kind.value, district=site.district_code,
        industries=tuple(site.industries), description=site.description, space_type=offer.space_type.value,
        available_area=offer.available_area, min_area=offer.min_area, max_area=offer.max_area, rent=offer.rent,
        available_from=offer.available_from, floor_load=offer.floor_load, clear_height=offer.clear_height,
        power_kva=offer.power_kva, clean_room=offer.clean_room, hazardous_allowed=offer.hazardous_allowed,
        lead_time_days=offer.lead_time_days, admission=site.admission.value,
    )


def project_need(project: Project, home_district: str) -> ProjectNeed | None:
    """A project as the ranking engine takes it, or None without a space need."""
    need = project.space_need
    if need is None:
        return None
    return ProjectNeed(
        id=project.id, name=project.name, description=project.description, industries=tuple(project.industries),
        space_type=need["space_type"].value, area_min=need["area_min"], area_max=need["area_max"],
        needed_by=need["needed_by"], power_kva=need["power_kva"], floor_load=need["floor_load"],
        clear_height=need["clear_height"], clean_room=bool(need["clean_room"]), hazardous=bool(need["hazardous"]),
        max_rent=need["max_rent"], home_district=home_district, preferred_districts=tuple(project.preferred_districts),
    )


def active_offer_records(*, session: Session, site_ids: list[int] | None = None) -> list[OfferRecord]:
    """Every offer on the market (of the given sites), as records."""
    query = (
        sa.select(Site)
        .where(Site.archived_at.is_(None))
        .options(selectinload(Site.all_offers), selectinload(Site.industry_links))
        .order_by(Site.id)
    )
    if site_ids is not None:
        query = query.where(Site.id.in_(site_ids))
    return [offer_record(offer, site) for site in session.scalars(query) for offer in site.offers]


def load_taxonomy(*, session: Session) -> Taxonomy:
    """Industry and district names and the chains, from the database."""
    return Taxonomy(
        industry_names={code: name for code, name in session.execute(sa.select(Industry.code, Industry.name))},
        district_names=dict(lookups(session).district_names),
        chain_links=chain_links(session=session),
    )


def select_projects(
    *, session: Session, project_ids: list[int] | None = None, district: str | None = None,
    industry: str | None = None, incubator_id: int | None = None, graduated_since: date | None = None,
    status: Status = Status.graduated,
) -> list[tuple[Project, str]]:
    """Graduated projects seeking a site (with a space need), and their incubator's district.

    `status=Status.signed` gives those the same filter would take had they not signed already.
    """
    query = (
        sa.select(Project, Incubator.district_code)
        .join(Incubator, Project.incubator_id == Incubator.id)
        .where(Project.status == status, Project.need_space_type.is_not(None))
        .order_by(Project.id)
    )
    if project_ids is not None:
        query = query.where(Project.id.in_(project_ids))
    if district:
        query = query.where(Incubator.district_code == district)
    if incubator_id:
        query = query.where(Project.incubator_id == incubator_id)
    if graduated_since:
        graduated = sa.select(StageChange.project_id).where(
            StageChange.action == "graduate", sa.func.date(StageChange.at) >= graduated_since.isoformat())
        query = query.where(Project.id.in_(graduated))
    rows = [(project, district) for project, district in session.execute(query)]
    if industry:
        rows = [(p, d) for p, d in rows if any(code.startswith(industry) for code in p.industries)]
    return rows


def graduated_needs(*, session: Session) -> list[ProjectNeed]:
    """The graduated projects seeking a site that have stated a space need."""
    return [project_need(project, district) for project, district in select_projects(session=session)]
