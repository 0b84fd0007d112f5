"""Landing sites (districts, parks, custom plants) and the space they offer."""

from __future__ import annotations

import enum
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, UTCDateTime, enum_column_type, utcnow
from .project import SpaceType
from .reference import District


class SiteKind(enum.StrEnum):
    district = "district"
    park = "park"
    custom_plant = "custom_plant"


class Admission(enum.StrEnum):
    """Which industries a site admits (产业准入); the rules are in matching.admission."""

    open = "open"
    chain = "chain"
    listed = "listed"


# A rough WGS-84 box around China: enough to catch swapped or mistyped coordinates.
CHINA_LAT = (18.0, 54.0)
CHINA_LON = (73.0, 135.5)


class SiteIndustry(Base):
    """One of a site's leading industries, in the order given."""

    __tablename__ = "site_industries"

    site_id: Mapped[int] = mapped_column(sa.ForeignKey("sites.id", ondelete="CASCADE"), primary_key=True)
    industry_code: Mapped[str] = mapped_column(sa.ForeignKey("industries.code"), primary_key=True, index=True)
    position: Mapped[int] = mapped_column(default=0)


class SitePhoto(Base):
    """A photo of a site, kept as a file in the instance folder; the row holds what was checked."""

    __tablename__ = "site_photos"
    __table_args__ = (sa.CheckConstraint("width > 0 AND height > 0 AND size_bytes > 0", name="site_photo_size"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(sa.ForeignKey("sites.id", ondelete="CASCADE"), index=True)
    file: Mapped[str] = mapped_column(sa.String(64), unique=True)
    width: Mapped[int]
    height: Mapped[int]
    size_bytes: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Site(Base):
    """A place a graduating project can land: a district's land, a park, or a custom-built plant."""

    __tablename__ = "sites"
    __table_args__ = (
        sa.CheckConstraint(f"lat IS NULL OR lat BETWEEN {CHINA_LAT[0]} AND {CHINA_LAT[1]}", name="lat"),
        sa.CheckConstraint(f"lon IS NULL OR lon BETWEEN {CHINA_LON[0]} AND {CHINA_LON[1]}", name="lon"),
        sa.CheckConstraint("(lat IS NULL) = (lon IS NULL)", name="lat_lon_together"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[SiteKind] = mapped_column(enum_column_type(SiteKind, "site_kind"), index=True)
    name: Mapped[str] = mapped_column(sa.String(100), unique=True)
    district_code: Mapped[str] = mapped_column(sa.ForeignKey("districts.code"), index=True)
    state_owned: Mapped[bool] = mapped_column(default=False)
    admission: Mapped[Admission] = mapped_column(
        enum_column_type(Admission, "site_admission"), default=Admission.open, server_default="open")
    lat: Mapped[float | None] = mapped_column(sa.Float)
    lon: Mapped[float | None] = mapped_column(sa.Float)
    description: Mapped[str] = mapped_column(sa.Text, default="")
    # Whom a company calls about the site (printed on its brochure).
    contact_name: Mapped[str] = mapped_column(sa.String(40), default="", server_default="")
    contact_phone: Mapped[str] = mapped_column(sa.String(30), default="", server_default="")
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    __mapper_args__ = {"version_id_col": version}

    district: Mapped[District] = relationship(lazy="joined")
    industry_links: Mapped[list[SiteIndustry]] = relationship(
        order_by=SiteIndustry.position, cascade="all, delete-orphan", lazy="selectin"
    )
    photos: Mapped[list[SitePhoto]] = relationship(order_by=SitePhoto.id, cascade="all, delete-orphan", lazy="selectin")
    all_offers: Mapped[list[Offer]] = relationship(
        back_populates="site", order_by="Offer.id", cascade="all, delete-orphan", lazy="selectin"
    )

    @property
    def industries(self) -> list[str]:
        return [link.industry_code for link in self.industry_links]

    @property
    def offers(self) -> list[Offer]:
        """The offers still on the market (archived ones are kept for history)."""
        return [offer for offer in self.all_offers if offer.archived_at is None]

    @property
    def location(self) -> dict[str, float] | None:
        if self.lat is None or self.lon is None:
            return None
        return {"lat": self.lat, "lon": self.lon}


class Offer(Base):
    """Space a site offers: its type, how much, its technical attributes, rent and timing."""

    __tablename__ = "offers"
    __table_args__ = (
        sa.UniqueConstraint("site_id", "ref", name="uq_offers_site_ref"),
        sa.CheckConstraint("available_area >= 0", name="available_area"),
        sa.CheckConstraint("min_area IS NULL OR min_area > 0", name="min_area"),
        sa.CheckConstraint("max_area IS NULL OR max_area > 0", name="max_area"),
        sa.CheckConstraint(
            "min_area IS NULL OR max_area IS NULL OR min_area <= max_area", name="min_le_max"
        ),
        sa.CheckConstraint("rent IS NULL OR rent >= 0", name="rent"),
        sa.CheckConstraint("floor_load IS NULL OR floor_load > 0", name="floor_load"),
        sa.CheckConstraint("clear_height IS NULL OR clear_height > 0", name="clear_height"),
        sa.CheckConstraint("power_kva IS NULL OR power_kva >= 0", name="power_kva"),
        sa.CheckConstraint("lead_time_days IS NULL OR lead_time_days >= 0", name="lead_time_days"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(sa.ForeignKey("sites.id", ondelete="CASCADE"), index=True)
    ref: Mapped[str] = mapped_column(sa.String(40))
    space_type: Mapped[SpaceType] = mapped_column(enum_column_type(SpaceType, "offer_space_type"), index=True)
    available_area: Mapped[float] = mapped_column(sa.Float)
    min_area: Mapped[float | None] = mapped_column(sa.Float)
    max_area: Mapped[float | None] = mapped_column(sa.Float)
    rent: Mapped[float | None] = mapped_column(sa.Float)
    available_from: Mapped[date | None]
    floor_load: Mapped[float | None] = mapped_column(sa.Float)
    clear_height: Mapped[float | None] = mapped_column(sa.Float)
    power_kva: Mapped[float | None] = mapped_column(sa.Float)
    clean_room: Mapped[bool] = mapped_column(default=False)
    hazardous_allowed: Mapped[bool] = mapped_column(default=False)
    lead_time_days: Mapped[int | None]
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    __mapper_args__ = {"version_id_col": version}

    site: Mapped[Site] = relationship(back_populates="all_offers")


OFFER_FIELDS = (
    "space_type",
    "available_area",
    "min_area",
    "max_area",
    "rent",
    "available_from",
    "floor_load",
    "clear_height",
    "power_kva",
    "clean_room",
    "hazardous_allowed",
    "lead_time_days",
)
