import marshmallow as ma

from ..common import BaseSchema
from ..dumping import FastSchema


class TokenRequestSchema(BaseSchema):
    username = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=80))
    password = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=200))


class TokenSchema(FastSchema):
    token = ma.fields.String(required=True)
    expires_at = ma.fields.AwareDateTime(required=True)


class MeSchema(FastSchema):
    id = ma.fields.Integer()
    username = ma.fields.String()
    role = ma.fields.String()
    incubator_id = ma.fields.Integer(allow_none=True)
