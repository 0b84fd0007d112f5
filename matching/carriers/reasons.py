"""The reasons of a carrier match: short Chinese sentences, one per factor, and what rules it out.

Examples
--------
>>> from matching.carriers.types import CarrierRecord, TeamNeed
>>> from matching.industry import Relation
>>> from matching.types import Taxonomy
>>> taxonomy = Taxonomy({"C38": "电气机械和器材制造业"}, {"330382": "乐清市"})
>>> carrier = CarrierRecord(id=1, name="乐清众创空间", kind="maker_space", district="330382",
...                         industries=("C3824",), level="national", demonstration=True,
...                         stages=("nursery",), vacant_desks=12)
>>> need = TeamNeed(id=9, name="配电团队", industries=("C3823",), stage="nursery",
...                 space_type="desk", area=0.0, desks=5, home_district="330302")
>>> pair = (0.8, "C3823", "C3824", Relation(0.8, "group", ("C382",)))
>>> for line in explain(need, carrier, taxonomy=taxonomy, pair=pair, room=12):
...     print(line)
产业相近：同属C382
空余工位 12 个，可容纳 5 人的工位需求
国家级载体，示范载体
跨区县接续：乐清市，仍在温州
>>> violations(need, carrier, room=3, hosts=True, fits=False), space_lack(need, 3)
(('空余工位 3 个，不足所需 5 个',), '工位差 2 个')
"""

from __future__ import annotations

from ..industry import Relation
from ..types import Taxonomy
from ..wording import format_number
from .types import CarrierRecord, TeamNeed

__all__ = ["CARRIER_SPACE_NOUNS", "LEVEL_WORDS", "STAGE_WORDS", "explain", "space_lack", "violations"]

# The nouns the sentences use; the display names of coded values are in models.labels.
CARRIER_SPACE_NOUNS = {"desk": "工位", "office": "办公室", "lab": "实验室", "pilot_plant": "中试厂房"}
LEVEL_WORDS = {"national": "国家级载体", "provincial": "省级载体", "municipal": "市级载体", "other": "未评级载体"}
STAGE_WORDS = {"nursery": "创业苗圃", "incubation": "孵化", "acceleration": "加速"}


def _name(taxonomy: Taxonomy, code: str) -> str:
    return taxonomy.industry_names.get(code, code)


def _industry(need: TeamNeed, carrier: CarrierRecord, taxonomy: Taxonomy,
              pair: tuple[float, str, str, Relation]) -> str:
    if not carrier.industries:
        return "综合性载体，不限主攻产业"
    if not need.industries:
        return "项目未填行业代码，产业匹配按中性计"
    _, project_code, carrier_code, relation = pair
    kind = relation.kind
    if kind == "same":
        main = project_code == need.industries[0]
        return f"{'主攻' if main else '副营'}产业一致：{_name(taxonomy, carrier_code)}"
    if kind in ("group", "division"):
        return f"产业相近：同属{_name(taxonomy, relation.via[0])}"
    if kind == "section":
        return f"产业关联较弱：仅同属{_name(taxonomy, relation.via[0])}"
    if kind in ("upstream", "downstream", "chain"):
        return f"产业链相连：载体主攻{_name(taxonomy, carrier_code)}"
    return f"与载体主攻产业关联较弱：{_name(taxonomy, carrier.industries[0])}"


def _wanted(need: TeamNeed) -> str:
    if need.space_type == "desk":
        return f"{need.desks} 人的工位需求"
    return f"{format_number(need.area)}㎡ 需求"


def _space(need: TeamNeed, room: float) -> str:
    noun = CARRIER_SPACE_NOUNS[need.space_type]
    if need.space_type == "desk":
        held = f"空余工位 {int(room)} 个"
    else:
        held = f"{noun}空余 {format_number(room)}㎡"
    if (room >= need.desks) if need.space_type == "desk" else (room >= need.area):
        return f"{held}，可容纳 {_wanted(need)}"
    return f"{held}，少于 {_wanted(need)}"


def _level(carrier: CarrierRecord) -> str:
    words = LEVEL_WORDS[carrier.level]
    return f"{words}，示范载体" if carrier.demonstration else words


def _place(need: TeamNeed, carrier: CarrierRecord, taxonomy: Taxonomy) -> str:
    name = taxonomy.district_names.get(carrier.district, carrier.district)
    if carrier.district == need.home_district:
        return f"同区县接续：{name}"
    if carrier.district in need.preferred_districts:
        return f"位于第{need.preferred_districts.index(carrier.district) + 1}意向区县：{name}"
    return f"跨区县接续：{name}，仍在温州"


def explain(need: TeamNeed, carrier: CarrierRecord, *, taxonomy: Taxonomy,
            pair: tuple[float, str, str, Relation], room: float) -> tuple[str, ...]:
    """Four sentences: industry, space, level and locality (``pair`` is the best code pair)."""
    return (
        _industry(need, carrier, taxonomy, pair),
        _space(need, room),
        _level(carrier),
        _place(need, carrier, taxonomy),
    )


def violations(need: TeamNeed, carrier: CarrierRecord, *, room: float, hosts: bool, fits: bool) -> tuple[str, ...]:
    """Why the carrier cannot take the team now; empty when it can."""
    found = []
    if not hosts:
        found.append(f"不承接{STAGE_WORDS[need.stage]}阶段的项目")
    if not fits:
        noun = CARRIER_SPACE_NOUNS[need.space_type]
        if room <= 0:
            found.append(f"没有空余的{noun}")
        elif need.space_type == "desk":
            found.append(f"空余工位 {int(room)} 个，不足所需 {need.desks} 个")
        else:
            found.append(f"{noun}空余 {format_number(room)}㎡，不足所需 {format_number(need.area)}㎡")
    return tuple(found)


def space_lack(need: TeamNeed, room: float) -> str:
    """How far the room falls short, tersely."""
    if need.space_type == "desk":
        return f"工位差 {need.desks - int(room)} 个"
    return f"{CARRIER_SPACE_NOUNS[need.space_type]}差 {format_number(need.area - room)}㎡"
