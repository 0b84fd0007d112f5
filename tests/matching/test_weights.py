"""Learning the ranking weights from outcomes: recovering known weights from simulated staff choices."""

from __future__ import annotations

import numpy as np
import pytest

from matching.types import Weights
from matching.weights import FACTORS, MIN_OUTCOMES, NotEnoughOutcomes, fit_weights
from sample_data.outcomes import simulate_outcomes

# Weights far enough from the defaults (0.45/0.35/0.20) that learning them must matter.
TRUE = (0.2, 0.5, 0.3)
# With 400 projects of 4 proposals and noise 0.05, each fitted weight lands within this of the true one.
TOLERANCE = 0.05


def arrays(rows):
    x = np.array([[r["factors"][f] for f in FACTORS] for r in rows])
    y = np.array([r["status"] == "signed" for r in rows], dtype=int)
    return x, y, np.array([r["project"] for r in rows])


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_fit_recovers_the_true_weights_and_beats_the_defaults_on_held_out_projects(seed):
    fit = fit_weights(*arrays(simulate_outcomes(TRUE, projects=400, noise=0.05, seed=seed)), current=Weights())
    assert np.abs(np.array(fit.weights.normalised()) - TRUE).max() <= TOLERANCE, fit
    assert fit.ndcg_fitted > fit.ndcg_current + 0.02, fit
    assert fit.projects >= 300 and fit.outcomes == 4 * fit.projects and fit.folds == 5


def test_more_noise_still_points_the_right_way():
    fit = fit_weights(*arrays(simulate_outcomes(TRUE, projects=400, noise=0.1, seed=4)), current=Weights())
    w = fit.weights.normalised()
    assert w[1] > w[2] > w[0] - 0.05 and fit.ndcg_fitted > fit.ndcg_current


def test_it_refuses_to_learn_from_too_few_outcomes():
    x, y, g = arrays(simulate_outcomes(TRUE, projects=8, noise=0.05, seed=5))
    with pytest.raises(NotEnoughOutcomes, match=f"至少需要 {MIN_OUTCOMES} 条"):
        fit_weights(x, y, g, current=Weights())
    # Projects that only dropped proposals teach nothing about which to prefer, however many.
    with pytest.raises(NotEnoughOutcomes, match="0 条"):
        fit_weights(np.random.default_rng(0).random((200, 3)), np.zeros(200, dtype=int), np.arange(200) // 4,
                    current=Weights())
