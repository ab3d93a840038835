"""Candidio /v1 production API: video series, productions, snapshots, briefs, shots, asset links,
revisions, deliverables, actions (tables keyed by the projects and entities they extend).

Revision ID: 0100
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op


revision = '0100'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('candidio_actions',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('workspace_id', sa.Uuid(), nullable=False),
    sa.Column('user_id', sa.Uuid(), nullable=True),
    sa.Column('verb', sa.String(length=60), nullable=False),
    sa.Column('actionable_type', sa.String(length=40), nullable=False),
    sa.Column('actionable_id', sa.Uuid(), nullable=True),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_candidio_actions'))
    )
    with op.batch_alter_table('candidio_actions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_candidio_actions_user_id'), ['user_id'], unique=False)
        batch_op.create_index('ix_candidio_actions_workspace_created', ['workspace_id', 'created_at'], unique=False)

    op.create_table('candidio_asset_links',
    sa.Column('asset_id', sa.Uuid(), nullable=False),
    sa.Column('uploadable_type', sa.String(length=20), nullable=False),
    sa.Column('uploadable_id', sa.Uuid(), nullable=False),
    sa.Column('workspace_id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('asset_id', 'uploadable_type', 'uploadable_id', name=op.f('pk_candidio_asset_links'))
    )
    with op.batch_alter_table('candidio_asset_links', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_candidio_asset_links_uploadable_id'), ['uploadable_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_candidio_asset_links_workspace_id'), ['workspace_id'], unique=False)

    op.create_table('candidio_video_series',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('workspace_id', sa.Uuid(), nullable=False),
    sa.Column('title', sa.String(length=255), nullable=False),
    sa.Column('audience', sa.Text(), nullable=False),
    sa.Column('synopsis', sa.Text(), nullable=False),
    sa.Column('turnaround', sa.Integer(), nullable=False),
    sa.Column('video_length', sa.String(length=12), nullable=True),
    sa.Column('internal_notes', sa.Text(), nullable=True),
    sa.Column('is_published', sa.Boolean(), nullable=False),
    sa.Column('template_id', sa.Uuid(), nullable=True),
    sa.Column('example_video_id', sa.Uuid(), nullable=True),
    sa.Column('created_by', sa.Uuid(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['id'], ['projects.id'], name=op.f('fk_candidio_video_series_id_projects')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_candidio_video_series'))
    )
    with op.batch_alter_table('candidio_video_series', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_candidio_video_series_created_by'), ['created_by'], unique=False)
        batch_op.create_index(batch_op.f('ix_candidio_video_series_workspace_id'), ['workspace_id'], unique=False)

    op.create_table('candidio_productions',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('workspace_id', sa.Uuid(), nullable=False),
    sa.Column('series_id', sa.Uuid(), nullable=True),
    sa.Column('template_id', sa.Uuid(), nullable=True),
    sa.Column('title', sa.String(length=255), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('is_queued', sa.Boolean(), nullable=False),
    sa.Column('allow_public_upload', sa.Boolean(), nullable=False),
    sa.Column('allow_public_shotlist', sa.Boolean(), nullable=False),
    sa.Column('goal_date', sa.DateTime(), nullable=True),
    sa.Column('first_submitted_at', sa.DateTime(), nullable=True),
    sa.Column('last_submitted_at', sa.DateTime(), nullable=True),
    sa.Column('created_by', sa.Uuid(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['id'], ['projects.id'], name=op.f('fk_candidio_productions_id_projects')),
    sa.ForeignKeyConstraint(['series_id'], ['candidio_video_series.id'], name=op.f('fk_candidio_productions_series_id_candidio_video_series')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_candidio_productions'))
    )
    with op.batch_alter_table('candidio_productions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_candidio_productions_created_by'), ['created_by'], unique=False)
        batch_op.create_index(batch_op.f('ix_candidio_productions_series_id'), ['series_id'], unique=False)
        batch_op.create_index('ix_candidio_productions_workspace_created', ['workspace_id', 'created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_candidio_productions_workspace_id'), ['workspace_id'], unique=False)

    op.create_table('candidio_briefs',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('production_id', sa.Uuid(), nullable=False),
    sa.Column('workspace_id', sa.Uuid(), nullable=False),
    sa.Column('purpose', sa.Text(), nullable=True),
    sa.Column('purpose_because', sa.Text(), nullable=True),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('end_screen', sa.Text(), nullable=True),
    sa.Column('instructions', sa.Text(), nullable=True),
    sa.Column('meta', sa.JSON(), nullable=False),
    sa.Column('created_by', sa.Uuid(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['production_id'], ['candidio_productions.id'], name=op.f('fk_candidio_briefs_production_id_candidio_productions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_candidio_briefs'))
    )
    with op.batch_alter_table('candidio_briefs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_candidio_briefs_created_by'), ['created_by'], unique=False)
        batch_op.create_index(batch_op.f('ix_candidio_briefs_production_id'), ['production_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_candidio_briefs_workspace_id'), ['workspace_id'], unique=False)

    op.create_table('candidio_production_snapshots',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('production_id', sa.Uuid(), nullable=False),
    sa.Column('workspace_id', sa.Uuid(), nullable=False),
    sa.Column('from_status', sa.String(length=20), nullable=False),
    sa.Column('to_status', sa.String(length=20), nullable=False),
    sa.Column('state', sa.JSON(), nullable=False),
    sa.Column('created_by', sa.Uuid(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['production_id'], ['candidio_productions.id'], name=op.f('fk_candidio_production_snapshots_production_id_candidio_productions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_candidio_production_snapshots'))
    )
    with op.batch_alter_table('candidio_production_snapshots', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_candidio_production_snapshots_production_id'), ['production_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_candidio_production_snapshots_workspace_id'), ['workspace_id'], unique=False)

    op.create_table('candidio_revisions',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('production_id', sa.Uuid(), nullable=False),
    sa.Column('workspace_id', sa.Uuid(), nullable=False),
    sa.Column('instructions', sa.Text(), nullable=True),
    sa.Column('is_open', sa.Boolean(), nullable=False),
    sa.Column('closed_at', sa.DateTime(), nullable=True),
    sa.Column('created_by', sa.Uuid(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['production_id'], ['candidio_productions.id'], name=op.f('fk_candidio_revisions_production_id_candidio_productions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_candidio_revisions'))
    )
    with op.batch_alter_table('candidio_revisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_candidio_revisions_created_by'), ['created_by'], unique=False)
        batch_op.create_index(batch_op.f('ix_candidio_revisions_production_id'), ['production_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_candidio_revisions_workspace_id'), ['workspace_id'], unique=False)

    op.create_table('candidio_shots',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('production_id', sa.Uuid(), nullable=False),
    sa.Column('workspace_id', sa.Uuid(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('shot_type', sa.String(length=50), nullable=False),
    sa.Column('fields', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['id'], ['entities.id'], name=op.f('fk_candidio_shots_id_entities')),
    sa.ForeignKeyConstraint(['production_id'], ['candidio_productions.id'], name=op.f('fk_candidio_shots_production_id_candidio_productions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_candidio_shots'))
    )
    with op.batch_alter_table('candidio_shots', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_candidio_shots_production_id'), ['production_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_candidio_shots_workspace_id'), ['workspace_id'], unique=False)

    op.create_table('candidio_deliverables',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('production_id', sa.Uuid(), nullable=False),
    sa.Column('workspace_id', sa.Uuid(), nullable=False),
    sa.Column('revision_id', sa.Uuid(), nullable=True),
    sa.Column('notes_for_producer', sa.Text(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('rating', sa.String(length=10), nullable=True),
    sa.Column('created_by', sa.Uuid(), nullable=True),
    sa.Column('reviewed_by_id', sa.Uuid(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['production_id'], ['candidio_productions.id'], name=op.f('fk_candidio_deliverables_production_id_candidio_productions')),
    sa.ForeignKeyConstraint(['revision_id'], ['candidio_revisions.id'], name=op.f('fk_candidio_deliverables_revision_id_candidio_revisions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_candidio_deliverables'))
    )
    with op.batch_alter_table('candidio_deliverables', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_candidio_deliverables_production_id'), ['production_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_candidio_deliverables_revision_id'), ['revision_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_candidio_deliverables_workspace_id'), ['workspace_id'], unique=False)



def downgrade():
    with op.batch_alter_table('candidio_deliverables', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_candidio_deliverables_workspace_id'))
        batch_op.drop_index(batch_op.f('ix_candidio_deliverables_revision_id'))
        batch_op.drop_index(batch_op.f('ix_candidio_deliverables_production_id'))

    op.drop_table('candidio_deliverables')
    with op.batch_alter_table('candidio_shots', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_candidio_shots_workspace_id'))
        batch_op.drop_index(batch_op.f('ix_candidio_shots_production_id'))

    op.drop_table('candidio_shots')
    with op.batch_alter_table('candidio_revisions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_candidio_revisions_workspace_id'))
        batch_op.drop_index(batch_op.f('ix_candidio_revisions_production_id'))
        batch_op.drop_index(batch_op.f('ix_candidio_revisions_created_by'))

    op.drop_table('candidio_revisions')
    with op.batch_alter_table('candidio_production_snapshots', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_candidio_production_snapshots_workspace_id'))
        batch_op.drop_index(batch_op.f('ix_candidio_production_snapshots_production_id'))

    op.drop_table('candidio_production_snapshots')
    with op.batch_alter_table('candidio_briefs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_candidio_briefs_workspace_id'))
        batch_op.drop_index(batch_op.f('ix_candidio_briefs_production_id'))
        batch_op.drop_index(batch_op.f('ix_candidio_briefs_created_by'))

    op.drop_table('candidio_briefs')
    with op.batch_alter_table('candidio_productions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_candidio_productions_workspace_id'))
        batch_op.drop_index('ix_candidio_productions_workspace_created')
        batch_op.drop_index(batch_op.f('ix_candidio_productions_series_id'))
        batch_op.drop_index(batch_op.f('ix_candidio_productions_created_by'))

    op.drop_table('candidio_productions')
    with op.batch_alter_table('candidio_video_series', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_candidio_video_series_workspace_id'))
        batch_op.drop_index(batch_op.f('ix_candidio_video_series_created_by'))

    op.drop_table('candidio_video_series')
    with op.batch_alter_table('candidio_asset_links', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_candidio_asset_links_workspace_id'))
        batch_op.drop_index(batch_op.f('ix_candidio_asset_links_uploadable_id'))

    op.drop_table('candidio_asset_links')
    with op.batch_alter_table('candidio_actions', schema=None) as batch_op:
        batch_op.drop_index('ix_candidio_actions_workspace_created')
        batch_op.drop_index(batch_op.f('ix_candidio_actions_user_id'))

    op.drop_table('candidio_actions')
