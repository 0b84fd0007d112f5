"""Finding a team's next carrier (寻找下一站): carriers ranked for a team, teams ranked for a carrier.

The same kind of engine as the landing-site ranking (:mod:`matching.ranking`), on carriers
(众创空间, 孵化器, 加速器, 大学科技园) instead of offers: plain records in, numpy columns, a hard
filter, four factors with Chinese reasons. One step per module:

* :mod:`~matching.carriers.types` — the records and results;
* :mod:`~matching.carriers.need` — what a team needs in its next carrier (the documented rule);
* :mod:`~matching.carriers.index` — :class:`CarrierIndex` and :func:`rank_teams`;
* :mod:`~matching.carriers.reasons` — the sentences.
"""

from __future__ import annotations

from .index import CarrierIndex, rank_teams
from .need import next_stage, team_need
from .types import CarrierRecord, CarrierWeights, RankedCarrier, TeamNeed

__all__ = [
    "CarrierIndex",
    "CarrierRecord",
    "CarrierWeights",
    "RankedCarrier",
    "TeamNeed",
    "next_stage",
    "rank_teams",
    "team_need",
]
