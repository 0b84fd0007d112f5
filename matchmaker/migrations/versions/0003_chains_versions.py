"""industry chains and data-version stamps

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 05:41:23.318368
"""
from alembic import op
import sqlalchemy as sa
import models.base


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('data_versions',
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_data_versions'))
    )
    op.create_table('chain_links',
    sa.Column('chain', sa.String(length=60), nullable=False),
    sa.Column('upstream', sa.String(length=5), nullable=False),
    sa.Column('downstream', sa.String(length=5), nullable=False),
    sa.ForeignKeyConstraint(['downstream'], ['industries.code'], name=op.f('fk_chain_links_downstream_industries')),
    sa.ForeignKeyConstraint(['upstream'], ['industries.code'], name=op.f('fk_chain_links_upstream_industries')),
    sa.PrimaryKeyConstraint('chain', 'upstream', 'downstream', name=op.f('pk_chain_links'))
    )


def downgrade() -> None:
    op.drop_table('chain_links')
    op.drop_table('data_versions')
