"""Quality of the ranking over labelled scenarios: NDCG@3 and top-1 accuracy.

The scenarios (``sample_data/match_scenarios.json``) are projects and offers an experienced
staff member graded 3 (best fit) … 0 (would not propose).

Examples
--------
>>> ndcg([3, 2, 0], [0, 2, 3], k=3)
1.0
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from os import PathLike
from pathlib import Path
from typing import Any

from matching.ranking import OfferIndex
from matching.types import OfferRecord, ProjectNeed, Taxonomy

from .ranking import ROOT, default_taxonomy

__all__ = ["judged_quality", "load_judgements", "load_scenarios", "ndcg", "offer_from_dict", "project_from_dict", "quality"]


def _date(value: Any) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) else value


def project_from_dict(data: Mapping[str, Any]) -> ProjectNeed:
    """A :class:`ProjectNeed` from plain data (ISO dates, lists); unstated optional fields are ``None``/empty."""
    values = {
        "description": "",
        "industries": (),
        "area_max": None,
        "needed_by": None,
        "power_kva": None,
        "floor_load": None,
        "clear_height": None,
        "clean_room": False,
        "hazardous": False,
        "max_rent": None,
        "home_district": None,
        "preferred_districts": (),
        **data,
    }
    values["needed_by"] = _date(values["needed_by"])
    return ProjectNeed(**values)


def offer_from_dict(data: Mapping[str, Any]) -> OfferRecord:
    """An :class:`OfferRecord` from plain data (ISO dates, lists); unstated optional fields are ``None``/empty."""
    values = {
        "description": "",
        "industries": (),
        "min_area": None,
        "max_area": None,
        "rent": None,
        "available_from": None,
        "floor_load": None,
        "clear_height": None,
        "power_kva": None,
        "clean_room": False,
        "hazardous_allowed": False,
        "lead_time_days": None,
        **data,
    }
    values["available_from"] = _date(values["available_from"])
    return OfferRecord(**values)


def load_scenarios(path: str | PathLike[str] | None = None) -> list[dict[str, Any]]:
    """The labelled scenarios (default: ``sample_data/match_scenarios.json``), as plain dicts."""
    path = Path(path) if path is not None else ROOT / "sample_data" / "match_scenarios.json"
    return json.loads(path.read_text(encoding="utf-8"))["scenarios"]


def ndcg(ranked_relevance: Sequence[float], all_relevance: Iterable[float], k: int = 3) -> float:
    """NDCG@k of a ranking given the graded relevance of what it returned, in order, and of all items.

    Gain ``2**rel - 1``, discount ``log2(position + 1)``; 1.0 when nothing is relevant.

    >>> round(ndcg([2, 3], [3, 2, 0], k=3), 3)
    0.834
    """

    def dcg(rels: Sequence[float]) -> float:
        return sum((2**r - 1) / math.log2(i + 2) for i, r in enumerate(rels[:k]))

    ideal = dcg(sorted(all_relevance, reverse=True))
    return 1.0 if ideal == 0 else dcg(list(ranked_relevance)) / ideal


def quality(scenarios: Sequence[Mapping[str, Any]], *, taxonomy: Taxonomy | None = None) -> dict[str, Any]:
    """NDCG@3 and top-1 accuracy of the engine over labelled scenarios.

    Each scenario has ``today``, a ``project``, ``offers`` and ``relevance`` (offer id -> grade,
    3 best … 0 would not propose). Offers the engine leaves out count as not ranked. Top-1 is
    right when the first offer returned has the scenario's highest grade.
    """
    taxonomy = taxonomy or default_taxonomy()
    per_scenario = []
    for scenario in scenarios:
        project = project_from_dict(scenario["project"])
        offers = [offer_from_dict(o) for o in scenario["offers"]]
        grades = {int(k): v for k, v in scenario["relevance"].items()}
        index = OfferIndex(taxonomy).fit(offers)
        ranked = index.rank(project, today=_date(scenario["today"]), limit=len(offers))
        rels = [grades.get(m.offer_id, 0) for m in ranked]
        per_scenario.append(
            {
                "name": scenario["name"],
                "ndcg_at_3": ndcg(rels, grades.values(), k=3),
                "top1": bool(rels) and rels[0] == max(grades.values()),
                "ranking": [m.offer_id for m in ranked],
            }
        )
    n = len(per_scenario)
    return {
        "n_scenarios": n,
        "ndcg_at_3": round(sum(s["ndcg_at_3"] for s in per_scenario) / n, 4) if n else float("nan"),
        "top1_accuracy": round(sum(s["top1"] for s in per_scenario) / n, 4) if n else float("nan"),
        "scenarios": per_scenario,
    }


def load_judgements(path: str | PathLike[str] | None = None) -> list[dict[str, Any]]:
    """The team's graded judgements (default: ``tests/matching/judgements.json``), as plain dicts."""
    path = Path(path) if path is not None else ROOT / "tests" / "matching" / "judgements.json"
    return json.loads(path.read_text(encoding="utf-8"))["cases"]


def judged_quality(cases: Sequence[Mapping[str, Any]], *, taxonomy: Taxonomy | None = None) -> dict[str, Any]:
    """NDCG@3, top-1 and infeasible-returned of the engine's default ranking over the judgements.

    Each case has ``today``, a ``project``, ``offers`` and ``judgements`` (``offer_id``,
    ``grade`` 3 … 0, ``feasible`` in the judge's view, ``rationale``). The ranking is the one
    staff see by default (feasible offers only). *Infeasible-returned* counts the offers it
    returns that the judge marked infeasible (a hard constraint or an admission rule fails).
    """
    taxonomy = taxonomy or default_taxonomy()
    per_case = []
    for case in cases:
        project = project_from_dict(case["project"])
        offers = [offer_from_dict(o) for o in case["offers"]]
        grades = {j["offer_id"]: j["grade"] for j in case["judgements"]}
        infeasible = {j["offer_id"] for j in case["judgements"] if not j["feasible"]}
        ranked = OfferIndex(taxonomy).fit(offers).rank(project, today=_date(case["today"]), limit=len(offers))
        rels = [grades.get(m.offer_id, 0) for m in ranked]
        per_case.append({
            "name": case["name"],
            "ndcg_at_3": ndcg(rels, grades.values(), k=3),
            "top1": bool(rels) and rels[0] == max(grades.values()),
            "infeasible_returned": [m.offer_id for m in ranked if m.offer_id in infeasible],
            "ranking": [m.offer_id for m in ranked],
        })
    n = len(per_case)
    return {
        "n_cases": n,
        "n_judgements": sum(len(c["judgements"]) for c in cases),
        "ndcg_at_3": round(sum(c["ndcg_at_3"] for c in per_case) / n, 4) if n else float("nan"),
        "top1_accuracy": round(sum(c["top1"] for c in per_case) / n, 4) if n else float("nan"),
        "infeasible_returned": sum(len(c["infeasible_returned"]) for c in per_case),
        "cases": per_case,
    }
