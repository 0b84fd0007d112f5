import marshmallow as ma

from models.project import SpaceType
from models.site import CHINA_LAT, CHINA_LON, Admission, SiteKind

from ..common import VERSION, BaseSchema, PaginationQuerySchema, page_schema
from ..dumping import FastSchema

_AREA = ma.validate.Range(min=0, min_inclusive=False, max=100_000_000, error="应大于 0")
_NON_NEGATIVE = ma.validate.Range(min=0, max=1e9, error="不能为负数")
_POSITIVE = ma.validate.Range(min=0, min_inclusive=False, max=1e6, error="必须大于 0")
# A landline with its area code or a mobile: digits, spaces, +, - and an extension like 转 8001.
_PHONE = ma.validate.Regexp(r"^$|^[0-9+][0-9 \-]{5,19}(?:(转|-)[0-9]{1,6})?$",
                            error="电话号码格式不正确，如 0577-88886666 或 13800001111")


class LocationSchema(BaseSchema):
    lat = ma.fields.Float(
        required=True,
        validate=ma.validate.Range(*CHINA_LAT, error="纬度应在中国境内（WGS-84，约 18–54）"),
    )
    lon = ma.fields.Float(
        required=True,
        validate=ma.validate.Range(*CHINA_LON, error="经度应在中国境内（WGS-84，约 73–135）"),
    )


class OfferSchema(FastSchema):
    id = ma.fields.Integer(required=True)
    ref = ma.fields.String(required=True, metadata={"description": "空间编号，在本落地空间内唯一，导入时用来识别"})
    space_type = ma.fields.Enum(SpaceType, by_value=True, required=True)
    available_area = ma.fields.Float(required=True, metadata={"description": "㎡"})
    min_area = ma.fields.Float(allow_none=True, required=True)
    max_area = ma.fields.Float(allow_none=True, required=True)
    rent = ma.fields.Float(allow_none=True, required=True, metadata={"description": "元/㎡/月"})
    available_from = ma.fields.Date(allow_none=True, required=True)
    floor_load = ma.fields.Float(allow_none=True, required=True, metadata={"description": "kN/㎡"})
    clear_height = ma.fields.Float(allow_none=True, required=True, metadata={"description": "m"})
    power_kva = ma.fields.Float(allow_none=True, required=True, metadata={"description": "kVA"})
    clean_room = ma.fields.Boolean(required=True)
    hazardous_allowed = ma.fields.Boolean(required=True)
    lead_time_days = ma.fields.Integer(allow_none=True, required=True)
    version = ma.fields.Integer(required=True)


class OfferCreateSchema(BaseSchema):
    ref = ma.fields.String(validate=ma.validate.Length(min=1, max=40), metadata={"description": "省略时自动编号"})
    space_type = ma.fields.Enum(SpaceType, by_value=True, required=True)
    available_area = ma.fields.Float(
        validate=_AREA, metadata={"description": "㎡；定制厂房可省略，默认为最大可建面积"}
    )
    min_area = ma.fields.Float(allow_none=True, validate=_AREA)
    max_area = ma.fields.Float(allow_none=True, validate=_AREA)
    rent = ma.fields.Float(allow_none=True, validate=_NON_NEGATIVE)
    available_from = ma.fields.Date(allow_none=True)
    floor_load = ma.fields.Float(allow_none=True, validate=_POSITIVE)
    clear_height = ma.fields.Float(allow_none=True, validate=_POSITIVE)
    power_kva = ma.fields.Float(allow_none=True, validate=_NON_NEGATIVE)
    clean_room = ma.fields.Boolean(load_default=False)
    hazardous_allowed = ma.fields.Boolean(load_default=False)
    lead_time_days = ma.fields.Integer(allow_none=True, validate=ma.validate.Range(min=0, max=3650, error="应在 0 到 3650 天之间"))

    @ma.validates_schema
    def check_range(self, data, **kwargs):
        low, high = data.get("min_area"), data.get("max_area")
        if low is not None and high is not None and high < low:
            raise ma.ValidationError("最大面积不能小于最小面积", field_name="max_area")


class OfferUpdateSchema(OfferCreateSchema):
    """The offer fields, each optional; use it as `OfferUpdateSchema(partial=True)`."""

    version = VERSION


class SiteSchema(FastSchema):
    id = ma.fields.Integer(required=True)
    kind = ma.fields.Enum(SiteKind, by_value=True, required=True)
    name = ma.fields.String(required=True)
    district = ma.fields.String(attribute="district_code", required=True)
    industries = ma.fields.List(ma.fields.String(), required=True)
    state_owned = ma.fields.Boolean(required=True)
    admission = ma.fields.Enum(Admission, by_value=True, required=True,
                               metadata={"description": "产业准入：open 不限，chain 本产业及产业链上下游，listed 仅目录内产业"})
    location = ma.fields.Nested(LocationSchema, allow_none=True, required=True)
    description = ma.fields.String(required=True)
    contact_name = ma.fields.String(required=True)
    contact_phone = ma.fields.String(required=True)
    offers = ma.fields.List(ma.fields.Nested(OfferSchema), required=True)
    archived_at = ma.fields.AwareDateTime(allow_none=True, required=True)
    version = ma.fields.Integer(required=True)
    created_at = ma.fields.AwareDateTime(required=True)
    updated_at = ma.fields.AwareDateTime(required=True)


class SiteCreateSchema(BaseSchema):
    kind = ma.fields.Enum(SiteKind, by_value=True, required=True)
    name = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=100))
    district = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=40))
    industries = ma.fields.List(
        ma.fields.String(validate=ma.validate.Length(min=1, max=5)), load_default=list, validate=ma.validate.Length(max=20)
    )
    state_owned = ma.fields.Boolean(load_default=False)
    admission = ma.fields.Enum(Admission, by_value=True, load_default=Admission.open,
                               metadata={"description": "产业准入：open 不限（默认），chain 产业链，listed 目录内"})
    location = ma.fields.Nested(LocationSchema, allow_none=True)
    description = ma.fields.String(load_default="", validate=ma.validate.Length(max=5000))
    contact_name = ma.fields.String(load_default="", validate=ma.validate.Length(max=40))
    contact_phone = ma.fields.String(load_default="", validate=_PHONE)
    offers = ma.fields.List(ma.fields.Nested(OfferCreateSchema), load_default=list, validate=ma.validate.Length(max=200))


class SiteUpdateSchema(BaseSchema):
    """A site's own fields; offers change through /offers."""

    kind = ma.fields.Enum(SiteKind, by_value=True)
    name = ma.fields.String(validate=ma.validate.Length(min=1, max=100))
    district = ma.fields.String(validate=ma.validate.Length(min=1, max=40))
    industries = ma.fields.List(ma.fields.String(validate=ma.validate.Length(min=1, max=5)), validate=ma.validate.Length(max=20))
    state_owned = ma.fields.Boolean()
    admission = ma.fields.Enum(Admission, by_value=True)
    location = ma.fields.Nested(LocationSchema, allow_none=True)
    description = ma.fields.String(validate=ma.validate.Length(max=5000))
    contact_name = ma.fields.String(validate=ma.validate.Length(max=40))
    contact_phone = ma.fields.String(validate=_PHONE)
    version = VERSION


class SiteQuerySchema(PaginationQuerySchema):
    kind = ma.fields.Enum(SiteKind, by_value=True)
    district = ma.fields.String(validate=ma.validate.Length(max=40))
    industry = ma.fields.String(validate=ma.validate.Length(max=5), metadata={"description": "行业代码或其前缀"})
    space_type = ma.fields.Enum(SpaceType, by_value=True, metadata={"description": "至少有一处该类型的空间"})
    q = ma.fields.String(validate=ma.validate.Length(max=100), metadata={"description": "名称或简介中的文字"})
    include_archived = ma.fields.Boolean(load_default=False)
    # Space criteria, met together by one live offer of the site.
    area_min = ma.fields.Float(validate=_AREA, metadata={"description": "可用面积不小于（㎡）"})
    area_max = ma.fields.Float(validate=_AREA, metadata={"description": "可按不大于此面积（㎡）分割出租"})
    power_kva = ma.fields.Float(validate=_POSITIVE, metadata={"description": "供电不小于（kVA）"})
    clear_height = ma.fields.Float(validate=_POSITIVE, metadata={"description": "净高不小于（m）"})
    rent_max = ma.fields.Float(validate=_NON_NEGATIVE, metadata={"description": "租金不高于（元/㎡/月）；租金未知的不列出"})
    available_by = ma.fields.Date(metadata={"description": "此日期前可交付（无日期即现在可用）"})
    admission = ma.fields.Enum(Admission, by_value=True,
                               metadata={"description": "产业准入：open 不限、chain 产业链、listed 目录内"})

    @ma.validates_schema
    def _area_range(self, data: dict, **kwargs) -> None:
        if data.get("area_min") and data.get("area_max") and data["area_min"] > data["area_max"]:
            raise ma.ValidationError("面积下限不能大于上限", "area_max")


SitePageSchema = page_schema(SiteSchema, "SitePage")
