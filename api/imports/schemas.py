"""The import's result and problem bodies, and the input schemas each kind of row is loaded with."""

import marshmallow as ma

from models.project import Status
from services.imports.importer import RowSchemas

from ..dumping import FastSchema
from ..incubators.schemas import IncubatorCreateSchema
from ..performance.schemas import AnnualFiguresCreateSchema, FinancingCreateSchema
from ..projects.schemas import ProjectCreateSchema
from ..sites.schemas import OfferCreateSchema, SiteUpdateSchema


class ProjectImportSchema(ProjectCreateSchema):
    """The API's project fields, plus the status an imported project already has."""

    status = ma.fields.Enum(Status, by_value=True, load_default=Status.active)


# A row is held to the rules of the API request that would create it.
ROW_SCHEMAS = RowSchemas(incubator=IncubatorCreateSchema, project=ProjectImportSchema, site=SiteUpdateSchema,
                         offer=OfferCreateSchema, financing=FinancingCreateSchema,
                         annual_figures=AnnualFiguresCreateSchema)


class RowErrorSchema(FastSchema):
    row = ma.fields.Integer(allow_none=True, required=True, metadata={"description": "表格中的行号（列名为第 1 行）"})
    field = ma.fields.String(required=True, metadata={"description": "文件中的列名"})
    message = ma.fields.String(required=True)


class ImportResultSchema(FastSchema):
    created = ma.fields.Integer(required=True)
    updated = ma.fields.Integer(required=True)
    unchanged = ma.fields.Integer(required=True, metadata={"description": "与已存数据完全相同的行：不产生新版本和审计记录"})
    errors = ma.fields.List(ma.fields.Nested(RowErrorSchema), required=True)


class ImportProblemSchema(ImportResultSchema):
    """A rejected file: nothing was written; every bad row is listed."""

    type = ma.fields.String(required=True)
    title = ma.fields.String(required=True)
    status = ma.fields.Integer(required=True)
    detail = ma.fields.String(required=True)
    truncated = ma.fields.Boolean(metadata={"description": "只列出了前 500 个错误"})
