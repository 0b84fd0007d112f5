"""The project flow across carriers (分段接续) and each carrier's relay rate, from the stage history.

A project's carrier at each step of its history is read backwards from the carrier that holds it
now: a `transfer` entry names the carrier before (`from_incubator_id`, NULL when it admitted a
prospect) and after. So the flow needs no column beyond what a hand-over records, and projects
registered before carriers had kinds still show where they were.

What the flow counts, for a period (entries whose time lies in it; either end open):

- **admissions** (入孵 → carrier): `admit` entries of projects registered into a carrier, and
  `transfer` entries that admit a prospect (no carrier before);
- **hand-overs** (carrier → carrier): `transfer` entries between two carriers;
- **graduations** (carrier → 毕业): `graduate` entries, from the carrier that held the project;
- **exits** (carrier → 退出 / 迁出温州): `exit` entries of projects in a carrier's chain;
- **where the graduates are now** (毕业 → …): each graduation of the period followed to the
  project's status today: landed in the graduating carrier's own district, elsewhere in Wenzhou
  (every landing site is in Wenzhou), not yet landed (graduated or signed), or lost.

A loss is an exit; it is a relocation (迁出温州) when a fund reported its intention to invest on
condition that the project moves out of Wenzhou (`FundIntention.relocate_out`).

The relay rate of a carrier is the share of its leavers in the period that were handed on or
landed, not lost: (handed_on + landed) / (handed_on + landed + lost). Graduates not yet landed
are leavers whose fate is still open and count in neither part; a carrier with no decided leaver
has no rate (None), not zero.

With `district`, only the steps that involve a carrier of that district count (a hand-over from
or to it; a graduate's landing through the carrier it graduated from), and only its carriers
are listed.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from models.fund import FundIntention
from models.incubator import Incubator, IncubatorKind
from models.labels import INCUBATOR_KIND_NAMES
from models.match import Match, MatchStatus
from models.outcomes import period_bounds
from models.project import Action, Project, StageChange, Status
from models.reference_service import lookups
from models.site import Offer, Site

LEVELS = ("kind", "carrier")
# The places a project can go that are not carriers, in the order a Sankey draws them.
OUTCOME_NAMES = {
    "admitted": "入孵",
    "graduated": "毕业",
    "landed_local": "本区县落地",
    "landed_wenzhou": "温州市内异地落地",
    "landed_unknown": "已落地（地点未登记）",
    "not_landed": "尚未落地",
    "exited": "退出",
    "relocated": "迁出温州（基金意向）",
}
LOSSES = ("exited", "relocated")
LANDINGS = ("landed_local", "landed_wenzhou", "landed_unknown")


@dataclass(frozen=True)
class Carrier:
    id: int
    name: str
    kind: IncubatorKind
    district_code: str


@dataclass
class Relay:
    """One carrier's movements in the period: who came in, who left and how."""

    carrier: Carrier
    admitted: int = 0
    handed_in: int = 0
    handed_on: int = 0
    graduated: int = 0
    landed_local: int = 0
    landed_elsewhere: int = 0
    not_landed: int = 0
    exited: int = 0
    relocated: int = 0
    exited_from_chain: int = 0  # exits before graduating (those after are in the graduates' outcome)

    @property
    def landed(self) -> int:
        return self.landed_local + self.landed_elsewhere

    @property
    def lost(self) -> int:
        return self.exited + self.relocated

    @property
    def leavers(self) -> int:
        """Projects that left it: handed on, graduated, or exited from its chain."""
        return self.handed_on + self.graduated + self.exited_from_chain

    @property
    def rate(self) -> float | None:
        decided = self.handed_on + self.landed + self.lost
        return None if not decided else (self.handed_on + self.landed) / decided

    def as_dict(self) -> dict[str, Any]:
        c = self.carrier
        return {
            "incubator_id": c.id, "incubator_name": c.name, "kind": c.kind.value, "district": c.district_code,
            "admitted": self.admitted, "handed_in": self.handed_in, "handed_on": self.handed_on,
            "graduated": self.graduated, "landed": self.landed, "landed_local": self.landed_local,
            "landed_elsewhere": self.landed_elsewhere, "not_landed": self.not_landed, "lost": self.lost,
            "exited": self.exited, "relocated": self.relocated, "leavers": self.leavers,
            "relay_rate": None if self.rate is None else round(self.rate, 4),
        }


@dataclass
class _Flow:
    links: Counter = field(default_factory=Counter)
    relay: dict[int, Relay] = field(default_factory=dict)


def _carriers(session: Session) -> dict[int, Carrier]:
    rows = session.execute(sa.select(Incubator.id, Incubator.name, Incubator.kind, Incubator.district_code))
    return {row[0]: Carrier(row[0], row[1], IncubatorKind(row[2]), row[3]) for row in rows}


def _landing_districts(session: Session) -> dict[int, str]:
    """The district of each project's landed match (a project lands once)."""
    rows = session.execute(
        sa.select(Match.project_id, Site.district_code)
        .join(Offer, Offer.id == Match.offer_id).join(Site, Site.id == Offer.site_id)
        .where(Match.status == MatchStatus.landed))
    return dict(rows.all())


def _steps(holders: dict[int, int | None], *, session: Session) -> dict[int, list[tuple[Any, ...]]]:
    """Each project's history entries that move it, oldest first, with the carriers before and after.

    `holders` is each project's carrier now; walking its history backwards, every `transfer`
    entry says which carrier held the project before.
    """
    rows = session.execute(
        sa.select(StageChange.project_id, StageChange.action, StageChange.from_status, StageChange.to_status,
                  StageChange.from_incubator_id, StageChange.to_incubator_id, StageChange.at)
        .where(StageChange.action.in_([Action.admit, Action.transfer, Action.graduate, Action.exit]))
        .order_by(StageChange.project_id, StageChange.id.desc()))
    steps: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    carrier: dict[int, int | None] = {}
    for project_id, action, from_status, to_status, from_id, to_id, at in rows:
        held = carrier.get(project_id, holders.get(project_id))
        if action is Action.transfer:
            steps[project_id].append((action, from_status, to_status, from_id, to_id or held, at))
            carrier[project_id] = from_id
        elif action is Action.admit:
            steps[project_id].append((action, from_status, to_status, None, to_id or held, at))
        else:
            steps[project_id].append((action, from_status, to_status, held, None, at))
    for entries in steps.values():
        entries.reverse()
    return steps


def flows(
    *, session: Session, since: date | None = None, until: date | None = None, district: str | None = None,
    level: str = "kind",
) -> dict[str, Any]:
    """`{nodes, links, carriers}`: the Sankey of the period at `level` (kind or carrier) and each carrier's relay."""
    start, end = period_bounds(since, until)
    if district is not None:
        district = lookups(session).district_code(district, field="district")
    carriers = _carriers(session)
    landing = _landing_districts(session)
    relocating = set(session.scalars(sa.select(FundIntention.project_id).where(FundIntention.relocate_out)))
    projects = session.execute(sa.select(Project.id, Project.incubator_id, Project.status)).all()
    statuses = {project_id: status for project_id, _, status in projects}
    flow = _Flow()

    def node(carrier_id: int) -> str:
        c = carriers[carrier_id]
        return f"kind:{c.kind.value}" if level == "kind" else f"carrier:{c.id}"

    def relay(carrier_id: int) -> Relay:
        if carrier_id not in flow.relay:
            flow.relay[carrier_id] = Relay(carriers[carrier_id])
        return flow.relay[carrier_id]

    def involved(*ids: int | None) -> bool:
        return district is None or any(i is not None and carriers[i].district_code == district for i in ids)

    holders = {project_id: holder for project_id, holder, _ in projects}
    for project_id, entries in _steps(holders, session=session).items():
        lost = "relocated" if project_id in relocating else "exited"
        for action, from_status, to_status, from_id, to_id, at in entries:
            if (start is not None and at < start) or (end is not None and at >= end):
                continue
            if action is Action.admit or (action is Action.transfer and from_id is None):
                if to_id is None or to_status is Status.prospect or not involved(to_id):
                    continue
                flow.links["admitted", node(to_id)] += 1
                relay(to_id).admitted += 1
            elif action is Action.transfer:
                if to_id is None or not involved(from_id, to_id):
                    continue
                flow.links[node(from_id), node(to_id)] += 1
                relay(from_id).handed_on += 1
                relay(to_id).handed_in += 1
            elif action is Action.graduate:
                if from_id is None or not involved(from_id):
                    continue
                flow.links[node(from_id), "graduated"] += 1
                r = relay(from_id)
                r.graduated += 1
                outcome = _graduate_now(statuses.get(project_id), landing.get(project_id), carriers[from_id], lost)
                flow.links["graduated", outcome] += 1
                if outcome == "landed_local":
                    r.landed_local += 1
                elif outcome in LANDINGS:
                    r.landed_elsewhere += 1
                elif outcome == "not_landed":
                    r.not_landed += 1
                else:
                    setattr(r, outcome, getattr(r, outcome) + 1)
            elif from_status is Status.active and from_id is not None and involved(from_id):
                flow.links[node(from_id), lost] += 1
                r = relay(from_id)
                r.exited_from_chain += 1
                setattr(r, lost, getattr(r, lost) + 1)

    return {
        "since": since, "until": until, "district": district, "level": level,
        "nodes": _nodes(flow.links, carriers, level),
        "links": [{"source": s, "target": t, "value": v} for (s, t), v in sorted(flow.links.items())],
        "carriers": [flow.relay[i].as_dict() for i in sorted(flow.relay)
                     if district is None or carriers[i].district_code == district],
    }


def _graduate_now(status: Status | None, landed_in: str | None, carrier: Carrier, lost: str) -> str:
    """Where a graduate of `carrier` is today."""
    if status is Status.landed:
        if landed_in is None:
            return "landed_unknown"
        return "landed_local" if landed_in == carrier.district_code else "landed_wenzhou"
    if status is Status.exited:
        return lost
    return "not_landed"


def _nodes(links: Counter, carriers: dict[int, Carrier], level: str) -> list[dict[str, Any]]:
    """The nodes the links use: 入孵, then the carriers (by kind in chain order), then the outcomes."""
    used = {end for pair in links for end in pair}
    carrier_nodes = []
    if level == "kind":
        for kind in IncubatorKind:
            if f"kind:{kind.value}" in used:
                carrier_nodes.append({"id": f"kind:{kind.value}", "name": INCUBATOR_KIND_NAMES[kind.value],
                                      "category": "kind", "kind": kind.value})
    else:
        order = list(IncubatorKind)
        for c in sorted(carriers.values(), key=lambda c: (order.index(c.kind), c.id)):
            if f"carrier:{c.id}" in used:
                carrier_nodes.append({"id": f"carrier:{c.id}", "name": c.name, "category": "carrier",
                                      "kind": c.kind.value, "incubator_id": c.id})
    outcomes = [{"id": key, "name": name, "category": "outcome", "kind": None}
                for key, name in OUTCOME_NAMES.items() if key in used]
    sources = [n for n in outcomes if n["id"] == "admitted"]
    return sources + carrier_nodes + [n for n in outcomes if n["id"] != "admitted"]


def acyclic_links(links: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The links a Sankey can draw (no cycle), biggest first, and those left out.

    A hand-over between two carriers of one kind, or back down the chain, closes a cycle; a
    Sankey diagram cannot draw it, so the page lists it beside the diagram instead.
    """
    kept: list[dict[str, Any]] = []
    left: list[dict[str, Any]] = []
    reach: dict[str, set[str]] = defaultdict(set)  # node -> nodes reachable from it
    for link in sorted(links, key=lambda link: -link["value"]):
        s, t = link["source"], link["target"]
        if s == t or s in reach[t]:
            left.append(link)
            continue
        kept.append(link)
        for n in [s, *(n for n in reach if s in reach[n])]:
            reach[n] |= {t} | reach[t]
    return kept, left


__all__ = ["LEVELS", "OUTCOME_NAMES", "Relay", "acyclic_links", "flows"]
