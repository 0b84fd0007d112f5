"""Fund intentions as the API reads and writes them (the staff pages load the same create schema)."""

from __future__ import annotations

import marshmallow as ma

from ..common import BaseSchema, PaginationQuerySchema, page_schema
from ..dumping import FastSchema

_ID = ma.validate.Range(min=1, max=2**31 - 1)


class FundIntentionCreateSchema(BaseSchema):
    project_id = ma.fields.Integer(required=True, validate=_ID)
    fund_name = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=100))
    amount = ma.fields.Float(allow_none=True, validate=ma.validate.Range(min=0, max=1e9, error="不能为负数"),
                             metadata={"description": "万元"})
    expected_date = ma.fields.Date(allow_none=True)
    relocate_out = ma.fields.Boolean(load_default=False, metadata={"description": "基金是否要求项目迁出温州"})
    destination = ma.fields.String(load_default="", validate=ma.validate.Length(max=100))
    note = ma.fields.String(load_default="", validate=ma.validate.Length(max=2000))


class FundIntentionSchema(FastSchema):
    id = ma.fields.Integer(required=True)
    project_id = ma.fields.Integer(required=True)
    fund_name = ma.fields.String(required=True)
    amount = ma.fields.Float(allow_none=True, required=True)
    expected_date = ma.fields.Date(allow_none=True, required=True)
    relocate_out = ma.fields.Boolean(required=True)
    destination = ma.fields.String(required=True)
    note = ma.fields.String(required=True)
    created_by = ma.fields.String(required=True)
    created_at = ma.fields.AwareDateTime(required=True)


class FundIntentionQuerySchema(PaginationQuerySchema):
    project_id = ma.fields.Integer(validate=_ID)
    relocate_out = ma.fields.Boolean()


FundIntentionPageSchema = page_schema(FundIntentionSchema, "FundIntentionPage")
