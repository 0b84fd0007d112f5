"""events: organiser, venue and signatories for the printed signing list; projects: planned investment

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07 04:10:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('organiser', sa.String(length=100), server_default='', nullable=False))
        batch_op.add_column(sa.Column('venue', sa.String(length=200), server_default='', nullable=False))
        batch_op.add_column(sa.Column('signatories', sa.JSON(), server_default=sa.text("'[]'"), nullable=False))
    with op.batch_alter_table('projects', schema=None) as batch_op:
        batch_op.add_column(sa.Column('planned_investment', sa.Float(), nullable=True))
        batch_op.create_check_constraint('planned_investment', 'planned_investment IS NULL OR planned_investment >= 0')


def downgrade() -> None:
    with op.batch_alter_table('projects', schema=None) as batch_op:
        batch_op.drop_constraint('planned_investment', type_='check')
        batch_op.drop_column('planned_investment')
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_column('signatories')
        batch_op.drop_column('venue')
        batch_op.drop_column('organiser')
