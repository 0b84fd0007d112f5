"""Rank carriers for a team (and teams for a carrier): hard filter, four factors, reasons.

:class:`CarrierIndex` is fitted once on the carriers: numpy columns for their stages, room,
level and district, and the industry similarity (:class:`~matching.industry.IndustrySimilarity`,
the engine the landing-site ranking uses) over their focus industries. A query scores every
carrier with array expressions and builds :class:`~matching.carriers.types.RankedCarrier`
objects (with reasons) only for the few it returns.

**Hard filter** — the carrier hosts the team's target stage and has room for its need in one
space of the right type; the team's current carrier is never proposed. With
``include_infeasible`` the carriers failing it follow: short of room first (room may be freed),
then those not hosting the stage, each by score.

**Factors**, each in [0, 1]:

* *industry* — the best fit of the team's codes (secondary codes discounted) with the
  carrier's focus industries; ``NEUTRAL_INDUSTRY`` when either side names none (a general
  carrier takes any trade; a team without codes cannot be told apart).
* *space* — room against the need: ``0.5`` at exactly the need, rising to 1 at
  ``ROOM_COMFORT`` times it (room to grow); below the need (infeasible) ``0.5 * room / need``.
* *level* — ``LEVEL_SCORES`` of its rating, ``DEMONSTRATION_BONUS`` more for a demonstration
  carrier (示范), capped at 1.
* *locality* — as for landing sites (:func:`~matching.scoring.locality_scores`): the current
  carrier's district 1.0, the team's preferred districts 0.8…0.5, elsewhere in Wenzhou 0.4.

Examples
--------
>>> from matching.carriers.types import CarrierRecord, TeamNeed
>>> from matching.types import Taxonomy
>>> taxonomy = Taxonomy({"C3823": "配电开关控制设备制造"}, {"330302": "鹿城区", "330382": "乐清市"})
>>> a = CarrierRecord(id=1, name="乐清电气加速器", kind="accelerator", district="330382",
...                   industries=("C3823",), level="provincial", demonstration=True,
...                   stages=("acceleration",), vacant_area={"office": 300.0})
>>> b = CarrierRecord(id=2, name="鹿城孵化器", kind="incubator", district="330302", industries=(),
...                   level="municipal", demonstration=False, stages=("nursery", "incubation"),
...                   vacant_area={"office": 500.0})
>>> need = TeamNeed(id=9, name="配电团队", industries=("C3823",), stage="acceleration",
...                 space_type="office", area=100.0, desks=0, home_district="330302")
>>> index = CarrierIndex(taxonomy).fit([a, b])
>>> [(m.carrier_id, round(m.score, 3), m.feasible) for m in index.rank(need, include_infeasible=True)]
[(1, 0.85, True), (2, 0.725, False)]
>>> index.rank(need)[0].reasons[0]
'主攻产业一致：配电开关控制设备制造'
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import numpy as np

from ..industry import IndustrySimilarity
from ..ranking import top_k
from ..scoring import locality_scores
from ..types import Taxonomy
from .reasons import explain, space_lack, violations
from .types import (
    CARRIER_SPACE_TYPES,
    CHAIN_STAGES,
    CarrierRecord,
    CarrierWeights,
    RankedCarrier,
    TeamNeed,
)

__all__ = [
    "DEMONSTRATION_BONUS",
    "DESK_AREA",
    "LEVEL_SCORES",
    "NEUTRAL_INDUSTRY",
    "ROOM_COMFORT",
    "CarrierIndex",
    "rank_teams",
]

NEUTRAL_INDUSTRY = 0.5
ROOM_COMFORT = 2.0
LEVEL_SCORES = {"national": 0.9, "provincial": 0.7, "municipal": 0.5, "other": 0.3}
DEMONSTRATION_BONUS = 0.1
# A desk space that does not count its desks: one open desk with its aisle takes about 6 ㎡.
DESK_AREA = 6.0
FACTORS = ("industry", "space", "level", "locality")
DEFAULT_WEIGHTS = CarrierWeights()


@lru_cache(maxsize=4)
def _fitted_similarity(links: tuple[tuple[str, str], ...], codes: tuple[str, ...]) -> IndustrySimilarity:
    # The carriers' focus industries change seldom; a service that fits an index per request
    # reuses the pairwise matrix (and the relations it has looked up) while they stay the same.
    # Read-only to callers, as the chain graph it shares.
    return IndustrySimilarity(links).fit(codes)


class CarrierIndex:
    """The carriers, prepared for fast ranking (a scikit-learn style estimator).

    Parameters
    ----------
    taxonomy : Taxonomy
        Industry and district names and the industry-chain links.
    weights : CarrierWeights
        Default weights of the factors (a query may pass its own).

    Attributes
    ----------
    carriers_ : tuple of CarrierRecord
        Sorted by id; row ``i`` of every column is ``carriers_[i]``.
    industry_ : IndustrySimilarity
        Fitted on the carriers' focus industries.
    codes_ : ndarray of shape (max_codes, n_carriers)
        Each carrier's industries as indexes into ``industry_.codes_``, padded with
        ``len(industry_.codes_)`` (which reads as 0).
    """

    def __init__(self, taxonomy: Taxonomy, *, weights: CarrierWeights = DEFAULT_WEIGHTS) -> None:
        self.taxonomy = taxonomy
        self.weights = weights

    def fit(self, carriers: Sequence[CarrierRecord]) -> CarrierIndex:
        """Build the columns and the industry similarity; return self."""
        carriers = tuple(sorted(carriers, key=lambda c: c.id))
        n = len(carriers)
        self.carriers_ = carriers
        self.ids_ = np.array([c.id for c in carriers], dtype=np.int64)
        self.hosts_ = np.array([[s in c.stages for c in carriers] for s in CHAIN_STAGES], dtype=bool).reshape(3, n)
        self.vacant_ = np.array([[c.vacant_area.get(t, 0.0) for c in carriers] for t in CARRIER_SPACE_TYPES],
                                dtype=np.float64).reshape(len(CARRIER_SPACE_TYPES), n)
        counted = np.array([c.vacant_desks for c in carriers], dtype=np.float64)
        uncounted = np.floor(np.array([c.uncounted_desk_area for c in carriers], dtype=np.float64) / DESK_AREA)
        self.desks_ = np.maximum(counted, uncounted)
        level = np.array([LEVEL_SCORES[c.level] for c in carriers], dtype=np.float64)
        demo = np.array([c.demonstration for c in carriers], dtype=bool)
        self.level_ = np.minimum(level + DEMONSTRATION_BONUS * demo, 1.0)
        self.district_codes_ = tuple(dict.fromkeys(c.district for c in carriers))
        where = {code: i for i, code in enumerate(self.district_codes_)}
        self.district_ = np.array([where[c.district] for c in carriers], dtype=np.int64)

        codes_in_use = tuple(dict.fromkeys(code.strip().upper() for c in carriers for code in c.industries))
        self.industry_ = _fitted_similarity(tuple(self.taxonomy.chain_links), codes_in_use)
        pad = len(self.industry_.codes_)
        width = max((len(c.industries) for c in carriers), default=0)
        codes = np.full((max(width, 1), n), pad, dtype=np.int64)
        for j, c in enumerate(carriers):
            for i, code in enumerate(c.industries):
                codes[i, j] = self.industry_.index_[code.strip().upper()]
        self.codes_ = codes
        self.has_codes_ = np.array([bool(c.industries) for c in carriers], dtype=bool)
        self._row = {c.id: i for i, c in enumerate(carriers)}
        return self

    def room(self, need: TeamNeed) -> np.ndarray:
        """Each carrier's room in the need's unit: desks for a desk need, ㎡ otherwise."""
        if need.space_type == "desk":
            return self.desks_
        return self.vacant_[CARRIER_SPACE_TYPES.index(need.space_type)]

    def score_all(self, need: TeamNeed, *, weights: CarrierWeights | None = None) -> dict[str, np.ndarray]:
        """Every factor, the score, and the hard-filter parts (``hosts``, ``fits``) for every carrier."""
        wanted = float(need.desks if need.space_type == "desk" else need.area)
        room = self.room(need)
        ratio = room / wanted
        space = np.where(ratio >= 1.0, 0.5 + 0.5 * np.minimum((ratio - 1.0) / (ROOM_COMFORT - 1.0), 1.0), 0.5 * ratio)

        if need.industries:
            profile = np.append(self.industry_.code_scores(need.industries), 0.0)
            industry = profile[self.codes_].max(axis=0)
            industry[~self.has_codes_] = NEUTRAL_INDUSTRY
        else:
            industry = np.full(self.ids_.size, NEUTRAL_INDUSTRY)

        locality = locality_scores(need.home_district, need.preferred_districts, self.district_codes_)[self.district_]
        w_industry, w_space, w_level, w_locality = (weights or self.weights).normalised()
        score = w_industry * industry + w_space * space + w_level * self.level_ + w_locality * locality
        return {
            "industry": industry, "space": space, "level": self.level_, "locality": locality, "score": score,
            "hosts": self.hosts_[CHAIN_STAGES.index(need.stage)], "fits": ratio >= 1.0, "room": room,
        }

    def rank(
        self,
        need: TeamNeed,
        *,
        limit: int = 10,
        weights: CarrierWeights | None = None,
        include_infeasible: bool = False,
    ) -> list[RankedCarrier]:
        """The best ``limit`` carriers for the team, best first (see the module notes)."""
        if not self.carriers_ or limit <= 0:
            return []
        factors = self.score_all(need, weights=weights)
        considered = np.ones(self.ids_.size, dtype=bool)
        if need.current_carrier_id is not None and need.current_carrier_id in self._row:
            considered[self._row[need.current_carrier_id]] = False
        # Nearness of a carrier that fails: short of room (it may free some) before not hosting the stage.
        n_failed = 2 * (~factors["hosts"]).astype(np.int64) + ~factors["fits"]
        rows = top_k(factors["score"], np.flatnonzero(considered & (n_failed == 0)), limit)
        if include_infeasible:
            near = np.flatnonzero(considered & (n_failed > 0))
            order = np.lexsort((near, -factors["score"][near], n_failed[near]))
            rows = np.concatenate([rows, near[order[:limit]]])
        return [self._ranked(need, int(r), factors) for r in rows]

    def _ranked(self, need: TeamNeed, row: int, factors: dict[str, np.ndarray]) -> RankedCarrier:
        carrier = self.carriers_[row]
        room = float(factors["room"][row])
        hosts, fits = bool(factors["hosts"][row]), bool(factors["fits"][row])
        pair = self.industry_.best_pair(need.industries, carrier.industries)
        reasons = explain(need, carrier, taxonomy=self.taxonomy, pair=pair, room=room)
        return RankedCarrier(
            carrier_id=carrier.id, team_id=need.id, score=float(factors["score"][row]),
            factors={name: float(factors[name][row]) for name in FACTORS}, reasons=reasons,
            feasible=hosts and fits, violations=violations(need, carrier, room=room, hosts=hosts, fits=fits),
            lacks=() if fits else (space_lack(need, room),),
        )


def rank_teams(
    carrier: CarrierRecord,
    needs: Sequence[TeamNeed],
    taxonomy: Taxonomy,
    *,
    limit: int = 10,
    weights: CarrierWeights | None = None,
    include_infeasible: bool = False,
) -> list[RankedCarrier]:
    """The teams this carrier could take in next, best first: the same scores, seen from the carrier.

    Each team is scored for its own target stage; teams it holds already are left out. Those it
    cannot take in (stage not hosted, no room) follow with ``include_infeasible``.
    """
    index = CarrierIndex(taxonomy, weights=weights or DEFAULT_WEIGHTS).fit([carrier])
    feasible, infeasible = [], []
    for need in needs:
        if need.current_carrier_id == carrier.id:
            continue
        found = index.rank(need, limit=1, include_infeasible=include_infeasible)
        for match in found:
            (feasible if match.feasible else infeasible).append(match)
    feasible.sort(key=lambda m: (-m.score, m.team_id))
    # As in `CarrierIndex.rank`: short of room (`lacks`) before not hosting the stage.
    infeasible.sort(key=lambda m: (2 * (len(m.violations) - len(m.lacks)) + len(m.lacks), -m.score, m.team_id))
    return (feasible[:limit] + infeasible[:limit]) if include_infeasible else feasible[:limit]
