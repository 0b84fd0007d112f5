"""What the sample's projects did next: financings and yearly figures, and the graduates' follow-up matches."""

from __future__ import annotations

import random

from sample_data.tables import INCUBATORS, SEED

# ---------------------------------------------------------------------------------------------
# Financings received and yearly figures (the inputs of the operators' evaluation)
# ---------------------------------------------------------------------------------------------

INVESTORS = ("瓯越创投（示例）", "东海产业基金（示例）", "雁荡天使基金（示例）", "鹿城科创资本（示例）",
             "南麂投资（示例）", "楠溪江基金（示例）")
ROUNDS = ("天使轮", "Pre-A 轮", "A 轮", "B 轮")


def make_performance(projects: list[dict]) -> list[dict]:
    """Each project's financings (splitting its total financing) and yearly figures since admission.

    A generator of its own (seed + 1), so the registry's other tables do not change with it. Dates
    and years are relative to the day the sample is loaded (`received_days_ago`, `years_ago`).
    """
    rng = random.Random(SEED + 1)
    out = []
    for project in projects:
        age = project["admitted_days_ago"]
        rounds = 0 if not project["financing"] else min(len(ROUNDS), 1 + int(rng.random() * 3))
        shares = [rng.uniform(0.5, 1.5) for _ in range(rounds)]
        days = sorted((rng.randint(10, max(age, 11)) for _ in range(rounds)), reverse=True)
        financings = [{"amount": round(project["financing"] * share / sum(shares), 1), "received_days_ago": day,
                       "investor": rng.choice(INVESTORS), "round": ROUNDS[i]}
                      for i, (share, day) in enumerate(zip(shares, days, strict=True))]
        figures = []
        for years_ago in range(min(2, age // 365) + 1):
            shrink = 0.65 ** years_ago
            employees = max(1, round(project["team_size"] * shrink))
            figures.append({"years_ago": years_ago, "revenue": round(project["revenue"] * shrink * rng.uniform(0.8, 1.1), 1),
                            "employees": employees, "rd_staff": round(employees * rng.uniform(0.25, 0.6)),
                            "talents": rng.randint(0, max(1, employees // 6))})
        out.append({"incubator": project["incubator"], "project": project["name"], "financings": financings,
                    "annual_figures": figures})
    return out


# ---------------------------------------------------------------------------------------------
# Follow-up of the graduates: matches proposed, signed, landed (issue 20 item 8)
# ---------------------------------------------------------------------------------------------

# How many of the graduates that graduated longest ago reach each end, oldest first.
FOLLOW_UP_PLAN = (("landed", 20), ("signed", 6), ("open", 5), ("dropped", 2))
OPEN_ENDS = ("contacted", "visited", "negotiating")
MATCH_ACTIONS = ("propose", "contact", "visit", "negotiate", "sign", "land")
MATCH_NOTES = {
    "propose": "按需求匹配推荐", "contact": "已电话对接园区招商负责人", "visit": "企业负责人实地考察",
    "negotiate": "商谈租金与交付时间", "sign": "签订入驻协议", "land": "完成交付，企业入驻",
}
DROP_NOTES = (("rent", "租金超出企业预算"), ("location", "企业更倾向靠近原有客户的区域"),
              ("area", "可用面积与分期扩产计划不符"))
OWN_DISTRICT_SHARE = 0.75


def final_carrier(project: dict, carriers: dict) -> str:
    """The carrier holding a project at the end of its history (after its hand-overs)."""
    moves = carriers["relays"].get(project["name"])
    return moves[-1]["to"] if moves else carriers["admitted_at"].get(project["name"], project["incubator"])


def offer_area(need: dict, item: dict, left: float) -> float | None:
    """The area a match takes, as the loader's default does: the most within need and offer, None if it cannot host it."""
    if need["space_type"] != item["space_type"]:
        return None
    if need["clean_room"] and not item["clean_room"] or need["hazardous"] and not item["hazardous_allowed"]:
        return None
    for field in ("power_kva", "floor_load", "clear_height"):
        if need[field] and item[field] is not None and item[field] < need[field]:
            return None
    if need["max_rent"] and item["rent"] is not None and item["rent"] > need["max_rent"]:
        return None
    low = max(need["area_min"], item["min_area"] or 0.0)
    high = min(need["area_max"], item["max_area"] or need["area_max"])
    best = min(high, left)
    return best if best >= low and best > 0 else None


def make_follow_ups(projects: list[dict], sites: list[dict], carriers: dict) -> list[dict]:
    """Matches for the graduates that graduated longest ago: most landed, some signed, a few open or dropped.

    Offers are chosen by a rule over the feasible ones (type, area, clean room, hazardous, power,
    floor load, clear height, rent): mostly in the carrier's own district, else in a district the
    project prefers, else anywhere in Wenzhou; the area reserved by signings is taken off as it
    goes. The steps are dated after graduation and before today. Its own random stream (seed + 30).
    """
    rng = random.Random(SEED + 30)
    district_of = {row[0]: row[1] for row in INCUBATORS}
    left = {(site["name"], item["ref"]): item["available_area"] for site in sites for item in site["offers"]}
    graduates = [p for p in projects if p["steps"] and p["steps"][-1][0] == "graduate"]
    graduates.sort(key=lambda p: (-p["steps"][-1][1], p["name"]))
    ends = [end for end, n in FOLLOW_UP_PLAN for _ in range(n)]
    out = []
    for project in graduates:
        if len(out) == len(ends):
            break
        end = ends[len(out)]
        home = district_of[final_carrier(project, carriers)]
        choices = [(site, item, area) for site in sites for item in site["offers"]
                   if (area := offer_area(project["space_need"], item, left[site["name"], item["ref"]]))]
        if not choices:
            continue
        own = [c for c in choices if c[0]["district"] == home]
        liked = [c for c in choices if c[0]["district"] != home and c[0]["district"] in project["preferred_districts"]]
        others = [c for c in choices if c[0]["district"] != home]
        pool = own if own and rng.random() < OWN_DISTRICT_SHARE else (liked or others or own)
        # The best fit: the one leaving least unused of the offer, then the earliest listed.
        site, item, area = min(pool, key=lambda c: (left[c[0]["name"], c[1]["ref"]] - c[2], c[0]["name"], c[1]["ref"]))
        if end in ("landed", "signed"):
            left[site["name"], item["ref"]] -= area
        steps = list(MATCH_ACTIONS[: {"landed": 6, "signed": 5}.get(end, 0)])
        if end == "open":
            steps = list(MATCH_ACTIONS[: 2 + OPEN_ENDS.index(rng.choice(OPEN_ENDS))])
        elif end == "dropped":
            steps = list(MATCH_ACTIONS[: rng.randint(2, 4)]) + ["drop"]
        graduated = project["steps"][-1][1]
        # Days ago, strictly decreasing from just after graduation to at least a day ago.
        days = sorted(rng.sample(range(1, graduated - 1), len(steps)), reverse=True)
        drop = rng.choice(DROP_NOTES) if end == "dropped" else None
        out.append({
            "project": project["name"], "incubator": project["incubator"], "site": site["name"], "offer": item["ref"],
            "area": area, "end": end, "drop_reason": drop[0] if drop else None,
            "steps": [[action, day, drop[1] if action == "drop" else MATCH_NOTES[action]]
                      for action, day in zip(steps, days, strict=True)],
        })
    return out
