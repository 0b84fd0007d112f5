"""寻找下一站: the carriers a team could move to next, and a carrier's next-carrier candidates (a section)."""

from __future__ import annotations

from flask import render_template, request
from flask_login import current_user, login_required

from matching.carriers.index import FACTORS
from matching.carriers.types import CHAIN_STAGES
from models.errors import Conflict
from models.incubator_service import get_incubator_or_raise
from models.labels import (
    CARRIER_SPACE_TYPE_NAMES,
    INCUBATOR_KIND_NAMES,
    INCUBATOR_LEVEL_NAMES,
)
from models.project_service import get_project_or_raise
from services.carrier_matches import (
    rank_carriers_for_project,
    rank_projects_for_carrier,
)

from .carriers import may_hand_over
from .common import STAFF, bp, is_htmx, roles_required, session

LIMIT = 20
LABELS = {"kind_names": INCUBATOR_KIND_NAMES, "level_names": INCUBATOR_LEVEL_NAMES,
          "carrier_space_names": CARRIER_SPACE_TYPE_NAMES, "carrier_factors": FACTORS}


@bp.route("/projects/<int:project_id>/carriers")
@login_required
def project_carriers(project_id: int):
    """The carriers best suited to take the team next, with factors, reasons and (on request) those ruled out."""
    db = session()
    project = get_project_or_raise(project_id, session=db, incubator_scope=current_user.scope)
    stage = request.args.get("stage") or None
    stage = stage if stage in CHAIN_STAGES else None
    include_infeasible = request.args.get("include_infeasible") == "1"
    error, found = None, {"need": None, "items": []}
    try:
        found = rank_carriers_for_project(project, session=db, stage=stage, limit=LIMIT,
                                          include_infeasible=include_infeasible)
    except Conflict as exc:
        error = exc.detail
    return render_template("web/project_carriers.html", p=project, error=error, need=found["need"],
                           items=found["items"], shown={"stage": stage or "", "include_infeasible": include_infeasible},
                           stages=CHAIN_STAGES, limit=LIMIT, may_hand_over=may_hand_over(project), **LABELS)


def candidates_context(incubator_id: int, *, include_infeasible: bool = False) -> dict:
    """What `web/carriers/_candidates.html` reads: the carrier and the teams it could take in next."""
    db = session()
    incubator = get_incubator_or_raise(incubator_id, session=db)
    items = rank_projects_for_carrier(incubator, session=db, limit=LIMIT, include_infeasible=include_infeasible)
    return {"carrier": incubator, "candidates": items, "candidates_infeasible": include_infeasible, **LABELS}


@bp.route("/incubators/<int:incubator_id>/candidates")
@roles_required(*STAFF)
def carrier_candidates(incubator_id: int):
    """A carrier's next-carrier candidates: the section alone for htmx (the carrier page loads it), else a page."""
    context = candidates_context(incubator_id, include_infeasible=request.args.get("include_infeasible") == "1")
    if is_htmx():
        return render_template("web/carriers/_candidates.html", **context)
    return render_template("web/carriers/candidates.html", **context)
