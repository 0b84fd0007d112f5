"""The generator's self-check: the rules the loader enforces, plus the shape asked of the sample.

`generate.py` runs it on the registry before writing anything.
"""

from __future__ import annotations

import csv
import itertools
from collections import Counter
from datetime import date
from pathlib import Path

from sample_data.tables import (
    CARRIER_HOSTS,
    CHAIN,
    CUSTOM_PLANTS,
    DISTRICT_PROFILES,
    DISTRICTS,
    INCUBATORS,
    KINDS,
    LEVEL_WEIGHTS,
    PARKS,
    SQM_PER_MU,
    TODAY,
    TOPICS,
)

INDUSTRIES_CSV = Path(__file__).resolve().parent.parent / "matchmaker" / "data" / "industries.csv"


def industry_names() -> dict[str, str]:
    with INDUSTRIES_CSV.open(encoding="utf-8-sig", newline="") as f:
        return {row["code"]: row["name"] for row in csv.DictReader(f)}


def used_codes() -> set[str]:
    """Every industry code in `tables.py`, to be checked against the shipped classification."""
    codes = set(TOPICS)
    for topic in TOPICS.values():
        codes.update(topic.related)
    for industries, _, _ in DISTRICT_PROFILES.values():
        codes.update(industries)
    for row in PARKS + CUSTOM_PLANTS:
        codes.update(row[2])
    for row in INCUBATORS:
        codes.update(row[4])
        codes.update(row[5])
    return codes


INCUBATOR_KEYS = ["name", "district", "level", "demonstration", "industries"]
SITE_KEYS = ["kind", "name", "district", "industries", "state_owned", "location", "description", "offers"]
OFFER_KEYS = ["ref", "space_type", "available_area", "min_area", "max_area", "rent", "available_from",
              "floor_load", "clear_height", "power_kva", "clean_room", "hazardous_allowed", "lead_time_days"]
PROJECT_KEYS = ["name", "incubator", "industries", "description", "stage", "admitted_days_ago", "steps",
                "team_size", "revenue", "financing", "space_need", "preferred_districts"]
NEED_KEYS = ["space_type", "area_min", "area_max", "needed_by", "power_kva", "floor_load", "clear_height",
             "clean_room", "hazardous", "max_rent"]
SPACE_TYPES = {"office", "lab", "plant", "land"}


def is_number(value, *, allow_none: bool = False) -> bool:
    if value is None:
        return allow_none
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def is_date(value, *, allow_none: bool = True) -> bool:
    if value is None:
        return allow_none
    try:
        return date.fromisoformat(value).isoformat() == value
    except (TypeError, ValueError):
        return False


def final_state(project: dict) -> tuple[str, str]:
    """Replay the stage machine over a project's steps; the (stage, status) it ends in."""
    stage, status = project["stage"], "active"
    assert stage in CHAIN, project["name"]
    for action, _, _ in project["steps"]:
        assert status in ("active", "graduated"), f"{project['name']}: {action} after exit"
        if action == "exit":
            status = "exited"
        elif action == "advance":
            assert status == "active" and stage in ("nursery", "incubation"), f"{project['name']}: advance from {stage}"
            stage = CHAIN[CHAIN.index(stage) + 1]
        elif action == "graduate":
            assert status == "active" and stage in ("incubation", "acceleration"), f"{project['name']}: graduate from {stage}"
            stage, status = "industrialization", "graduated"
        else:
            raise AssertionError(f"{project['name']}: unknown action {action}")
    return stage, status


def check_incubators(incubators: list[dict], codes: set[str]) -> None:
    assert len(incubators) >= 26
    assert len({i["name"] for i in incubators}) == len(incubators), "incubator names must be unique"
    for item in incubators:
        assert list(item) == INCUBATOR_KEYS, item
        assert item["district"] in DISTRICTS and item["level"] in LEVEL_WEIGHTS, item
        assert isinstance(item["demonstration"], bool) and item["industries"], item
        assert set(item["industries"]) <= codes, item
    assert 12 <= sum(i["demonstration"] for i in incubators) <= 20
    levels = Counter(i["level"] for i in incubators)
    assert 5 <= levels["national"] <= 7 and 9 <= levels["provincial"] <= 11, levels
    assert {"鹿城区", "龙湾区", "瓯海区", "乐清市", "瑞安市", "永嘉县", "温州海经区"} <= {i["district"] for i in incubators}


def check_offer(site: dict, item: dict) -> None:
    where = f"{site['name']} offer {item.get('ref')}"
    assert list(item) == OFFER_KEYS, where
    assert item["space_type"] in SPACE_TYPES, where
    assert is_number(item["available_area"]) and item["available_area"] > 0, where
    for name in ("min_area", "max_area", "floor_load", "clear_height"):
        assert is_number(item[name], allow_none=True) and (item[name] is None or item[name] > 0), where
    for name in ("rent", "power_kva"):
        assert is_number(item[name], allow_none=True) and (item[name] is None or item[name] >= 0), where
    if item["min_area"] is not None and item["max_area"] is not None:
        assert item["min_area"] <= item["max_area"], where
    assert is_date(item["available_from"]), where
    assert isinstance(item["clean_room"], bool) and isinstance(item["hazardous_allowed"], bool), where
    lead = item["lead_time_days"]
    assert lead is None or (isinstance(lead, int) and lead >= 0), where
    if item["space_type"] == "office":
        assert item["floor_load"] is None and item["clear_height"] is None and item["power_kva"] is None, where
        assert 30 <= item["rent"] <= 90 and 200 <= item["available_area"] <= 5000, where
    if site["kind"] == "custom_plant":
        assert item["space_type"] == "plant" and item["min_area"] and item["max_area"], where
        assert isinstance(lead, int) and 180 <= lead <= 540, where
        assert item["available_area"] >= item["max_area"], where
    elif site["kind"] == "district":
        assert item["space_type"] == "land" and item["rent"] is None and lead is None, where
        assert 20 * SQM_PER_MU - 1 <= item["available_area"] <= 200 * SQM_PER_MU + 1, where
        assert "2026-01-01" <= item["available_from"] <= "2027-12-31" and item["power_kva"] >= 4000, where
    else:
        assert "2026-06-01" <= item["available_from"] <= "2027-12-31", where
        if item["space_type"] == "plant":
            assert 1000 <= item["available_area"] <= 40000 and 12 <= item["rent"] <= 30, where
            assert 5 <= item["floor_load"] <= 15 and 6 <= item["clear_height"] <= 12, where
            assert 200 <= item["power_kva"] <= 5000, where
        if item["space_type"] == "lab":
            assert 300 <= item["available_area"] <= 3000, where


def check_sites(sites: list[dict], codes: set[str]) -> None:
    assert len({s["name"] for s in sites}) == len(sites), "site names must be unique"
    for site in sites:
        assert list(site) == SITE_KEYS, site["name"]
        assert site["kind"] in ("district", "park", "custom_plant") and site["district"] in DISTRICTS, site["name"]
        assert site["industries"] and set(site["industries"]) <= codes, site["name"]
        assert isinstance(site["state_owned"], bool) and site["description"], site["name"]
        lat, lon, span = DISTRICTS[site["district"]]
        assert abs(site["location"]["lat"] - lat) <= span and abs(site["location"]["lon"] - lon) <= span, site["name"]
        refs = [o["ref"] for o in site["offers"]]
        assert refs == [str(i + 1) for i in range(len(refs))], site["name"]
        for item in site["offers"]:
            check_offer(site, item)
    by_kind = {k: [s for s in sites if s["kind"] == k] for k in ("district", "park", "custom_plant")}
    districts = by_kind["district"]
    assert sorted(s["district"] for s in districts) == sorted(DISTRICTS), "one district site per district"
    assert all(s["state_owned"] and 1 <= len(s["offers"]) <= 3 for s in districts)
    parks = by_kind["park"]
    assert len(parks) >= 42 and {s["district"] for s in parks} == set(DISTRICTS)
    assert all(1 <= len(s["offers"]) <= 4 for s in parks)
    assert 0.68 <= sum(s["state_owned"] for s in parks) / len(parks) <= 0.82
    assert any(o["hazardous_allowed"] for s in parks for o in s["offers"])
    plants = by_kind["custom_plant"]
    assert len(plants) >= 16 and len({s["district"] for s in plants}) >= 5
    assert all(len(s["offers"]) == 1 for s in plants)


def check_projects(projects: list[dict], incubators: list[dict], codes: set[str]) -> Counter:
    focus = {i["name"]: i for i in incubators}
    assert len(projects) >= 320
    assert len({p["name"] for p in projects}) == len(projects), "project names must be unique"
    assert len({p["name"].split("（")[0] for p in projects}) == len(projects), "unique without the marker too"
    ends = Counter()
    for p in projects:
        name = p["name"]
        assert list(p) == PROJECT_KEYS and len(name) <= 100, name
        incubator = focus[p["incubator"]]
        assert p["industries"] and set(p["industries"]) <= codes, name
        assert any(p["industries"][0].startswith(c) for c in incubator["industries"]), name
        assert p["description"].endswith("。") and 1 <= p["description"].count("。") <= 2, name
        assert isinstance(p["admitted_days_ago"], int), name
        previous = p["admitted_days_ago"]
        for step in p["steps"]:
            assert len(step) == 3 and isinstance(step[1], int) and isinstance(step[2], str) and step[2], name
            assert 1 <= step[1] < previous, f"{name}: days_ago must decrease"
            previous = step[1]
        stage, status = final_state(p)
        actions = [s[0] for s in p["steps"]]
        assert actions.count("graduate") <= 1, name
        ends[status if status != "active" else stage] += 1
        assert 3 <= p["team_size"] <= 300 and 0 <= p["revenue"] <= 20000 and p["financing"] >= 0, name
        need = p["space_need"]
        assert list(need) == NEED_KEYS and need["space_type"] in SPACE_TYPES, name
        assert is_number(need["area_min"]) and need["area_min"] > 0 and need["area_max"] >= need["area_min"], name
        assert is_date(need["needed_by"]), name
        for field in ("power_kva", "floor_load", "clear_height", "max_rent"):
            assert is_number(need[field], allow_none=True) and (need[field] is None or need[field] > 0), name
        assert isinstance(need["clean_room"], bool) and isinstance(need["hazardous"], bool), name
        kind = TOPICS[p["industries"][0]].kind
        if kind == "software":
            assert need["space_type"] == "office", name
        if status == "graduated":
            assert need["needed_by"] is not None, name
            months = (date.fromisoformat(need["needed_by"]) - TODAY).days / 30.44
            assert 3 <= months <= 18, name
            if kind != "software":
                assert need["space_type"] in ("plant", "land") and need["power_kva"], name
                assert 1000 <= need["area_min"] <= 20000 or need["space_type"] == "land", name
        assert len(set(p["preferred_districts"])) == len(p["preferred_districts"]), name
        assert set(p["preferred_districts"]) <= set(DISTRICTS), name
    assert ends["graduated"] >= 70 and ends["exited"] >= 12, ends
    assert min(ends["nursery"], ends["incubation"], ends["acceleration"]) >= 60, ends
    return ends


def check_performance(performance: list[dict], projects: list[dict]) -> None:
    """One entry per project; financings add up to its total financing; figures as the API accepts them."""
    assert [(p["incubator"], p["project"]) for p in performance] == [(p["incubator"], p["name"]) for p in projects]
    for entry, project in zip(performance, projects, strict=True):
        amounts = [f["amount"] for f in entry["financings"]]
        assert all(a > 0 for a in amounts) and abs(sum(amounts) - (project["financing"] or 0)) < 1, entry["project"]
        assert all(0 < f["received_days_ago"] <= max(project["admitted_days_ago"], 11) for f in entry["financings"])
        years = [f["years_ago"] for f in entry["annual_figures"]]
        assert years == list(range(len(years))) and years, entry["project"]
        assert all(0 <= f["rd_staff"] <= f["employees"] and f["revenue"] >= 0 and f["talents"] >= 0
                   for f in entry["annual_figures"])


def check(registry: dict) -> Counter:
    names = industry_names()
    codes = set(names)
    missing = used_codes() - codes
    assert not missing, f"industry codes not in {INDUSTRIES_CSV.name}: {sorted(missing)}"
    for code, topic in TOPICS.items():
        assert topic.kind in KINDS, code
    for row in INCUBATORS:
        for topic in row[5]:
            assert any(topic.startswith(c) for c in row[4]), f"{row[0]}: topic {topic} outside its focus"
    assert list(registry)[:6] == ["synthetic", "seed", "incubators", "sites", "projects", "performance"]
    assert registry["synthetic"] is True and isinstance(registry["seed"], int)
    check_incubators(registry["incubators"], codes)
    check_sites(registry["sites"], codes)
    check_performance(registry["performance"], registry["projects"])
    ends = check_projects(registry["projects"], registry["incubators"], codes)
    if "carriers" in registry:
        check_carriers(registry["carriers"], registry["projects"])
    if "follow_ups" in registry:
        check_follow_ups(registry)
    return ends


def check_carriers(carriers: dict, projects: list[dict]) -> None:
    """Every kind present; every placement fits its space; hand-overs go to another carrier, in time order."""
    assert set(carriers["kinds"].values()) == set(CARRIER_HOSTS), carriers["kinds"]
    names = {p["name"]: p for p in projects}
    for name, moves in carriers["relays"].items():
        days = [names[name]["admitted_days_ago"]] + [m["days_ago"] for m in moves]
        assert all(a > b >= 1 for a, b in itertools.pairwise(days)), name
        assert all(m["to"] in carriers["kinds"] and m["advance"] for m in moves), name
    used = Counter()
    for name, placed in carriers["placements"].items():
        moves = carriers["relays"].get(name)
        holder = moves[-1]["to"] if moves else carriers["admitted_at"].get(name, names[name]["incubator"])
        used[holder, placed["space_type"]] += placed["area"]
    for holder, spaces in carriers["spaces"].items():
        for space in spaces:
            assert used[holder, space["space_type"]] <= space["total_area"], (holder, space)
    assert carriers["pending"] and carriers["prospects"]


MATCH_PATH = ("propose", "contact", "visit", "negotiate", "sign", "land")
DROP_REASONS = {"area", "rent", "location", "industry", "policy", "company", "other"}


def check_follow_ups(registry: dict) -> None:
    """Matches only for graduates, on offers that can host the area (signings never take more than is
    available), steps in the pipeline's order dated after graduation and before today; the counts asked
    of the sample: 15-25 landed (most in the carrier's own district), 5-8 signed, a few open, one or two dropped."""
    projects = {(p["incubator"], p["name"]): p for p in registry["projects"]}
    offers = {(s["name"], o["ref"]): (s, o) for s in registry["sites"] for o in s["offers"]}
    district_of = {i["name"]: i["district"] for i in registry["incubators"]}
    carriers = registry["carriers"]
    taken, ends, own, per_project = Counter(), Counter(), 0, Counter()
    for entry in registry["follow_ups"]:
        project = projects[entry["incubator"], entry["project"]]
        site, offer = offers[entry["site"], entry["offer"]]
        need, name, area = project["space_need"], project["name"], entry["area"]
        per_project[name] += 1
        assert project["steps"][-1][0] == "graduate", f"{name}: a match for a project that has not graduated"
        assert offer["space_type"] == need["space_type"], name
        assert max(need["area_min"], offer["min_area"] or 0) <= area <= min(need["area_max"], offer["max_area"] or area), name
        assert not need["clean_room"] or offer["clean_room"], name
        assert not need["hazardous"] or offer["hazardous_allowed"], name
        actions = [step[0] for step in entry["steps"]]
        days = [project["steps"][-1][1]] + [step[1] for step in entry["steps"]]
        assert all(a > b >= 1 for a, b in itertools.pairwise(days)), f"{name}: steps out of order or after today"
        if actions[-1] == "drop":
            assert entry["end"] == "dropped" and entry["drop_reason"] in DROP_REASONS, name
            actions = actions[:-1]
        assert actions == list(MATCH_PATH[: len(actions)]) and actions, f"{name}: {actions}"
        end = {"land": "landed", "sign": "signed"}.get(actions[-1], "open")
        assert entry["end"] in (end, "dropped"), name
        if end in ("landed", "signed"):
            taken[entry["site"], entry["offer"]] += area
            moves = carriers["relays"].get(name)
            holder = moves[-1]["to"] if moves else carriers["admitted_at"].get(name, project["incubator"])
            own += end == "landed" and site["district"] == district_of[holder]
        ends[entry["end"]] += 1
    for key, area in taken.items():
        assert area <= offers[key][1]["available_area"], f"offer {key} signed beyond its area"
    assert max(per_project.values()) == 1, "one match per project in the sample"
    assert 15 <= ends["landed"] <= 25 and 5 <= ends["signed"] <= 8, ends
    assert 3 <= ends["open"] and 1 <= ends["dropped"] <= 2, ends
    assert ends["landed"] / 2 < own < ends["landed"], f"landed in the carrier's own district: {own} of {ends['landed']}"
