"""The industry-code picker: a <datalist> of GB/T 4754 codes that htmx narrows as one types."""

from __future__ import annotations

import sqlalchemy as sa
from flask import render_template, request
from flask_login import login_required

from models.reference import Industry, IndustryLevel
from models.reference_service import search_industries

from .common import bp, session
from .forms import split_list

# Enough to choose from while typing; the list narrows with every character.
MAX_OPTIONS = 40


def industry_choices(q: str = "") -> list[tuple[str, str]]:
    """Codes and names for the picker: the sections and divisions, or the matches for `q`."""
    if q.strip():
        query = search_industries(q[:40])
    else:
        query = sa.select(Industry).where(Industry.level.in_((IndustryLevel.section, IndustryLevel.division))
                                          ).order_by(Industry.code)
    return [(i.code, i.name) for i in session().scalars(query.limit(MAX_OPTIONS if q.strip() else None))]


def industry_names(codes: list[str]) -> dict[str, str]:
    """The names of these codes (unknown ones left out), in one query."""
    wanted = [c.strip().upper() for c in codes if c and c.strip()]
    if not wanted:
        return {}
    return dict(session().execute(sa.select(Industry.code, Industry.name).where(Industry.code.in_(wanted))).all())


@bp.route("/industries/options")
@login_required
def industry_options():
    """The picker's options for what was typed (the input's own field, whatever its name)."""
    typed = next((v for v in request.args.values() if v.strip()), "")
    parts = split_list(typed)
    return render_template("web/_industry_options.html", choices=industry_choices(parts[-1] if parts else ""))
