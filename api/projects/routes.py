"""The project-flow registry: register, find, change and move projects through the stages."""

from __future__ import annotations

from flask.views import MethodView

from models.errors import Forbidden, InvalidInput
from models.project import STAGE_ROLES, Action, Status
from models.project_service import (
    create_project,
    get_project_or_raise,
    list_projects,
    transition_project,
    update_project,
)
from models.user import Role
from services.carriers import place_project

from ..common import ID, Blueprint, check_version, etag, paginate
from ..context import db_session
from ..security import ANY_ROLE, current_user, incubator_scope, roles
from .schemas import (
    HistorySchema,
    ProjectCreateSchema,
    ProjectPageSchema,
    ProjectQuerySchema,
    ProjectSchema,
    ProjectUpdateSchema,
    StageChangeSchema,
    TransitionSchema,
)

blp = Blueprint("projects", __name__, url_prefix="/api/v1/projects", description="项目登记与阶段流转")

# Operators manage their own projects, admins all; promotion staff read, and bring in prospects.
WRITERS = (Role.admin, Role.incubator)
REGISTRARS = (*WRITERS, Role.promotion)


@blp.route("")
class Projects(MethodView):
    @roles(*ANY_ROLE)
    @blp.arguments(ProjectQuerySchema, location="query")
    @blp.response(200, ProjectPageSchema)
    def get(self, args):
        """List projects; an incubator operator sees only its own."""
        user = current_user()
        session = db_session()
        filters = {k: args.pop(k) for k in list(args) if k not in ("page", "per_page")}
        query = list_projects(session=session, incubator_scope=incubator_scope(user), **filters)
        return paginate(query, args, session=session)

    @roles(*REGISTRARS)
    @blp.arguments(ProjectCreateSchema)
    @blp.response(201, ProjectSchema)
    @blp.alt_response(409, description="The placement asks for more than the space has left")
    def post(self, data):
        """Register a project; its admission (入孵) is the first history entry.

        Staff may register a prospect (`status: prospect`, 待入孵) that no carrier holds yet.
        """
        user = current_user()
        prospect = data["status"] == Status.prospect
        if prospect and user.role is Role.incubator:
            raise Forbidden("待入孵项目由招商人员或管理员登记；本载体的项目请直接登记入孵")
        if not prospect and user.role is Role.promotion:
            raise Forbidden("招商人员只能登记待入孵项目（status: prospect），在孵项目由载体登记")
        if prospect:
            if data.get("placement") or data.get("incubator_id"):
                raise InvalidInput({"incubator_id": ["待入孵项目尚无载体，不能指定载体或入驻空间；请通过接续入孵"]})
        elif user.role is Role.incubator:
            data.setdefault("incubator_id", user.incubator_id)
            if data["incubator_id"] != user.incubator_id:
                raise Forbidden("只能为本孵化器登记项目")
        elif "incubator_id" not in data:
            raise InvalidInput({"incubator_id": ["必填"]})
        session = db_session()
        placement = data.pop("placement", None)
        project = create_project(data, actor=user.username, session=session)
        if placement is not None:
            place_project(project, placement, session=session)
        session.commit()
        return project


@blp.route(f"/<{ID}:project_id>")
class ProjectById(MethodView):
    @roles(*ANY_ROLE, own="project")
    @blp.response(200, ProjectSchema)
    def get(self, project_id):
        """One project."""
        user = current_user()
        project = get_project_or_raise(project_id, session=db_session(), incubator_scope=incubator_scope(user))
        return project, 200, etag(project)

    @roles(*WRITERS, own="project")
    @blp.arguments(ProjectUpdateSchema(partial=True))
    @blp.response(200, ProjectSchema)
    @blp.alt_response(409, description="A stale version, or a placement beyond what the space has left")
    def patch(self, data, project_id):
        """Change a project's data; stage and status change only through transitions."""
        user = current_user()
        session = db_session()
        project = get_project_or_raise(project_id, session=session, incubator_scope=incubator_scope(user))
        check_version(project, data)
        has_placement, placement = "placement" in data, data.pop("placement", None)
        project = update_project(project, data, session=session)
        if has_placement:
            place_project(project, placement, session=session)
        session.commit()
        return project, 200, etag(project)


@blp.route(f"/<{ID}:project_id>/transitions")
class ProjectTransitions(MethodView):
    @roles(*STAGE_ROLES, own="project")
    @blp.arguments(TransitionSchema)
    @blp.response(201, StageChangeSchema)
    @blp.alt_response(409, description="The stage machine does not allow this step; the detail says why")
    def post(self, data, project_id):
        """Advance, graduate or exit a project."""
        user = current_user()
        session = db_session()
        project = get_project_or_raise(project_id, session=session, incubator_scope=incubator_scope(user))
        change = transition_project(
            project, Action(data["action"]), actor=user.username, reason=data["reason"], session=session
        )
        session.commit()
        return change


@blp.route(f"/<{ID}:project_id>/history")
class ProjectHistory(MethodView):
    @roles(*ANY_ROLE, own="project")
    @blp.response(200, HistorySchema)
    def get(self, project_id):
        """Every step of the project, oldest first, starting with its admission."""
        user = current_user()
        project = get_project_or_raise(project_id, session=db_session(), incubator_scope=incubator_scope(user))
        return {"items": project.history}
