"""Form fields → the API's input shape, validated by the API's own marshmallow schemas."""

from __future__ import annotations

import re
from typing import Any

import marshmallow as ma
from werkzeug.datastructures import MultiDict

from api.common import VERSION
from models.project import SPACE_NEED_FIELDS
from services.validation import flatten_errors

LIST_SEPARATORS = re.compile(r"[;；、,，\s]+")
NEED_FLAGS = ("clean_room", "hazardous")
NEED_REQUIRED = ("space_type", "area_min")


def split_list(text: str) -> list[str]:
    """'C3823；C38、C39' → ['C3823', 'C38', 'C39']."""
    return [part for part in LIST_SEPARATORS.split(text.strip()) if part]


def project_input(form: MultiDict, *, creating: bool) -> dict[str, Any]:
    """A project form as the API's JSON body; empty fields are left out (or clear the value on edit)."""
    data: dict[str, Any] = {}
    for name in ("name", "description"):
        if name in form:
            data[name] = form[name].strip()
    for name in ("team_size", "revenue", "financing", "planned_investment"):
        value = (form.get(name) or "").strip()
        if value:
            data[name] = value
        elif not creating and name in form:
            data[name] = None
    if "industries" in form:
        data["industries"] = split_list("；".join(form.getlist("industries")))
    if "preferred_districts" in form or not creating:
        data["preferred_districts"] = [d for d in form.getlist("preferred_districts") if d]
    if form.get("incubator_id"):
        data["incubator_id"] = form["incubator_id"].strip()
    if creating and form.get("stage"):
        data["stage"] = form["stage"]
    if form.get("version"):
        data["version"] = form["version"]
    need_fields = [name for name in SPACE_NEED_FIELDS if name not in NEED_FLAGS]
    filled = {name: (form.get(f"space_need.{name}") or "").strip() for name in need_fields}
    if any(filled.values()) or any(f"space_need.{flag}" in form for flag in NEED_FLAGS):
        # The form shows the whole need, so it sends the whole need: a blank optional field
        # clears it, a blank required one (type, area_min) is left out for the schema to report.
        need: dict[str, Any] = {name: value or None for name, value in filled.items()
                                if value or name not in NEED_REQUIRED}
        for flag in NEED_FLAGS:
            need[flag] = f"space_need.{flag}" in form
        data["space_need"] = need
    elif not creating:
        data["space_need"] = None
    return data


def top_level_partial(schema_class: type[ma.Schema]) -> ma.Schema:
    """`schema_class` with every top-level field optional but nested objects loaded whole.

    `partial=True` would reach into the space need too, and a need with a blank area_min would
    then merge with the stored one and silently keep the old value.
    """
    return schema_class(partial=tuple(schema_class().fields))


def load_or_errors(schema: ma.Schema, data: dict[str, Any]) -> tuple[dict[str, Any] | None, dict[str, list[str]]]:
    """The loaded data, or the schema's messages in Chinese keyed by field path."""
    try:
        return schema.load(data), {}
    except ma.ValidationError as exc:
        return None, flatten_errors(exc.messages)


def flat_input(form: MultiDict, names: tuple[str, ...], *, texts: tuple[str, ...] = (),
               flags: tuple[str, ...] = (), lists: tuple[str, ...] = ()) -> tuple[dict[str, Any], list[str]]:
    """Form fields as the API's JSON body, and the names left blank (so left out of the body).

    `texts` are sent even when blank (''), `flags` are checkboxes (sent only when ticked),
    `lists` are codes, one per input or separated by '；' or spaces.
    """
    data: dict[str, Any] = {name: (form.get(name) or "").strip() for name in texts}
    data.update({flag: flag in form for flag in flags})
    data.update({name: split_list("；".join(form.getlist(name))) for name in lists})
    blanks: list[str] = []
    for name in names:
        value = (form.get(name) or "").strip()
        if value:
            data[name] = value
        else:
            blanks.append(name)
    return data, blanks


def location_input(form: MultiDict, data: dict[str, Any], *, creating: bool) -> None:
    """Latitude and longitude as the API's `location`; both blank means none (or clears it)."""
    lat, lon = (form.get("location.lat") or "").strip(), (form.get("location.lon") or "").strip()
    if lat or lon:
        data["location"] = {k: v for k, v in (("lat", lat), ("lon", lon)) if v}
    elif not creating:
        data["location"] = None


def load_whole(schema: ma.Schema, data: dict[str, Any], blanks: list[str], *,
               version: str | None = None) -> tuple[dict[str, Any] | None, dict[str, list[str]]]:
    """Load a form that shows every field of a record: blanks the schema lets be absent become None.

    An edit form is a whole replacement, so a cleared field must clear the value (the domain
    rules then say whether it may be empty), never keep the old one as a partial PATCH would.
    """
    loaded, errors = load_or_errors(schema, data)
    if version is not None:
        version_value, version_errors = load_or_errors(VersionSchema(), {"version": version})
        errors.update(version_errors)
        if loaded is not None and version_value is not None:
            loaded["version"] = version_value["version"]
    if errors:
        return None, errors
    for name in blanks:
        if name not in loaded:
            loaded[name] = None
    return loaded, {}


class VersionSchema(ma.Schema):
    """The version an edit form was filled from."""

    version = VERSION
