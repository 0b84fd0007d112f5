import marshmallow as ma

from models.project import Action, SpaceType, Stage, Status

from ..common import VERSION, BaseSchema, PaginationQuerySchema, page_schema
from ..dumping import FastSchema

_AREA = ma.validate.Range(min=0, min_inclusive=False, max=10_000_000, error="应大于 0 且不超过 10000000")
_NON_NEGATIVE = ma.validate.Range(min=0, max=1e12, error="不能为负数")
_POSITIVE = ma.validate.Range(min=0, min_inclusive=False, max=1e6, error="必须大于 0")


class SpaceNeedSchema(BaseSchema):
    space_type = ma.fields.Enum(SpaceType, by_value=True, required=True)
    area_min = ma.fields.Float(required=True, validate=_AREA, metadata={"description": "㎡"})
    area_max = ma.fields.Float(allow_none=True, validate=_AREA, metadata={"description": "㎡"})
    needed_by = ma.fields.Date(allow_none=True)
    power_kva = ma.fields.Float(allow_none=True, validate=_NON_NEGATIVE, metadata={"description": "kVA"})
    floor_load = ma.fields.Float(allow_none=True, validate=_POSITIVE, metadata={"description": "kN/㎡"})
    clear_height = ma.fields.Float(allow_none=True, validate=_POSITIVE, metadata={"description": "m"})
    clean_room = ma.fields.Boolean(load_default=False)
    hazardous = ma.fields.Boolean(load_default=False)
    max_rent = ma.fields.Float(allow_none=True, validate=_NON_NEGATIVE, metadata={"description": "元/㎡/月"})

    @ma.validates_schema
    def check_range(self, data, **kwargs):
        low, high = data.get("area_min"), data.get("area_max")
        if low is not None and high is not None and high < low:
            raise ma.ValidationError("需求面积上限不能小于下限", field_name="area_max")


class SpaceNeedOutSchema(FastSchema):
    space_type = ma.fields.Enum(SpaceType, by_value=True)
    area_min = ma.fields.Float()
    area_max = ma.fields.Float(allow_none=True)
    needed_by = ma.fields.Date(allow_none=True)
    power_kva = ma.fields.Float(allow_none=True)
    floor_load = ma.fields.Float(allow_none=True)
    clear_height = ma.fields.Float(allow_none=True)
    clean_room = ma.fields.Boolean(allow_none=True)
    hazardous = ma.fields.Boolean(allow_none=True)
    max_rent = ma.fields.Float(allow_none=True)


class PlacementSchema(BaseSchema):
    """What a team occupies in its carrier: area in one of the carrier's spaces, and desks."""

    space_id = ma.fields.Integer(required=True, validate=ma.validate.Range(min=1, max=2**31 - 1))
    area = ma.fields.Float(load_default=0.0, validate=ma.validate.Range(min=0, max=10_000_000, error="不能为负数"),
                           metadata={"description": "㎡"})
    desks = ma.fields.Integer(load_default=0, validate=ma.validate.Range(min=0, max=100_000, error="不能为负数"))

    @ma.validates_schema
    def check_occupies(self, data, **kwargs):
        if not data.get("area") and not data.get("desks"):
            raise ma.ValidationError("须填写占用面积或工位数", field_name="area")


class PlacementOutSchema(FastSchema):
    space_id = ma.fields.Integer(required=True)
    area = ma.fields.Float(required=True, metadata={"description": "㎡"})
    desks = ma.fields.Integer(required=True)


class ProjectSchema(FastSchema):
    id = ma.fields.Integer(required=True)
    name = ma.fields.String(required=True)
    incubator_id = ma.fields.Integer(required=True, allow_none=True, metadata={"description": "待入孵项目为 null"})
    industries = ma.fields.List(ma.fields.String(), required=True)
    description = ma.fields.String(required=True)
    stage = ma.fields.Enum(Stage, by_value=True, required=True)
    status = ma.fields.Enum(Status, by_value=True, required=True)
    team_size = ma.fields.Integer(allow_none=True)
    revenue = ma.fields.Float(allow_none=True, metadata={"description": "年营业收入，万元"})
    financing = ma.fields.Float(allow_none=True, metadata={"description": "累计融资，万元"})
    planned_investment = ma.fields.Float(allow_none=True, metadata={"description": "计划投资（落地后），万元"})
    space_need = ma.fields.Nested(SpaceNeedOutSchema, allow_none=True)
    preferred_districts = ma.fields.List(ma.fields.String(), required=True)
    relocation_risk = ma.fields.Boolean(required=True, metadata={"description": "有基金拟投资并要求迁出温州"})
    placement = ma.fields.Nested(PlacementOutSchema, required=True, allow_none=True,
                                 metadata={"description": "在所在载体占用的空间；不在孵时为 null"})
    version = ma.fields.Integer(required=True)
    created_at = ma.fields.AwareDateTime(required=True)
    updated_at = ma.fields.AwareDateTime(required=True)


class ProjectCreateSchema(BaseSchema):
    name = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=100))
    incubator_id = ma.fields.Integer(
        validate=ma.validate.Range(min=1, max=2**31 - 1),
        metadata={"description": "孵化器用户可省略，默认为本孵化器；待入孵项目不填"},
    )
    status = ma.fields.String(
        load_default="active", validate=ma.validate.OneOf(["active", "prospect"]),
        metadata={"description": "prospect：由招商人员或管理员登记的待入孵项目（赛展促孵），经接续由载体接收"},
    )
    placement = ma.fields.Nested(PlacementSchema, allow_none=True,
                                 metadata={"description": "在所在载体占用的空间；超出空置面积或工位为 409"})
    industries = ma.fields.List(
        ma.fields.String(validate=ma.validate.Length(min=1, max=5)),
        load_default=list,
        validate=ma.validate.Length(max=10),
        metadata={"description": "GB/T 4754-2017 代码，第一个为主营行业"},
    )
    description = ma.fields.String(load_default="", validate=ma.validate.Length(max=5000))
    stage = ma.fields.Enum(Stage, by_value=True, load_default=Stage.nursery)
    team_size = ma.fields.Integer(allow_none=True, validate=ma.validate.Range(min=0, max=1_000_000))
    revenue = ma.fields.Float(allow_none=True, validate=_NON_NEGATIVE)
    financing = ma.fields.Float(allow_none=True, validate=_NON_NEGATIVE)
    planned_investment = ma.fields.Float(allow_none=True, validate=_NON_NEGATIVE)
    space_need = ma.fields.Nested(SpaceNeedSchema, allow_none=True)
    preferred_districts = ma.fields.List(
        ma.fields.String(validate=ma.validate.Length(min=1, max=40)),
        load_default=list,
        validate=ma.validate.Length(max=13),
    )


class ProjectUpdateSchema(ProjectCreateSchema):
    """The create fields, each optional; use it as `ProjectUpdateSchema(partial=True)`."""

    class Meta(BaseSchema.Meta):
        exclude = ("status",)

    version = VERSION


class ProjectQuerySchema(PaginationQuerySchema):
    stage = ma.fields.Enum(Stage, by_value=True)
    status = ma.fields.Enum(Status, by_value=True)
    incubator_id = ma.fields.Integer(validate=ma.validate.Range(min=1, max=2**31 - 1))
    district = ma.fields.String(validate=ma.validate.Length(max=40), metadata={"description": "孵化器所在区县"})
    industry = ma.fields.String(
        validate=ma.validate.Length(max=5), metadata={"description": "行业代码或其前缀，如 C38"}
    )
    q = ma.fields.String(validate=ma.validate.Length(max=100), metadata={"description": "名称或简介中的文字"})


class TransitionSchema(BaseSchema):
    # admit is recorded at registration only, so it is not offered here.
    action = ma.fields.String(
        required=True, validate=ma.validate.OneOf([Action.advance, Action.graduate, Action.exit])
    )
    reason = ma.fields.String(load_default="", validate=ma.validate.Length(max=1000))


class StageChangeSchema(FastSchema):
    action = ma.fields.Enum(Action, by_value=True, required=True)
    from_stage = ma.fields.Enum(Stage, by_value=True, allow_none=True, required=True)
    to_stage = ma.fields.Enum(Stage, by_value=True, required=True)
    from_status = ma.fields.Enum(Status, by_value=True, allow_none=True, required=True)
    to_status = ma.fields.Enum(Status, by_value=True, required=True)
    reason = ma.fields.String(required=True)
    actor = ma.fields.String(required=True)
    from_incubator_id = ma.fields.Integer(required=True, allow_none=True, metadata={"description": "接续前的载体"})
    to_incubator_id = ma.fields.Integer(required=True, allow_none=True, metadata={"description": "入孵或接续后的载体"})
    at = ma.fields.AwareDateTime(required=True)


class HistorySchema(FastSchema):
    items = ma.fields.List(ma.fields.Nested(StageChangeSchema), required=True)


ProjectPageSchema = page_schema(ProjectSchema, "ProjectPage")
