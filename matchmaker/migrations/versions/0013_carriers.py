"""carriers: kind and hosted stages, spaces, placements, hand-overs (transfers), prospects

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07 05:56:26
"""
from alembic import op
import sqlalchemy as sa
import models.base

OLD_STATUSES = "'active', 'graduated', 'signed', 'landed', 'exited'"
NEW_STATUSES = "'prospect', " + OLD_STATUSES
OLD_ACTIONS = "'admit', 'advance', 'graduate', 'exit', 'land', 'sign', 'unsign'"
NEW_ACTIONS = OLD_ACTIONS + ", 'transfer'"
CARRIER = ("(status = 'prospect' AND incubator_id IS NULL) OR (status <> 'prospect'"
           " AND (incubator_id IS NOT NULL OR status = 'exited'))")


def _checks(statuses: str, actions: str) -> None:
    # Autogenerate does not see a new value of a non-native enum: widen its checks by hand.
    with op.batch_alter_table('projects', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_projects_status'), type_='check')
        batch_op.create_check_constraint('status', f"status IN ({statuses})")
    with op.batch_alter_table('stage_changes', schema=None) as batch_op:
        for name in ('stage_action', 'from_status', 'to_status'):
            batch_op.drop_constraint(op.f(f'ck_stage_changes_{name}'), type_='check')
        batch_op.create_check_constraint('stage_action', f"action IN ({actions})")
        batch_op.create_check_constraint('from_status', f"from_status IN ({statuses})")
        batch_op.create_check_constraint('to_status', f"to_status IN ({statuses})")


revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('carrier_spaces',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('incubator_id', sa.Integer(), nullable=False),
    sa.Column('space_type', sa.Enum('desk', 'office', 'lab', 'pilot_plant', name='carrier_space_type', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('total_area', sa.Float(), nullable=False),
    sa.Column('unit_area', sa.Float(), nullable=True),
    sa.Column('desks', sa.Integer(), nullable=True),
    sa.Column('created_at', models.base.UTCDateTime(), nullable=False),
    sa.Column('updated_at', models.base.UTCDateTime(), nullable=False),
    sa.CheckConstraint('desks IS NULL OR desks >= 0', name=op.f('ck_carrier_spaces_desks')),
    sa.CheckConstraint('total_area > 0', name=op.f('ck_carrier_spaces_total_area')),
    sa.CheckConstraint('unit_area IS NULL OR unit_area > 0', name=op.f('ck_carrier_spaces_unit_area')),
    sa.ForeignKeyConstraint(['incubator_id'], ['incubators.id'], name=op.f('fk_carrier_spaces_incubator_id_incubators'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_carrier_spaces'))
    )
    with op.batch_alter_table('carrier_spaces', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_carrier_spaces_incubator_id'), ['incubator_id'], unique=False)

    op.create_table('incubator_stages',
    sa.Column('incubator_id', sa.Integer(), nullable=False),
    sa.Column('stage', sa.String(length=20), nullable=False),
    sa.CheckConstraint("stage IN ('nursery', 'incubation', 'acceleration')", name=op.f('ck_incubator_stages_stage')),
    sa.ForeignKeyConstraint(['incubator_id'], ['incubators.id'], name=op.f('fk_incubator_stages_incubator_id_incubators'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('incubator_id', 'stage', name=op.f('pk_incubator_stages'))
    )
    op.create_table('placements',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('space_id', sa.Integer(), nullable=False),
    sa.Column('area', sa.Float(), nullable=False),
    sa.Column('desks', sa.Integer(), nullable=False),
    sa.Column('created_at', models.base.UTCDateTime(), nullable=False),
    sa.CheckConstraint('area > 0 OR desks > 0', name=op.f('ck_placements_occupies')),
    sa.CheckConstraint('area >= 0', name=op.f('ck_placements_area')),
    sa.CheckConstraint('desks >= 0', name=op.f('ck_placements_desks')),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_placements_project_id_projects'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['space_id'], ['carrier_spaces.id'], name=op.f('fk_placements_space_id_carrier_spaces')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_placements')),
    sa.UniqueConstraint('project_id', name=op.f('uq_placements_project_id'))
    )
    with op.batch_alter_table('placements', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_placements_space_id'), ['space_id'], unique=False)

    op.create_table('transfers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('from_incubator_id', sa.Integer(), nullable=True),
    sa.Column('to_incubator_id', sa.Integer(), nullable=False),
    sa.Column('advance', sa.Boolean(), nullable=False),
    sa.Column('space_id', sa.Integer(), nullable=True),
    sa.Column('area', sa.Float(), nullable=True),
    sa.Column('desks', sa.Integer(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('status', sa.Enum('pending', 'accepted', 'declined', 'cancelled', name='transfer_status', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('decision_reason', sa.Text(), nullable=False),
    sa.Column('requested_by', sa.String(length=80), nullable=False),
    sa.Column('decided_by', sa.String(length=80), nullable=True),
    sa.Column('created_at', models.base.UTCDateTime(), nullable=False),
    sa.Column('decided_at', models.base.UTCDateTime(), nullable=True),
    sa.CheckConstraint('area IS NULL OR area >= 0', name=op.f('ck_transfers_area')),
    sa.CheckConstraint('desks IS NULL OR desks >= 0', name=op.f('ck_transfers_desks')),
    sa.CheckConstraint('from_incubator_id IS NULL OR from_incubator_id <> to_incubator_id', name=op.f('ck_transfers_another_carrier')),
    sa.ForeignKeyConstraint(['from_incubator_id'], ['incubators.id'], name=op.f('fk_transfers_from_incubator_id_incubators')),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_transfers_project_id_projects'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['space_id'], ['carrier_spaces.id'], name=op.f('fk_transfers_space_id_carrier_spaces')),
    sa.ForeignKeyConstraint(['to_incubator_id'], ['incubators.id'], name=op.f('fk_transfers_to_incubator_id_incubators')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_transfers'))
    )
    with op.batch_alter_table('transfers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_transfers_from_incubator_id'), ['from_incubator_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_transfers_project_id'), ['project_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_transfers_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_transfers_to_incubator_id'), ['to_incubator_id'], unique=False)
        batch_op.create_index('uq_transfers_pending_project', ['project_id'], unique=True, sqlite_where=sa.text("status = 'pending'"), postgresql_where=sa.text("status = 'pending'"))

    with op.batch_alter_table('incubators', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kind', sa.Enum('maker_space', 'incubator', 'accelerator', 'university_park', name='incubator_kind', native_enum=False, create_constraint=True), server_default='incubator', nullable=False))
        batch_op.create_index(batch_op.f('ix_incubators_kind'), ['kind'], unique=False)

    # Until now a carrier held a project for its whole life: every existing one hosts every stage.
    op.execute("INSERT INTO incubator_stages (incubator_id, stage) SELECT id, stage FROM incubators,"
               " (SELECT 'nursery' AS stage UNION ALL SELECT 'incubation' UNION ALL SELECT 'acceleration') AS s")

    _checks(NEW_STATUSES, NEW_ACTIONS)
    with op.batch_alter_table('projects', schema=None) as batch_op:
        batch_op.alter_column('incubator_id',
               existing_type=sa.INTEGER(),
               nullable=True)
        batch_op.create_check_constraint('carrier', CARRIER)

    with op.batch_alter_table('stage_changes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('from_incubator_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('to_incubator_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_stage_changes_from_incubator_id_incubators'), 'incubators', ['from_incubator_id'], ['id'])
        batch_op.create_foreign_key(batch_op.f('fk_stage_changes_to_incubator_id_incubators'), 'incubators', ['to_incubator_id'], ['id'])



def downgrade() -> None:
    with op.batch_alter_table('stage_changes', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_stage_changes_to_incubator_id_incubators'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_stage_changes_from_incubator_id_incubators'), type_='foreignkey')
        batch_op.drop_column('to_incubator_id')
        batch_op.drop_column('from_incubator_id')

    op.execute("DELETE FROM projects WHERE incubator_id IS NULL")
    op.execute("DELETE FROM stage_changes WHERE action = 'transfer'")
    with op.batch_alter_table('projects', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_projects_carrier'), type_='check')
        batch_op.alter_column('incubator_id',
               existing_type=sa.INTEGER(),
               nullable=False)
    _checks(OLD_STATUSES, OLD_ACTIONS)

    with op.batch_alter_table('incubators', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_incubators_kind'))
        batch_op.drop_constraint(op.f('ck_incubators_incubator_kind'), type_='check')
        batch_op.drop_column('kind')

    with op.batch_alter_table('transfers', schema=None) as batch_op:
        batch_op.drop_index('uq_transfers_pending_project', sqlite_where=sa.text("status = 'pending'"), postgresql_where=sa.text("status = 'pending'"))
        batch_op.drop_index(batch_op.f('ix_transfers_to_incubator_id'))
        batch_op.drop_index(batch_op.f('ix_transfers_status'))
        batch_op.drop_index(batch_op.f('ix_transfers_project_id'))
        batch_op.drop_index(batch_op.f('ix_transfers_from_incubator_id'))

    op.drop_table('transfers')
    with op.batch_alter_table('placements', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_placements_space_id'))

    op.drop_table('placements')
    op.drop_table('incubator_stages')
    with op.batch_alter_table('carrier_spaces', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_carrier_spaces_incubator_id'))

    op.drop_table('carrier_spaces')
