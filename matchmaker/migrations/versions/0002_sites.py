"""sites, offers, district centroids and plan targets

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 05:14:38.986741
"""
from alembic import op
import sqlalchemy as sa
import models.base


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('plan_targets',
    sa.Column('scope', sa.String(length=12), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('metric', sa.String(length=60), nullable=False),
    sa.Column('target', sa.Float(), nullable=False),
    sa.PrimaryKeyConstraint('scope', 'year', 'metric', name=op.f('pk_plan_targets'))
    )
    op.create_table('sites',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('district', 'park', 'custom_plant', name='site_kind', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('district_code', sa.String(length=12), nullable=False),
    sa.Column('state_owned', sa.Boolean(), nullable=False),
    sa.Column('lat', sa.Float(), nullable=True),
    sa.Column('lon', sa.Float(), nullable=True),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('archived_at', models.base.UTCDateTime(), nullable=True),
    sa.Column('created_at', models.base.UTCDateTime(), nullable=False),
    sa.Column('updated_at', models.base.UTCDateTime(), nullable=False),
    sa.CheckConstraint('(lat IS NULL) = (lon IS NULL)', name=op.f('ck_sites_lat_lon_together')),
    sa.CheckConstraint('lat IS NULL OR lat BETWEEN 18.0 AND 54.0', name=op.f('ck_sites_lat')),
    sa.CheckConstraint('lon IS NULL OR lon BETWEEN 73.0 AND 135.5', name=op.f('ck_sites_lon')),
    sa.ForeignKeyConstraint(['district_code'], ['districts.code'], name=op.f('fk_sites_district_code_districts')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sites')),
    sa.UniqueConstraint('name', name=op.f('uq_sites_name'))
    )
    with op.batch_alter_table('sites', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sites_archived_at'), ['archived_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_sites_district_code'), ['district_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_sites_kind'), ['kind'], unique=False)

    op.create_table('offers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('site_id', sa.Integer(), nullable=False),
    sa.Column('ref', sa.String(length=40), nullable=False),
    sa.Column('space_type', sa.Enum('office', 'lab', 'plant', 'land', name='offer_space_type', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('available_area', sa.Float(), nullable=False),
    sa.Column('min_area', sa.Float(), nullable=True),
    sa.Column('max_area', sa.Float(), nullable=True),
    sa.Column('rent', sa.Float(), nullable=True),
    sa.Column('available_from', sa.Date(), nullable=True),
    sa.Column('floor_load', sa.Float(), nullable=True),
    sa.Column('clear_height', sa.Float(), nullable=True),
    sa.Column('power_kva', sa.Float(), nullable=True),
    sa.Column('clean_room', sa.Boolean(), nullable=False),
    sa.Column('hazardous_allowed', sa.Boolean(), nullable=False),
    sa.Column('lead_time_days', sa.Integer(), nullable=True),
    sa.Column('archived_at', models.base.UTCDateTime(), nullable=True),
    sa.Column('created_at', models.base.UTCDateTime(), nullable=False),
    sa.Column('updated_at', models.base.UTCDateTime(), nullable=False),
    sa.CheckConstraint('available_area >= 0', name=op.f('ck_offers_available_area')),
    sa.CheckConstraint('clear_height IS NULL OR clear_height > 0', name=op.f('ck_offers_clear_height')),
    sa.CheckConstraint('floor_load IS NULL OR floor_load > 0', name=op.f('ck_offers_floor_load')),
    sa.CheckConstraint('lead_time_days IS NULL OR lead_time_days >= 0', name=op.f('ck_offers_lead_time_days')),
    sa.CheckConstraint('max_area IS NULL OR max_area > 0', name=op.f('ck_offers_max_area')),
    sa.CheckConstraint('min_area IS NULL OR max_area IS NULL OR min_area <= max_area', name=op.f('ck_offers_min_le_max')),
    sa.CheckConstraint('min_area IS NULL OR min_area > 0', name=op.f('ck_offers_min_area')),
    sa.CheckConstraint('power_kva IS NULL OR power_kva >= 0', name=op.f('ck_offers_power_kva')),
    sa.CheckConstraint('rent IS NULL OR rent >= 0', name=op.f('ck_offers_rent')),
    sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_offers_site_id_sites'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_offers')),
    sa.UniqueConstraint('site_id', 'ref', name='uq_offers_site_ref')
    )
    with op.batch_alter_table('offers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_offers_site_id'), ['site_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_offers_space_type'), ['space_type'], unique=False)

    op.create_table('site_industries',
    sa.Column('site_id', sa.Integer(), nullable=False),
    sa.Column('industry_code', sa.String(length=5), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['industry_code'], ['industries.code'], name=op.f('fk_site_industries_industry_code_industries')),
    sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_site_industries_site_id_sites'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('site_id', 'industry_code', name=op.f('pk_site_industries'))
    )
    with op.batch_alter_table('site_industries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_site_industries_industry_code'), ['industry_code'], unique=False)

    with op.batch_alter_table('districts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('lat', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('lon', sa.Float(), nullable=True))

    with op.batch_alter_table('projects', schema=None) as batch_op:
        batch_op.create_unique_constraint('uq_projects_incubator_name', ['incubator_id', 'name'])



def downgrade() -> None:
    with op.batch_alter_table('projects', schema=None) as batch_op:
        batch_op.drop_constraint('uq_projects_incubator_name', type_='unique')

    with op.batch_alter_table('districts', schema=None) as batch_op:
        batch_op.drop_column('lon')
        batch_op.drop_column('lat')

    with op.batch_alter_table('site_industries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_site_industries_industry_code'))

    op.drop_table('site_industries')
    with op.batch_alter_table('offers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_offers_space_type'))
        batch_op.drop_index(batch_op.f('ix_offers_site_id'))

    op.drop_table('offers')
    with op.batch_alter_table('sites', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sites_kind'))
        batch_op.drop_index(batch_op.f('ix_sites_district_code'))
        batch_op.drop_index(batch_op.f('ix_sites_archived_at'))

    op.drop_table('sites')
    op.drop_table('plan_targets')
