"""Template filters: Chinese names for enum values, numbers as staff read them."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from flask import Flask, request
from flask_login import current_user

from matching.wording import MU
from models.base import WENZHOU
from models.labels import (
    ACTION_NAMES,
    ADMISSION_NAMES,
    ALERT_KIND_NAMES,
    ALERT_SEVERITY_NAMES,
    CARRIER_SPACE_TYPE_NAMES,
    DROP_REASON_NAMES,
    EVENT_KIND_NAMES,
    FACTOR_NAMES,
    INCUBATOR_KIND_NAMES,
    MATCH_ACTION_NAMES,
    MATCH_STATUS_NAMES,
    ROLE_NAMES,
    SITE_KIND_NAMES,
    SPACE_TYPE_NAMES,
    STAGE_NAMES,
    STATUS_NAMES,
    TRANSFER_STATUS_NAMES,
)
from models.project import SpaceType
from models.reference_service import lookups
from models.site import SiteKind

from .common import session

# Each filter name is a table of models.labels.
NAMES = {
    "stage": STAGE_NAMES,
    "status": STATUS_NAMES,
    "action": ACTION_NAMES,
    "match_status": MATCH_STATUS_NAMES,
    "match_action": MATCH_ACTION_NAMES,
    "kind": SITE_KIND_NAMES,
    "admission": ADMISSION_NAMES,
    "space_type": SPACE_TYPE_NAMES,
    "event_kind": EVENT_KIND_NAMES,
    "factor": FACTOR_NAMES,
    "role": ROLE_NAMES,
    "drop_reason": DROP_REASON_NAMES,
    "alert_kind": ALERT_KIND_NAMES,
    "incubator_kind": INCUBATOR_KIND_NAMES,
    "severity": ALERT_SEVERITY_NAMES,
    "carrier_kind": INCUBATOR_KIND_NAMES,
    "carrier_space_type": CARRIER_SPACE_TYPE_NAMES,
    "transfer_status": TRANSFER_STATUS_NAMES,
}


def cn(value: Any, what: str) -> str:
    """The Chinese name of an enum value, e.g. `{{ p.stage|cn('stage') }}`."""
    if value is None:
        return ""
    key = str(getattr(value, "value", value))
    return NAMES[what].get(key, key)


def district(code: str | None) -> str:
    """A district's Chinese name."""
    if not code:
        return ""
    return lookups(session()).district_names.get(code, code)


def num(value: Any, digits: int = 0) -> str:
    """A number with thousands separators; '—' when unknown."""
    if value is None or value == "":
        return "—"
    return f"{float(value):,.{digits}f}"


def qty(value: Any, unit: str, digits: int = 0) -> str:
    """A number with its unit, or '—' alone when unknown (never '— kVA')."""
    return "—" if value is None or value == "" else f"{num(value, digits)} {unit}"


def area(value: Any, space_type: Any = None) -> str:
    """An area as '13,100㎡'; land also in 亩, as staff quote it: '13,340㎡（20.0 亩）'."""
    if value is None or value == "":
        return "—"
    text = f"{num(value)}㎡"
    if getattr(space_type, "value", space_type) == "land":
        text += f"（{num(float(value) / MU, 1)} 亩）"
    return text


def between(low: Any, high: Any) -> str:
    """A range of areas: '1,000–9,000', '≥ 1,000', '≤ 9,000' or '—'."""
    if low is None and high is None:
        return "—"
    if high is None:
        return f"≥ {num(low)}"
    if low is None:
        return f"≤ {num(high)}"
    return f"{num(low)}–{num(high)}"


def when(value: Any) -> str:
    """A date, or a time in Wenzhou to the minute."""
    if value is None:
        return ""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, datetime):
        return value.astimezone(WENZHOU).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def percent(value: Any) -> str:
    return "—" if value is None else f"{float(value) * 100:.0f}%"


def url_with(**changes: Any) -> str:
    """The current URL with some query arguments changed (paging links keep the filters)."""
    args = request.args.to_dict(flat=False)
    for name, value in changes.items():
        if value is None:
            args.pop(name, None)
        else:
            args[name] = [str(value)]
    from urllib.parse import urlencode

    query = urlencode([(k, v) for k, vs in args.items() for v in vs])
    return f"{request.path}?{query}" if query else request.path


def register_filters(app: Flask) -> None:
    """Make the filters and the navigation's inputs available in every template."""
    app.add_template_filter(cn)
    app.add_template_filter(district)
    app.add_template_filter(num)
    app.add_template_filter(qty)
    app.add_template_filter(area)
    app.add_template_global(between)
    app.add_template_filter(when)
    app.add_template_filter(percent)
    app.add_template_global(url_with)

    @app.context_processor
    def names() -> dict[str, Any]:
        return {"NAMES": NAMES, "SiteKind": SiteKind, "SpaceType": SpaceType, "me": current_user}
