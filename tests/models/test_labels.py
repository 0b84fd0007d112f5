"""Every coded value a staff member can see has its Chinese name in the one table."""

import pytest

from models import labels
from models.event import EventKind
from models.incubator import IncubatorLevel
from models.match import MatchAction, MatchStatus
from models.project import Action, SpaceType, Stage, Status
from models.site import SiteKind
from models.user import Role


@pytest.mark.parametrize(("enum", "names"), [
    (Stage, labels.STAGE_NAMES),
    (Status, labels.STATUS_NAMES),
    (Action, labels.ACTION_NAMES),
    (SiteKind, labels.SITE_KIND_NAMES),
    (SpaceType, labels.SPACE_TYPE_NAMES),
    (MatchStatus, labels.MATCH_STATUS_NAMES),
    (MatchAction, labels.MATCH_ACTION_NAMES),
    (EventKind, labels.EVENT_KIND_NAMES),
    (Role, labels.ROLE_NAMES),
    (IncubatorLevel, labels.INCUBATOR_LEVEL_NAMES),
])
def test_each_value_has_exactly_one_name(enum, names):
    assert set(names) == {member.value for member in enum}
    assert all(name.strip() for name in names.values())
