"""factory_boy factories, one per aggregate; the session is set per test by conftest."""

from __future__ import annotations

from datetime import timedelta

import factory
from sqlalchemy.orm import Session
from werkzeug.security import generate_password_hash

from models.incubator import KIND_STAGES, Incubator, IncubatorIndustry, IncubatorKind, IncubatorLevel, IncubatorStage
from models.project import Stage
from models.project_service import create_project
from models.user import Role, User
from models.user_service import issue_token

PASSWORD = "correct horse battery"
# Hashed once: scrypt is slow on purpose.
PASSWORD_HASH = generate_password_hash(PASSWORD, method="scrypt")


class _Base(factory.alchemy.SQLAlchemyModelFactory):
    class Meta:
        abstract = True
        sqlalchemy_session_persistence = "flush"


class IncubatorFactory(_Base):
    class Meta:
        model = Incubator

    name = factory.Sequence(lambda n: f"测试孵化器{n:03d}")
    district_code = "330302"
    level = IncubatorLevel.provincial
    demonstration = False
    industry_links = factory.LazyFunction(lambda: [IncubatorIndustry(industry_code="C38", position=0)])
    kind = IncubatorKind.incubator
    # As `create_incubator` does: a carrier always names the stages it hosts.
    stage_links = factory.LazyAttribute(lambda o: [IncubatorStage(stage=s) for s in KIND_STAGES[o.kind]])


class UserFactory(_Base):
    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"user{n}")
    role = Role.promotion
    password_hash = PASSWORD_HASH


class ProjectFactory(factory.Factory):
    """Projects are registered through the domain function, so each has its admission entry."""

    class Meta:
        model = dict

    name = factory.Sequence(lambda n: f"测试项目{n:03d}")
    incubator_id = factory.LazyFunction(lambda: IncubatorFactory().id)
    industries = factory.LazyFunction(lambda: ["C3823"])
    description = "智能配电开关研发"
    stage = Stage.nursery
    space_need = factory.LazyFunction(lambda: {"space_type": "plant", "area_min": 3000.0, "area_max": 5000.0})

    @classmethod
    def _create(cls, model_class, **kwargs):
        session = IncubatorFactory._meta.sqlalchemy_session
        return create_project(kwargs, actor="factory", session=session)


FACTORIES = (IncubatorFactory, UserFactory)


def token_for(user: User, session: Session) -> dict[str, str]:
    """Authorization headers with a fresh token of `user`."""
    plain, _ = issue_token(user, ttl=timedelta(hours=1), session=session)
    return {"Authorization": f"Bearer {plain}"}
