"""the follow-up ledger: one signing per project, project status signed, match owner/next action/version, dated steps with drop reasons, user email

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07 03:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

OLD_STATUS = "'active', 'graduated', 'landed', 'exited'"
NEW_STATUS = "'active', 'graduated', 'signed', 'landed', 'exited'"
OLD_ACTIONS = "'admit', 'advance', 'graduate', 'exit', 'land'"
NEW_ACTIONS = "'admit', 'advance', 'graduate', 'exit', 'land', 'sign', 'unsign'"
OLD_STAGE_STATUS = "(stage = 'industrialization') = (status IN ('graduated', 'landed')) OR status = 'exited'"
NEW_STAGE_STATUS = "(stage = 'industrialization') = (status IN ('graduated', 'signed', 'landed')) OR status = 'exited'"
DROP_REASONS = "drop_reason IN ('area', 'rent', 'location', 'industry', 'policy', 'company', 'other')"
SIGNED = "status = 'signed'"


def _checks(statuses: str, actions: str, stage_status: str) -> None:
    # Autogenerate does not see a new value of a non-native enum: widen its checks by hand.
    with op.batch_alter_table('projects', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_projects_status'), type_='check')
        batch_op.drop_constraint(op.f('ck_projects_stage_status'), type_='check')
        batch_op.create_check_constraint('status', f"status IN ({statuses})")
        batch_op.create_check_constraint('stage_status', stage_status)
    with op.batch_alter_table('stage_changes', schema=None) as batch_op:
        for name in ('stage_action', 'from_status', 'to_status'):
            batch_op.drop_constraint(op.f(f'ck_stage_changes_{name}'), type_='check')
        batch_op.create_check_constraint('stage_action', f"action IN ({actions})")
        batch_op.create_check_constraint('from_status', f"from_status IN ({statuses})")
        batch_op.create_check_constraint('to_status', f"to_status IN ({statuses})")


def upgrade() -> None:
    bind = op.get_bind()
    twice = bind.execute(sa.text(
        "SELECT project_id FROM matches WHERE status = 'signed' GROUP BY project_id HAVING count(*) > 1")).scalars().all()
    if twice:
        raise RuntimeError(f"projects signed to more than one match, drop all but one first: {sorted(twice)}")
    _checks(NEW_STATUS, NEW_ACTIONS, NEW_STAGE_STATUS)
    op.execute("UPDATE projects SET status = 'signed' WHERE status = 'graduated'"
               " AND id IN (SELECT project_id FROM matches WHERE status = 'signed')")

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('email', sa.String(length=254), nullable=True))
    with op.batch_alter_table('matches', schema=None) as batch_op:
        batch_op.add_column(sa.Column('owner_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('next_action', sa.String(length=200), server_default='', nullable=False))
        batch_op.add_column(sa.Column('next_action_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('version', sa.Integer(), server_default='1', nullable=False))
        batch_op.create_foreign_key(op.f('fk_matches_owner_id_users'), 'users', ['owner_id'], ['id'])
        batch_op.create_index(batch_op.f('ix_matches_owner_id'), ['owner_id'], unique=False)
    op.create_index('uq_matches_project_signed', 'matches', ['project_id'], unique=True,
                    sqlite_where=sa.text(SIGNED), postgresql_where=sa.text(SIGNED))

    with op.batch_alter_table('match_steps', schema=None) as batch_op:
        batch_op.add_column(sa.Column('drop_reason', sa.Enum(
            'area', 'rent', 'location', 'industry', 'policy', 'company', 'other', name='drop_reason',
            native_enum=False, create_constraint=True), nullable=True))
        batch_op.add_column(sa.Column('happened_on', sa.Date(), nullable=True))
    # A step recorded before the ledger happened the day it was recorded, in Wenzhou.
    if bind.dialect.name == 'postgresql':
        op.execute("UPDATE match_steps SET happened_on = CAST((at AT TIME ZONE 'UTC') AT TIME ZONE 'Asia/Shanghai' AS DATE)")
    else:
        op.execute("UPDATE match_steps SET happened_on = date(at, '+8 hours')")
    with op.batch_alter_table('match_steps', schema=None) as batch_op:
        batch_op.alter_column('happened_on', existing_type=sa.Date(), nullable=False)


def downgrade() -> None:
    with op.batch_alter_table('match_steps', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_match_steps_drop_reason'), type_='check')
        batch_op.drop_column('happened_on')
        batch_op.drop_column('drop_reason')
    op.drop_index('uq_matches_project_signed', table_name='matches')
    with op.batch_alter_table('matches', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_matches_owner_id'))
        batch_op.drop_constraint(op.f('fk_matches_owner_id_users'), type_='foreignkey')
        batch_op.drop_column('version')
        batch_op.drop_column('next_action_on')
        batch_op.drop_column('next_action')
        batch_op.drop_column('owner_id')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('email')
    op.execute("UPDATE projects SET status = 'graduated' WHERE status = 'signed'")
    op.execute("DELETE FROM stage_changes WHERE action IN ('sign', 'unsign')")
    _checks(OLD_STATUS, OLD_ACTIONS, OLD_STAGE_STATUS)
