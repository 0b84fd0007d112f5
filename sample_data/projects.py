"""The sample's incubators and projects: where each project stands, its steps, its team and what space it needs."""

from __future__ import annotations

import random
from datetime import timedelta

from sample_data.draw import between, log_between, some_date
from sample_data.tables import (
    BRAND_PREFIX,
    CHAIN,
    FINAL_STATES,
    INCUBATORS,
    KINDS,
    LAB_KINDS,
    LEVEL_WEIGHTS,
    NEIGHBOURS,
    PROJECT_COUNT,
    REASONS,
    SOFTWARE_SENTENCES,
    SQM_PER_MU,
    STAGE_SENTENCES,
    TODAY,
    TOPICS,
    Kind,
    Topic,
)


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
