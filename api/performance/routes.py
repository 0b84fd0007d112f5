"""A project's financings received (到账融资) and yearly figures: who may see and record them is as for the project."""

from __future__ import annotations

from flask.views import MethodView

from models.performance_service import (
    list_annual_figures,
    list_financings,
    record_annual_figures,
    record_financing,
)
from models.project_service import get_project_or_raise

from ..common import ID, Blueprint
from ..context import db_session
from ..projects.routes import (
    WRITERS,  # as for the project itself: its operator and admins write
)
from ..security import ANY_ROLE, current_user, incubator_scope, roles
from .schemas import (
    AnnualFiguresCreateSchema,
    AnnualFiguresListSchema,
    AnnualFiguresSchema,
    FinancingCreateSchema,
    FinancingListSchema,
    FinancingSchema,
)

blp = Blueprint("performance", __name__, url_prefix="/api/v1/projects", description="项目融资与年度经营数据")


def _project(project_id: int):
    return get_project_or_raise(project_id, session=db_session(), incubator_scope=incubator_scope(current_user()))


@blp.route(f"/<{ID}:project_id>/financings")
class Financings(MethodView):
    @roles(*ANY_ROLE, own="project")
    @blp.response(200, FinancingListSchema)
    def get(self, project_id):
        """The financings the project received, by date, with their total."""
        items = list_financings(_project(project_id), session=db_session())
        return {"items": items, "total": sum(f.amount for f in items)}

    @roles(*WRITERS, own="project")
    @blp.arguments(FinancingCreateSchema)
    @blp.response(201, FinancingSchema)
    def post(self, data, project_id):
        """Record a financing the project received (万元)."""
        session = db_session()
        financing = record_financing(_project(project_id), data, actor=current_user().username, session=session)
        session.commit()
        return financing


@blp.route(f"/<{ID}:project_id>/annual-figures")
class AnnualFiguresView(MethodView):
    @roles(*ANY_ROLE, own="project")
    @blp.response(200, AnnualFiguresListSchema)
    def get(self, project_id):
        """The project's yearly figures, oldest year first."""
        return {"items": list_annual_figures(_project(project_id), session=db_session())}

    @roles(*WRITERS, own="project")
    @blp.arguments(AnnualFiguresCreateSchema)
    @blp.response(201, AnnualFiguresSchema)
    @blp.alt_response(409, description="The year is already recorded for this project")
    def post(self, data, project_id):
        """Record the project's figures of one year (revenue 万元, employees, R&D staff, talents)."""
        session = db_session()
        figures = record_annual_figures(_project(project_id), data, actor=current_user().username, session=session)
        session.commit()
        return figures
