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
    space_type = (form.get("space_need.space_type") or "").strip()
    if space_type:
        need: dict[str, Any] = {"space_type": space_type}
        for name in SPACE_NEED_FIELDS:
            if name in ("space_type", *NEED_FLAGS):
                continue
            value = (form.get(f"space_need.{name}") or "").strip()
            if value:
                need[name] = value
            elif not creating:
                need[name] = None
        for flag in NEED_FLAGS:
            need[flag] = f"space_need.{flag}" in form
        if not creating and "area_min" in need and need["area_min"] is None:
            del need["area_min"]  # required: the schema reports it missing
        data["space_need"] = need
    elif not creating:
        data["space_need"] = None
    return data


def load_or_errors(schema: ma.Schema, data: dict[str, Any]) -> tuple[dict[str, Any] | None, dict[str, list[str]]]:
    """The loaded data, or the schema's messages in Chinese keyed by field path."""
    try:
        return schema.load(data), {}
    except ma.ValidationError as exc:
        return None, flatten_errors(exc.messages)
