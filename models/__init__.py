"""SQLAlchemy models of Matchmaker and the domain rules that guard them. No Flask here.

Every aggregate has two modules: ``<aggregate>.py`` holds its tables, enums and the rules that
guard its data (a project's stage machine, a match's steps), and ``<aggregate>_service.py`` the
functions that read and change it through a session (``get_<x>_or_raise``, create, update,
list, ...): carrier (spaces, placements, hand-overs), chain, event, fund, incubator, match, performance (financings, yearly figures), project, reference, site, user. The rest is
shared by all of them: ``base`` (declarative base, clock), ``db`` (engines and sessions),
``errors`` (domain errors), ``labels`` (Chinese names), ``audit`` (the trail every change
writes), ``versioning`` (data-version stamps) and ``outcomes`` (read-only programme figures).
"""

from .audit import AuditEntry
from .base import Base
from .carrier import CarrierSpaceType, Placement, Space, Transfer, TransferStatus
from .chain import ChainLink
from .event import Event, EventKind, EventReport
from .fund import FundIntention
from .incubator import (
    Incubator,
    IncubatorIndustry,
    IncubatorKind,
    IncubatorLevel,
    IncubatorStage,
)
from .match import Match, MatchAction, MatchStatus, MatchStep
from .performance import AnnualFigures, Financing
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
from .reference import District, Industry, IndustryLevel, PlanTarget
from .site import Admission, Offer, Site, SiteIndustry, SiteKind
from .user import ApiToken, Role, User
from .versioning import DataVersion
from .weights import MatchWeights

__all__ = [
    "Action",
    "Admission",
    "AnnualFigures",
    "ApiToken",
    "AuditEntry",
    "Base",
    "CarrierSpaceType",
    "ChainLink",
    "DataVersion",
    "District",
    "Event",
    "EventKind",
    "EventReport",
    "Financing",
    "FundIntention",
    "Incubator",
    "IncubatorIndustry",
    "IncubatorKind",
    "IncubatorLevel",
    "IncubatorStage",
    "Industry",
    "IndustryLevel",
    "Match",
    "MatchAction",
    "MatchStatus",
    "MatchStep",
    "MatchWeights",
    "Offer",
    "Placement",
    "PlanTarget",
    "Project",
    "ProjectDistrict",
    "ProjectIndustry",
    "Role",
    "Site",
    "SiteIndustry",
    "SiteKind",
    "Space",
    "SpaceType",
    "Stage",
    "StageChange",
    "Status",
    "Transfer",
    "TransferStatus",
    "User",
]
