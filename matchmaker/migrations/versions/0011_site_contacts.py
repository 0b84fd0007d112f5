"""site contact person and phone (for the brochure), and site photos

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07 03:10:00
"""
from alembic import op
import sqlalchemy as sa
import models.base


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('sites', schema=None) as batch_op:
        batch_op.add_column(sa.Column('contact_name', sa.String(length=40), server_default='', nullable=False))
        batch_op.add_column(sa.Column('contact_phone', sa.String(length=30), server_default='', nullable=False))
    op.create_table(
        'site_photos',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('site_id', sa.Integer(), nullable=False),
        sa.Column('file', sa.String(length=64), nullable=False),
        sa.Column('width', sa.Integer(), nullable=False),
        sa.Column('height', sa.Integer(), nullable=False),
        sa.Column('size_bytes', sa.Integer(), nullable=False),
        sa.Column('created_at', models.base.UTCDateTime(), nullable=False),
        sa.CheckConstraint('width > 0 AND height > 0 AND size_bytes > 0', name=op.f('ck_site_photos_site_photo_size')),
        sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_site_photos_site_id_sites'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_site_photos')),
        sa.UniqueConstraint('file', name=op.f('uq_site_photos_file')),
    )
    with op.batch_alter_table('site_photos', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_site_photos_site_id'), ['site_id'], unique=False)


def downgrade() -> None:
    op.drop_table('site_photos')
    with op.batch_alter_table('sites', schema=None) as batch_op:
        batch_op.drop_column('contact_phone')
        batch_op.drop_column('contact_name')
