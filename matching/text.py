"""Similarity of Chinese free text: a project's description against each site's profile.

Chinese has no spaces between words, so the text is cut into character n-grams within runs
of letters and digits, weighted by TF-IDF over the site texts, and compared by cosine. Words
that say nothing about the trade (研发, 生产, 产业园, 有限公司 …) are dropped first.

The n-grams are 2 and 3 characters long by default. Single characters are mostly noise in
this vocabulary: 电 is in 电池, 电气 and 电子, 车 in 汽车 and 车间, so unigrams made a battery
project look like an auto-parts park; on the labelled scenarios (``sample_data/
match_scenarios.json``) (2, 3) raised top-1 accuracy from 0.79 to 0.86 and did not depend on
:data:`TEXT_SATURATION` between 0.3 and 0.6, where (1, 3) did. The n-grams never cross
punctuation or spaces and are not padded (scikit-learn's ``"char_wb"`` pads every word, which
makes the lone space a feature every text shares and gives unrelated texts a cosine of ~0.1).

scikit-learn's :class:`~sklearn.feature_extraction.text.TfidfVectorizer` does the fitting. A
query is weighted with the fitted vocabulary and IDF by a few lines of numpy (the same formula
as ``transform``, without its per-call validation, which costs more than the rest of a query)
and touches only the columns of its own n-grams, so its cost grows with the sites that share
an n-gram with it, not with the whole corpus.

Raw cosines of short texts are small (two descriptions of the same trade rarely pass 0.5), so
:func:`text_fit` maps a cosine onto [0, 1] with a saturation point.

Examples
--------
>>> sims = TextSimilarity().fit(["智能配电开关 输配电设备", "皮鞋 制鞋 鞋材", "眼镜 镜片 镜架"])
>>> [round(float(s), 2) for s in sims.scores("智能低压配电开关柜研发")]
[0.67, 0.0, 0.0]
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer

__all__ = ["TEXT_SATURATION", "CharNgrams", "TextSimilarity", "normalise_text", "text_fit"]

# A cosine at or above this counts as a full text match. On the labelled scenarios a site of
# the project's own trade mostly scores 0.3–0.9 and a site of another trade below 0.25.
TEXT_SATURATION = 0.4
# Everything that is not a letter or digit (CJK punctuation, brackets, symbols) separates runs.
_SEPARATORS = re.compile(r"[\W_]+", re.UNICODE)
# Words of company names, park names and descriptions that say nothing about the trade: they
# would make every text look alike ("研发生产" matches "研发制造" whatever is made). Longer
# phrases first, so "产业园" goes before "产业".
_BOILERPLATE = re.compile(
    "|".join(
        (
            r"有限责任公司|股份有限公司|有限公司|示例\d*|温州市?",
            r"标准厂房|产业园|产业集聚|产业平台|小微园|科创园|创新园|产业链|企业园|研发楼|孵化器?|园区",
            r"研发|生产|制造业?|产业|集聚|企业|配套|完善|基地|厂房|小微|科技|加工|面向|规模化|及其|其他",
            r"[及与和的等]",
        )
    )
)


def normalise_text(text: str) -> str:
    """Full-width to half-width, lower case, boilerplate and punctuation to spaces.

    >>> normalise_text("温州智配电气有限公司（示例002）：智能配电开关研发与生产！")
    ' 智配电气 智能配电开关 '
    """
    text = unicodedata.normalize("NFKC", text or "").lower()
    text = _BOILERPLATE.sub(" ", text)
    return _SEPARATORS.sub(" ", text)


def text_fit(cosine: np.ndarray | float, saturation: float = TEXT_SATURATION) -> np.ndarray:
    """Map raw cosines onto [0, 1]: linear up to ``saturation``, then 1.

    >>> text_fit(np.array([0.0, 0.2, 0.9]))
    array([0. , 0.5, 1. ])
    """
    return np.clip(np.asarray(cosine, dtype=np.float64) / saturation, 0.0, 1.0)


class CharNgrams:
    """Analyzer: the character n-grams of each run of letters and digits, unpadded.

    >>> CharNgrams((1, 2))("配电 开关")
    ['配', '电', '配电', '开', '关', '开关']
    >>> CharNgrams()("智能配电")
    ['智能', '能配', '配电', '智能配', '能配电']
    """

    def __init__(self, ngram_range: tuple[int, int] = (2, 3)) -> None:
        self.ngram_range = ngram_range

    def __call__(self, text: str) -> list[str]:
        low, high = self.ngram_range
        grams: list[str] = []
        for run in normalise_text(text).split():
            size = len(run)
            for n in range(low, min(high, size) + 1):
                grams.extend(run[i : i + n] for i in range(size - n + 1))
        return grams


class TextSimilarity:
    """TF-IDF cosine between a query text and a fitted corpus of site texts.

    Parameters
    ----------
    ngram_range : tuple of int
        Character n-gram lengths.

    Attributes
    ----------
    vectorizer_ : TfidfVectorizer or None
        Fitted on the corpus (``None`` when the corpus has no text at all).
    matrix_ : scipy.sparse.csc_matrix of shape (n_texts, n_features)
        The corpus, L2-normalised rows, stored by column so a query reads only its n-grams.
    """

    def __init__(self, ngram_range: tuple[int, int] = (2, 3)) -> None:
        self.ngram_range = ngram_range

    def fit(self, texts: Sequence[str]) -> TextSimilarity:
        """Fit the vocabulary and IDF on ``texts`` and keep their vectors; return self."""
        texts = list(texts)
        analyzer = CharNgrams(self.ngram_range)
        if any(analyzer(t) for t in texts):
            self.vectorizer_ = TfidfVectorizer(analyzer=analyzer, sublinear_tf=True, dtype=np.float32)
            matrix = self.vectorizer_.fit_transform(texts).tocsc()
            self._vocabulary = self.vectorizer_.vocabulary_
            self._idf = self.vectorizer_.idf_.astype(np.float64)
        else:
            # Nothing to learn from (no site says anything): every query scores 0.
            self.vectorizer_ = None
            matrix = sp.csc_matrix((len(texts), 0), dtype=np.float32)
        matrix.sort_indices()
        self.matrix_ = matrix
        self._analyzer = analyzer
        return self

    def query_vector(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """``text`` as (feature indices, L2-normalised TF-IDF weights), as ``transform`` would give."""
        if self.vectorizer_ is None:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64)
        vocabulary = self._vocabulary
        ids = [i for i in map(vocabulary.get, self._analyzer(text)) if i is not None]
        if not ids:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64)
        features, counts = np.unique(np.asarray(ids, dtype=np.int64), return_counts=True)
        weights = (1.0 + np.log(counts)) * self._idf[features]
        return features, weights / np.sqrt(weights @ weights)

    def scores(self, text: str) -> np.ndarray:
        """Cosine of ``text`` against every fitted text, shape ``(n_texts,)``, in [0, 1]."""
        n = self.matrix_.shape[0]
        features, weights = self.query_vector(text)
        if features.size == 0:
            return np.zeros(n, dtype=np.float64)
        # Gather the stored entries of the query's columns straight from the CSC arrays and
        # sum them per row: one bincount instead of a sparse slice and product.
        m = self.matrix_
        starts, ends = m.indptr[features], m.indptr[features + 1]
        lengths = ends - starts
        total = int(lengths.sum())
        if total == 0:
            return np.zeros(n, dtype=np.float64)
        offsets = np.repeat(starts - np.cumsum(lengths) + lengths, lengths) + np.arange(total)
        values = m.data[offsets] * np.repeat(weights, lengths)
        out = np.bincount(m.indices[offsets], weights=values, minlength=n)
        return np.clip(out, 0.0, 1.0)

    @property
    def nbytes(self) -> int:
        """Memory held by the fitted matrix."""
        m = self.matrix_
        return int(m.data.nbytes + m.indices.nbytes + m.indptr.nbytes)
