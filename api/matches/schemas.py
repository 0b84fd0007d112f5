import marshmallow as ma

from models.base import wenzhou_today
from models.match import OPEN, DropReason, MatchAction, MatchStatus

from ..common import VERSION, BaseSchema, PaginationQuerySchema, page_schema
from ..dumping import FastSchema

_ID = ma.validate.Range(min=1, max=2**31 - 1)
_AREA = ma.validate.Range(min=0, min_inclusive=False, max=1e8, error="应大于 0")
_NEXT_ACTION = ma.validate.Length(max=200)


def _is_overdue(match) -> bool:
    return match.status in OPEN and match.next_action_on is not None and match.next_action_on < wenzhou_today()


class MatchCreateSchema(BaseSchema):
    project_id = ma.fields.Integer(required=True, validate=_ID)
    offer_id = ma.fields.Integer(required=True, validate=_ID)
    area = ma.fields.Float(validate=_AREA, metadata={
        "description": "㎡，须在项目需求面积范围与空间的面积限制之内；省略时取空间能容纳的、需求范围内的最大面积"})
    note = ma.fields.String(load_default="", validate=ma.validate.Length(max=2000))
    event_id = ma.fields.Integer(validate=_ID, allow_none=True)
    owner_id = ma.fields.Integer(validate=_ID, allow_none=True, metadata={"description": "负责人（招商人员的用户编号）"})
    next_action = ma.fields.String(validate=_NEXT_ACTION, metadata={"description": "下一步工作"})
    next_action_on = ma.fields.Date(allow_none=True, metadata={"description": "下一步工作的期限"})


class MatchUpdateSchema(BaseSchema):
    area = ma.fields.Float(validate=_AREA, metadata={"description": "㎡；签约前可改，须在需求范围与空间限制之内"})
    note = ma.fields.String(validate=ma.validate.Length(max=2000))
    owner_id = ma.fields.Integer(validate=_ID, allow_none=True)
    next_action = ma.fields.String(validate=_NEXT_ACTION)
    next_action_on = ma.fields.Date(allow_none=True)
    version = VERSION


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
    owner_id = ma.fields.Integer(allow_none=True, required=True)
    owner = ma.fields.Function(lambda m: m.owner.username if m.owner else None, allow_none=True, required=True,
                               metadata={"description": "负责人用户名"})
    next_action = ma.fields.String(required=True)
    next_action_on = ma.fields.Date(allow_none=True, required=True)
    last_step_on = ma.fields.Date(allow_none=True, required=True, metadata={"description": "最近一步的日期"})
    overdue = ma.fields.Function(_is_overdue, required=True, metadata={"description": "下一步工作已过期限"})
    version = ma.fields.Integer(required=True)
    created_by = ma.fields.String(required=True)
    created_at = ma.fields.AwareDateTime(required=True)
    updated_at = ma.fields.AwareDateTime(required=True)


class MatchQuerySchema(PaginationQuerySchema):
    project_id = ma.fields.Integer(validate=_ID)
    offer_id = ma.fields.Integer(validate=_ID)
    event_id = ma.fields.Integer(validate=_ID)
    status = ma.fields.Enum(MatchStatus, by_value=True)
    owner_id = ma.fields.Integer(validate=_ID)
    incubator_id = ma.fields.Integer(validate=_ID)
    district = ma.fields.String(validate=ma.validate.Length(max=40), metadata={"description": "空间所在区县"})
    overdue = ma.fields.Boolean(metadata={"description": "true：下一步工作已过期限的进行中匹配"})


class MatchTransitionSchema(BaseSchema):
    action = ma.fields.String(required=True, validate=ma.validate.OneOf(
        [a.value for a in MatchAction if a is not MatchAction.propose]))
    note = ma.fields.String(validate=ma.validate.Length(max=2000), metadata={"description": "纪要"})
    reason = ma.fields.String(validate=ma.validate.Length(max=2000), metadata={"description": "同 note（旧名）"})
    at = ma.fields.Date(metadata={"description": "发生日期，默认今天；不能晚于今天，不能早于上一步"})
    drop_reason = ma.fields.Enum(DropReason, by_value=True, metadata={"description": "放弃原因（仅 drop），默认 other"})
    replaces = ma.fields.Integer(validate=_ID, metadata={"description": "仅 sign：改签时放弃的本项目另一条匹配"})


class MatchStepSchema(FastSchema):
    action = ma.fields.Enum(MatchAction, by_value=True, required=True)
    from_status = ma.fields.Enum(MatchStatus, by_value=True, allow_none=True, required=True)
    to_status = ma.fields.Enum(MatchStatus, by_value=True, required=True)
    note = ma.fields.String(required=True, metadata={"description": "纪要"})
    reason = ma.fields.String(required=True, metadata={"description": "同 note（旧名）"})
    drop_reason = ma.fields.Enum(DropReason, by_value=True, allow_none=True, required=True)
    actor = ma.fields.String(required=True)
    at = ma.fields.Date(attribute="happened_on", required=True, metadata={"description": "发生日期"})
    recorded_at = ma.fields.Function(lambda step: step.at.isoformat(), required=True,
                                     metadata={"description": "登记时间"})


class MatchHistorySchema(FastSchema):
    items = ma.fields.List(ma.fields.Nested(MatchStepSchema), required=True)


MatchPageSchema = page_schema(MatchSchema, "MatchPage")
