"""Rank landing-site offers for a project, and graduating projects for a site's offers.

:class:`OfferIndex` is fitted once on the offers on the market: it turns them into numpy
columns, precomputes the industry similarity between the codes in use and the TF-IDF matrix
of the site texts. A query then scores every offer with array expressions — hard
constraints, industry, space, locality, total — and builds :class:`~matching.types.RankedOffer`
objects (with reasons) only for the few it returns.

The score is ``industry``, ``space`` and ``locality`` weighted by :class:`~matching.types.Weights`
(normalised); ties are broken by offer id, so the same inputs always give the same order.
See :mod:`matching.constraints`, :mod:`matching.scoring` and :mod:`matching.industry` for the
rules each factor follows.

Examples
--------
>>> from datetime import date
>>> from matching.types import OfferRecord, ProjectNeed, Taxonomy
>>> taxonomy = Taxonomy({"C3823": "配电开关控制设备制造", "C3587": "眼镜制造"},
...                     {"330382": "乐清市", "330304": "瓯海区"})
>>> def offer(id, code, district):
...     return OfferRecord(
...         id=id, site_id=id, site_name=f"园区{id}", site_kind="park", district=district,
...         industries=(code,), description="", space_type="plant", available_area=5000,
...         min_area=1000, max_area=None, rent=20, available_from=None, floor_load=None,
...         clear_height=None, power_kva=None, clean_room=False, hazardous_allowed=False,
...         lead_time_days=None)
>>> index = OfferIndex(taxonomy).fit([offer(1, "C3587", "330304"), offer(2, "C3823", "330382")])
>>> need = ProjectNeed(
...     id=9, name="智能配电开关", description="", industries=("C3823",), space_type="plant",
...     area_min=2000, area_max=3000, needed_by=None, power_kva=None, floor_load=None,
...     clear_height=None, clean_room=False, hazardous=False, max_rent=None,
...     home_district="330382", preferred_districts=())
>>> [(m.offer_id, round(m.score, 3)) for m in index.rank(need, today=date(2026, 3, 1))]
[(2, 0.982), (1, 0.547)]
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date

import numpy as np

from .admission import IndustryGuess, admitted, violation_text
from .columns import OfferColumns
from .constraints import ADMISSION, failures, lacks, shortfalls, unconfirmed_count, violations
from .industry import IndustrySimilarity
from .reasons import explain
from .scoring import blend_industry, combine, locality_scores, reference_rents, space_fit
from .text import TextSimilarity, text_fit
from .types import ADMISSIONS, SITE_KINDS, SPACE_TYPES, OfferRecord, ProjectNeed, RankedOffer, Taxonomy, Weights

__all__ = ["OfferIndex", "rank_projects", "site_text", "top_k"]


def top_k(key: np.ndarray, candidates: np.ndarray, k: int) -> np.ndarray:
    """Rows of ``candidates`` with the ``k`` largest ``key``, largest first, ties by lower row.

    ``candidates`` are row numbers in increasing order. Exact at the cut: when several rows tie
    for the last places, the lowest rows win, whatever order ``argpartition`` would leave.

    >>> top_k(np.array([0.5, 0.9, 0.5, 0.7]), np.array([0, 1, 2, 3]), 3).tolist()
    [1, 3, 0]
    """
    if k <= 0 or candidates.size == 0:
        return candidates[:0]
    values = key[candidates]
    if candidates.size > k:
        cut = np.partition(values, candidates.size - k)[candidates.size - k]
        above = values > cut
        tied = np.flatnonzero(values == cut)[: k - int(above.sum())]
        chosen = np.concatenate([np.flatnonzero(above), tied])
        candidates, values = candidates[chosen], values[chosen]
    order = np.lexsort((candidates, -values))
    return candidates[order]


def site_text(offer: OfferRecord, taxonomy: Taxonomy) -> str:
    """What the text similarity reads of a site: its name, description and industry names.

    >>> offer = OfferRecord(
    ...     id=1, site_id=1, site_name="乐清电气产业园", site_kind="park", district="330382",
    ...     industries=("C3823",), description="低压电器", space_type="plant", available_area=1000,
    ...     min_area=None, max_area=None, rent=None, available_from=None, floor_load=None,
    ...     clear_height=None, power_kva=None, clean_room=False, hazardous_allowed=False,
    ...     lead_time_days=None)
    >>> site_text(offer, Taxonomy({"C3823": "配电开关控制设备制造"}, {}))
    '乐清电气产业园 低压电器 配电开关控制设备制造'
    """
    names = " ".join(taxonomy.industry_names.get(code, "") for code in offer.industries)
    return f"{offer.site_name} {offer.description} {names}"


class OfferIndex:
    """The offers on the market, prepared for fast ranking (a scikit-learn style estimator).

    Parameters
    ----------
    taxonomy : Taxonomy
        Industry and district names and the industry-chain links.
    weights : Weights
        Default weights of the factors (a query may pass its own).
    text_ngram_range : tuple of int
        Character n-gram lengths of the text similarity.

    Attributes
    ----------
    columns_ : OfferColumns
        The offers as arrays, sorted by id.
    industry_ : IndustrySimilarity
        Fitted on the site industries in use.
    text_ : TextSimilarity
        Fitted on the distinct site profiles (site name, description, industry names).
    profile_ : ndarray of shape (n_offers,)
        Each offer's site profile (row in ``text_`` and ``profile_codes_``).
    profile_codes_ : ndarray of shape (max_codes, n_profiles)
        Each profile's industry codes (one column per profile) as indexes into
        ``industry_.codes_``, padded with ``len(industry_.codes_)`` (which reads as 0). Stored
        code-major so a query reduces a few long rows instead of many short ones.
    reference_rents_ : ndarray
        Median rent per space type, used when a project states no rent ceiling.
    """

    def __init__(
        self,
        taxonomy: Taxonomy,
        *,
        weights: Weights = Weights(),
        text_ngram_range: tuple[int, int] = (2, 3),
    ) -> None:
        self.taxonomy = taxonomy
        self.weights = weights
        self.text_ngram_range = text_ngram_range

    def fit(self, offers: Sequence[OfferRecord]) -> OfferIndex:
        """Prepare the columns, the industry similarity and the text matrix; return self."""
        cols = OfferColumns.from_offers(offers)
        # Offers of one site share its industries and text: score each distinct profile once.
        profiles: dict[tuple[tuple[str, ...], str], int] = {}
        profile = np.empty(len(cols), dtype=np.int32)
        for row, offer in enumerate(cols.offers):
            key = (offer.industries, site_text(offer, self.taxonomy))
            profile[row] = profiles.setdefault(key, len(profiles))
        keys = list(profiles)
        industry = IndustrySimilarity(self.taxonomy.chain_links).fit(
            code for codes, _ in keys for code in codes
        )
        pad = len(industry.codes_)
        width = max((len(codes) for codes, _ in keys), default=0) or 1
        profile_codes = np.full((width, len(keys)), pad, dtype=np.int32)
        for i, (codes, _) in enumerate(keys):
            profile_codes[: len(codes), i] = [industry.index_[c.strip().upper()] for c in codes]

        self.columns_ = cols
        self.industry_ = industry
        self.text_ = TextSimilarity(self.text_ngram_range).fit([text for _, text in keys])
        self.profile_ = profile
        self.profile_codes_ = profile_codes
        self.reference_rents_ = reference_rents(cols)
        self._district_by_name = {name: code for code, name in self.taxonomy.district_names.items()}
        self._admitted: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        self._guess: IndustryGuess | None = None
        return self

    def admission_code(self, project: ProjectNeed) -> str | None:
        """The industry admission rules judge ``project`` by: its main code, else the one its text names."""
        if project.industries:
            return project.industries[0]
        if self._guess is None:  # fitted on first need: most projects give codes
            self._guess = IndustryGuess().fit(self.taxonomy.industry_names)
        return self._guess.infer(project.name, project.description)

    def _admission(self, project: ProjectNeed) -> tuple[np.ndarray, np.ndarray]:
        """(forbidden, unknown) per offer: the site's rule excludes the project / cannot judge it."""
        cols = self.columns_
        restricted = cols.admission != ADMISSIONS.index("open")
        if not restricted.any():
            return np.zeros(len(cols), dtype=bool), restricted
        code = self.admission_code(project)
        if code is None:
            return np.zeros(len(cols), dtype=bool), restricted
        found = self._admitted.get(code)
        if found is None:
            under, linked = admitted(self.industry_, code)
            listed_ok = under[self.profile_codes_].any(axis=0)[self.profile_]
            chain_ok = (under | linked)[self.profile_codes_].any(axis=0)[self.profile_]
            found = self._admitted[code] = (listed_ok, chain_ok)
        listed_ok, chain_ok = found
        forbidden = ((cols.admission == ADMISSIONS.index("listed")) & ~listed_ok) | (
            (cols.admission == ADMISSIONS.index("chain")) & ~chain_ok)
        return forbidden, np.zeros(len(cols), dtype=bool)

    def with_areas(self, areas: Mapping[int, float]) -> OfferIndex:
        """A copy whose offers have the available areas in `areas` (offer id -> ㎡), fitted parts shared.

        Signing or releasing space changes only an offer's area, never its site's industries
        or text, so the fitted industry and text models stay valid; refitting them would cost
        far more than the ranking itself.
        """
        offers = [
            replace(offer, available_area=areas[offer.id]) if areas.get(offer.id, offer.available_area)
            != offer.available_area else offer
            for offer in self.columns_.offers
        ]
        refreshed = copy.copy(self)
        refreshed.columns_ = OfferColumns.from_offers(offers)  # same ids, so the same row order
        refreshed.reference_rents_ = reference_rents(refreshed.columns_)
        return refreshed

    @property
    def nbytes(self) -> int:
        """Memory held by the fitted arrays and matrices (bytes)."""
        return int(
            self.columns_.nbytes
            + self.industry_.matrix_.nbytes
            + self.text_.nbytes
            + self.profile_.nbytes
            + self.profile_codes_.nbytes
        )

    def score_all(self, project: ProjectNeed, *, today: date, weights: Weights | None = None) -> dict[str, np.ndarray]:
        """Every factor, the score and the constraint failures of every offer (rows as ``columns_``).

        Returns a dict of arrays: ``score``, ``industry``, ``space``, ``locality``, ``size``,
        ``timing``, ``rent``, ``code``, ``text`` (the last two per offer, before blending),
        ``ready`` (day ordinals), ``failures`` (``(len(CONSTRAINTS), n)`` bool) and
        ``admission_unknown`` (bool: the site restricts industries and the project's is unknown).
        """
        cols = self.columns_
        weights = weights or self.weights

        # Industry, per site profile, then spread to the offers.
        row = np.append(self.industry_.code_scores(project.industries), 0.0)
        code = np.maximum.reduce(row[self.profile_codes_], axis=0)
        text = text_fit(self.text_.scores(f"{project.name} {project.description}"))
        industry = blend_industry(code, text, has_codes=bool(project.industries))[self.profile_]

        fails = failures(project, cols)
        fails[ADMISSION], admission_unknown = self._admission(project)
        space = space_fit(
            project,
            cols,
            today=today,
            unconfirmed=unconfirmed_count(project, cols),
            reference_rent=float(self.reference_rents_[SPACE_TYPES.index(project.space_type)]),
        )
        locality = locality_scores(project.home_district, project.preferred_districts, cols.district_codes)[
            cols.district
        ]
        return {
            "score": combine(industry, space.space, locality, weights),
            "industry": industry,
            "space": space.space,
            "locality": locality,
            "size": space.size,
            "timing": space.timing,
            "rent": space.rent,
            "code": code[self.profile_],
            "text": text[self.profile_],
            "ready": space.ready,
            "failures": fails,
            "admission_unknown": admission_unknown,
        }

    def rank(
        self,
        project: ProjectNeed,
        *,
        today: date,
        limit: int = 10,
        weights: Weights | None = None,
        kind: str | None = None,
        district: str | None = None,
        include_infeasible: bool = False,
    ) -> list[RankedOffer]:
        """The best ``limit`` offers for ``project``, best first.

        ``kind`` and ``district`` (a code or a Chinese name) narrow the offers considered.
        Offers failing a hard constraint are left out; with ``include_infeasible`` up to
        ``limit`` of them follow the feasible ones, nearest first: fewest violations, then the
        smallest relative shortfall (:func:`~matching.constraints.shortfalls`), then by score.
        Offers whose site's admission rule excludes the project are never returned.
        """
        cols = self.columns_
        factors = self.score_all(project, today=today, weights=weights)
        fails = factors["failures"]
        n_failed = fails.sum(axis=0)

        considered = ~fails[ADMISSION]
        if kind is not None:
            if kind not in SITE_KINDS:
                raise ValueError(f"kind must be one of {SITE_KINDS}, got {kind!r}")
            considered &= cols.site_kind == SITE_KINDS.index(kind)
        if district is not None:
            code = self._district_by_name.get(district, district)
            if code in cols.district_codes:
                considered &= cols.district == cols.district_codes.index(code)
            else:
                considered[:] = False

        score = factors["score"]
        rows = top_k(score, np.flatnonzero(considered & (n_failed == 0)), limit)
        if include_infeasible and limit > 0:
            rows = np.concatenate([rows, self._nearest(project, np.flatnonzero(considered & (n_failed > 0)),
                                                       n_failed, score, limit)])
        return [self._match(project, int(r), factors, today=today) for r in rows]

    def _nearest(self, project: ProjectNeed, near: np.ndarray, n_failed: np.ndarray, score: np.ndarray,
                 limit: int) -> np.ndarray:
        """The ``limit`` rows of ``near`` that come nearest, in order (violations, shortfall, -score, row)."""
        if near.size > limit:
            # Only the fewest-violation levels that fill the list, and at the last level only the
            # rows up to the cut's shortfall (ties kept), go to the exact sort.
            failed = n_failed[near]
            counts = np.bincount(failed)
            level = int(np.searchsorted(np.cumsum(counts), limit))
            near = near[failed <= level]
            short = shortfalls(project, self.columns_)
            last = near[n_failed[near] == level]
            wanted = limit - (near.size - last.size)
            if last.size > wanted > 0:
                cut = np.partition(short[last], wanted - 1)[wanted - 1]
                near = np.concatenate([near[n_failed[near] < level], last[short[last] <= cut]])
        else:
            short = shortfalls(project, self.columns_)
        order = np.lexsort((near, -score[near], short[near], n_failed[near]))
        return near[order[:limit]]

    def match(
        self, project: ProjectNeed, offer_id: int, *, today: date, weights: Weights | None = None
    ) -> RankedOffer | None:
        """The match of ``project`` with one offer (feasible or not), or None for an unknown offer.

        Scores every offer in one vectorised pass and builds reasons for this one only.
        """
        rows = np.flatnonzero(self.columns_.ids == offer_id)
        if len(rows) == 0:
            return None
        factors = self.score_all(project, today=today, weights=weights)
        return self._match(project, int(rows[0]), factors, today=today)

    def _match(self, project: ProjectNeed, row: int, factors: dict[str, np.ndarray], *, today: date) -> RankedOffer:
        offer = self.columns_.offers[row]
        _, project_code, site_code, relation = self.industry_.best_pair(project.industries, offer.industries)
        ready = date.fromordinal(int(factors["ready"][row]))
        timing = float(factors["timing"][row])
        feasible = not factors["failures"][:, row].any()
        reasons = explain(
            project,
            offer,
            taxonomy=self.taxonomy,
            relation=relation,
            project_code=project_code,
            site_code=site_code,
            code_fit=float(factors["code"][row]),
            text_fit=float(factors["text"][row]),
            today=today,
            ready=ready,
            late=timing < 1.0,
            admission_unconfirmed=bool(factors["admission_unknown"][row]),
        )
        found = violations(project, offer)
        if factors["failures"][ADMISSION, row]:
            found += (violation_text(offer.admission, offer.industries, self.taxonomy.industry_names, offer.site_kind),)
        return RankedOffer(
            offer_id=offer.id,
            project_id=project.id,
            site_id=offer.site_id,
            score=float(factors["score"][row]),
            factors={
                name: float(factors[name][row])
                for name in ("industry", "space", "locality", "size", "timing", "rent")
            },
            reasons=reasons,
            feasible=feasible,
            violations=() if feasible else found,
            lacks=() if feasible else lacks(project, offer),
        )


def rank_projects(
    offers: Sequence[OfferRecord],
    projects: Sequence[ProjectNeed],
    taxonomy: Taxonomy,
    *,
    today: date,
    limit: int = 10,
    weights: Weights | None = None,
    include_infeasible: bool = False,
) -> list[RankedOffer]:
    """The reverse search: the projects best suited to these offers (typically one site's), best first.

    One match per project, on its best offer among ``offers``; ties by project id. With
    ``include_infeasible``, up to ``limit`` projects no offer can host follow, each with its
    nearest offer, nearest first. Projects the sites' admission rules exclude are left out.
    """
    index = OfferIndex(taxonomy, weights=weights or Weights()).fit(offers)
    feasible: list[RankedOffer] = []
    infeasible: list[RankedOffer] = []
    for project in projects:
        best = index.rank(project, today=today, limit=1, include_infeasible=True)
        if best and best[0].feasible:
            feasible.append(best[0])
        elif best:
            infeasible.append(best[0])
    feasible.sort(key=lambda m: (-m.score, m.project_id))
    by_id = {p.id: p for p in projects}
    row_of = {int(offer_id): row for row, offer_id in enumerate(index.columns_.ids)}

    def nearness(m: RankedOffer) -> tuple:
        short = shortfalls(by_id[m.project_id], index.columns_)[row_of[m.offer_id]]
        return (len(m.violations), float(short), -m.score, m.project_id)

    infeasible.sort(key=nearness)
    out = feasible[: max(limit, 0)]
    if include_infeasible:
        out += infeasible[: max(limit, 0)]
    return out
