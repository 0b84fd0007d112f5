import marshmallow as ma

from services.alerts import ALERT_KINDS

from ..common import PaginationQuerySchema
from ..dumping import FastSchema


class AlertQuerySchema(PaginationQuerySchema):
    owner_id = ma.fields.Integer(validate=ma.validate.Range(min=1, max=2**31 - 1), metadata={"description": "负责人"})
    district = ma.fields.String(validate=ma.validate.Length(max=40),
                                metadata={"description": "项目所属孵化器或匹配空间所在区县"})
    kind = ma.fields.String(validate=ma.validate.OneOf(ALERT_KINDS))


class AlertProjectSchema(FastSchema):
    id = ma.fields.Integer(required=True)
    name = ma.fields.String(required=True)
    incubator_id = ma.fields.Integer(required=True)
    incubator_name = ma.fields.String(required=True)


class AlertMatchSchema(FastSchema):
    id = ma.fields.Integer(required=True)
    site_id = ma.fields.Integer(required=True)
    site_name = ma.fields.String(required=True)
    offer_id = ma.fields.Integer(required=True)
    area = ma.fields.Float(required=True)
    status = ma.fields.String(required=True)
    next_action = ma.fields.String(required=True)
    next_action_on = ma.fields.Date(allow_none=True, required=True)


class AlertOwnerSchema(FastSchema):
    id = ma.fields.Integer(required=True)
    username = ma.fields.String(required=True)


class AlertSchema(FastSchema):
    kind = ma.fields.String(required=True, metadata={"description": "、".join(ALERT_KINDS)})
    kind_name = ma.fields.String(required=True)
    severity = ma.fields.String(required=True, metadata={"description": "high、medium、low"})
    project = ma.fields.Nested(AlertProjectSchema, required=True)
    match = ma.fields.Nested(AlertMatchSchema, allow_none=True, required=True)
    since = ma.fields.Date(required=True, metadata={"description": "情况开始的日期"})
    due = ma.fields.Date(required=True, metadata={"description": "成为预警的日期"})
    owner = ma.fields.Nested(AlertOwnerSchema, allow_none=True, required=True)
    message = ma.fields.String(required=True)


class AlertPageSchema(FastSchema):
    items = ma.fields.List(ma.fields.Nested(AlertSchema), required=True)
    total = ma.fields.Integer(required=True)
    page = ma.fields.Integer(required=True)
    per_page = ma.fields.Integer(required=True)
    counts = ma.fields.Dict(required=True, metadata={"description": "全部预警按类型计数"})
