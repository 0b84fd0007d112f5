"""matches and their steps; landing as a project action

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22 06:08:53.023796
"""
from alembic import op
import sqlalchemy as sa
import models.base


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


OLD_ACTIONS = "action IN ('admit', 'advance', 'graduate', 'exit')"
NEW_ACTIONS = "action IN ('admit', 'advance', 'graduate', 'exit', 'land')"


def upgrade() -> None:
    # Autogenerate does not see a new value of a non-native enum: widen its check by hand.
    with op.batch_alter_table('stage_changes', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_stage_changes_stage_action'), type_='check')
        batch_op.create_check_constraint('stage_action', NEW_ACTIONS)
    op.create_table('matches',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('offer_id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=True),
    sa.Column('area', sa.Float(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('status', sa.Enum('proposed', 'contacted', 'visited', 'negotiating', 'signed', 'landed', 'dropped', name='match_status', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('score', sa.Float(), nullable=True),
    sa.Column('factors', sa.JSON(), nullable=False),
    sa.Column('created_by', sa.String(length=80), nullable=False),
    sa.Column('created_at', models.base.UTCDateTime(), nullable=False),
    sa.Column('updated_at', models.base.UTCDateTime(), nullable=False),
    sa.CheckConstraint('area > 0', name=op.f('ck_matches_area')),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_matches_event_id_events')),
    sa.ForeignKeyConstraint(['offer_id'], ['offers.id'], name=op.f('fk_matches_offer_id_offers')),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_matches_project_id_projects')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_matches'))
    )
    with op.batch_alter_table('matches', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_matches_event_id'), ['event_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_matches_offer_id'), ['offer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_matches_project_id'), ['project_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_matches_status'), ['status'], unique=False)

    op.create_table('match_steps',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('match_id', sa.Integer(), nullable=False),
    sa.Column('action', sa.Enum('propose', 'contact', 'visit', 'negotiate', 'sign', 'land', 'drop', name='match_action', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('from_status', sa.Enum('proposed', 'contacted', 'visited', 'negotiating', 'signed', 'landed', 'dropped', name='match_from_status', native_enum=False, create_constraint=True), nullable=True),
    sa.Column('to_status', sa.Enum('proposed', 'contacted', 'visited', 'negotiating', 'signed', 'landed', 'dropped', name='match_to_status', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('actor', sa.String(length=80), nullable=False),
    sa.Column('at', models.base.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['match_id'], ['matches.id'], name=op.f('fk_match_steps_match_id_matches'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_match_steps'))
    )
    with op.batch_alter_table('match_steps', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_match_steps_match_id'), ['match_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('stage_changes', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_stage_changes_stage_action'), type_='check')
        batch_op.create_check_constraint('stage_action', OLD_ACTIONS)
    with op.batch_alter_table('match_steps', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_match_steps_match_id'))

    op.drop_table('match_steps')
    with op.batch_alter_table('matches', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_matches_status'))
        batch_op.drop_index(batch_op.f('ix_matches_project_id'))
        batch_op.drop_index(batch_op.f('ix_matches_offer_id'))
        batch_op.drop_index(batch_op.f('ix_matches_event_id'))

    op.drop_table('matches')
