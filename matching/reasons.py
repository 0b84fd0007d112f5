"""The reasons of a match: 2–4 short Chinese sentences a staff member can read out.

One sentence each on industry, space and place, then the most useful of: a delivery date
later than needed, attributes still to be confirmed, a delivery date that meets the need, the
rent. Built from the data only, and only for the few matches a ranking returns.

Examples
--------
>>> from datetime import date
>>> from matching.industry import Relation
>>> from matching.types import OfferRecord, ProjectNeed, Taxonomy
>>> taxonomy = Taxonomy({"C3823": "配电开关控制设备制造"}, {"330382": "乐清市"})
>>> need = ProjectNeed(
...     id=1, name="", description="", industries=("C3823",), space_type="plant",
...     area_min=3000, area_max=5000, needed_by=date(2026, 9, 1), power_kva=None,
...     floor_load=None, clear_height=None, clean_room=False, hazardous=False, max_rent=25,
...     home_district="330382", preferred_districts=())
>>> offer = OfferRecord(
...     id=7, site_id=1, site_name="乐清电气产业园", site_kind="park", district="330382",
...     industries=("C3823",), description="", space_type="plant", available_area=30000,
...     min_area=1000, max_area=None, rent=18, available_from=None, floor_load=None,
...     clear_height=None, power_kva=None, clean_room=False, hazardous_allowed=False,
...     lead_time_days=None)
>>> for line in explain(need, offer, taxonomy=taxonomy, relation=Relation(1.0, "same", ("C3823",)),
...                     site_code="C3823", project_code="C3823", code_fit=1.0, text_fit=0.2,
...                     today=date(2026, 3, 1), ready=date(2026, 3, 1), late=False):
...     print(line)
主导产业一致：配电开关控制设备制造
可用厂房 30,000㎡（最小分割 1,000㎡），满足 3,000–5,000㎡ 需求
同区县就地产业化：乐清市
现可入驻，满足 2026-09 的需求日期
"""

from __future__ import annotations

from datetime import date

from .constraints import unconfirmed
from .industry import Relation
from .scoring import size_fit
from .types import OfferRecord, ProjectNeed, Taxonomy
from .wording import SPACE_TYPE_NOUNS, format_area, format_number

__all__ = ["explain"]

# A text fit at or above this, with a weak code fit, is worth naming as the reason.
_TEXT_REASON = 0.5
_WEAK_CODE = 0.5


def _name(taxonomy: Taxonomy, code: str) -> str:
    return taxonomy.industry_names.get(code, code)


def _industry(
    project_codes: tuple[str, ...],
    offer: OfferRecord,
    taxonomy: Taxonomy,
    relation: Relation,
    project_code: str,
    site_code: str,
    code_fit: float,
    text_fit: float,
) -> str:
    if code_fit < _WEAK_CODE and text_fit >= _TEXT_REASON:
        if offer.industries:
            return f"项目简介与该地主导产业相近：{_name(taxonomy, offer.industries[0])}"
        return "项目简介与该地产业定位相近"
    kind = relation.kind
    if kind == "same":
        # Staff distinguish the project's main trade from a side line it also works in.
        main = project_code == project_codes[0]
        return f"{'主导' if main else '副营'}产业一致：{_name(taxonomy, site_code)}"
    if kind in ("group", "division"):
        return f"行业相近：同属{_name(taxonomy, relation.via[0])}"
    if kind == "section":
        return f"行业关联较弱：仅同属{_name(taxonomy, relation.via[0])}"
    if kind == "upstream":
        return f"产业链上下游：项目为{_name(taxonomy, site_code)}提供配套"
    if kind == "downstream":
        return f"产业链上下游：{_name(taxonomy, site_code)}为项目提供配套"
    if kind == "chain":
        return f"同一产业链：与{_name(taxonomy, site_code)}经{_name(taxonomy, relation.via[1])}相连"
    if text_fit > 0:
        return "产业关联较弱，简介有部分相近"
    return "与该地主导产业关联较弱"


def _space(project: ProjectNeed, offer: OfferRecord) -> str:
    land = project.space_type == "land"
    need = format_area(project.area_min, project.area_max, land=land)
    kind_name = SPACE_TYPE_NOUNS[offer.space_type]
    custom = offer.site_kind == "custom_plant"
    high = offer.available_area
    if custom and offer.max_area is not None:
        high = min(high, offer.max_area)
    fits = (
        offer.space_type == project.space_type
        and high >= project.area_min
        and (offer.min_area is None or offer.min_area <= project.area_upper)
    )
    if not fits:
        # The violations say what is wrong; the reason only states the facts side by side.
        if custom:
            return f"定制厂房可建 {format_area(offer.min_area or 0, high)}，需求 {need}"
        return f"可用{kind_name} {format_area(offer.available_area, None, land=land)}，需求 {need}"
    if custom:
        low = offer.min_area or 0
        built = f"{format_number(low)}–{format_number(high)}㎡" if low else f"{format_number(high)}㎡以内"
        return f"可按需定制建设 {built}，满足 {need} 需求"
    available = format_area(offer.available_area, None, land=land)
    if offer.min_area is not None:
        return f"可用{kind_name} {available}（最小分割 {format_area(offer.min_area, None)}），满足 {need} 需求"
    if size_fit(offer.available_area, project.area_upper) < 1.0:
        whole = "需整宗供地" if offer.space_type == "land" else "需整体承租"
        return f"{kind_name} {available}，{whole}，大于 {need} 需求"
    return f"可用{kind_name} {available}，满足 {need} 需求"


def _place(project: ProjectNeed, offer: OfferRecord, taxonomy: Taxonomy) -> str:
    name = taxonomy.district_names.get(offer.district, offer.district)
    if offer.district == project.home_district:
        return f"同区县就地产业化：{name}"
    if offer.district in project.preferred_districts:
        rank = project.preferred_districts.index(offer.district) + 1
        return f"位于第{rank}意向区县：{name}"
    return f"跨区县落地{name}，项目仍留在温州"


def _timing_or_terms(
    project: ProjectNeed, offer: OfferRecord, *, today: date, ready: date, late: bool
) -> str | None:
    if late and project.needed_by is not None:
        return f"预计 {ready:%Y-%m} 可交付，晚于 {project.needed_by:%Y-%m} 的需求日期"
    if late:
        return f"预计 {ready:%Y-%m} 可交付，需等待较长时间"
    missing = unconfirmed(project, offer)
    if missing:
        return f"{'、'.join(missing)}待确认"
    if project.needed_by is not None:
        when = "现可入驻" if ready <= today else f"{ready:%Y-%m} 可交付"
        return f"{when}，满足 {project.needed_by:%Y-%m} 的需求日期"
    if offer.rent is not None and project.max_rent is not None:
        if offer.rent < project.max_rent:
            compared = "低于上限"
        elif offer.rent == project.max_rent:
            compared = "等于上限"
        else:
            compared = "超出上限"
        return f"租金 {format_number(offer.rent)} 元/㎡/月，{compared} {format_number(project.max_rent)}"
    if offer.rent is not None:
        return f"租金 {format_number(offer.rent)} 元/㎡/月"
    if ready > today:
        return f"{ready:%Y-%m} 可交付"
    return None


def explain(
    project: ProjectNeed,
    offer: OfferRecord,
    *,
    taxonomy: Taxonomy,
    relation: Relation,
    project_code: str,
    site_code: str,
    code_fit: float,
    text_fit: float,
    today: date,
    ready: date,
    late: bool,
    admission_unconfirmed: bool = False,
) -> tuple[str, ...]:
    """The 3–4 reasons of one match (industry, space, place, and timing or terms when there is something to say).

    ``relation`` is the best code pair (``project_code``, ``site_code``) with its fit
    ``code_fit``; ``text_fit`` is the saturated text fit; ``ready`` the date the space can be
    delivered and ``late`` whether that misses the need. ``admission_unconfirmed``: the site
    admits only some industries and the project's cannot be told (产业准入待确认).
    """
    industry = _industry(project.industries, offer, taxonomy, relation, project_code, site_code, code_fit, text_fit)
    lines = [
        f"{industry}；产业准入待确认" if admission_unconfirmed else industry,
        _space(project, offer),
        _place(project, offer, taxonomy),
    ]
    extra = _timing_or_terms(project, offer, today=today, ready=ready, late=late)
    if extra:
        lines.append(extra)
    return tuple(lines)
