"""Form fields → the API's input shape, validated by the API's own marshmallow schemas."""

from __future__ import annotations

import re
from typing import Any

import marshmallow as ma
from werkzeug.datastructures import MultiDict

from api.errors import flatten_errors
from models.project import SPACE_NEED_FIELDS

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
    for name in ("team_size", "revenue", "financing"):
        value = (form.get(name) or "").strip()
        if value:
            data[name] = value
        elif not creating and name in form:
            data[name] = None
    if "industries" in form:
        data["industries"] = split_list(form["industries"])
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
