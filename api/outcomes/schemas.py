import marshmallow as ma

from ..common import BaseSchema
from ..dumping import FastSchema


class OutcomeQuerySchema(BaseSchema):
    since = ma.fields.Date(metadata={"description": "统计期起始日（含），UTC；省略为不限"})
    until = ma.fields.Date(metadata={"description": "统计期截止日（含），UTC；省略为不限"})

    @ma.validates_schema
    def check_period(self, data, **kwargs):
        since, until = data.get("since"), data.get("until")
        if since is not None and until is not None and until < since:
            raise ma.ValidationError("截止日不能早于起始日", field_name="until")


class ByStageSchema(FastSchema):
    nursery = ma.fields.Integer(required=True)
    incubation = ma.fields.Integer(required=True)
    acceleration = ma.fields.Integer(required=True)
    industrialization = ma.fields.Integer(required=True)


class FiguresSchema(FastSchema):
    by_stage = ma.fields.Nested(ByStageSchema, required=True, metadata={"description": "未退出项目的当前阶段"})
    admitted = ma.fields.Integer(required=True, metadata={"description": "统计期内入孵"})
    graduated = ma.fields.Integer(required=True, metadata={"description": "统计期内毕业"})
    graduated_seeking = ma.fields.Integer(required=True, metadata={"description": "当前已毕业待落地（尚未签约）"})
    signed_pending = ma.fields.Integer(required=True, metadata={"description": "当前签约待落地"})
    signed = ma.fields.Integer(required=True, metadata={"description": "统计期内签约的项目数（去重）"})
    landed = ma.fields.Integer(required=True, metadata={"description": "统计期内落地"})
    landed_local = ma.fields.Integer(required=True, metadata={"description": "其中落在孵化器所在区县（就地产业化）"})
    landed_elsewhere = ma.fields.Integer(required=True, metadata={"description": "其中落在温州其他区县"})
    exited = ma.fields.Integer(required=True, metadata={"description": "统计期内退出"})
    median_days_graduation_to_signing = ma.fields.Float(
        required=True, allow_none=True, metadata={"description": "统计期内签约项目从毕业到首次签约的天数中位数"})


class DistrictFiguresSchema(FiguresSchema):
    district = ma.fields.String(required=True)
    district_name = ma.fields.String(required=True)


class EvaluationSchema(FastSchema):
    """The period's evaluation of the incubator, as `GET /evaluations` computes it (there for a year)."""

    occupancy = ma.fields.Float(required=True, allow_none=True, metadata={"description": "空间入驻率 0–1（当前）"})
    admitted = ma.fields.Integer(required=True, metadata={"description": "入孵项目数（含接续接收）"})
    talents = ma.fields.Integer(required=True, metadata={"description": "统计期所跨年度的人才招引"})
    financing = ma.fields.Float(required=True, metadata={"description": "统计期内到账融资，万元"})
    revenue = ma.fields.Float(required=True, metadata={"description": "统计期所跨年度的营业收入，万元"})
    graduated = ma.fields.Integer(required=True)
    landed_local = ma.fields.Integer(required=True)
    score = ma.fields.Float(required=True, metadata={"description": "0–100，各指标占最大值比例的加权平均 × 100"})


class IncubatorFiguresSchema(FiguresSchema):
    incubator_id = ma.fields.Integer(required=True)
    incubator_name = ma.fields.String(required=True)
    district = ma.fields.String(required=True)
    evaluation = ma.fields.Nested(EvaluationSchema, required=True)
    rank = ma.fields.Integer(required=True, metadata={"description": "按运营评价得分排名，1 为最好；同分依到账融资、编号"})


class OutcomeSchema(FastSchema):
    since = ma.fields.Date(required=True, allow_none=True)
    until = ma.fields.Date(required=True, allow_none=True)
    overall = ma.fields.Nested(FiguresSchema, required=True)
    by_district = ma.fields.List(ma.fields.Nested(DistrictFiguresSchema), required=True)
    by_incubator = ma.fields.List(ma.fields.Nested(IncubatorFiguresSchema), required=True,
                                  metadata={"description": "按排名排序"})
