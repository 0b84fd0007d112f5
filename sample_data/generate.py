"""Generate the synthetic sample registry, `registry.json`: incubators, landing sites and projects.

Run `python3 sample_data/generate.py` to rewrite it; the fixed seed makes it repeatable. The data it
draws from is in `tables.py`, and `check.py` holds the output to the loader's rules before anything
is written. Standard library only.

Everything written is SYNTHETIC: the districts and their leading industries follow Wenzhou's real
profile, but every incubator, park, custom plant, offer, project and number is invented, and project
names carry a "（示例NNN）" marker so they cannot be taken for registered companies.
"""

from __future__ import annotations

import json
import math
import random
import sys
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

if not __package__:  # run as `python sample_data/generate.py`: make the package importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sample_data.check import INDUSTRIES_CSV, check, industry_names, used_codes  # noqa: E402
from sample_data.tables import (  # noqa: E402
    BRAND_PREFIX,
    CARRIER_HOSTS,
    CARRIER_KIND_WORDS,
    CARRIER_SPACES,
    CHAIN,
    CUSTOM_PLANTS,
    DISTRICT_PROFILES,
    DISTRICTS,
    FINAL_STATES,
    HAZARDOUS_PROFILES,
    INCUBATORS,
    KINDS,
    LAB_KINDS,
    LEVEL_WEIGHTS,
    NEIGHBOURS,
    PARK_OFFER_PATTERNS,
    PARK_PLANT_SPECS,
    PARKS,
    PROJECT_COUNT,
    PROSPECT_COUNT,
    REASONS,
    SEED,
    SOFTWARE_SENTENCES,
    SQM_PER_DESK,
    SQM_PER_MU,
    STAGE_SENTENCES,
    TODAY,
    TOPICS,
    TRANSFER_REASONS,
    Kind,
    Topic,
)

OUT = Path(__file__).resolve().parent / "registry.json"


# ---------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------


def between(rng: random.Random, low: float, high: float, step: float = 1.0) -> float:
    """A uniform value in [low, high], rounded to `step`."""
    value = round(rng.uniform(low, high) / step) * step
    return float(round(min(max(value, low), high), 2))


def log_between(rng: random.Random, low: float, high: float, step: float = 10.0) -> float:
    """A value in [low, high], more often small than large (log-uniform), rounded to `step`."""
    value = math.exp(rng.uniform(math.log(low), math.log(high)))
    return float(round(max(low, min(high, round(value / step) * step)), 2))


def some_date(rng: random.Random, start: date, end: date) -> str:
    return (start + timedelta(days=rng.randint(0, (end - start).days))).isoformat()


def location(rng: random.Random, district: str, jitter: bool = True) -> dict[str, float]:
    lat, lon, span = DISTRICTS[district]
    if not jitter:
        return {"lat": lat, "lon": lon}
    span *= 0.95  # stay inside the allowed box after rounding
    return {"lat": round(lat + rng.uniform(-span, span), 4), "lon": round(lon + rng.uniform(-span, span), 4)}


def offer(ref: int, space_type: str, area: float, **fields) -> dict:
    """An offer with every field present; `fields` override the empty defaults."""
    record = {
        "ref": str(ref), "space_type": space_type, "available_area": float(area),
        "min_area": None, "max_area": None, "rent": None, "available_from": None,
        "floor_load": None, "clear_height": None, "power_kva": None,
        "clean_room": False, "hazardous_allowed": False, "lead_time_days": None,
    }
    unknown = set(fields) - set(record)
    assert not unknown, unknown
    record.update(fields)
    return record


# ---------------------------------------------------------------------------------------------
# Sites
# ---------------------------------------------------------------------------------------------


def district_site(rng: random.Random, district: str) -> dict:
    industries, description, parcels = DISTRICT_PROFILES[district]
    offers = []
    for ref, (mu, hazardous) in enumerate(parcels, start=1):
        area = float(round(mu * SQM_PER_MU))
        divisible = mu >= 60
        offers.append(offer(
            ref, "land", area,
            min_area=float(round(rng.choice([15, 20, 30]) * SQM_PER_MU)) if divisible else None,
            max_area=area if divisible else None,
            available_from=some_date(rng, date(2026, 1, 1), date(2027, 12, 31)),
            power_kva=between(rng, 4000, 20000, 500),
            hazardous_allowed=hazardous,
        ))
    return {
        "kind": "district", "name": f"{district}产业用地", "district": district,
        "industries": industries, "state_owned": True, "location": location(rng, district, jitter=False),
        "description": description, "offers": offers,
    }


def park_offer(rng: random.Random, ref: int, space_type: str, profile: str) -> dict:
    when = some_date(rng, date(2026, 6, 1), date(2027, 12, 31))
    hazardous = profile in HAZARDOUS_PROFILES
    plant_area, load, height, rent, clean_share = PARK_PLANT_SPECS[profile]
    if space_type == "plant":
        area = log_between(rng, *plant_area, step=100)
        divisible = rng.random() < 0.7
        heavy = rng.random() < 0.5  # ground-floor single-storey vs upper floors of a multi-storey block
        floor_load = between(rng, (load[0] + load[1]) / 2, load[1], 0.5) if heavy else between(rng, load[0], (load[0] + load[1]) / 2, 0.5)
        return offer(
            ref, "plant", area,
            min_area=float(min(area, rng.choice([500, 800, 1000, 2000]))) if divisible else None,
            max_area=area if divisible else None,
            rent=between(rng, *rent, 0.5), available_from=when,
            floor_load=floor_load, clear_height=between(rng, *height, 0.5),
            power_kva=float(min(5000, max(200, round(area * rng.uniform(0.08, 0.2) / 50) * 50))),
            clean_room=rng.random() < clean_share, hazardous_allowed=hazardous,
        )
    if space_type == "lab":
        area = log_between(rng, 300, 3000, step=10)
        clean = rng.random() < (0.6 if profile in ("health", "electronics", "battery") else 0.2)
        return offer(
            ref, "lab", area,
            min_area=float(min(area, rng.choice([150, 200, 300]))) if rng.random() < 0.6 else None,
            max_area=area if rng.random() < 0.6 else None,
            rent=between(rng, 35, 80, 1), available_from=when,
            floor_load=between(rng, 4, 8, 0.5), clear_height=between(rng, 4.5, 6, 0.1),
            power_kva=between(rng, 100, 800, 10), clean_room=clean, hazardous_allowed=hazardous,
        )
    area = log_between(rng, 200, 5000, step=10)
    return offer(
        ref, "office", area,
        min_area=float(min(area, rng.choice([50, 100, 200]))) if rng.random() < 0.8 else None,
        max_area=area,
        rent=between(rng, 30, 90, 1), available_from=when,
    )


def park_site(rng: random.Random, row: tuple, names: dict[str, str]) -> dict:
    name, district, industries, state_owned, profile = row
    count = rng.choice([1, 2, 2, 3, 3, 4])
    offers = [park_offer(rng, i + 1, kind, profile) for i, kind in enumerate(PARK_OFFER_PATTERNS[profile][:count])]
    kinds = "、".join(dict.fromkeys({"plant": "标准厂房", "lab": "研发实验室", "office": "研发办公"}[o["space_type"]] for o in offers))
    leading = "、".join(names[c] for c in industries[:2])
    owner = "国有园区" if state_owned else "民营园区"
    extra = "，园区具备危险化学品工艺审批与配套环保设施" if profile in HAZARDOUS_PROFILES else ""
    return {
        "kind": "park", "name": name, "district": district, "industries": industries,
        "state_owned": state_owned, "location": location(rng, district),
        "description": f"以{leading}为主导产业的{owner}，现有{kinds}可供租赁{extra}。",
        "offers": offers,
    }


def custom_plant_site(rng: random.Random, row: tuple, names: dict[str, str]) -> dict:
    name, district, industries, state_owned, clean, hazardous = row
    min_area = between(rng, 3000, 8000, 500)
    max_area = min(30000.0, min_area + between(rng, 4000, 15000, 500))
    lead = rng.randint(6, 18) * 30
    spec = "，可按洁净车间标准建设" if clean else ""
    spec += "，地块允许危险工艺" if hazardous else ""
    return {
        "kind": "custom_plant", "name": name, "district": district, "industries": industries,
        "state_owned": state_owned, "location": location(rng, district),
        "description": (f"按企业需求定制建设的厂房，可建面积{min_area:,.0f}–{max_area:,.0f}㎡，建设周期约"
                        f"{lead // 30}个月，适合{names[industries[0]]}项目{spec}。"),
        "offers": [offer(
            1, "plant", max_area, min_area=min_area, max_area=max_area,
            rent=between(rng, 16, 28, 0.5),
            floor_load=between(rng, 8, 15, 0.5), clear_height=between(rng, 8, 12, 0.5),
            power_kva=between(rng, 1000, 6000, 250),
            clean_room=clean, hazardous_allowed=hazardous, lead_time_days=lead,
        )],
    }


def make_sites(rng: random.Random, names: dict[str, str]) -> list[dict]:
    sites = [district_site(rng, d) for d in DISTRICTS]
    sites += [park_site(rng, row, names) for row in PARKS]
    sites += [custom_plant_site(rng, row, names) for row in CUSTOM_PLANTS]
    return sites


# ---------------------------------------------------------------------------------------------
# Incubators and projects
# ---------------------------------------------------------------------------------------------


def make_incubators() -> list[dict]:
    return [
        {"name": name, "district": district, "level": level, "demonstration": demo, "industries": industries}
        for name, district, level, demo, industries, _ in INCUBATORS
    ]


def project_counts() -> list[int]:
    """Projects per incubator, by level weight, summing to PROJECT_COUNT (largest remainder)."""
    weights = [LEVEL_WEIGHTS[row[2]] for row in INCUBATORS]
    shares = [PROJECT_COUNT * w / sum(weights) for w in weights]
    counts = [int(s) for s in shares]
    by_remainder = sorted(range(len(shares)), key=lambda i: counts[i] - shares[i])
    for i in by_remainder[: PROJECT_COUNT - sum(counts)]:
        counts[i] += 1
    return counts


def stage_path(rng: random.Random, final: str) -> tuple[str, list[tuple[str, str]], str]:
    """Admission stage, the actions taken (action, reason), and the stage whose need applies."""
    if final == "exited":
        before = rng.choices(["nursery", "incubation", "acceleration", "graduated"], [35, 30, 25, 10])[0]
        admitted, actions, stage = stage_path(rng, before)
        reasons = REASONS["exit_graduated" if before == "graduated" else "exit_active"]
        return admitted, actions + [("exit", rng.choice(reasons))], stage
    if final == "graduated":
        from_stage = rng.choices(["incubation", "acceleration"], [35, 65])[0]
        admitted, actions, _ = stage_path(rng, from_stage)
        return admitted, actions + [("graduate", rng.choice(REASONS["graduate"]))], "industrialization"
    top = CHAIN.index(final)
    admitted = CHAIN[rng.choices(range(top + 1), [50, 30, 20][: top + 1])[0]]
    actions = [("advance", rng.choice(REASONS[stage])) for stage in CHAIN[CHAIN.index(admitted) + 1: top + 1]]
    return admitted, actions, final


def step_days(rng: random.Random, final: str, actions: list[tuple[str, str]]) -> tuple[int, list[int]]:
    """Days ago of admission and of each action: counted backwards from today, strictly decreasing."""
    since_last = {"graduated": (5, 240), "exited": (5, 400)}.get(final, (20, 420))
    days = rng.randint(*since_last)
    stamps = []
    for _ in actions:
        stamps.append(days)
        days += rng.randint(90, 540)  # time spent in the stage before that action
    return days, stamps[::-1]


def metrics(rng: random.Random, stage: str) -> tuple[int, float, float]:
    """Team size, yearly revenue (万元) and total financing (万元), growing with the stage."""
    team, revenue, financing, zero_revenue, zero_financing = {
        "nursery": ((3, 12), (5, 80), (20, 300), 0.5, 0.5),
        "incubation": ((5, 40), (20, 800), (100, 2000), 0.2, 0.3),
        "acceleration": ((12, 120), (150, 4000), (300, 8000), 0.0, 0.15),
        "industrialization": ((30, 300), (1500, 20000), (1000, 30000), 0.0, 0.1),
    }[stage]
    return (
        int(log_between(rng, *team, step=1)),
        0.0 if rng.random() < zero_revenue else log_between(rng, *revenue, step=0.1),
        0.0 if rng.random() < zero_financing else log_between(rng, *financing, step=0.1),
    )


def need(space_type: str, area_min: float, area_max: float, **fields) -> dict:
    record = {
        "space_type": space_type, "area_min": float(area_min), "area_max": float(max(area_min, area_max)),
        "needed_by": None, "power_kva": None, "floor_load": None, "clear_height": None,
        "clean_room": False, "hazardous": False, "max_rent": None,
    }
    unknown = set(fields) - set(record)
    assert not unknown, unknown
    record.update(fields)
    return record


def factory_need(rng: random.Random, kind: Kind, space_type: str, low: float, high: float, *,
                 attribute_share: float, needed_by: str | None, max_rent: bool) -> dict:
    """A plant or land need with the technical attributes a factory cares about."""
    if space_type == "land":
        area_min = float(round(rng.randint(10, 50) * SQM_PER_MU))
        area_max = float(round(area_min * rng.uniform(1.1, 1.5)))
    else:
        area_min = log_between(rng, low, high, step=100)
        area_max = float(round(area_min * rng.uniform(1.2, 1.8), -2))
    detailed = rng.random() < attribute_share
    power = min(8000 if space_type == "land" else 5000, max(100, round(area_min * rng.uniform(*kind.kva_per_sqm) / 50) * 50))
    return need(
        space_type, area_min, area_max, needed_by=needed_by,
        power_kva=float(power),
        floor_load=between(rng, *kind.floor_load, 0.5) if detailed and space_type == "plant" else None,
        clear_height=between(rng, *kind.clear_height, 0.5) if detailed and space_type == "plant" else None,
        clean_room=space_type == "plant" and rng.random() < kind.clean,
        hazardous=rng.random() < kind.hazardous,
        max_rent=between(rng, 15, 30, 1) if max_rent and space_type == "plant" else None,
    )


def space_need(rng: random.Random, stage: str, kind_name: str, graduated: bool) -> dict:
    """The space a project needs for its next step, by stage and kind of business."""
    kind = KINDS[kind_name]
    later = some_date(rng, TODAY + timedelta(days=60), TODAY + timedelta(days=540)) if rng.random() < 0.4 else None
    office_rent = between(rng, 40, 80, 1) if rng.random() < 0.8 else None
    if stage == "nursery":
        low = log_between(rng, 30, 120)
        return need("office", low, round(low * rng.uniform(1.3, 2.0), -1), max_rent=office_rent)
    if stage == "incubation":
        if kind_name in LAB_KINDS or (kind_name == "electronics" and rng.random() < 0.5):
            low = log_between(rng, 100, 500)
            return need("lab", low, round(low * rng.uniform(1.2, 1.8), -1), needed_by=later,
                        clean_room=rng.random() < kind.clean / 2, max_rent=between(rng, 35, 70, 1))
        low = log_between(rng, 100, 600)
        return need("office", low, round(low * rng.uniform(1.2, 1.8), -1), needed_by=later, max_rent=office_rent)
    if stage == "acceleration":
        if kind_name == "software":
            low = log_between(rng, 300, 2000)
            return need("office", low, round(low * rng.uniform(1.2, 1.6), -1), needed_by=later, max_rent=office_rent)
        if kind_name in LAB_KINDS or (kind_name == "electronics" and rng.random() < 0.4):
            low = log_between(rng, 300, 2000)
            return need("lab", low, round(low * rng.uniform(1.2, 1.6), -1), needed_by=later,
                        clean_room=rng.random() < kind.clean, hazardous=rng.random() < kind.hazardous / 2,
                        max_rent=between(rng, 35, 70, 1) if rng.random() < 0.7 else None)
        return factory_need(rng, kind, "plant", 500, 3000, attribute_share=0.6, needed_by=later, max_rent=True)
    # industrialization: a graduate needs space within 3-18 months of today
    by = some_date(rng, TODAY + timedelta(days=92), TODAY + timedelta(days=540)) if graduated else None
    if kind_name == "software":
        low = log_between(rng, 800, 5000, step=50)
        return need("office", low, round(low * rng.uniform(1.2, 1.5), -1), needed_by=by, max_rent=between(rng, 40, 80, 1))
    space_type = "land" if rng.random() < kind.land_share else "plant"
    return factory_need(rng, kind, space_type, *kind.grad_area, attribute_share=0.85, needed_by=by,
                        max_rent=rng.random() < 0.8)


def preferred_districts(rng: random.Random, home: str) -> list[str]:
    roll = rng.random()
    if roll < 0.07:
        return []
    if roll < 0.30:
        return [home, rng.choice(NEIGHBOURS[home])]
    return [home]


def company_name(rng: random.Random, index: int, topic: Topic, district: str, taken: set[str]) -> str:
    """An invented name, unique even without its "（示例NNN）" marker."""
    while True:
        place = district[:-1] if len(district) == 3 and rng.random() < 0.4 else "温州"
        base = f"{place}{rng.choice(BRAND_PREFIX)}{rng.choice(topic.brand)}{topic.suffix}有限公司"
        if base not in taken:
            taken.add(base)
            return f"{base}（示例{index:03d}）"


def description(rng: random.Random, topic: Topic, stage: str) -> str:
    sentences = SOFTWARE_SENTENCES.get(stage) if topic.kind == "software" else None
    second = rng.choice(sentences or STAGE_SENTENCES[stage]).format(c=rng.choice(topic.customers))
    return f"专注于{rng.choice(topic.products)}。{second}"


def make_project(rng: random.Random, index: int, incubator: tuple, final: str, taken: set[str]) -> dict:
    name, district, _, _, _, topics = incubator
    code = rng.choice(topics)
    topic = TOPICS[code]
    admitted, actions, stage = stage_path(rng, final)
    admitted_days_ago, days = step_days(rng, final, actions)
    industries = [code]
    if rng.random() < 0.35:
        industries.append(rng.choice(topic.related))
    team, revenue, financing = metrics(rng, stage)
    graduated = final == "graduated"
    return {
        "name": company_name(rng, index, topic, district, taken),
        "incubator": name,
        "industries": industries,
        "description": description(rng, topic, stage),
        "stage": admitted,
        "admitted_days_ago": admitted_days_ago,
        "steps": [[action, day, reason] for (action, reason), day in zip(actions, days)],
        "team_size": team,
        "revenue": revenue,
        "financing": financing,
        "space_need": space_need(rng, stage, topic.kind, graduated),
        "preferred_districts": preferred_districts(rng, district),
    }


def make_projects(rng: random.Random) -> list[dict]:
    finals = [state for state, n in FINAL_STATES.items() for _ in range(n)]
    rng.shuffle(finals)
    owners = [row for row, n in zip(INCUBATORS, project_counts()) for _ in range(n)]
    taken: set[str] = set()
    return [make_project(rng, i + 1, owner, final, taken) for i, (owner, final) in enumerate(zip(owners, finals))]


# ---------------------------------------------------------------------------------------------
# Carriers: kinds, spaces, placements, hand-overs (分段接续) and prospects (issue 20)
# ---------------------------------------------------------------------------------------------


def carrier_kind(name: str) -> str:
    return next((kind for word, kind in CARRIER_KIND_WORDS if word in name), "incubator")


def next_carrier(rng: random.Random, stage: str, here: tuple, kinds: dict[str, str]) -> tuple:
    """A carrier that hosts `stage`: one of the same district if there is one, sharing a focus industry if possible."""
    hosts = [row for row in INCUBATORS if stage in CARRIER_HOSTS[kinds[row[0]]] and row[0] != here[0]]
    weight = [(4 if row[1] == here[1] else 1) * (3 if set(row[4]) & set(here[4]) else 1) for row in hosts]
    return rng.choices(hosts, weight)[0]


def relay(rng: random.Random, project: dict, kinds: dict[str, str]) -> tuple[str | None, list[dict], tuple, str]:
    """Where a project is admitted if not at its incubator, its hand-overs, its carrier at the end and its stage then.

    A team admitted in a stage its incubator does not host is admitted by a carrier that does
    (so every hand-over goes down the chain); a carrier that does not host the stage a team
    reaches hands it on when it advances (the advance step becomes the hand-over).
    """
    here = next(row for row in INCUBATORS if row[0] == project["incubator"])
    stage = project["stage"]
    admitted_at = None
    if stage not in CARRIER_HOSTS[kinds[here[0]]]:
        here = next_carrier(rng, stage, here, kinds)
        admitted_at = here[0]
    moves = []
    for action, day, _ in project["steps"]:
        if action == "advance":
            stage = CHAIN[CHAIN.index(stage) + 1]
            if stage not in CARRIER_HOSTS[kinds[here[0]]]:
                here = next_carrier(rng, stage, here, kinds)
                moves.append({"days_ago": day, "to": here[0], "advance": True,
                              "reason": rng.choice(TRANSFER_REASONS[stage])})
        elif action in ("graduate", "exit"):
            stage = "industrialization" if action == "graduate" else "exited"
    return admitted_at, moves, here, stage


def placement(rng: random.Random, stage: str, team: int) -> tuple[str, float, int]:
    """The space a team of `team` takes at `stage`: (space type, area ㎡, desks)."""
    if stage == "nursery":
        desks = min(max(team, 2), 12)
        return "desk", desks * SQM_PER_DESK, desks
    if stage == "incubation":
        return "office", float(round(min(max(team, 3), 40) * rng.uniform(6, 10) / 10) * 10), 0
    return rng.choice(["lab", "pilot_plant"]), between(rng, 200, 900, 50), 0


def make_carriers(projects: list[dict]) -> dict:
    """Kinds, spaces sized from what the teams occupy (occupancy 40–97%), hand-overs, pending transfers, prospects.

    Its own random stream, so the rest of the sample stays as it was.
    """
    rng = random.Random(SEED + 20)
    kinds = {row[0]: carrier_kind(row[0]) for row in INCUBATORS}
    admitted_at, relays, placements, used = {}, {}, {}, Counter()
    held = []
    for project in projects:
        elsewhere, moves, here, stage = relay(rng, project, kinds)
        if elsewhere:
            admitted_at[project["name"]] = elsewhere
        if moves:
            relays[project["name"]] = moves
        if stage in CHAIN:
            space_type, area, desks = placement(rng, stage, project["team_size"])
            if space_type not in dict(CARRIER_SPACES[kinds[here[0]]]):
                space_type = "office"
            placements[project["name"]] = {"space_type": space_type, "area": area, "desks": desks}
            used[here[0], space_type] += area
            held.append((project, here, stage))
    spaces = {}
    for row in INCUBATORS:
        name = row[0]
        spaces[name] = []
        for space_type, label in CARRIER_SPACES[kinds[name]]:
            rate = rng.uniform(0.4, 0.97)
            floor = {"desk": 20 * SQM_PER_DESK, "office": 300.0, "lab": 400.0, "pilot_plant": 1000.0}[space_type]
            total = max(floor, math.ceil(used[name, space_type] / rate / 10) * 10)
            space = {"space_type": space_type, "name": label, "total_area": float(total), "unit_area": None, "desks": None}
            if space_type == "desk":
                space["desks"] = int(total // SQM_PER_DESK)
                space["total_area"] = space["desks"] * SQM_PER_DESK
            elif space_type in ("office", "lab"):
                space["unit_area"] = 60.0 if space_type == "office" else 120.0
            spaces[name].append(space)
    # Teams asking to move on now: nursery teams of maker spaces, acceleration-ready teams of incubators.
    pending = []
    for project, here, stage in held:
        ready = {"nursery": "incubation", "incubation": "acceleration"}.get(stage)
        if ready and ready not in CARRIER_HOSTS[kinds[here[0]]] and rng.random() < 0.12 and len(pending) < 10:
            to = next_carrier(rng, ready, here, kinds)
            pending.append({"project": project["name"], "to": to[0], "advance": True,
                            "reason": rng.choice(TRANSFER_REASONS[ready])})
    taken = {p["name"] for p in projects}
    prospects = []
    for i in range(PROSPECT_COUNT):
        row = rng.choice([r for r in INCUBATORS if kinds[r[0]] in ("maker_space", "incubator")])
        base = make_project(rng, PROJECT_COUNT + i + 1, row, "nursery", taken)
        prospect = {key: base[key] for key in ("name", "industries", "description", "team_size", "revenue",
                                              "financing", "space_need", "preferred_districts")}
        prospect["source"] = rng.choice(["创新创业大赛", "招才引智活动推荐", "高校成果转化推荐"])
        # Some already asked a carrier to take them in (an admission transfer waiting for its answer).
        prospect["to"] = row[0] if i % 2 == 0 else None
        prospects.append(prospect)
    return {"kinds": kinds, "spaces": spaces, "admitted_at": admitted_at, "relays": relays, "placements": placements, "pending": pending,
            "prospects": prospects}


# ---------------------------------------------------------------------------------------------
# Outcomes of proposals, for testing how the ranking weights are learned
# ---------------------------------------------------------------------------------------------

LOCALITIES = (1.0, 1.0, 0.8, 0.7, 0.6, 0.5, 0.4, 0.4)


def simulate_outcomes(true_weights: tuple[float, float, float], *, projects: int = 300, per_project: int = 4,
                      noise: float = 0.05, seed: int = SEED) -> list[dict]:
    """Proposals with factors and an outcome drawn from a known "true" weight vector plus noise.

    Each project gets `per_project` proposals with random industry, space and locality
    factors; the one with the highest `true · factors + noise * Gumbel` is signed and the others
    dropped (a choice model: the larger `noise`, the more the staff's choices look random). One
    project in ten signs nothing. Returns dicts: `project`, `factors`, `status`.
    """
    rng = random.Random(seed)
    out = []
    for project in range(1, projects + 1):
        rows = [{"industry": rng.betavariate(2.0, 1.5), "space": rng.betavariate(2.0, 1.2),
                 "locality": rng.choice(LOCALITIES)} for _ in range(per_project)]
        utility = [sum(w * r[f] for w, f in zip(true_weights, ("industry", "space", "locality"), strict=True))
                   - noise * math.log(-math.log(rng.random() or 1e-12)) for r in rows]
        signed = max(range(per_project), key=utility.__getitem__) if rng.random() >= 0.1 else -1
        out += [{"project": project, "factors": r, "status": "signed" if k == signed else "dropped"}
                for k, r in enumerate(rows)]
    return out


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


# ---------------------------------------------------------------------------------------------


def build() -> dict:
    rng = random.Random(SEED)
    names = industry_names()
    missing = used_codes() - set(names)
    assert not missing, f"industry codes not in {INDUSTRIES_CSV.name}: {sorted(missing)}"
    registry = {
        "synthetic": True,
        "seed": SEED,
        "incubators": make_incubators(),
        "sites": make_sites(rng, names),
        "projects": make_projects(rng),
    }
    registry["performance"] = make_performance(registry["projects"])
    registry["carriers"] = make_carriers(registry["projects"])
    registry["follow_ups"] = make_follow_ups(registry["projects"], registry["sites"], registry["carriers"])
    return registry


def main() -> None:
    registry = build()
    ends = check(registry)
    OUT.write_text(json.dumps(registry, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    sites = registry["sites"]
    offers = [o for s in sites for o in s["offers"]]
    print(f"wrote {OUT}")
    print("sites:", dict(Counter(s["kind"] for s in sites)), f"total {len(sites)}")
    print("offers:", dict(Counter(o["space_type"] for o in offers)), f"total {len(offers)}")
    incubators = registry["incubators"]
    print(f"incubators: {len(incubators)}", dict(Counter(i["level"] for i in incubators)),
          f"demonstration {sum(i['demonstration'] for i in incubators)}")
    print(f"projects: {len(registry['projects'])}", "by final stage/status:", dict(ends))
    print(f"graduated (industrialization, awaiting landing): {ends['graduated']}")
    carriers = registry["carriers"]
    print("carriers:", dict(Counter(carriers["kinds"].values())),
          f"admitted elsewhere {len(carriers['admitted_at'])},",
          f"hand-overs {sum(len(m) for m in carriers['relays'].values())} of {len(carriers['relays'])} projects,",
          f"placements {len(carriers['placements'])}, pending {len(carriers['pending'])},",
          f"prospects {len(carriers['prospects'])}")
    print("follow-ups:", dict(Counter(f["end"] for f in registry["follow_ups"])))


if __name__ == "__main__":
    main()
