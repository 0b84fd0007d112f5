import marshmallow as ma

from services.flows import LEVELS

from ..dumping import FastSchema
from ..outcomes.schemas import OutcomeQuerySchema


class FlowQuerySchema(OutcomeQuerySchema):
    district = ma.fields.String(validate=ma.validate.Length(max=40),
                                metadata={"description": "只看涉及该区县载体的流动（代码或中文名）"})
    level = ma.fields.String(load_default="kind", validate=ma.validate.OneOf(LEVELS, error="应为 kind（按载体类型）或 carrier（按载体）"),
                             metadata={"description": "节点粒度：kind 按载体类型，carrier 按载体"})


class FlowNodeSchema(FastSchema):
    id = ma.fields.String(required=True, metadata={"description": "admitted、kind:<类型>、carrier:<编号>、graduated、landed_local、landed_wenzhou、landed_unknown、not_landed、exited、relocated"})
    name = ma.fields.String(required=True)
    category = ma.fields.String(required=True, metadata={"description": "kind、carrier 或 outcome"})
    kind = ma.fields.String(required=True, allow_none=True)
    incubator_id = ma.fields.Integer()


class FlowLinkSchema(FastSchema):
    source = ma.fields.String(required=True)
    target = ma.fields.String(required=True)
    value = ma.fields.Integer(required=True)


class RelaySchema(FastSchema):
    incubator_id = ma.fields.Integer(required=True)
    incubator_name = ma.fields.String(required=True)
    kind = ma.fields.String(required=True)
    district = ma.fields.String(required=True)
    admitted = ma.fields.Integer(required=True, metadata={"description": "统计期内入孵（含待入孵项目经接续入孵）"})
    handed_in = ma.fields.Integer(required=True, metadata={"description": "统计期内由其他载体接续转入"})
    handed_on = ma.fields.Integer(required=True, metadata={"description": "统计期内接续转出到其他载体"})
    graduated = ma.fields.Integer(required=True, metadata={"description": "统计期内毕业"})
    landed = ma.fields.Integer(required=True, metadata={"description": "其中毕业后已落地（温州）"})
    landed_local = ma.fields.Integer(required=True, metadata={"description": "其中落在载体所在区县"})
    landed_elsewhere = ma.fields.Integer(required=True, metadata={"description": "其中落在温州其他区县（或地点未登记）"})
    not_landed = ma.fields.Integer(required=True, metadata={"description": "其中毕业后尚未落地"})
    lost = ma.fields.Integer(required=True, metadata={"description": "流失：退出或经基金意向迁出温州"})
    exited = ma.fields.Integer(required=True)
    relocated = ma.fields.Integer(required=True)
    leavers = ma.fields.Integer(required=True, metadata={"description": "离开的项目：接续转出、毕业、在孵退出"})
    relay_rate = ma.fields.Float(required=True, allow_none=True,
                                 metadata={"description": "接续率 =（转出 + 落地）/（转出 + 落地 + 流失）；无已定去向者为 null"})


class FlowSchema(FastSchema):
    since = ma.fields.Date(required=True, allow_none=True)
    until = ma.fields.Date(required=True, allow_none=True)
    district = ma.fields.String(required=True, allow_none=True)
    level = ma.fields.String(required=True)
    nodes = ma.fields.List(ma.fields.Nested(FlowNodeSchema), required=True)
    links = ma.fields.List(ma.fields.Nested(FlowLinkSchema), required=True)
    carriers = ma.fields.List(ma.fields.Nested(RelaySchema), required=True, metadata={"description": "各载体的接续情况"})
