"""What a team needs in its next carrier, derived from what the registry knows of it.

The rule (the README repeats it):

* **Target stage** — a prospect (待入孵) is admitted at its own stage; an active team moves
  one stage on (创业苗圃 → 孵化 → 加速); an acceleration team looks for another accelerator
  (its next step after that is graduation and a landing site, 寻找落地空间). Graduated,
  signed, landed and exited projects have no next carrier.
* **Space** — a stated space need for an office or a lab is taken as it is (its minimum
  area); a plant need becomes a pilot plant (中试厂房) at the acceleration stage and is left
  to the landing search otherwise; land is always left to the landing search. Without one:
  the nursery stage needs open desks, one per team member; incubation and acceleration need
  an office of ``PER_PERSON_AREA`` ㎡ per member, at least ``MIN_OFFICE_AREA`` ㎡. An unknown
  team size counts as ``DEFAULT_TEAM`` people.
* **Not less than now** — when the team already occupies space of the same type, the need is
  at least what it occupies.

Examples
--------
>>> next_stage("active", "nursery"), next_stage("prospect", "nursery"), next_stage("graduated", "industrialization")
('incubation', 'nursery', None)
>>> need = team_need(id=1, name="A", industries=("C3823",), stage="incubation", team_size=8)
>>> need.space_type, need.area, need.desks
('office', 80.0, 0)
>>> team_need(id=1, name="A", industries=(), stage="nursery", team_size=None).desks
3
>>> team_need(id=1, name="A", industries=(), stage="acceleration", team_size=5,
...           space_need=("plant", 600.0)).space_type
'pilot_plant'
"""

from __future__ import annotations

from collections.abc import Sequence

from .types import CHAIN_STAGES, TeamNeed

__all__ = ["DEFAULT_TEAM", "MIN_OFFICE_AREA", "PER_PERSON_AREA", "next_stage", "team_need"]

DEFAULT_TEAM = 3
# Office planning in China takes 8–10 ㎡ of usable area per desk worker; the upper figure
# leaves room for a meeting corner, which a team moving on to a new carrier will want.
PER_PERSON_AREA = 10.0
MIN_OFFICE_AREA = 20.0


def next_stage(status: str, stage: str) -> str | None:
    """The stage a team seeks its next carrier for, or None when it has left the chain."""
    if status == "prospect":
        return stage if stage in CHAIN_STAGES else None
    if status != "active" or stage not in CHAIN_STAGES:
        return None
    return CHAIN_STAGES[min(CHAIN_STAGES.index(stage) + 1, len(CHAIN_STAGES) - 1)]


def team_need(
    *,
    id: int,
    name: str,
    industries: Sequence[str],
    stage: str,
    team_size: int | None,
    space_need: tuple[str, float] | None = None,
    placement: tuple[str, float, int] | None = None,
    home_district: str | None = None,
    preferred_districts: Sequence[str] = (),
    current_carrier_id: int | None = None,
) -> TeamNeed:
    """The team's need at ``stage`` (see the module notes).

    ``space_need`` is the project's stated ``(space_type, area_min)``; ``placement`` what it
    occupies now, ``(carrier space type, area, desks)``.
    """
    people = team_size if team_size and team_size > 0 else DEFAULT_TEAM
    space_type, area, desks = "", 0.0, 0
    if space_need is not None:
        kind, wanted = space_need
        if kind in ("office", "lab"):
            space_type, area = kind, float(wanted)
        elif kind == "plant" and stage == "acceleration":
            space_type, area = "pilot_plant", float(wanted)
    if not space_type:
        if stage == "nursery":
            space_type, desks = "desk", people
        else:
            space_type, area = "office", max(MIN_OFFICE_AREA, PER_PERSON_AREA * people)
    if placement is not None and placement[0] == space_type:
        area, desks = max(area, float(placement[1])), max(desks, int(placement[2]))
    return TeamNeed(
        id=id, name=name, industries=tuple(industries), stage=stage, space_type=space_type, area=area, desks=desks,
        home_district=home_district, preferred_districts=tuple(preferred_districts),
        current_carrier_id=current_carrier_id,
    )
