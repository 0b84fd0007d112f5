"""SQLAlchemy models of Matchmaker and the domain rules that guard them. No Flask here."""

from .base import Base
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
from .reference import District, Industry, IndustryLevel
from .user import ApiToken, Role, User

__all__ = [
    "Action",
    "ApiToken",
    "Base",
    "District",
    "Incubator",
    "IncubatorIndustry",
    "IncubatorLevel",
    "Industry",
    "IndustryLevel",
    "Project",
    "ProjectDistrict",
    "ProjectIndustry",
    "Role",
    "SpaceType",
    "Stage",
    "StageChange",
    "Status",
    "User",
]
