"""audit trail and fund intentions

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-22 06:16:40.657659
"""
from alembic import op
import sqlalchemy as sa
import models.base


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('audit_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', models.base.UTCDateTime(), nullable=False),
    sa.Column('actor', sa.String(length=80), nullable=False),
    sa.Column('action', sa.Enum('create', 'update', 'delete', name='audit_action', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('entity', sa.String(length=40), nullable=False),
    sa.Column('entity_id', sa.String(length=80), nullable=False),
    sa.Column('changes', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_log'))
    )
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_log_actor'), ['actor'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_log_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_log_entity'), ['entity'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_log_entity_id'), ['entity_id'], unique=False)

    op.create_table('fund_intentions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('fund_name', sa.String(length=100), nullable=False),
    sa.Column('amount', sa.Float(), nullable=True),
    sa.Column('expected_date', sa.Date(), nullable=True),
    sa.Column('relocate_out', sa.Boolean(), nullable=False),
    sa.Column('destination', sa.String(length=100), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('created_by', sa.String(length=80), nullable=False),
    sa.Column('created_at', models.base.UTCDateTime(), nullable=False),
    sa.CheckConstraint('amount IS NULL OR amount >= 0', name=op.f('ck_fund_intentions_amount')),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_fund_intentions_project_id_projects'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_fund_intentions'))
    )
    with op.batch_alter_table('fund_intentions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_fund_intentions_project_id'), ['project_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_fund_intentions_relocate_out'), ['relocate_out'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('fund_intentions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_fund_intentions_relocate_out'))
        batch_op.drop_index(batch_op.f('ix_fund_intentions_project_id'))

    op.drop_table('fund_intentions')
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_log_entity_id'))
        batch_op.drop_index(batch_op.f('ix_audit_log_entity'))
        batch_op.drop_index(batch_op.f('ix_audit_log_at'))
        batch_op.drop_index(batch_op.f('ix_audit_log_actor'))

    op.drop_table('audit_log')
