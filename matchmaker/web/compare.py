"""对比: two to four offers side by side, ticked wherever offers are listed."""

from __future__ import annotations

from flask import render_template, request

from models.base import wenzhou_today
from models.errors import InvalidInput
from services.compare import COMPARED, compare_offers

from .common import STAFF, bp, roles_required, session


def _ids(name: str) -> list[int]:
    """Ids from repeated parameters (ticked boxes) or one comma-separated list (a shared link)."""
    ids = []
    for value in request.args.getlist(name):
        for part in value.replace("，", ",").split(","):
            if part.strip().isdigit():
                ids.append(int(part))
    return ids


@bp.route("/compare")
@roles_required(*STAFF)
def compare():
    """Offers side by side; with `project_id`, distances from that project's district."""
    project_id = request.args.get("project_id", type=int)
    try:
        compared, project = compare_offers(_ids("offer_ids"), session=session(), project_id=project_id)
    except InvalidInput as exc:
        return render_template("web/compare.html", compared=[], project=None, error=exc.errors["offer_ids"][0],
                               limits=COMPARED), 422
    return render_template("web/compare.html", compared=compared, project=project, error=None, limits=COMPARED,
                           today=wenzhou_today())
