import marshmallow as ma

from models.carrier import TransferStatus
from models.incubator import IncubatorKind
from models.project import Stage, Status

from ..common import BaseSchema, PaginationQuerySchema, page_schema
from ..dumping import FastSchema
from ..projects.schemas import PlacementSchema


class TransferCreateSchema(BaseSchema):
    to_incubator_id = ma.fields.Integer(
        required=True, validate=ma.validate.Range(min=1, max=2**31 - 1), metadata={"description": "接收载体"},
    )
    advance = ma.fields.Boolean(load_default=False, metadata={"description": "接收时升一个阶段（如苗圃→孵化）"})
    placement = ma.fields.Nested(PlacementSchema, allow_none=True,
                                 metadata={"description": "在接收载体占用的空间；不够则 409"})
    reason = ma.fields.String(load_default="", validate=ma.validate.Length(max=1000))


class DecisionSchema(BaseSchema):
    reason = ma.fields.String(load_default="", validate=ma.validate.Length(max=1000))


class TransferQuerySchema(PaginationQuerySchema):
    direction = ma.fields.String(
        validate=ma.validate.OneOf(["incoming", "outgoing"]),
        metadata={"description": "incoming 接收的、outgoing 送出的（相对本载体；工作人员须同时给出 incubator_id）"},
    )
    status = ma.fields.Enum(TransferStatus, by_value=True)
    incubator_id = ma.fields.Integer(validate=ma.validate.Range(min=1, max=2**31 - 1),
                                     metadata={"description": "载体（孵化器用户固定为本载体）"})
    project_id = ma.fields.Integer(validate=ma.validate.Range(min=1, max=2**31 - 1))


class TransferCarrierSchema(FastSchema):
    id = ma.fields.Integer(required=True)
    name = ma.fields.String(required=True)
    kind = ma.fields.Enum(IncubatorKind, by_value=True, required=True)


class TransferProjectSchema(FastSchema):
    id = ma.fields.Integer(required=True)
    name = ma.fields.String(required=True)
    stage = ma.fields.Enum(Stage, by_value=True, required=True)
    status = ma.fields.Enum(Status, by_value=True, required=True)
    industries = ma.fields.List(ma.fields.String(), required=True)
    team_size = ma.fields.Integer(required=True, allow_none=True)


class TransferSchema(FastSchema):
    id = ma.fields.Integer(required=True)
    project = ma.fields.Nested(TransferProjectSchema, required=True)
    from_incubator = ma.fields.Nested(TransferCarrierSchema, required=True, allow_none=True,
                                      metadata={"description": "送出载体；待入孵项目的入孵为 null"})
    to_incubator = ma.fields.Nested(TransferCarrierSchema, required=True)
    advance = ma.fields.Boolean(required=True)
    space_id = ma.fields.Integer(required=True, allow_none=True)
    area = ma.fields.Float(required=True, allow_none=True, metadata={"description": "㎡"})
    desks = ma.fields.Integer(required=True, allow_none=True)
    reason = ma.fields.String(required=True)
    status = ma.fields.Enum(TransferStatus, by_value=True, required=True)
    decision_reason = ma.fields.String(required=True)
    requested_by = ma.fields.String(required=True)
    decided_by = ma.fields.String(required=True, allow_none=True)
    created_at = ma.fields.AwareDateTime(required=True)
    decided_at = ma.fields.AwareDateTime(required=True, allow_none=True)


TransferPageSchema = page_schema(TransferSchema, "TransferPage")
