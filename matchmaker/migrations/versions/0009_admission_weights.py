"""site admission rules (产业准入) and adopted match weights

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07 03:00:00
"""
from alembic import op
import sqlalchemy as sa
import models.base


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('sites', schema=None) as batch_op:
        batch_op.add_column(sa.Column(
            'admission', sa.Enum('open', 'chain', 'listed', name='site_admission', native_enum=False,
                                 create_constraint=True, length=6),
            server_default='open', nullable=False))

    op.create_table(
        'match_weights',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('industry', sa.Float(), nullable=False),
        sa.Column('space', sa.Float(), nullable=False),
        sa.Column('locality', sa.Float(), nullable=False),
        sa.Column('outcomes', sa.Integer(), nullable=True),
        sa.Column('summary', sa.JSON(), nullable=False),
        sa.Column('adopted_by', sa.String(length=80), nullable=False),
        sa.Column('adopted_at', models.base.UTCDateTime(), nullable=False),
        sa.CheckConstraint('industry >= 0 AND space >= 0 AND locality >= 0', name=op.f('ck_match_weights_non_negative')),
        sa.CheckConstraint('industry + space + locality > 0', name=op.f('ck_match_weights_not_all_zero')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_match_weights')),
    )
    with op.batch_alter_table('match_weights', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_match_weights_adopted_at'), ['adopted_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('match_weights', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_match_weights_adopted_at'))
    op.drop_table('match_weights')
    with op.batch_alter_table('sites', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_sites_site_admission'), type_='check')
        batch_op.drop_column('admission')
