import marshmallow as ma

from models.event import EventKind

from ..common import BaseSchema, PaginationQuerySchema, page_schema
from ..dumping import FastSchema

OBJECTIVES = ("equal", "area", "priority")


class ProjectFilterSchema(BaseSchema):
    district = ma.fields.String(validate=ma.validate.Length(min=1, max=40), metadata={"description": "孵化器所在区县"})
    industry = ma.fields.String(validate=ma.validate.Length(min=1, max=5), metadata={"description": "行业代码或前缀"})
    incubator_id = ma.fields.Integer(validate=ma.validate.Range(min=1, max=2**31 - 1))
    graduated_since = ma.fields.Date(metadata={"description": "只含此日期以来毕业的项目"})


class SignatorySchema(BaseSchema):
    side = ma.fields.String(
        required=True, validate=ma.validate.Length(min=1, max=60),
        metadata={"description": "签约方，如 瓯海区人民政府 或 温州国际科技城光电园"},
    )
    name = ma.fields.String(load_default="", validate=ma.validate.Length(max=40), metadata={"description": "签字人"})
    title = ma.fields.String(load_default="", validate=ma.validate.Length(max=40), metadata={"description": "职务"})


class EventCreateSchema(BaseSchema):
    name = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=100))
    date = ma.fields.Date(required=True)
    kind = ma.fields.Enum(EventKind, by_value=True, required=True)
    district = ma.fields.String(validate=ma.validate.Length(min=1, max=40), allow_none=True,
                                metadata={"description": "只用该区县的空间；省略则全市"})
    project_filter = ma.fields.Nested(ProjectFilterSchema, load_default=dict)
    organiser = ma.fields.String(load_default="", validate=ma.validate.Length(max=100),
                                 metadata={"description": "主办单位"})
    venue = ma.fields.String(load_default="", validate=ma.validate.Length(max=200), metadata={"description": "地点"})
    signatories = ma.fields.List(
        ma.fields.Nested(SignatorySchema), load_default=list, validate=ma.validate.Length(max=6),
        metadata={"description": "落地一方的签约单位与签字人，印在签约清单的落款处"},
    )


class EventSchema(FastSchema):
    id = ma.fields.Integer(required=True)
    name = ma.fields.String(required=True)
    date = ma.fields.Date(required=True)
    kind = ma.fields.Enum(EventKind, by_value=True, required=True)
    district = ma.fields.String(attribute="district_code", allow_none=True, required=True)
    project_filter = ma.fields.Dict(required=True)
    organiser = ma.fields.String(required=True)
    venue = ma.fields.String(required=True)
    signatories = ma.fields.List(ma.fields.Dict(), required=True)
    created_by = ma.fields.String(required=True)
    created_at = ma.fields.AwareDateTime(required=True)
    report_at = ma.fields.Method("_report_at", allow_none=True, metadata={"description": "最近一次生成报告的时间"})

    def _report_at(self, event):
        report = event.latest_report
        return report.created_at.isoformat() if report else None


EventPageSchema = page_schema(EventSchema, "EventPage")


class SolveOptionsSchema(BaseSchema):
    time_limit_s = ma.fields.Float(load_default=10.0, validate=ma.validate.Range(min=0.1, max=120))
    objective = ma.fields.String(load_default="equal", validate=ma.validate.OneOf(OBJECTIVES),
                                 metadata={"description": "equal：每个项目同等重要；area：按面积加权；priority：按 priorities 加权"})
    priorities = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.Float(validate=ma.validate.Range(min=0, max=1000)),
                                load_default=dict, metadata={"description": "项目编号 → 优先级（默认 1）"})


class AssignmentRequestSchema(SolveOptionsSchema):
    project_ids = ma.fields.List(ma.fields.Integer(validate=ma.validate.Range(min=1, max=2**31 - 1)), allow_none=True,
                                 load_default=None, validate=ma.validate.Length(max=100_000))
    site_ids = ma.fields.List(ma.fields.Integer(validate=ma.validate.Range(min=1, max=2**31 - 1)), allow_none=True,
                              load_default=None, validate=ma.validate.Length(max=100_000))


class AssignedSchema(FastSchema):
    project_id = ma.fields.Integer(required=True)
    site_id = ma.fields.Integer(required=True)
    offer_id = ma.fields.Integer(required=True)
    area = ma.fields.Float(required=True)
    score = ma.fields.Float(required=True)


class UnmatchedSchema(FastSchema):
    project_id = ma.fields.Integer(required=True)
    reason = ma.fields.String(required=True)
    next_step = ma.fields.String(required=True)


class AssignmentResultSchema(FastSchema):
    assignments = ma.fields.List(ma.fields.Nested(AssignedSchema), required=True)
    unmatched = ma.fields.List(ma.fields.Nested(UnmatchedSchema), required=True)
    objective = ma.fields.String(required=True)
    objective_label = ma.fields.String(required=True)
    objective_value = ma.fields.Float(required=True)
    optimal = ma.fields.Boolean(required=True)
    gap = ma.fields.Float(required=True)
    bound = ma.fields.Float(required=True)
    method = ma.fields.String(required=True)
    seconds = ma.fields.Float(required=True)


class ReportSummarySchema(FastSchema):
    id = ma.fields.Integer(required=True)
    event_id = ma.fields.Integer(required=True)
    created_at = ma.fields.AwareDateTime(required=True)
    matched = ma.fields.Integer(required=True)
    unmatched = ma.fields.Integer(required=True)
    optimal = ma.fields.Boolean(required=True)
    gap = ma.fields.Float(required=True)
    objective = ma.fields.String(required=True)
    formats = ma.fields.List(ma.fields.String(), required=True)


class EventQuerySchema(PaginationQuerySchema):
    pass
