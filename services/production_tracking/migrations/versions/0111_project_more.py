"""A project's budgets and budget entries, metadata descriptors, and the
preview background files of its settings.

Revision ID: 0111
Revises: 0110
"""

import sqlalchemy as sa
from alembic import op

revision = '0111'
down_revision = '0110'
branch_labels = None
depends_on = None


def _stamps():
    return [sa.Column('created_at', sa.DateTime(), nullable=False),
            sa.Column('updated_at', sa.DateTime(), nullable=False)]


def _indexes(table, *columns):
    with op.batch_alter_table(table, schema=None) as batch_op:
        for column in columns:
            batch_op.create_index(batch_op.f(f'ix_{table}_{column}'), [column], unique=False)


def upgrade():
    op.create_table('budgets',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('workspace_id', sa.Uuid(), nullable=False),
    sa.Column('project_id', sa.Uuid(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=255), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('currency', sa.String(length=3), nullable=True),
    sa.Column('start_date', sa.Date(), nullable=True),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('amount', sa.Float(), nullable=True),
    *_stamps(),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_budgets_project_id_projects')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_budgets'))
    )
    _indexes('budgets', 'project_id', 'workspace_id')

    op.create_table('budget_entries',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('workspace_id', sa.Uuid(), nullable=False),
    sa.Column('project_id', sa.Uuid(), nullable=False),
    sa.Column('budget_id', sa.Uuid(), nullable=False),
    sa.Column('name', sa.String(length=255), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('category', sa.String(length=80), nullable=True),
    sa.Column('date', sa.Date(), nullable=True),
    sa.Column('quantity', sa.Float(), nullable=True),
    sa.Column('unit_price', sa.Float(), nullable=True),
    sa.Column('amount', sa.Float(), nullable=True),
    *_stamps(),
    sa.ForeignKeyConstraint(['budget_id'], ['budgets.id'], name=op.f('fk_budget_entries_budget_id_budgets')),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_budget_entries_project_id_projects')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_budget_entries'))
    )
    _indexes('budget_entries', 'budget_id', 'project_id', 'workspace_id')

    op.create_table('metadata_descriptors',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('workspace_id', sa.Uuid(), nullable=False),
    sa.Column('project_id', sa.Uuid(), nullable=False),
    sa.Column('entity_type', sa.String(length=60), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('field_name', sa.String(length=120), nullable=False),
    sa.Column('data_type', sa.String(length=20), nullable=False),
    sa.Column('choices', sa.JSON(), nullable=False),
    sa.Column('for_client', sa.Boolean(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('departments', sa.JSON(), nullable=False),
    sa.Column('task_type_id', sa.Uuid(), nullable=True),
    *_stamps(),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_metadata_descriptors_project_id_projects')),
    sa.ForeignKeyConstraint(['task_type_id'], ['task_types.id'],
                            name=op.f('fk_metadata_descriptors_task_type_id_task_types')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_metadata_descriptors'))
    )
    _indexes('metadata_descriptors', 'project_id', 'task_type_id', 'workspace_id')
    with op.batch_alter_table('metadata_descriptors', schema=None) as batch_op:
        batch_op.create_index('ix_metadata_descriptors_project_entity_type', ['project_id', 'entity_type'],
                              unique=False)

    op.create_table('project_preview_background_files',
    sa.Column('project_id', sa.Uuid(), nullable=False),
    sa.Column('preview_background_file_id', sa.Uuid(), nullable=False),
    sa.Column('workspace_id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'],
                            name=op.f('fk_project_preview_background_files_project_id_projects')),
    sa.PrimaryKeyConstraint('project_id', 'preview_background_file_id',
                            name=op.f('pk_project_preview_background_files'))
    )
    _indexes('project_preview_background_files', 'preview_background_file_id', 'workspace_id')


def downgrade():
    op.drop_table('project_preview_background_files')
    op.drop_table('metadata_descriptors')
    op.drop_table('budget_entries')
    op.drop_table('budgets')
