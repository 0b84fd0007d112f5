"""Pieces every resource uses: pagination and the base schema."""

from __future__ import annotations

from typing import Any

import marshmallow as ma
import sqlalchemy as sa
from sqlalchemy.orm import Session


class BaseSchema(ma.Schema):
    """Unknown fields are an error, so a typo never passes silently."""

    class Meta:
        unknown = ma.RAISE


class PaginationQuerySchema(BaseSchema):
    page = ma.fields.Integer(load_default=1, validate=ma.validate.Range(min=1, max=1_000_000))
    per_page = ma.fields.Integer(load_default=50, validate=ma.validate.Range(min=1, max=500))


def page_schema(item_schema: type[ma.Schema], name: str) -> type[ma.Schema]:
    """The `{items, total, page, per_page}` envelope around a list of `item_schema`."""
    return ma.Schema.from_dict(
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
