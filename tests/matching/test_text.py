"""Text similarity of Chinese descriptions: n-grams, TF-IDF, and the fast query path."""

from __future__ import annotations

import numpy as np
import pytest

from matching.text import CharNgrams, TextSimilarity, normalise_text, text_fit



SITES = [
    "乐清电气产业园 低压电器、成套开关设备产业集聚 配电开关控制设备制造",
    "海经区锂电储能产业园 锂电池电芯、电池包与储能系统 锂离子电池制造",
    "瓯海眼镜小镇 眼镜及配件产业集聚，镜片镜架配套完善 眼镜制造",
    "瑞安汽摩配产业园 制动系统、汽车电子配套 汽车零部件及配件制造",
]


@pytest.fixture(scope="module")
def sims() -> TextSimilarity:
    return TextSimilarity().fit(SITES)


def test_normalise_drops_punctuation_boilerplate_and_full_width():
    assert normalise_text("温州Ａ公司有限公司：智能阀门，研发与生产") == " a公司 智能阀门 "
    assert normalise_text("").strip() == ""


def test_ngrams_stay_inside_runs():
    assert CharNgrams((2, 2))("配电 开关") == ["配电", "开关"]
    assert CharNgrams((2, 3))("阀") == []


@pytest.mark.parametrize(
    ("text", "best"),
    [
        ("智能低压配电开关柜", 0),
        ("动力电池模组与储能电池包", 1),
        ("功能性镜片与眼镜架", 2),
        ("新能源汽车制动系统零部件", 3),
    ],
)
def test_a_description_finds_its_trade(sims, text, best):
    scores = sims.scores(text)
    assert int(np.argmax(scores)) == best
    assert scores[best] > 0.2


def test_query_vector_is_what_sklearn_transform_gives(sims):
    text = "智能低压配电开关柜，面向城市管网的控制设备"
    features, weights = sims.query_vector(text)
    expected = sims.vectorizer_.transform([text])
    expected.sort_indices()
    assert features.tolist() == expected.indices.tolist()
    assert np.allclose(weights, expected.data)
    assert np.allclose(sims.scores(text), (sims.matrix_ @ expected.T).toarray().ravel())


def test_scores_are_cosines_in_unit_interval(sims):
    scores = sims.scores(SITES[2])
    assert scores[2] == pytest.approx(1.0)
    assert ((scores >= 0) & (scores <= 1)).all()


def test_unknown_or_empty_text_scores_zero(sims):
    assert not sims.scores("").any()
    assert not sims.scores("ABCDEFG 完全无关").any()


def test_a_corpus_without_text_scores_zero():
    sims = TextSimilarity().fit(["", "有限公司"])
    assert sims.vectorizer_ is None
    assert sims.scores("智能配电开关").tolist() == [0.0, 0.0]


def test_text_fit_saturates():
    assert text_fit(np.array([0.0, 0.2, 0.4, 0.9])).tolist() == [0.0, 0.5, 1.0, 1.0]
