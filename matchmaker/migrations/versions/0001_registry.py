"""registry: districts, industries, incubators, projects, users

Revision ID: 0001
Revises: 
Create Date: 2026-11-22 04:57:30.404014
"""
from alembic import op
import sqlalchemy as sa
import models.base


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('districts',
    sa.Column('code', sa.String(length=12), nullable=False),
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_districts')),
    sa.UniqueConstraint('name', name=op.f('uq_districts_name'))
    )
    op.create_table('industries',
    sa.Column('code', sa.String(length=5), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('level', sa.Enum('section', 'division', 'group', 'class', name='industry_level', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('parent', sa.String(length=5), nullable=True),
    sa.ForeignKeyConstraint(['parent'], ['industries.code'], name=op.f('fk_industries_parent_industries')),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_industries'))
    )
    with op.batch_alter_table('industries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_industries_parent'), ['parent'], unique=False)

    op.create_table('incubators',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('district_code', sa.String(length=12), nullable=False),
    sa.Column('level', sa.Enum('national', 'provincial', 'municipal', 'other', name='incubator_level', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('demonstration', sa.Boolean(), nullable=False),
    sa.Column('created_at', models.base.UTCDateTime(), nullable=False),
    sa.Column('updated_at', models.base.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['district_code'], ['districts.code'], name=op.f('fk_incubators_district_code_districts')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_incubators')),
    sa.UniqueConstraint('name', name=op.f('uq_incubators_name'))
    )
    with op.batch_alter_table('incubators', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_incubators_district_code'), ['district_code'], unique=False)

    op.create_table('incubator_industries',
    sa.Column('incubator_id', sa.Integer(), nullable=False),
    sa.Column('industry_code', sa.String(length=5), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['incubator_id'], ['incubators.id'], name=op.f('fk_incubator_industries_incubator_id_incubators'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['industry_code'], ['industries.code'], name=op.f('fk_incubator_industries_industry_code_industries')),
    sa.PrimaryKeyConstraint('incubator_id', 'industry_code', name=op.f('pk_incubator_industries'))
    )
    op.create_table('projects',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('incubator_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('stage', sa.Enum('nursery', 'incubation', 'acceleration', 'industrialization', name='stage', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('status', sa.Enum('active', 'graduated', 'landed', 'exited', name='status', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('team_size', sa.Integer(), nullable=True),
    sa.Column('revenue', sa.Float(), nullable=True),
    sa.Column('financing', sa.Float(), nullable=True),
    sa.Column('need_space_type', sa.Enum('office', 'lab', 'plant', 'land', name='space_type', native_enum=False, create_constraint=True), nullable=True),
    sa.Column('need_area_min', sa.Float(), nullable=True),
    sa.Column('need_area_max', sa.Float(), nullable=True),
    sa.Column('need_needed_by', sa.Date(), nullable=True),
    sa.Column('need_power_kva', sa.Float(), nullable=True),
    sa.Column('need_floor_load', sa.Float(), nullable=True),
    sa.Column('need_clear_height', sa.Float(), nullable=True),
    sa.Column('need_clean_room', sa.Boolean(), nullable=True),
    sa.Column('need_hazardous', sa.Boolean(), nullable=True),
    sa.Column('need_max_rent', sa.Float(), nullable=True),
    sa.Column('created_at', models.base.UTCDateTime(), nullable=False),
    sa.Column('updated_at', models.base.UTCDateTime(), nullable=False),
    sa.CheckConstraint("(stage = 'industrialization') = (status IN ('graduated', 'landed')) OR status = 'exited'", name=op.f('ck_projects_stage_status')),
    sa.CheckConstraint('(need_space_type IS NULL) = (need_area_min IS NULL)', name=op.f('ck_projects_need_type_and_area')),
    sa.CheckConstraint('financing IS NULL OR financing >= 0', name=op.f('ck_projects_financing')),
    sa.CheckConstraint('need_area_max IS NULL OR (need_area_min IS NOT NULL AND need_area_max >= need_area_min)', name=op.f('ck_projects_need_area_max')),
    sa.CheckConstraint('need_area_min IS NULL OR need_area_min > 0', name=op.f('ck_projects_need_area_min')),
    sa.CheckConstraint('need_clear_height IS NULL OR need_clear_height > 0', name=op.f('ck_projects_need_clear_height')),
    sa.CheckConstraint('need_floor_load IS NULL OR need_floor_load > 0', name=op.f('ck_projects_need_floor_load')),
    sa.CheckConstraint('need_max_rent IS NULL OR need_max_rent >= 0', name=op.f('ck_projects_need_max_rent')),
    sa.CheckConstraint('need_power_kva IS NULL OR need_power_kva >= 0', name=op.f('ck_projects_need_power')),
    sa.CheckConstraint('revenue IS NULL OR revenue >= 0', name=op.f('ck_projects_revenue')),
    sa.CheckConstraint('team_size IS NULL OR team_size >= 0', name=op.f('ck_projects_team_size')),
    sa.ForeignKeyConstraint(['incubator_id'], ['incubators.id'], name=op.f('fk_projects_incubator_id_incubators')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_projects'))
    )
    with op.batch_alter_table('projects', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_projects_incubator_id'), ['incubator_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_projects_stage'), ['stage'], unique=False)
        batch_op.create_index(batch_op.f('ix_projects_status'), ['status'], unique=False)

    op.create_table('users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=80), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=False),
    sa.Column('role', sa.Enum('admin', 'promotion', 'incubator', name='role', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('incubator_id', sa.Integer(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', models.base.UTCDateTime(), nullable=False),
    sa.CheckConstraint("(role = 'incubator') = (incubator_id IS NOT NULL)", name=op.f('ck_users_incubator_role')),
    sa.ForeignKeyConstraint(['incubator_id'], ['incubators.id'], name=op.f('fk_users_incubator_id_incubators')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users')),
    sa.UniqueConstraint('username', name=op.f('uq_users_username'))
    )
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_users_incubator_id'), ['incubator_id'], unique=False)

    op.create_table('api_tokens',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', models.base.UTCDateTime(), nullable=False),
    sa.Column('expires_at', models.base.UTCDateTime(), nullable=False),
    sa.Column('revoked_at', models.base.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_api_tokens_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_api_tokens')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_api_tokens_token_hash'))
    )
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_api_tokens_user_id'), ['user_id'], unique=False)

    op.create_table('project_industries',
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('industry_code', sa.String(length=5), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['industry_code'], ['industries.code'], name=op.f('fk_project_industries_industry_code_industries')),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_project_industries_project_id_projects'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('project_id', 'industry_code', name=op.f('pk_project_industries'))
    )
    with op.batch_alter_table('project_industries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_project_industries_industry_code'), ['industry_code'], unique=False)

    op.create_table('project_preferred_districts',
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('district_code', sa.String(length=12), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['district_code'], ['districts.code'], name=op.f('fk_project_preferred_districts_district_code_districts')),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_project_preferred_districts_project_id_projects'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('project_id', 'district_code', name=op.f('pk_project_preferred_districts'))
    )
    op.create_table('stage_changes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('action', sa.Enum('admit', 'advance', 'graduate', 'exit', name='stage_action', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('from_stage', sa.Enum('nursery', 'incubation', 'acceleration', 'industrialization', name='from_stage', native_enum=False, create_constraint=True), nullable=True),
    sa.Column('to_stage', sa.Enum('nursery', 'incubation', 'acceleration', 'industrialization', name='to_stage', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('from_status', sa.Enum('active', 'graduated', 'landed', 'exited', name='from_status', native_enum=False, create_constraint=True), nullable=True),
    sa.Column('to_status', sa.Enum('active', 'graduated', 'landed', 'exited', name='to_status', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('actor', sa.String(length=80), nullable=False),
    sa.Column('at', models.base.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_stage_changes_project_id_projects'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stage_changes'))
    )
    with op.batch_alter_table('stage_changes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_stage_changes_project_id'), ['project_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('stage_changes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_stage_changes_project_id'))

    op.drop_table('stage_changes')
    op.drop_table('project_preferred_districts')
    with op.batch_alter_table('project_industries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_project_industries_industry_code'))

    op.drop_table('project_industries')
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_api_tokens_user_id'))

    op.drop_table('api_tokens')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_users_incubator_id'))

    op.drop_table('users')
    with op.batch_alter_table('projects', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_projects_status'))
        batch_op.drop_index(batch_op.f('ix_projects_stage'))
        batch_op.drop_index(batch_op.f('ix_projects_incubator_id'))

    op.drop_table('projects')
    op.drop_table('incubator_industries')
    with op.batch_alter_table('incubators', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_incubators_district_code'))

    op.drop_table('incubators')
    with op.batch_alter_table('industries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_industries_parent'))

    op.drop_table('industries')
    op.drop_table('districts')
