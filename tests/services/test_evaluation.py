"""The evaluation's arithmetic: share of the maximum and the weighted score, without a database."""

import pytest

from services.evaluation import (
    DEFAULT_WEIGHTS,
    INDICATORS,
    normalise,
    parse_weights,
    score,
)


def test_each_value_is_a_share_of_the_largest():
    assert normalise({1: 3, 2: 6, 3: 0}) == {1: 0.5, 2: 1.0, 3: 0.0}
    # Unknown (a carrier without declared space) and an indicator that is zero everywhere give 0.
    assert normalise({1: None, 2: 0.8}) == {1: 0.0, 2: 1.0}
    assert normalise({1: 0, 2: 0}) == {1: 0.0, 2: 0.0}
    assert normalise({}) == {}


def test_the_score_is_the_weighted_mean_times_100():
    everything = dict.fromkeys(INDICATORS, 1.0)
    assert score(everything, DEFAULT_WEIGHTS) == 100.0
    only_landings = {**dict.fromkeys(INDICATORS, 0.0), "landed_local": 1.0}
    assert score(only_landings, DEFAULT_WEIGHTS) == pytest.approx(30.0)  # 3 of the 10 weight


def test_weights_parse_over_the_defaults():
    assert parse_weights("") == DEFAULT_WEIGHTS
    assert parse_weights("graduated=0.5")["graduated"] == 0.5
    assert parse_weights({"revenue": 4})["revenue"] == 4.0
    with pytest.raises(ValueError, match="expected one of"):
        parse_weights("score=1")
    with pytest.raises(ValueError, match="above 0"):
        parse_weights(",".join(f"{k}=0" for k in INDICATORS))
