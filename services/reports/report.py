"""The report every format shows: the snapshot with labels resolved, totals added and missing keys filled in."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from models.labels import (
    EVENT_KIND_NAMES,
    METRIC_NAMES,
    OBJECTIVE_NAMES,
    SITE_KIND_NAMES,
    SPACE_TYPE_NAMES,
    STAGE_NAMES,
)

from .formatting import as_number, datetime_text, fmt_percent, label_of

__all__ = ["build_report"]


def _merged_labels(snapshot: Mapping[str, Any]) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    # The snapshot may carry the labels the service used; they win over ours.
    extra = snapshot.get("labels") or {}
    kinds = {**SITE_KIND_NAMES, **(extra.get("site_kind") or {})}
    spaces = {**SPACE_TYPE_NAMES, **(extra.get("space_type") or {})}
    stages = {**STAGE_NAMES, **((snapshot.get("outcome") or {}).get("stage_names") or {})}
    return kinds, spaces, stages


# What a row shows when the snapshot leaves a key out.
ASSIGNMENT_DEFAULTS = dict.fromkeys(("project_id", "area", "site_id", "offer_id", "score", "space_type", "site_kind",
                                     "planned_investment"))
ASSIGNMENT_DEFAULTS.update(dict.fromkeys(("project_name", "incubator_name", "project_district", "industry",
                                          "site_name", "site_district", "need_area"), ""), local=False)
UNMATCHED_DEFAULTS = dict.fromkeys(("project_id", "area", "space_type"))
UNMATCHED_DEFAULTS.update(dict.fromkeys(("project_name", "incubator_name", "project_district", "reason", "need_area",
                                         "next_step"), ""))
DISTRICT_DEFAULTS = {"district": "", "district_name": "", "graduated": 0, "matched": 0, "matched_local": 0,
                     "matched_area": 0.0}
OFFER_DEFAULTS = {"offer_id": None, "site_name": "", "site_kind": None, "district_name": "", "space_type": None,
                  "capacity": None, "assigned_area": None, "utilisation": None}


def build_report(snapshot: Mapping[str, Any]) -> dict[str, Any]:
    """What every format shows, computed once: labels in Chinese, totals, target columns."""
    kinds, spaces, stages = _merged_labels(snapshot)
    event = dict(snapshot.get("event") or {})
    outcome = dict(snapshot.get("outcome") or {})
    event_kind = event.get("kind_name") or label_of(EVENT_KIND_NAMES, event.get("kind"))
    year = outcome.get("year") or (str(event.get("date") or "")[:4] or None)

    assignments = []
    for index, raw in enumerate(snapshot.get("assignments") or [], start=1):
        row = {**ASSIGNMENT_DEFAULTS, **raw}
        reasons = row.get("reasons") or []
        row.update({
            "index": index,
            "space_type_label": label_of(spaces, row.get("space_type")),
            "site_kind_label": label_of(kinds, row.get("site_kind")),
            "local_label": "是" if row.get("local") else "否",
            "reasons_text": "；".join(str(r) for r in reasons),
            "reasons": list(reasons),
            "status": "已匹配",
        })
        assignments.append(row)

    unmatched = []
    for index, raw in enumerate(snapshot.get("unmatched") or [], start=1):
        row = {**UNMATCHED_DEFAULTS, **raw}
        row.update({"index": index, "space_type_label": label_of(spaces, row.get("space_type")), "status": "未匹配"})
        unmatched.append(row)

    districts = [{**DISTRICT_DEFAULTS, **d} for d in snapshot.get("districts") or []]
    present = {key for d in districts for key in (d.get("targets") or {})}
    target_keys = [k for k in METRIC_NAMES if k in present] + sorted(present - METRIC_NAMES.keys())
    target_columns = [(key, METRIC_NAMES.get(key, key)) for key in target_keys]
    for d in districts:
        matched, graduated = d.get("matched") or 0, d.get("graduated") or 0
        d["match_rate"] = matched / graduated if graduated else None
        d["local_rate"] = (d.get("matched_local") or 0) / matched if matched else None
        d["targets"] = dict(d.get("targets") or {})
        # Completion of the targets the registry can measure (so far: new incubated projects).
        d["completion"] = {key: value / d["targets"][key] for key, value in (d.get("achieved") or {}).items()
                           if as_number(d["targets"].get(key))}
    district_totals = {
        key: sum(as_number(d.get(key)) or 0 for d in districts)
        for key in ("graduated", "matched", "matched_local", "matched_area")
    }

    offers, unused_elsewhere = [], 0
    event_district = event.get("district_name")
    for raw in snapshot.get("offers") or []:
        row = {**OFFER_DEFAULTS, **raw}
        capacity, assigned = as_number(row.get("capacity")) or 0.0, as_number(row.get("assigned_area")) or 0.0
        if row.get("utilisation") is None:
            row["utilisation"] = assigned / capacity if capacity else 0.0
        row.update({
            "site_kind_label": label_of(kinds, row.get("site_kind")),
            "space_type_label": label_of(spaces, row.get("space_type")),
            "remaining": max(capacity - assigned, 0.0),
        })
        # The offers actually used, and the event's own district's; the rest of the city is one count.
        if assigned > 0 or (event_district and row.get("district_name") == event_district):
            offers.append(row)
        else:
            unused_elsewhere += 1

    gap = as_number(snapshot.get("gap"))
    optimal = bool(snapshot.get("optimal"))
    by_stage = outcome.get("by_stage") or {}
    stage_keys = list(STAGE_NAMES) + [k for k in by_stage if k not in STAGE_NAMES]
    summary = {
        "graduated_seeking": outcome.get("graduated_seeking", len(assignments) + len(unmatched)),
        "matched": outcome.get("matched", len(assignments)),
        "matched_local": outcome.get("matched_local", sum(1 for a in assignments if a.get("local"))),
        "unmatched": len(unmatched),
        "landed": outcome.get("landed"),
        "signed_pending": outcome.get("signed_pending"),
        "matched_area": sum(as_number(a.get("area")) or 0.0 for a in assignments),
        "stages": [(stages.get(k, k), by_stage.get(k, 0)) for k in stage_keys if k in by_stage],
    }
    summary["local_rate"] = summary["matched_local"] / summary["matched"] if summary["matched"] else None

    if "optimal" not in snapshot:
        optimal_text = "—"
    elif optimal:
        optimal_text = "已证明最优"
    elif gap is not None:
        optimal_text = f"未证明最优（与上界差距 {fmt_percent(gap, 2)}）"
    else:
        optimal_text = "未证明最优"
    objective = snapshot.get("objective")
    return {
        "event": {
            "id": event.get("id"),
            "name": event.get("name") or "匹配报告",
            "date": event.get("date") or "",
            "kind_label": event_kind,
            "district_name": event.get("district_name") or event.get("district") or "全市",
            "organiser": event.get("organiser") or "",
            "venue": event.get("venue") or "",
            "signatories": list(event.get("signatories") or []),
        },
        "year": year,
        "generated_at": datetime_text(snapshot.get("generated_at")),
        "solver": {
            "objective_label": snapshot.get("objective_label") or label_of(OBJECTIVE_NAMES, objective),
            "optimal": optimal,
            "optimal_text": optimal_text,
            "gap": gap,
            "bound": as_number(snapshot.get("bound")),
            "objective_value": as_number(snapshot.get("objective_value")),
            "method": snapshot.get("method") or "",
            "seconds": as_number(snapshot.get("seconds")),
        },
        "summary": summary,
        "assignments": assignments,
        "unmatched": unmatched,
        "already_signed": [dict(row, index=i) for i, row in enumerate(snapshot.get("already_signed") or [], start=1)],
        "districts": districts,
        "district_totals": district_totals,
        "target_columns": target_columns,
        "target_totals": {key: sum(as_number(d["targets"].get(key)) or 0 for d in districts) for key in target_keys},
        "offers": offers,
        "offers_unused_elsewhere": unused_elsewhere,
        "method_text": method_text(snapshot, optimal=optimal, gap=gap),
    }


# The solver's methods as staff read them (the codes stay in the JSON and the 工作底稿's footnote).
METHOD_NAMES = {"milp": "整数规划精确求解", "flow+local-search": "网络流松弛加局部搜索", "greedy": "按得分逐个分配"}


def method_text(snapshot: Mapping[str, Any], *, optimal: bool, gap: float | None) -> str:
    """How the assignment was computed and how good it is, in one paragraph of plain Chinese."""
    method = str(snapshot.get("method") or "")
    name = next((text for code, text in METHOD_NAMES.items() if method.startswith(code)), "组合优化算法")
    seconds = as_number(snapshot.get("seconds"))
    objective = snapshot.get("objective_label") or label_of(OBJECTIVE_NAMES, snapshot.get("objective")) or "匹配度"
    parts = [f"本方案以“{objective}”为目标，由计算机用{name}的方法，在满足每个项目至多一处空间、每处空间不超过可用面积的前提下求得"]
    if seconds is not None:
        parts[0] += f"，用时约 {seconds:.0f} 秒" if seconds >= 1 else "，用时不到 1 秒"
    if optimal:
        parts.append("经计算证明，在现有项目和空间条件下已没有更好的分配方案")
    elif gap is not None:
        parts.append(f"计算同时给出了任何方案都无法超过的上限，本方案距该上限不超过 {fmt_percent(gap, 1)}")
    return "。".join(parts) + "。"
