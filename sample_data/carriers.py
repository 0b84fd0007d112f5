"""The sample's carriers: their kinds, spaces sized from their teams, hand-overs down the chain (分段接续), pending transfers and prospects."""

from __future__ import annotations

import math
import random
from collections import Counter

from sample_data.draw import between
from sample_data.projects import make_project
from sample_data.tables import (
    CARRIER_HOSTS,
    CARRIER_KIND_WORDS,
    CARRIER_SPACES,
    CHAIN,
    INCUBATORS,
    PROJECT_COUNT,
    PROSPECT_COUNT,
    SEED,
    SQM_PER_DESK,
    TRANSFER_REASONS,
)


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
