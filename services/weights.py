"""The ranking weights: learned from the outcomes of proposals, adopted only by a person.

Outcomes are matches that ended: `signed` or `landed` (the proposal was right) and `dropped`
(it was not) — except drops for the company's own reasons or for policy, which say nothing about
the fit. Each keeps the factors it had when proposed (`Match.factors`). The fitting is
`matching.weights`; adopting writes a `MatchWeights` row, and the audit trail records who and
when in the same transaction. The newest adopted weights are in force; before any, the
configured ones (`MATCHMAKER_MATCH_WEIGHTS`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict
from datetime import date, datetime, time
from typing import Any

import numpy as np
import sqlalchemy as sa
from sqlalchemy.orm import Session

from matching.types import Weights
from matching.weights import FACTORS, NotEnoughOutcomes, WeightFit, fit_weights
from models.audit import set_actor
from models.base import WENZHOU
from models.errors import Conflict
from models.match import DropReason, Match, MatchStatus, MatchStep
from models.weights import MatchWeights

OUTCOMES = {MatchStatus.signed: 1, MatchStatus.landed: 1, MatchStatus.dropped: 0}
# A drop for the company's own reasons or for policy says nothing about how well the space fitted.
NOT_ABOUT_FIT = (DropReason.company, DropReason.policy)


def adopted(session: Session) -> MatchWeights | None:
    """The newest adopted weights, or None when none were ever adopted."""
    return session.scalars(sa.select(MatchWeights).order_by(MatchWeights.adopted_at.desc(), MatchWeights.id.desc())).first()


def weights_in_force(session: Session, *, default: Mapping[str, float]) -> dict[str, float]:
    """The weights rankings use: the newest adopted, else `default` (the configuration)."""
    row = adopted(session)
    if row is None:
        return dict(default)
    return {"industry": row.industry, "space": row.space, "locality": row.locality}


def weights_history(session: Session, *, default: Mapping[str, float]) -> dict[str, Any]:
    """The weights in force and every adoption, newest first."""
    rows = session.scalars(sa.select(MatchWeights).order_by(MatchWeights.adopted_at.desc(), MatchWeights.id.desc())).all()

    def plain(row: MatchWeights) -> dict[str, Any]:
        return {"id": row.id, "industry": row.industry, "space": row.space, "locality": row.locality,
                "outcomes": row.outcomes, "summary": row.summary, "adopted_by": row.adopted_by,
                "adopted_at": row.adopted_at}

    if rows:
        in_force = {**plain(rows[0]), "source": "adopted"}
    else:
        in_force = {"id": None, **{k: float(default[k]) for k in FACTORS}, "outcomes": None, "summary": {},
                    "adopted_by": None, "adopted_at": None, "source": "configured"}
    return {"in_force": in_force, "history": [plain(r) for r in rows]}


def outcome_data(session: Session, *, since: date | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(factors n × 3, outcome 1/0, project id) of the ended proposals made on or after `since`."""
    unrelated = sa.select(MatchStep.match_id).where(MatchStep.drop_reason.in_(NOT_ABOUT_FIT))
    query = sa.select(Match.project_id, Match.status, Match.factors).where(
        Match.status.in_(list(OUTCOMES)), Match.id.not_in(unrelated))
    if since is not None:
        query = query.where(Match.created_at >= datetime.combine(since, time(), tzinfo=WENZHOU))
    rows = []
    for project_id, status, factors in session.execute(query.order_by(Match.id)):
        values = [(factors or {}).get(name) for name in FACTORS]
        if all(isinstance(v, int | float) for v in values):  # proposals made before factors were kept have none
            rows.append((values, OUTCOMES[status], project_id))
    if not rows:
        return np.zeros((0, len(FACTORS))), np.zeros(0, dtype=int), np.zeros(0, dtype=int)
    x, y, g = zip(*rows, strict=True)
    return np.array(x, dtype=float), np.array(y, dtype=int), np.array(g, dtype=int)


def propose_weights(session: Session, *, current: Weights, since: date | None = None) -> WeightFit:
    """Fit the weights on the outcomes; `Conflict` (with how many there are) when too few."""
    x, y, groups = outcome_data(session, since=since)
    try:
        return fit_weights(x, y, groups, current=current)
    except NotEnoughOutcomes as exc:
        raise Conflict(str(exc)) from None


def adopt_weights(session: Session, weights: Weights, *, actor: str, fit: WeightFit | None = None) -> MatchWeights:
    """Record `weights` (normalised) as adopted by `actor` now; the audit trail gets the same entry. Not committed."""
    industry, space, locality = weights.normalised()
    summary = {} if fit is None else {k: v for k, v in asdict(fit).items() if k != "weights"}
    set_actor(session, actor)
    row = MatchWeights(industry=round(industry, 4), space=round(space, 4), locality=round(locality, 4),
                       outcomes=None if fit is None else fit.outcomes, summary=summary, adopted_by=actor)
    session.add(row)
    session.flush()
    return row
