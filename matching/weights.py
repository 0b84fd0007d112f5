"""Learning the ranking weights from outcomes: which proposals were signed, which were dropped.

Every proposal keeps the factors it had when it was proposed (``industry``, ``space``,
``locality``). Staff then signed some and dropped others. Within one project, a signed
proposal should score above a dropped one, so the fit is **pairwise**: for every (signed,
dropped) pair of the same project, a logistic regression without intercept learns from the
difference of their factors which direction separates them (a conditional-logit choice model,
scikit-learn's :class:`~sklearn.linear_model.LogisticRegression`). The coefficients, clipped at
0 and scaled to sum 1, are the proposed weights.

It is cross-validated by project (:class:`~sklearn.model_selection.GroupKFold`): each fold fits
on the other projects and measures NDCG@3 of the held-out projects' proposals, ranked by the
fitted weights and by the current ones (relevance 1 signed, 0 dropped). Only projects with at
least one signed and one dropped proposal carry information; the others are counted but not used.

Examples
--------
>>> x = np.array([[0.9, 0.2, 1.0], [0.3, 0.9, 1.0]])
>>> round(ndcg_at_3(x @ np.array([0.45, 0.35, 0.2]), np.array([1, 0])), 3)
1.0
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

from .types import Weights

__all__ = ["FACTORS", "MIN_OUTCOMES", "MIN_PROJECTS", "NotEnoughOutcomes", "WeightFit", "fit_weights", "ndcg_at_3"]

FACTORS = ("industry", "space", "locality")
# Below these, a fit says more about chance than about the staff's choices.
MIN_OUTCOMES = 40
MIN_PROJECTS = 10
_FOLDS = 5


class NotEnoughOutcomes(ValueError):
    """Too few outcomes to learn from; the message says how many there are and how many are needed."""


@dataclass(frozen=True)
class WeightFit:
    """The proposed weights and how they did on held-out projects against the current ones."""

    weights: Weights
    outcomes: int  # proposals with an outcome in the projects used
    projects: int  # projects with at least one signed and one dropped proposal
    pairs: int
    ndcg_fitted: float  # mean held-out NDCG@3, fitted weights
    ndcg_current: float  # the same projects ranked by the current weights
    folds: int


def ndcg_at_3(scores: np.ndarray, outcome: np.ndarray) -> float:
    """NDCG@3 of proposals ranked by ``scores`` (ties by position) against binary ``outcome``."""
    order = np.lexsort((np.arange(len(scores)), -np.asarray(scores)))
    gains = np.asarray(outcome, dtype=float)[order][:3]
    discounts = 1.0 / np.log2(np.arange(2, 2 + len(gains)))
    ideal = np.sort(np.asarray(outcome, dtype=float))[::-1][:3]
    best = float(ideal @ discounts[: len(ideal)])
    return 1.0 if best == 0 else float(gains @ discounts) / best


def _pairs(x: np.ndarray, y: np.ndarray, groups: np.ndarray) -> np.ndarray:
    diffs = []
    for g in np.unique(groups):
        rows = groups == g
        signed, dropped = x[rows & (y == 1)], x[rows & (y == 0)]
        if len(signed) and len(dropped):
            diffs.append((signed[:, None, :] - dropped[None, :, :]).reshape(-1, x.shape[1]))
    return np.concatenate(diffs) if diffs else np.zeros((0, x.shape[1]))


def _fit(x: np.ndarray, y: np.ndarray, groups: np.ndarray, c: float) -> np.ndarray:
    d = _pairs(x, y, groups)
    model = LogisticRegression(fit_intercept=False, C=c, max_iter=1000)
    # Each pair both ways, so the classes balance and no intercept is needed.
    model.fit(np.concatenate([d, -d]), np.concatenate([np.ones(len(d)), np.zeros(len(d))]))
    w = np.clip(model.coef_[0], 0.0, None)
    return w / w.sum() if w.sum() > 0 else np.full(x.shape[1], 1.0 / x.shape[1])


def _mean_ndcg(w: np.ndarray, x: np.ndarray, y: np.ndarray, groups: np.ndarray) -> float:
    values = [ndcg_at_3(x[groups == g] @ w, y[groups == g]) for g in np.unique(groups)]
    return float(np.mean(values)) if values else math.nan


def fit_weights(
    factors: np.ndarray, outcome: np.ndarray, groups: Sequence[int] | np.ndarray, *, current: Weights,
    c: float = 100.0,
) -> WeightFit:
    """Fit the weights on ``factors`` (n × 3, columns as :data:`FACTORS`), ``outcome`` (1 signed, 0 dropped) by project.

    Raises :class:`NotEnoughOutcomes` below :data:`MIN_OUTCOMES` usable outcomes or
    :data:`MIN_PROJECTS` usable projects.
    """
    x = np.asarray(factors, dtype=float)
    y = np.asarray(outcome, dtype=int)
    groups = np.asarray(groups)
    usable = np.zeros(len(y), dtype=bool)
    for g in np.unique(groups):
        rows = groups == g
        if y[rows].any() and not y[rows].all():
            usable |= rows
    x, y, groups = x[usable], y[usable], groups[usable]
    n_projects = len(np.unique(groups))
    if len(y) < MIN_OUTCOMES or n_projects < MIN_PROJECTS:
        raise NotEnoughOutcomes(
            f"可用于学习的结果太少：{len(y)} 条（{n_projects} 个项目同时有签约和放弃的推荐），"
            f"至少需要 {MIN_OUTCOMES} 条、{MIN_PROJECTS} 个项目"
        )
    now = np.array(current.normalised())
    folds = min(_FOLDS, n_projects)
    fitted_scores, current_scores = [], []
    for train, test in GroupKFold(n_splits=folds).split(x, y, groups):
        w = _fit(x[train], y[train], groups[train], c)
        fitted_scores.append(_mean_ndcg(w, x[test], y[test], groups[test]))
        current_scores.append(_mean_ndcg(now, x[test], y[test], groups[test]))
    w = _fit(x, y, groups, c)
    return WeightFit(
        weights=Weights(*(round(float(v), 4) for v in w)),
        outcomes=int(len(y)), projects=n_projects, pairs=int(len(_pairs(x, y, groups))),
        ndcg_fitted=round(float(np.mean(fitted_scores)), 4), ndcg_current=round(float(np.mean(current_scores)), 4),
        folds=folds,
    )
