"""Industry admission (产业准入): which projects a specialised site takes at all.

Many parks admit only their own industries. A site's rule is one of
:data:`~matching.types.ADMISSIONS`:

=========  ================================================================================
``open``   any industry (the default)
``chain``  the project's industry is one of the site's, under one of them in GB/T 4754, or
           directly linked to one of them in the industry-chain graph (a supplier or customer)
``listed`` the project's industry is one of the site's codes or under one of them
=========  ================================================================================

The project's industry is its main code (the first). A project that gives no codes is
judged by the industry :class:`IndustryGuess` infers from its name and description; when
nothing can be inferred, the site stays in the ranking and its reasons say 产业准入待确认.
The rule is a hard constraint: a forbidden offer is left out of rankings, near-miss lists and
the assignment alike (see :mod:`matching.ranking`).

Examples
--------
>>> from matching.industry import IndustrySimilarity
>>> sim = IndustrySimilarity(chain_links=[("C3831", "C3823")]).fit(["C382", "C3587"])
>>> under, linked = admitted(sim, "C3823")
>>> under.tolist(), linked.tolist()
([True, False], [True, False])
>>> admitted(sim, "C3831")[0].tolist(), admitted(sim, "C3831")[1].tolist()
([False, False], [True, False])
>>> violation_text("listed", ("C3587",), {"C3587": "眼镜制造"}, "park")
'产业准入：该园区仅接收眼镜制造'
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from .industry import IndustrySimilarity, ancestors, code_level
from .text import TextSimilarity

__all__ = ["INFER_MIN_COSINE", "IndustryGuess", "admitted", "violation_text"]

# The cosine at which a description names an industry clearly enough to judge admission by it.
INFER_MIN_COSINE = 0.3
_PLACE = {"park": "该园区", "district": "该区县", "custom_plant": "该定制厂房"}


def admitted(sim: IndustrySimilarity, code: str) -> tuple[np.ndarray, np.ndarray]:
    """For each code in ``sim.codes_``: is ``code`` that code or under it; is it chain-linked to it.

    Returns two bool arrays of length ``len(sim.codes_) + 1``; the last entry (the padding of
    :attr:`OfferIndex.profile_codes_ <matching.ranking.OfferIndex.profile_codes_>`) is False.
    """
    code = code.strip().upper()
    mine = set(ancestors(code))
    cover = [x for x in mine if x in sim.graph_]
    under = np.zeros(len(sim.codes_) + 1, dtype=bool)
    linked = np.zeros(len(sim.codes_) + 1, dtype=bool)
    for i, site_code in enumerate(sim.codes_):
        under[i] = site_code in mine
        if not under[i] and cover:
            theirs = [y for y in ancestors(site_code) if y in sim.graph_]
            linked[i] = any(sim.hops_.get(u, {}).get(v) == 1 for u in cover for v in theirs)
    return under, linked


def violation_text(rule: str, site_codes: Sequence[str], names: Mapping[str, str], site_kind: str) -> str:
    """The Chinese violation of a site's admission rule, naming what it takes."""
    listed = "、".join(names.get(code, code) for code in site_codes[:3]) or "指定产业"
    related = "及相关产业" if rule == "chain" else ""
    return f"产业准入：{_PLACE.get(site_kind, '该地')}仅接收{listed}{related}"


class IndustryGuess:
    """The GB/T 4754 class a free-text description most likely names, or None.

    Fitted on the Chinese names of the classes and groups in a taxonomy (TF-IDF on character
    n-grams, as the site texts); a guess needs a cosine of at least ``min_cosine``.

    >>> guess = IndustryGuess().fit({"C3587": "眼镜制造", "C3823": "配电开关控制设备制造"})
    >>> guess.infer("瓯海光学", "高端眼镜镜架研发与生产"), guess.infer("某公司", "企业管理咨询")
    ('C3587', None)
    """

    def __init__(self, min_cosine: float = INFER_MIN_COSINE) -> None:
        self.min_cosine = min_cosine

    def fit(self, industry_names: Mapping[str, str]) -> IndustryGuess:
        """Fit on the names of the 3- and 4-digit codes; return self."""
        self.codes_ = [code for code in industry_names if code_level(code) >= 3]
        self.text_ = TextSimilarity().fit([industry_names[code] for code in self.codes_])
        return self

    def infer(self, name: str, description: str) -> str | None:
        """The best-named code, or None when no name is close enough."""
        if not self.codes_:
            return None
        scores = self.text_.scores(f"{name} {description}")
        best = int(np.argmax(scores))
        return self.codes_[best] if scores[best] >= self.min_cosine else None
