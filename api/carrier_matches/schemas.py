import marshmallow as ma

from matching.carriers.types import CHAIN_STAGES

from ..common import BaseSchema
from ..dumping import FastSchema


class CarrierMatchQuerySchema(BaseSchema):
    stage = ma.fields.String(
        validate=ma.validate.OneOf(CHAIN_STAGES, error="阶段应为 nursery、incubation 或 acceleration"),
        metadata={"description": "目标阶段：默认待入孵项目取其本阶段，在孵项目取下一阶段（加速阶段仍为加速）"},
    )
    limit = ma.fields.Integer(load_default=10, validate=ma.validate.Range(min=1, max=200, error="limit 应在 1 到 200 之间"))
    include_infeasible = ma.fields.Boolean(load_default=False,
                                           metadata={"description": "附上不承接该阶段或没有空余空间的载体及原因，排在最后"})


class ProjectMatchQuerySchema(BaseSchema):
    limit = ma.fields.Integer(load_default=10, validate=ma.validate.Range(min=1, max=200, error="limit 应在 1 到 200 之间"))
    include_infeasible = ma.fields.Boolean(load_default=False, metadata={"description": "附上该载体暂无空间容纳的项目及原因"})


class NextCarrierNeedSchema(FastSchema):
    stage = ma.fields.String(required=True)
    space_type = ma.fields.String(required=True, metadata={"description": "desk|office|lab|pilot_plant"})
    area = ma.fields.Float(allow_none=True, required=True, metadata={"description": "所需面积（㎡），工位需求时为空"})
    desks = ma.fields.Integer(allow_none=True, required=True, metadata={"description": "所需工位数，面积需求时为空"})


class CandidateCarrierSchema(FastSchema):
    id = ma.fields.Integer(required=True)
    name = ma.fields.String(required=True)
    kind = ma.fields.String(required=True)
    district = ma.fields.String(required=True)
    level = ma.fields.String(required=True)
    demonstration = ma.fields.Boolean(required=True)


class CandidateProjectSchema(FastSchema):
    id = ma.fields.Integer(required=True)
    name = ma.fields.String(required=True)
    incubator_id = ma.fields.Integer(allow_none=True, required=True, metadata={"description": "现载体；待入孵项目为空"})
    incubator_name = ma.fields.String(allow_none=True, required=True)
    stage = ma.fields.String(required=True)
    status = ma.fields.String(required=True)


class _ItemSchema(FastSchema):
    score = ma.fields.Float(required=True, metadata={"description": "综合得分，0–1"})
    factors = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.Float(), required=True,
                             metadata={"description": "industry、space、level、locality 四项得分，0–1"})
    reasons = ma.fields.List(ma.fields.String(), required=True)
    feasible = ma.fields.Boolean(required=True)
    violations = ma.fields.List(ma.fields.String(), required=True)
    lacks = ma.fields.List(ma.fields.String(), required=True)


class CarrierMatchSchema(_ItemSchema):
    carrier = ma.fields.Nested(CandidateCarrierSchema, required=True)


class CarrierMatchListSchema(FastSchema):
    need = ma.fields.Nested(NextCarrierNeedSchema, required=True, metadata={"description": "据以排序的需求（规则见 README）"})
    items = ma.fields.List(ma.fields.Nested(CarrierMatchSchema), required=True)


class TeamMatchSchema(_ItemSchema):
    project = ma.fields.Nested(CandidateProjectSchema, required=True)
    need = ma.fields.Nested(NextCarrierNeedSchema, required=True)


class TeamMatchListSchema(FastSchema):
    items = ma.fields.List(ma.fields.Nested(TeamMatchSchema), required=True)
