import marshmallow as ma

from models.carrier import CarrierSpaceType
from models.incubator import STAGE_ORDER, IncubatorKind, IncubatorLevel

from ..common import BaseSchema, PaginationQuerySchema, page_schema
from ..dumping import FastSchema

INDUSTRY_CODE = ma.fields.String(validate=ma.validate.Length(min=1, max=5))


class OccupancySchema(FastSchema):
    total_area = ma.fields.Float(required=True, metadata={"description": "各空间总面积，㎡"})
    used_area = ma.fields.Float(required=True, metadata={"description": "在孵项目占用面积，㎡"})
    vacant_area = ma.fields.Float(required=True, metadata={"description": "空置面积，㎡"})
    vacant_desks = ma.fields.Integer(required=True, metadata={"description": "空置工位数"})
    rate = ma.fields.Float(
        required=True, allow_none=True,
        metadata={"description": "空间入驻率（占用面积/总面积，0–1），由入驻记录计算；未登记空间时为 null"},
    )
    vacant_by_type = ma.fields.Dict(
        keys=ma.fields.String(), values=ma.fields.Float(), required=True,
        metadata={"description": "按空间类型（desk/office/lab/pilot_plant）的空置面积，㎡"},
    )


class IncubatorSchema(FastSchema):
    id = ma.fields.Integer(required=True)
    name = ma.fields.String(required=True)
    district = ma.fields.String(attribute="district_code", required=True)
    level = ma.fields.Enum(IncubatorLevel, by_value=True, required=True)
    demonstration = ma.fields.Boolean(required=True)
    kind = ma.fields.Enum(IncubatorKind, by_value=True, required=True)
    stages = ma.fields.List(ma.fields.String(), required=True)
    industries = ma.fields.List(ma.fields.String(), required=True)
    occupancy = ma.fields.Nested(OccupancySchema, required=True)
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

_SPACE_AREA = ma.validate.Range(min=0, min_inclusive=False, max=10_000_000, error="应大于 0 且不超过 10000000")


class SpaceSchema(FastSchema):
    id = ma.fields.Integer(required=True)
    incubator_id = ma.fields.Integer(required=True)
    space_type = ma.fields.Enum(CarrierSpaceType, by_value=True, required=True)
    name = ma.fields.String(required=True)
    total_area = ma.fields.Float(required=True, metadata={"description": "㎡"})
    unit_area = ma.fields.Float(required=True, allow_none=True, metadata={"description": "单间（单元）面积，㎡"})
    desks = ma.fields.Integer(required=True, allow_none=True, metadata={"description": "工位数（按工位计时）"})
    used_area = ma.fields.Float(required=True, metadata={"description": "在孵项目占用，㎡"})
    used_desks = ma.fields.Integer(required=True)
    vacant_area = ma.fields.Float(required=True, metadata={"description": "空置，㎡"})
    vacant_desks = ma.fields.Integer(required=True, allow_none=True)
    rate = ma.fields.Float(required=True, metadata={"description": "入驻率：工位区按工位，其余按面积，0–1"})


class SpaceCreateSchema(BaseSchema):
    space_type = ma.fields.Enum(
        CarrierSpaceType, by_value=True, required=True,
        metadata={"description": "desk 工位、office 办公室、lab 实验室、pilot_plant 中试厂房"},
    )
    name = ma.fields.String(load_default="", validate=ma.validate.Length(max=100))
    total_area = ma.fields.Float(required=True, validate=_SPACE_AREA, metadata={"description": "㎡"})
    unit_area = ma.fields.Float(allow_none=True, validate=_SPACE_AREA, metadata={"description": "㎡"})
    desks = ma.fields.Integer(allow_none=True, validate=ma.validate.Range(min=0, max=100_000, error="不能为负数"))

    @ma.validates_schema
    def check_unit(self, data, **kwargs):
        total, unit = data.get("total_area"), data.get("unit_area")
        if total is not None and unit is not None and unit > total:
            raise ma.ValidationError("单元面积不能大于总面积", field_name="unit_area")


class SpaceUpdateSchema(SpaceCreateSchema):
    """The create fields, each optional; use it as `SpaceUpdateSchema(partial=True)`."""


class SpaceListSchema(FastSchema):
    items = ma.fields.List(ma.fields.Nested(SpaceSchema), required=True)
