import marshmallow as ma

from models.user import MIN_PASSWORD_LENGTH, Role

from ..common import BaseSchema, PaginationQuerySchema, page_schema
from ..dumping import FastSchema


class UserSchema(FastSchema):
    id = ma.fields.Integer(required=True)
    username = ma.fields.String(required=True)
    role = ma.fields.Enum(Role, by_value=True, required=True)
    incubator_id = ma.fields.Integer(allow_none=True, required=True)
    email = ma.fields.String(allow_none=True, required=True, metadata={"description": "接收督办日报的邮箱"})
    active = ma.fields.Boolean(required=True)
    created_at = ma.fields.AwareDateTime(required=True)


_PASSWORD = ma.validate.Length(min=MIN_PASSWORD_LENGTH, max=200)


class UserCreateSchema(BaseSchema):
    username = ma.fields.String(
        required=True,
        validate=[ma.validate.Length(min=1, max=80), ma.validate.Regexp(r"^[\w.@-]+$", error="只能包含字母、数字、下划线、点、@ 和 -")],
    )
    password = ma.fields.String(required=True, load_only=True, validate=_PASSWORD)
    role = ma.fields.Enum(Role, by_value=True, required=True)
    incubator_id = ma.fields.Integer(allow_none=True, validate=ma.validate.Range(min=1, max=2**31 - 1))
    email = ma.fields.Email(allow_none=True, validate=ma.validate.Length(max=254))


class UserUpdateSchema(BaseSchema):
    password = ma.fields.String(load_only=True, validate=_PASSWORD)
    active = ma.fields.Boolean()
    email = ma.fields.Email(allow_none=True, validate=ma.validate.Length(max=254))


class UserQuerySchema(PaginationQuerySchema):
    role = ma.fields.Enum(Role, by_value=True)


UserPageSchema = page_schema(UserSchema, "UserPage")
