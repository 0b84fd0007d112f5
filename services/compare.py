"""Offers side by side: what a staff member compares before taking a company to visit."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session, joinedload

from matching.geography import great_circle_km
from models.errors import InvalidInput, NotFound
from models.project import Project
from models.project_service import get_project_or_raise
from models.site import Offer, Site

COMPARED = (2, 4)  # the fewest and most offers a comparison takes


@dataclass(frozen=True)
class Compared:
    """An offer in a comparison, with its distance from the project's district where one is given."""

    offer: Offer
    distance_km: float | None


def compare_offers(
    offer_ids: Sequence[int], *, session: Session, project_id: int | None = None
) -> tuple[list[Compared], Project | None]:
    """The live offers `offer_ids`, in that order, and the project they are compared for (if any)."""
    ids = list(dict.fromkeys(offer_ids))
    fewest, most = COMPARED
    if not fewest <= len(ids) <= most:
        raise InvalidInput({"offer_ids": [f"请选择 {fewest}–{most} 处空间进行对比（已选 {len(ids)} 处）"]})
    found = {
        offer.id: offer
        for offer in session.scalars(
            sa.select(Offer)
            .where(Offer.id.in_(ids), Offer.archived_at.is_(None))
            .options(joinedload(Offer.site).joinedload(Site.district))
        )
    }
    if missing := [i for i in ids if i not in found]:
        raise NotFound(f"空间 {'、'.join(map(str, missing))} 不存在或已下架")
    project = get_project_or_raise(project_id, session=session) if project_id is not None else None
    home = project.incubator.district if project is not None and project.incubator is not None else None
    return [Compared(found[i], _distance(home, found[i].site)) for i in ids], project


def _distance(home, site: Site) -> float | None:
    """Km from the centre of the project's district to the site (or its district's centre)."""
    if home is None or home.lat is None or home.lon is None:
        return None
    lat, lon = (site.lat, site.lon) if site.lat is not None else (site.district.lat, site.district.lon)
    if lat is None or lon is None:
        return None
    return great_circle_km(home.lat, home.lon, lat, lon)
