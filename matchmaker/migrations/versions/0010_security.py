"""web session generation per user; failed logins per username (lockout)

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07 03:00:00
"""
from alembic import op
import sqlalchemy as sa
import models.base


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'login_failures',
        sa.Column('username', sa.String(length=80), nullable=False),
        sa.Column('failures', sa.Integer(), nullable=False),
        sa.Column('first_failed_at', models.base.UTCDateTime(), nullable=False),
        sa.Column('locked_until', models.base.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint('username', name=op.f('pk_login_failures')),
    )
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_generation', sa.Integer(), server_default='0', nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('session_generation')
    op.drop_table('login_failures')
