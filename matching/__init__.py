"""Ranking and assignment algorithms: plain data in, plain results out (numpy, scipy, networkx).

Nothing here imports Flask, SQLAlchemy or the other packages of Matchmaker.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .industry import IndustrySimilarity
    from .ranking import OfferIndex, rank_projects
    from .taxonomy import load_taxonomy
    from .text import TextSimilarity
    from .types import OfferRecord, ProjectNeed, RankedOffer, Taxonomy, Weights

# The ranking engine's public names, loaded on first use: `import matching.types` (or the
# assignment module) should not pay for importing scikit-learn and networkx.
_RANKING_EXPORTS = {
    "IndustrySimilarity": "industry",
    "OfferIndex": "ranking",
    "OfferRecord": "types",
    "ProjectNeed": "types",
    "RankedOffer": "types",
    "Taxonomy": "types",
    "TextSimilarity": "text",
    "Weights": "types",
    "load_taxonomy": "taxonomy",
    "rank_projects": "ranking",
}

__all__ = sorted(_RANKING_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _RANKING_EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
