"""A project's financings and yearly figures as the API reads and writes them (imports load the same)."""

from __future__ import annotations

import marshmallow as ma

from models.performance import FIRST_YEAR, LAST_YEAR

from ..common import BaseSchema
from ..dumping import FastSchema

_AMOUNT = ma.validate.Range(min=0, min_inclusive=False, max=1e9, error="必须大于 0（万元）")
_COUNT = ma.validate.Range(min=0, max=10_000_000, error="不能为负数")
_YEAR = ma.validate.Range(min=FIRST_YEAR, max=LAST_YEAR, error=f"年份应在 {FIRST_YEAR}–{LAST_YEAR} 之间")


class FinancingCreateSchema(BaseSchema):
    amount = ma.fields.Float(required=True, validate=_AMOUNT, metadata={"description": "到账金额，万元"})
    received_on = ma.fields.Date(required=True, metadata={"description": "到账日期"})
    investor = ma.fields.String(load_default="", validate=ma.validate.Length(max=100))
    round = ma.fields.String(load_default="", validate=ma.validate.Length(max=40),
                             metadata={"description": "融资轮次，如 天使轮、A 轮"})


class FinancingSchema(FastSchema):
    id = ma.fields.Integer(required=True)
    project_id = ma.fields.Integer(required=True)
    amount = ma.fields.Float(required=True)
    received_on = ma.fields.Date(required=True)
    investor = ma.fields.String(required=True)
    round = ma.fields.String(required=True)
    created_by = ma.fields.String(required=True)
    created_at = ma.fields.AwareDateTime(required=True)


class AnnualFiguresCreateSchema(BaseSchema):
    year = ma.fields.Integer(required=True, validate=_YEAR)
    revenue = ma.fields.Float(allow_none=True, validate=ma.validate.Range(min=0, max=1e12, error="不能为负数"),
                              metadata={"description": "当年营业收入，万元"})
    employees = ma.fields.Integer(allow_none=True, validate=_COUNT, metadata={"description": "年末从业人员"})
    rd_staff = ma.fields.Integer(allow_none=True, validate=_COUNT, metadata={"description": "其中研发人员"})
    talents = ma.fields.Integer(allow_none=True, validate=_COUNT, metadata={"description": "当年引进人才（人才招引）"})

    @ma.validates_schema
    def check_rd_staff(self, data, **kwargs):
        employees, rd_staff = data.get("employees"), data.get("rd_staff")
        if employees is not None and rd_staff is not None and rd_staff > employees:
            raise ma.ValidationError("研发人员不能多于从业人员", field_name="rd_staff")


class AnnualFiguresSchema(FastSchema):
    id = ma.fields.Integer(required=True)
    project_id = ma.fields.Integer(required=True)
    year = ma.fields.Integer(required=True)
    revenue = ma.fields.Float(required=True, allow_none=True)
    employees = ma.fields.Integer(required=True, allow_none=True)
    rd_staff = ma.fields.Integer(required=True, allow_none=True)
    talents = ma.fields.Integer(required=True, allow_none=True)
    created_by = ma.fields.String(required=True)
    created_at = ma.fields.AwareDateTime(required=True)
    updated_at = ma.fields.AwareDateTime(required=True)


class FinancingListSchema(FastSchema):
    items = ma.fields.List(ma.fields.Nested(FinancingSchema), required=True)
    total = ma.fields.Float(required=True, metadata={"description": "到账融资合计，万元"})


class AnnualFiguresListSchema(FastSchema):
    items = ma.fields.List(ma.fields.Nested(AnnualFiguresSchema), required=True)
