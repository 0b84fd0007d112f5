"""version counters for optimistic concurrency

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-22 06:21:11.536101
"""
from alembic import op
import sqlalchemy as sa
import models.base


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('offers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('version', sa.Integer(), server_default='1', nullable=False))

    with op.batch_alter_table('projects', schema=None) as batch_op:
        batch_op.add_column(sa.Column('version', sa.Integer(), server_default='1', nullable=False))

    with op.batch_alter_table('sites', schema=None) as batch_op:
        batch_op.add_column(sa.Column('version', sa.Integer(), server_default='1', nullable=False))



def downgrade() -> None:
    with op.batch_alter_table('sites', schema=None) as batch_op:
        batch_op.drop_column('version')

    with op.batch_alter_table('projects', schema=None) as batch_op:
        batch_op.drop_column('version')

    with op.batch_alter_table('offers', schema=None) as batch_op:
        batch_op.drop_column('version')

