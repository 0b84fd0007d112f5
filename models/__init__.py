"""SQLAlchemy models of Matchmaker and the domain rules that guard them. No Flask here."""

from .audit import AuditEntry
from .base import Base
from .chain import ChainLink
from .event import Event, EventKind, EventReport
from .fund import FundIntention
from .match import Match, MatchAction, MatchStatus, MatchStep
from .incubator import Incubator, IncubatorIndustry, IncubatorLevel
from .project import (
    Action,
    Project,
    ProjectDistrict,
    ProjectIndustry,
    SpaceType,
    Stage,
    StageChange,
    Status,
)
from .reference import District, PlanTarget, Industry, IndustryLevel
from .site import Offer, Site, SiteIndustry, SiteKind
from .user import ApiToken, Role, User
from .versioning import DataVersion

__all__ = [
    "Action",
    "ApiToken",
    "AuditEntry",
    "Base",
    "ChainLink",
    "DataVersion",
    "Event",
    "EventKind",
    "EventReport",
    "FundIntention",
    "District",
    "PlanTarget",
    "Incubator",
    "IncubatorIndustry",
    "IncubatorLevel",
    "Industry",
    "IndustryLevel",
    "Match",
    "MatchAction",
    "MatchStatus",
    "MatchStep",
    "Offer",
    "Project",
    "ProjectDistrict",
    "ProjectIndustry",
    "Role",
    "Site",
    "SiteIndustry",
    "SiteKind",
    "SpaceType",
    "Stage",
    "StageChange",
    "Status",
    "User",
]
