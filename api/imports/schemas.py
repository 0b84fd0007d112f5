import marshmallow as ma

from ..dumping import FastSchema


class RowErrorSchema(FastSchema):
    row = ma.fields.Integer(allow_none=True, required=True, metadata={"description": "表格中的行号（列名为第 1 行）"})
    field = ma.fields.String(required=True, metadata={"description": "文件中的列名"})
    message = ma.fields.String(required=True)


class ImportResultSchema(FastSchema):
    created = ma.fields.Integer(required=True)
    updated = ma.fields.Integer(required=True)
    errors = ma.fields.List(ma.fields.Nested(RowErrorSchema), required=True)


class ImportProblemSchema(ImportResultSchema):
    """A rejected file: nothing was written; every bad row is listed."""

    type = ma.fields.String(required=True)
    title = ma.fields.String(required=True)
    status = ma.fields.Integer(required=True)
    detail = ma.fields.String(required=True)
    truncated = ma.fields.Boolean(metadata={"description": "只列出了前 500 个错误"})
