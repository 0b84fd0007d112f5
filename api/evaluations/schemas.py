"""The operators' evaluation (数据得空间) as the API sends it."""

from __future__ import annotations

import marshmallow as ma

from models.incubator import IncubatorKind
from services.evaluation import INDICATOR_NAMES

from ..common import BaseSchema
from ..dumping import FastSchema


def _weight(key: str) -> ma.fields.Float:
    return ma.fields.Float(validate=ma.validate.Range(min=0, max=100, error="权重应在 0 到 100 之间"),
                           metadata={"description": f"{INDICATOR_NAMES[key]}权重（默认取配置）"})


class EvaluationQuerySchema(BaseSchema):
    year = ma.fields.Integer(validate=ma.validate.Range(min=2000, max=2100, error="年份应在 2000–2100 之间"),
                             metadata={"description": "评价年度；省略为本年"})
    w_occupancy = _weight("occupancy")
    w_admitted = _weight("admitted")
    w_talents = _weight("talents")
    w_financing = _weight("financing")
    w_revenue = _weight("revenue")
    w_graduated = _weight("graduated")
    w_landed_local = _weight("landed_local")


class EvaluationValuesSchema(FastSchema):
    occupancy = ma.fields.Float(required=True, allow_none=True, metadata={"description": "空间入驻率 0–1；未登记空间为空"})
    admitted = ma.fields.Integer(required=True, metadata={"description": "入孵项目数（含接续接收）"})
    talents = ma.fields.Integer(required=True, metadata={"description": "人才招引，人"})
    financing = ma.fields.Float(required=True, metadata={"description": "到账融资，万元"})
    revenue = ma.fields.Float(required=True, metadata={"description": "营业收入，万元"})
    graduated = ma.fields.Integer(required=True, metadata={"description": "成功毕业"})
    landed_local = ma.fields.Integer(required=True, metadata={"description": "就地产业化（落在本区县）"})


class EvaluationNormalisedSchema(FastSchema):
    occupancy = ma.fields.Float(required=True)
    admitted = ma.fields.Float(required=True)
    talents = ma.fields.Float(required=True)
    financing = ma.fields.Float(required=True)
    revenue = ma.fields.Float(required=True)
    graduated = ma.fields.Float(required=True)
    landed_local = ma.fields.Float(required=True)


class EvaluationWeightsSchema(EvaluationNormalisedSchema):
    """The weight of each indicator: the same fields as the normalised values."""


class CarrierEvaluationSchema(FastSchema):
    rank = ma.fields.Integer(required=True, metadata={"description": "1 为最好；同分依到账融资、编号"})
    incubator_id = ma.fields.Integer(required=True)
    incubator_name = ma.fields.String(required=True)
    kind = ma.fields.Enum(IncubatorKind, by_value=True, required=True)
    district = ma.fields.String(required=True)
    district_name = ma.fields.String(required=True)
    score = ma.fields.Float(required=True, metadata={"description": "0–100：100 × Σ 权重 × 归一值 / Σ 权重"})
    values = ma.fields.Nested(EvaluationValuesSchema, required=True)
    normalised = ma.fields.Nested(EvaluationNormalisedSchema, required=True,
                                  metadata={"description": "各指标占全部载体最大值的比例，0–1"})


class EvaluationIndicatorSchema(FastSchema):
    key = ma.fields.String(required=True)
    name = ma.fields.String(required=True)
    unit = ma.fields.String(required=True)


class EvaluationResultSchema(FastSchema):
    year = ma.fields.Integer(required=True)
    since = ma.fields.Date(required=True)
    until = ma.fields.Date(required=True)
    method = ma.fields.String(required=True, metadata={"description": "归一化方法：share_of_max（占最大值比例）"})
    weights = ma.fields.Nested(EvaluationWeightsSchema, required=True)
    indicators = ma.fields.List(ma.fields.Nested(EvaluationIndicatorSchema), required=True)
    items = ma.fields.List(ma.fields.Nested(CarrierEvaluationSchema), required=True, metadata={"description": "按排名"})
