"""Incubators (孵化器): staff register them; an operator keeps its own up to date."""

from __future__ import annotations

from flask.views import MethodView

from models.errors import Forbidden
from models.incubator_service import create_incubator, get_incubator_or_raise, list_incubators, update_incubator
from models.user import Role

from ..common import ID, Blueprint, paginate
from ..context import db_session
from ..security import ANY_ROLE, STAFF, current_user, roles
from .schemas import (
    IncubatorCreateSchema,
    IncubatorPageSchema,
    IncubatorQuerySchema,
    IncubatorSchema,
    IncubatorUpdateSchema,
)

blp = Blueprint("incubators", __name__, url_prefix="/api/v1/incubators", description="孵化器")


@blp.route("")
class Incubators(MethodView):
    @roles(*ANY_ROLE)
    @blp.arguments(IncubatorQuerySchema, location="query")
    @blp.response(200, IncubatorPageSchema)
    def get(self, args):
        """List incubators."""
        session = db_session()
        query = list_incubators(session=session, district=args.pop("district", None), q=args.pop("q", None))
        return paginate(query, args, session=session)

    @roles(*STAFF)
    @blp.arguments(IncubatorCreateSchema)
    @blp.response(201, IncubatorSchema)
    def post(self, data):
        """Register an incubator (staff only)."""
        session = db_session()
        incubator = create_incubator(data, session=session)
        session.commit()
        return incubator


@blp.route(f"/<{ID}:incubator_id>")
class IncubatorById(MethodView):
    @roles(*ANY_ROLE)
    @blp.response(200, IncubatorSchema)
    def get(self, incubator_id):
        """One incubator."""
        return get_incubator_or_raise(incubator_id, session=db_session())

    @roles(*ANY_ROLE, own="incubator")
    @blp.arguments(IncubatorUpdateSchema(partial=True))
    @blp.response(200, IncubatorSchema)
    def patch(self, data, incubator_id):
        """Change an incubator; an operator may change its own, except its official level."""
        user = current_user()
        session = db_session()
        incubator = get_incubator_or_raise(incubator_id, session=session)
        if user.role is Role.incubator:
            if user.incubator_id != incubator.id:
                raise Forbidden("只能修改本孵化器的信息")
            if {"level", "demonstration"} & data.keys():
                raise Forbidden("孵化器级别和示范孵化器认定由管理部门维护")
        incubator = update_incubator(incubator, data, session=session)
        session.commit()
        return incubator
