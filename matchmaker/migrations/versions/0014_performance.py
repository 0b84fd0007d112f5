"""performance: financings received and yearly figures of projects (the evaluation's inputs)

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-07 06:10:00
"""
import sqlalchemy as sa
from alembic import op

import models.base

revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('financings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('amount', sa.Float(), nullable=False),
    sa.Column('received_on', sa.Date(), nullable=False),
    sa.Column('investor', sa.String(length=100), nullable=False),
    sa.Column('round', sa.String(length=40), nullable=False),
    sa.Column('created_by', sa.String(length=80), nullable=False),
    sa.Column('created_at', models.base.UTCDateTime(), nullable=False),
    sa.CheckConstraint('amount > 0', name=op.f('ck_financings_amount')),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_financings_project_id_projects'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_financings'))
    )
    with op.batch_alter_table('financings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_financings_project_id'), ['project_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_financings_received_on'), ['received_on'], unique=False)

    op.create_table('annual_figures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('revenue', sa.Float(), nullable=True),
    sa.Column('employees', sa.Integer(), nullable=True),
    sa.Column('rd_staff', sa.Integer(), nullable=True),
    sa.Column('talents', sa.Integer(), nullable=True),
    sa.Column('created_by', sa.String(length=80), nullable=False),
    sa.Column('created_at', models.base.UTCDateTime(), nullable=False),
    sa.Column('updated_at', models.base.UTCDateTime(), nullable=False),
    sa.CheckConstraint('employees IS NULL OR employees >= 0', name=op.f('ck_annual_figures_employees')),
    sa.CheckConstraint('rd_staff IS NULL OR employees IS NULL OR rd_staff <= employees', name=op.f('ck_annual_figures_rd_within_employees')),
    sa.CheckConstraint('rd_staff IS NULL OR rd_staff >= 0', name=op.f('ck_annual_figures_rd_staff')),
    sa.CheckConstraint('revenue IS NULL OR revenue >= 0', name=op.f('ck_annual_figures_revenue')),
    sa.CheckConstraint('talents IS NULL OR talents >= 0', name=op.f('ck_annual_figures_talents')),
    sa.CheckConstraint('year BETWEEN 2000 AND 2100', name=op.f('ck_annual_figures_year')),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_annual_figures_project_id_projects'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_annual_figures')),
    sa.UniqueConstraint('project_id', 'year', name='uq_annual_figures_project_year')
    )
    with op.batch_alter_table('annual_figures', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_annual_figures_project_id'), ['project_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_annual_figures_year'), ['year'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('annual_figures', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_annual_figures_year'))
        batch_op.drop_index(batch_op.f('ix_annual_figures_project_id'))
    op.drop_table('annual_figures')
    with op.batch_alter_table('financings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_financings_received_on'))
        batch_op.drop_index(batch_op.f('ix_financings_project_id'))
    op.drop_table('financings')
