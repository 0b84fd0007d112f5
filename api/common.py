"""Pieces every resource uses: the blueprint, base schema, pagination and version checks."""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import quote

import flask_smorest
import marshmallow as ma
import sqlalchemy as sa
from flask import request
from sqlalchemy.orm import Session
from webargs.flaskparser import FlaskParser, abort

from models.errors import Conflict

from .dumping import FastSchema
from .hygiene import clean_input

# Deeper JSON than any of our bodies needs is refused before anything walks it recursively.
MAX_JSON_DEPTH = 32


def json_depth_exceeds(value: Any, limit: int) -> bool:
    """Whether `value` nests lists/objects more than `limit` deep (walked without recursion)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            if depth > limit:
                return True
            stack.extend((child, depth + 1) for child in (item.values() if isinstance(item, dict) else item))
    return False


class BodyParser(FlaskParser):
    """webargs' parser, with the JSON it cannot take (too deep, a 5,000-digit integer) a 400."""

    def _raw_load_json(self, req: Any) -> Any:
        try:
            data = super()._raw_load_json(req)
        except json.JSONDecodeError:
            raise
        except (RecursionError, ValueError) as exc:  # nesting, int digits limit, NaN handling
            abort(400, exc=exc, messages={"json": ["Invalid JSON body."]})
        if json_depth_exceeds(data, MAX_JSON_DEPTH):
            abort(400, messages={"json": ["Invalid JSON body."]})
        return data


class Blueprint(flask_smorest.Blueprint):
    """A blueprint whose parser lets each schema decide on unknown fields, query included.

    webargs ignores unknown query parameters by default; we refuse them, so a misspelt
    filter (`?stauts=graduated`) is a 422 instead of a silently unfiltered list.
    """

    ARGUMENTS_PARSER = BodyParser(unknown=None)


class BaseSchema(FastSchema):
    """Unknown fields are an error, so a typo never passes silently."""

    class Meta:
        unknown = ma.RAISE

    def load(self, data: Any, *, many: bool | None = None, partial: Any = None, unknown: str | None = None) -> Any:
        """Load `data` NFC and trimmed, refusing control characters, blank required text, 1.5
        for an integer and 0/1 for a boolean (api/hygiene.py), beside the fields' own errors."""
        if many if many is not None else self.many:
            return super().load(data, many=many, partial=partial, unknown=unknown)
        cleaned, problems = clean_input(self, data)
        try:
            result = super().load(cleaned, many=many, partial=partial, unknown=unknown)
        except ma.ValidationError as exc:
            if not problems:
                raise
            messages = exc.messages if isinstance(exc.messages, dict) else {"_schema": exc.messages}
            raise ma.ValidationError({**messages, **problems}) from None
        if problems:
            raise ma.ValidationError(problems)
        return result


class PaginationQuerySchema(BaseSchema):
    page = ma.fields.Integer(load_default=1, validate=ma.validate.Range(min=1, max=1_000_000))
    per_page = ma.fields.Integer(load_default=50, validate=ma.validate.Range(min=1, max=500))


def page_schema(item_schema: type[ma.Schema], name: str) -> type[ma.Schema]:
    """The `{items, total, page, per_page}` envelope around a list of `item_schema`."""
    return FastSchema.from_dict(
        {
            "items": ma.fields.List(ma.fields.Nested(item_schema), required=True),
            "total": ma.fields.Integer(required=True),
            "page": ma.fields.Integer(required=True),
            "per_page": ma.fields.Integer(required=True),
        },
        name=name,
    )


def paginate(query: sa.Select[Any], args: dict[str, Any], *, session: Session) -> dict[str, Any]:
    """Run one page of `query` and count the whole."""
    page, per_page = args.pop("page"), args.pop("per_page")
    total = session.scalar(sa.select(sa.func.count()).select_from(query.order_by(None).subquery()))
    items = session.scalars(query.limit(per_page).offset((page - 1) * per_page)).unique().all()
    return {"items": items, "total": total, "page": page, "per_page": per_page}


# Path ids: out-of-range numbers are a 404, not a database overflow.
ID = "int(min=1, max=2147483647)"


def etag(obj: Any) -> dict[str, str]:
    """The ETag header of a versioned object."""
    return {"ETag": f'"{obj.version}"'}


def check_version(obj: Any, data: dict[str, Any]) -> None:
    """Refuse an edit made from an older version (`If-Match` header or a `version` field)."""
    expected = data.pop("version", None)
    header = request.headers.get("If-Match")
    if header and header.strip() != "*":
        match = re.fullmatch(r'\s*(?:W/)?"?(\d+)"?\s*', header)
        expected = int(match.group(1)) if match else -1
    if expected is not None and expected != obj.version:
        raise Conflict(f"数据已被他人修改（当前版本 {obj.version}，您修改的是版本 {expected}），请刷新后重试")


VERSION = ma.fields.Integer(validate=ma.validate.Range(min=1, max=2**31 - 1),
                            metadata={"description": "修改所基于的版本；与当前版本不同则 409（也可用 If-Match 头）"})


def content_disposition(filename: str, *, inline: bool = False) -> str:
    """A Content-Disposition header for a download named in Chinese: the whole name percent-encoded
    (RFC 6266), since a raw non-ASCII header breaks the server."""
    return f"{'inline' if inline else 'attachment'}; filename*=UTF-8''{quote(filename)}"
