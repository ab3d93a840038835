"""Asset instances (Zou's asset_instance) and the shots that use them
(asset_instance_links).

Revision ID: 0103
Revises: 0102
"""

import sqlalchemy as sa
from alembic import op

revision = '0103'
down_revision = '0102'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('asset_instances',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('workspace_id', sa.Uuid(), nullable=False),
    sa.Column('project_id', sa.Uuid(), nullable=False),
    sa.Column('asset_id', sa.Uuid(), nullable=False),
    sa.Column('target_asset_id', sa.Uuid(), nullable=True),
    sa.Column('scene_id', sa.Uuid(), nullable=True),
    sa.Column('name', sa.String(length=80), nullable=True),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('description', sa.String(length=200), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('data', sa.JSON(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['asset_id'], ['entities.id'], name=op.f('fk_asset_instances_asset_id_entities')),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_asset_instances_project_id_projects')),
    sa.ForeignKeyConstraint(['scene_id'], ['entities.id'], name=op.f('fk_asset_instances_scene_id_entities')),
    sa.ForeignKeyConstraint(['target_asset_id'], ['entities.id'], name=op.f('fk_asset_instances_target_asset_id_entities')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_asset_instances'))
    )
    with op.batch_alter_table('asset_instances', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_asset_instances_asset_id'), ['asset_id'], unique=False)
        batch_op.create_index('ix_asset_instances_container_number', ['target_asset_id', 'scene_id', 'asset_id', 'number'], unique=False)
        batch_op.create_index(batch_op.f('ix_asset_instances_project_id'), ['project_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_asset_instances_scene_id'), ['scene_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_asset_instances_target_asset_id'), ['target_asset_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_asset_instances_workspace_id'), ['workspace_id'], unique=False)

    op.create_table('asset_instance_links',
    sa.Column('entity_id', sa.Uuid(), nullable=False),
    sa.Column('asset_instance_id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['asset_instance_id'], ['asset_instances.id'], name=op.f('fk_asset_instance_links_asset_instance_id_asset_instances')),
    sa.ForeignKeyConstraint(['entity_id'], ['entities.id'], name=op.f('fk_asset_instance_links_entity_id_entities')),
    sa.PrimaryKeyConstraint('entity_id', 'asset_instance_id', name=op.f('pk_asset_instance_links'))
    )
    with op.batch_alter_table('asset_instance_links', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_asset_instance_links_asset_instance_id'), ['asset_instance_id'], unique=False)



def downgrade():
    with op.batch_alter_table('asset_instance_links', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_asset_instance_links_asset_instance_id'))

    op.drop_table('asset_instance_links')
    with op.batch_alter_table('asset_instances', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_asset_instances_workspace_id'))
        batch_op.drop_index(batch_op.f('ix_asset_instances_target_asset_id'))
        batch_op.drop_index(batch_op.f('ix_asset_instances_scene_id'))
        batch_op.drop_index(batch_op.f('ix_asset_instances_project_id'))
        batch_op.drop_index('ix_asset_instances_container_number')
        batch_op.drop_index(batch_op.f('ix_asset_instances_asset_id'))

    op.drop_table('asset_instances')
