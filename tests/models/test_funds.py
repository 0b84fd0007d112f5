"""The relocation flag a project carries, read in its own SELECT."""

from models.fund_service import record_intention
from models.project import Project

from ..factories import ProjectFactory


def test_the_relocation_flag_follows_the_intentions_within_one_session(db):
    project = ProjectFactory()
    assert project.relocation_risk is False
    record_intention({"project_id": project.id, "fund_name": "本地基金", "relocate_out": False}, actor="test", session=db)
    assert project.relocation_risk is False
    record_intention({"project_id": project.id, "fund_name": "外地基金", "relocate_out": True}, actor="test", session=db)
    assert project.relocation_risk is True  # the object already in the session, not a fresh read
    project.team_size = 12
    db.flush()  # the project's own edits keep the flag
    assert db.get(Project, project.id).relocation_risk is True
