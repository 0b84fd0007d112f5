import marshmallow as ma

from models.incubator import STAGE_ORDER, IncubatorKind, IncubatorLevel

from ..common import BaseSchema, PaginationQuerySchema, page_schema
from ..dumping import FastSchema

INDUSTRY_CODE = ma.fields.String(validate=ma.validate.Length(min=1, max=5))


class IncubatorSchema(FastSchema):
    id = ma.fields.Integer(required=True)
    name = ma.fields.String(required=True)
    district = ma.fields.String(attribute="district_code", required=True)
    level = ma.fields.Enum(IncubatorLevel, by_value=True, required=True)
    demonstration = ma.fields.Boolean(required=True)
    kind = ma.fields.Enum(IncubatorKind, by_value=True, required=True)
    stages = ma.fields.List(ma.fields.String(), required=True)
    industries = ma.fields.List(ma.fields.String(), required=True)
    created_at = ma.fields.AwareDateTime(required=True)
    updated_at = ma.fields.AwareDateTime(required=True)


class IncubatorCreateSchema(BaseSchema):
    name = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=100))
    district = ma.fields.String(
        required=True,
        validate=ma.validate.Length(min=1, max=40),
        metadata={"description": "区县代码或名称，如 330302 或 鹿城区"},
    )
    level = ma.fields.Enum(IncubatorLevel, by_value=True, load_default=IncubatorLevel.other)
    demonstration = ma.fields.Boolean(load_default=False, metadata={"description": "是否为“20孵化器”示范孵化器"})
    industries = ma.fields.List(INDUSTRY_CODE, load_default=list, validate=ma.validate.Length(max=20))
    kind = ma.fields.Enum(
        IncubatorKind, by_value=True, load_default=IncubatorKind.incubator,
        metadata={"description": "载体类型：众创空间/创业苗圃、孵化器、加速器、大学科技园"},
    )
    stages = ma.fields.List(
        ma.fields.String(validate=ma.validate.OneOf(STAGE_ORDER)),
        validate=ma.validate.Length(min=1, max=3),
        metadata={"description": "承接的阶段；不填则按载体类型（众创空间：创业苗圃；加速器：加速 ……）"},
    )


class IncubatorUpdateSchema(IncubatorCreateSchema):
    """The create fields, each optional; use it as `IncubatorUpdateSchema(partial=True)`."""


class IncubatorQuerySchema(PaginationQuerySchema):
    district = ma.fields.String(validate=ma.validate.Length(max=40))
    q = ma.fields.String(validate=ma.validate.Length(max=100))


IncubatorPageSchema = page_schema(IncubatorSchema, "IncubatorPage")
