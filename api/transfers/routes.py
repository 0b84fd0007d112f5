"""Hand-overs between carriers (接续): asked by the current carrier or staff, decided by the receiver."""

from __future__ import annotations

from flask.views import MethodView

from models.project_service import get_project_or_raise
from services.transfers import (
    DECIDERS,
    REQUESTERS,
    accept_transfer,
    decline_transfer,
    get_transfer_or_raise,
    list_transfers,
    request_transfer,
)

from ..common import ID, Blueprint, paginate
from ..context import db_session
from ..security import ANY_ROLE, current_user, incubator_scope, roles
from .schemas import (
    DecisionSchema,
    TransferCreateSchema,
    TransferPageSchema,
    TransferQuerySchema,
    TransferSchema,
)

blp = Blueprint("transfers", __name__, url_prefix="/api/v1", description="载体接续（分段接续）")


@blp.route(f"/projects/<{ID}:project_id>/transfers")
class ProjectTransfers(MethodView):
    @roles(*REQUESTERS, own="project")
    @blp.arguments(TransferCreateSchema)
    @blp.response(201, TransferSchema)
    @blp.alt_response(409, description="The project cannot go there now (its status, the stage hosted, no room, "
                                       "a transfer already pending); the detail says why")
    def post(self, data, project_id):
        """Ask another carrier to take the project over (or admit a prospect); it decides."""
        user = current_user()
        session = db_session()
        project = get_project_or_raise(project_id, session=session, incubator_scope=incubator_scope(user))
        transfer = request_transfer(project, data, actor=user.username, session=session)
        session.commit()
        return transfer


@blp.route("/transfers")
class Transfers(MethodView):
    @roles(*ANY_ROLE)
    @blp.arguments(TransferQuerySchema, location="query")
    @blp.response(200, TransferPageSchema)
    def get(self, args):
        """List transfers, newest first; an operator sees its own carrier's incoming and outgoing ones."""
        user = current_user()
        session = db_session()
        scope = incubator_scope(user)
        filters = {k: args.pop(k) for k in list(args) if k not in ("page", "per_page")}
        if scope is not None:
            filters["incubator_id"] = scope
        return paginate(list_transfers(session=session, **filters), args, session=session)


def _decided(transfer_id: int):
    """The transfer to decide; `roles(own="transfer")` has already kept out operators who may not."""
    session = db_session()
    return current_user(), session, get_transfer_or_raise(transfer_id, session=session)


@blp.route(f"/transfers/<{ID}:transfer_id>/accept")
class TransferAccept(MethodView):
    @roles(*DECIDERS, own="transfer")
    @blp.arguments(DecisionSchema)
    @blp.response(200, TransferSchema)
    @blp.alt_response(409, description="Already decided, the project moved meanwhile, or no room left")
    def post(self, data, transfer_id):
        """Accept: in one transaction the project changes carrier, advances if asked and moves its placement."""
        user, session, transfer = _decided(transfer_id)
        accept_transfer(transfer, actor=user.username, reason=data["reason"], session=session)
        session.commit()
        return transfer


@blp.route(f"/transfers/<{ID}:transfer_id>/decline")
class TransferDecline(MethodView):
    @roles(*DECIDERS, own="transfer")
    @blp.arguments(DecisionSchema)
    @blp.response(200, TransferSchema)
    @blp.alt_response(409, description="Already decided")
    def post(self, data, transfer_id):
        """Decline: the project stays where it is."""
        user, session, transfer = _decided(transfer_id)
        decline_transfer(transfer, actor=user.username, reason=data["reason"], session=session)
        session.commit()
        return transfer



