import marshmallow as ma

from models.site import SiteKind

from ..common import BaseSchema
from ..dumping import FastSchema


def _weight(name: str) -> ma.fields.Float:
    return ma.fields.Float(
        validate=ma.validate.Range(min=0, max=100, error="权重应在 0 到 100 之间"),
        metadata={"description": f"{name}权重（默认取配置；三项按比例归一）"},
    )


class RankingQuerySchema(BaseSchema):
    limit = ma.fields.Integer(load_default=10, validate=ma.validate.Range(min=1, max=200))
    include_infeasible = ma.fields.Boolean(load_default=False, metadata={"description": "附上不满足硬性条件的空间及原因"})
    w_industry = _weight("产业匹配")
    w_space = _weight("空间匹配")
    w_locality = _weight("区位")


class SiteMatchQuerySchema(RankingQuerySchema):
    kind = ma.fields.Enum(SiteKind, by_value=True)
    district = ma.fields.String(validate=ma.validate.Length(max=40))


class SiteRefSchema(FastSchema):
    id = ma.fields.Integer(required=True)
    name = ma.fields.String(required=True)
    kind = ma.fields.String(required=True)
    district = ma.fields.String(required=True)


class OfferBriefSchema(FastSchema):
    space_type = ma.fields.String(required=True)
    available_area = ma.fields.Float(required=True)
    rent = ma.fields.Float(allow_none=True, required=True)
    available_from = ma.fields.Date(allow_none=True, required=True)


class ProjectRefSchema(FastSchema):
    id = ma.fields.Integer(required=True)
    name = ma.fields.String(required=True)
    incubator_id = ma.fields.Integer(required=True)
    stage = ma.fields.String(required=True)
    status = ma.fields.String(required=True)


class _MatchItemSchema(FastSchema):
    offer_id = ma.fields.Integer(required=True)
    offer = ma.fields.Nested(OfferBriefSchema, required=True)
    score = ma.fields.Float(required=True, metadata={"description": "综合得分，0–1"})
    factors = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.Float(), required=True,
                             metadata={"description": "各项得分（industry、space、locality 等），0–1"})
    reasons = ma.fields.List(ma.fields.String(), required=True)
    feasible = ma.fields.Boolean(required=True)
    violations = ma.fields.List(ma.fields.String(), required=True)
    lacks = ma.fields.List(ma.fields.String(), required=True,
                           metadata={"description": "不满足时差多少，如「面积差 4,660㎡」；近似结果按差距从小到大排列"})


class SiteMatchSchema(_MatchItemSchema):
    site = ma.fields.Nested(SiteRefSchema, required=True)


class ProjectMatchSchema(_MatchItemSchema):
    project = ma.fields.Nested(ProjectRefSchema, required=True)


class SiteMatchListSchema(FastSchema):
    items = ma.fields.List(ma.fields.Nested(SiteMatchSchema), required=True)
    weights = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.Float(), required=True)


class ProjectMatchListSchema(FastSchema):
    items = ma.fields.List(ma.fields.Nested(ProjectMatchSchema), required=True)
    weights = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.Float(), required=True)


class ChainSchema(BaseSchema):
    name = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=60))
    links = ma.fields.List(
        ma.fields.List(ma.fields.String(validate=ma.validate.Length(min=1, max=5)), validate=ma.validate.Length(equal=2)),
        required=True,
        validate=ma.validate.Length(max=2000),
        metadata={"description": "[上游代码, 下游代码] 的列表"},
    )


class ChainsSchema(BaseSchema):
    chains = ma.fields.List(ma.fields.Nested(ChainSchema), required=True, validate=ma.validate.Length(max=100))


class _AdoptedWeightsSchema(BaseSchema):
    id = ma.fields.Integer(allow_none=True, required=True)
    industry = ma.fields.Float(required=True)
    space = ma.fields.Float(required=True)
    locality = ma.fields.Float(required=True)
    outcomes = ma.fields.Integer(allow_none=True, required=True, metadata={"description": "学习所用的结果条数；手工设定时为空"})
    summary = ma.fields.Dict(required=True, metadata={"description": "学习时的交叉验证结果（留出项目的 NDCG@3 等）"})
    adopted_by = ma.fields.String(allow_none=True, required=True)
    adopted_at = ma.fields.AwareDateTime(allow_none=True, required=True)


class _WeightsInForceSchema(_AdoptedWeightsSchema):
    source = ma.fields.String(required=True, metadata={"description": "adopted 已采用的学习结果；configured 配置的默认值"})


class MatchWeightsSchema(BaseSchema):
    in_force = ma.fields.Nested(_WeightsInForceSchema, required=True)
    history = ma.fields.List(ma.fields.Nested(_AdoptedWeightsSchema), required=True)
