"""site contact person and phone (for the brochure)

Revision ID: 0011
Revises: 0007
Create Date: 2026-12-07 03:10:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0011'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('sites', schema=None) as batch_op:
        batch_op.add_column(sa.Column('contact_name', sa.String(length=40), server_default='', nullable=False))
        batch_op.add_column(sa.Column('contact_phone', sa.String(length=30), server_default='', nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('sites', schema=None) as batch_op:
        batch_op.drop_column('contact_phone')
        batch_op.drop_column('contact_name')
