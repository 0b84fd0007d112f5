"""Generate the synthetic sample registry, `registry.json`: incubators, landing sites and projects.

Run `python3 sample_data/generate.py` to rewrite it; the fixed seed makes it repeatable. The data it
draws from is in `tables.py`, and `check.py` holds the output to the loader's rules before anything
is written. This module makes the landing sites and puts the registry together; the incubators and
projects come from `projects.py`, the carriers' spaces and hand-overs from `carriers.py`, what the
projects did next (financings, yearly figures, follow-up matches) from `follow_ups.py`. Standard
library only.

Everything written is SYNTHETIC: the districts and their leading industries follow Wenzhou's real
profile, but every incubator, park, custom plant, offer, project and number is invented, and project
names carry a "（示例NNN）" marker so they cannot be taken for registered companies.
"""

from __future__ import annotations

import json
import random
import sys
from collections import Counter
from datetime import date
from pathlib import Path

if not __package__:  # run as `python sample_data/generate.py`: make the package importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sample_data.carriers import make_carriers
from sample_data.check import INDUSTRIES_CSV, check, industry_names, used_codes
from sample_data.draw import between, location, log_between, some_date
from sample_data.follow_ups import make_follow_ups, make_performance
from sample_data.projects import make_incubators, make_projects
from sample_data.tables import (
    CUSTOM_PLANTS,
    DISTRICT_PROFILES,
    DISTRICTS,
    HAZARDOUS_PROFILES,
    PARK_OFFER_PATTERNS,
    PARK_PLANT_SPECS,
    PARKS,
    SEED,
    SQM_PER_MU,
)

OUT = Path(__file__).resolve().parent / "registry.json"


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
