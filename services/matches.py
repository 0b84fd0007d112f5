"""Proposing a match: the pipeline's first step, with the ranking's judgement of the moment kept on it."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from matching.types import Weights
from models.match import Match
from models.match_service import propose_match
from models.project import Project

from .rankings import score_at_proposal
from .state import RankingCache

__all__ = ["propose_scored_match"]


def propose_scored_match(data: dict[str, Any], *, actor: str, session: Session, rankings: RankingCache,
                         weights: Weights | None = None) -> Match:
    """Propose `data["offer_id"]` to `data["project_id"]`, keeping the score (under `weights`, the ones in force) and factors."""
    project = session.get(Project, data["project_id"])
    if project is not None:  # an unknown project is refused by propose_match itself
        data = dict(data)
        data["score"], data["factors"] = score_at_proposal(project, data["offer_id"], session=session,
                                                           rankings=rankings, weights=weights)
    return propose_match(data, actor=actor, session=session)
