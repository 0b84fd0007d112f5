"""Incubators (孵化器): staff register them; an operator keeps its own up to date."""

from __future__ import annotations

from flask.views import MethodView

from models.errors import Forbidden
from models.incubator_service import (
    create_incubator,
    get_incubator_or_raise,
    list_incubators,
    update_incubator,
)
from models.user import Role
from services.carriers import (
    attach_occupancy,
    create_space,
    get_space_or_raise,
    list_spaces,
    update_space,
)

from ..common import ID, Blueprint, paginate
from ..context import db_session
from ..security import ANY_ROLE, STAFF, current_user, roles
from .schemas import (
    IncubatorCreateSchema,
    IncubatorPageSchema,
    IncubatorQuerySchema,
    IncubatorSchema,
    IncubatorUpdateSchema,
    SpaceCreateSchema,
    SpaceListSchema,
    SpaceSchema,
    SpaceUpdateSchema,
)

# Staff keep every carrier's spaces; an operator its own.
SPACE_WRITERS = (Role.admin, Role.promotion, Role.incubator)

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
        page = paginate(query, args, session=session)
        attach_occupancy(page["items"], session=session)
        return page

    @roles(*STAFF)
    @blp.arguments(IncubatorCreateSchema)
    @blp.response(201, IncubatorSchema)
    def post(self, data):
        """Register an incubator (staff only)."""
        session = db_session()
        incubator = create_incubator(data, session=session)
        session.commit()
        return attach_occupancy([incubator], session=session)[0]


@blp.route(f"/<{ID}:incubator_id>")
class IncubatorById(MethodView):
    @roles(*ANY_ROLE)
    @blp.response(200, IncubatorSchema)
    def get(self, incubator_id):
        """One incubator, with the occupancy of its spaces."""
        session = db_session()
        return attach_occupancy([get_incubator_or_raise(incubator_id, session=session)], session=session)[0]

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
        return attach_occupancy([incubator], session=session)[0]


@blp.route(f"/<{ID}:incubator_id>/spaces")
class IncubatorSpaces(MethodView):
    @roles(*ANY_ROLE)
    @blp.response(200, SpaceListSchema)
    def get(self, incubator_id):
        """The carrier's spaces, each with what is placed in it, what is vacant and its occupancy rate."""
        session = db_session()
        return {"items": list_spaces(get_incubator_or_raise(incubator_id, session=session), session=session)}

    @roles(*SPACE_WRITERS, own="incubator")
    @blp.arguments(SpaceCreateSchema)
    @blp.response(201, SpaceSchema)
    def post(self, data, incubator_id):
        """Add a space (desks, offices, labs, a pilot plant) to a carrier."""
        session = db_session()
        incubator = get_incubator_or_raise(incubator_id, session=session)
        space = create_space(incubator, data, session=session)
        session.commit()
        return _space_out(incubator, space.id)


@blp.route(f"/<{ID}:incubator_id>/spaces/<{ID}:space_id>")
class IncubatorSpaceById(MethodView):
    @roles(*SPACE_WRITERS, own="incubator")
    @blp.arguments(SpaceUpdateSchema(partial=True))
    @blp.response(200, SpaceSchema)
    @blp.alt_response(409, description="The space would be smaller than what its teams occupy")
    def patch(self, data, incubator_id, space_id):
        """Change a space; it cannot shrink below what is placed in it (409)."""
        session = db_session()
        incubator = get_incubator_or_raise(incubator_id, session=session)
        space = get_space_or_raise(space_id, session=session, incubator_id=incubator.id)
        update_space(space, data, session=session)
        session.commit()
        return _space_out(incubator, space.id)


def _space_out(incubator, space_id: int) -> dict:
    return next(view for view in list_spaces(incubator, session=db_session()) if view["id"] == space_id)
