import marshmallow as ma

from models.match import MatchAction, MatchStatus

from ..common import BaseSchema, PaginationQuerySchema, page_schema
from ..dumping import FastSchema

_ID = ma.validate.Range(min=1, max=2**31 - 1)


class MatchCreateSchema(BaseSchema):
    project_id = ma.fields.Integer(required=True, validate=_ID)
    offer_id = ma.fields.Integer(required=True, validate=_ID)
    area = ma.fields.Float(validate=ma.validate.Range(min=0, min_inclusive=False, max=1e8, error="应大于 0"),
                           metadata={"description": "㎡；省略时取项目需求面积下限"})
    note = ma.fields.String(load_default="", validate=ma.validate.Length(max=2000))
    event_id = ma.fields.Integer(validate=_ID, allow_none=True)


class MatchSchema(FastSchema):
    id = ma.fields.Integer(required=True)
    project_id = ma.fields.Integer(required=True)
    offer_id = ma.fields.Integer(required=True)
    site_id = ma.fields.Function(lambda m: m.offer.site_id, required=True)
    relocation_risk = ma.fields.Function(lambda m: m.project.relocation_risk, required=True,
                                         metadata={"description": "项目有基金要求迁出温州"})
    event_id = ma.fields.Integer(allow_none=True, required=True)
    area = ma.fields.Float(required=True)
    note = ma.fields.String(required=True)
    status = ma.fields.Enum(MatchStatus, by_value=True, required=True)
    score = ma.fields.Float(allow_none=True, required=True)
    factors = ma.fields.Dict(required=True)
    created_by = ma.fields.String(required=True)
    created_at = ma.fields.AwareDateTime(required=True)
    updated_at = ma.fields.AwareDateTime(required=True)


class MatchQuerySchema(PaginationQuerySchema):
    project_id = ma.fields.Integer(validate=_ID)
    offer_id = ma.fields.Integer(validate=_ID)
    event_id = ma.fields.Integer(validate=_ID)
    status = ma.fields.Enum(MatchStatus, by_value=True)


class MatchTransitionSchema(BaseSchema):
    action = ma.fields.String(required=True, validate=ma.validate.OneOf(
        [a.value for a in MatchAction if a is not MatchAction.propose]))
    reason = ma.fields.String(load_default="", validate=ma.validate.Length(max=1000))


class MatchStepSchema(FastSchema):
    action = ma.fields.Enum(MatchAction, by_value=True, required=True)
    from_status = ma.fields.Enum(MatchStatus, by_value=True, allow_none=True, required=True)
    to_status = ma.fields.Enum(MatchStatus, by_value=True, required=True)
    reason = ma.fields.String(required=True)
    actor = ma.fields.String(required=True)
    at = ma.fields.AwareDateTime(required=True)


class MatchHistorySchema(FastSchema):
    items = ma.fields.List(ma.fields.Nested(MatchStepSchema), required=True)


MatchPageSchema = page_schema(MatchSchema, "MatchPage")
