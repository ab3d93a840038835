"""Production model: projects, entity types, entities, casting, tasks, comments, feed, memberships.

Revision ID: 0002
Revises: 0001
"""

import uuid

import sqlalchemy as sa
from alembic import op

from reelhouse.shared.memberships import create_membership_table

BUILTIN_ENTITY_TYPES = ("Shot", "Sequence", "Episode", "Scene", "Edit", "Concept")
PROJECT_STATUSES = (("Open", "#000000"), ("Closed", "#000000"))


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('entity_types',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('workspace_id', sa.Uuid(), nullable=True),
    sa.Column('name', sa.String(length=30), nullable=False),
    sa.Column('short_name', sa.String(length=20), nullable=True),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('archived', sa.Boolean(), nullable=False),
    sa.Column('shotgun_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_entity_types'))
    )
    with op.batch_alter_table('entity_types', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_entity_types_workspace_id'), ['workspace_id'], unique=False)

    op.create_table('feed_events',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('workspace_id', sa.Uuid(), nullable=False),
    sa.Column('project_id', sa.Uuid(), nullable=True),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('user_id', sa.Uuid(), nullable=True),
    sa.Column('data', sa.JSON(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_feed_events'))
    )
    with op.batch_alter_table('feed_events', schema=None) as batch_op:
        batch_op.create_index('ix_feed_events_workspace_created', ['workspace_id', 'created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_feed_events_workspace_id'), ['workspace_id'], unique=False)

    op.create_table('project_statuses',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('workspace_id', sa.Uuid(), nullable=True),
    sa.Column('name', sa.String(length=50), nullable=False),
    sa.Column('color', sa.String(length=7), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_project_statuses'))
    )
    with op.batch_alter_table('project_statuses', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_project_statuses_workspace_id'), ['workspace_id'], unique=False)

    op.create_table('task_statuses',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('workspace_id', sa.Uuid(), nullable=False),
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('short_name', sa.String(length=10), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('color', sa.String(length=7), nullable=False),
    sa.Column('priority', sa.Integer(), nullable=False),
    sa.Column('is_done', sa.Boolean(), nullable=False),
    sa.Column('is_artist_allowed', sa.Boolean(), nullable=False),
    sa.Column('is_client_allowed', sa.Boolean(), nullable=False),
    sa.Column('is_retake', sa.Boolean(), nullable=False),
    sa.Column('is_wip', sa.Boolean(), nullable=False),
    sa.Column('is_feedback_request', sa.Boolean(), nullable=False),
    sa.Column('is_default', sa.Boolean(), nullable=False),
    sa.Column('archived', sa.Boolean(), nullable=False),
    sa.Column('for_concept', sa.Boolean(), nullable=False),
    sa.Column('shotgun_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_task_statuses'))
    )
    with op.batch_alter_table('task_statuses', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_task_statuses_workspace_id'), ['workspace_id'], unique=False)

    op.create_table('task_types',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('workspace_id', sa.Uuid(), nullable=False),
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('short_name', sa.String(length=20), nullable=True),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('color', sa.String(length=7), nullable=False),
    sa.Column('priority', sa.Integer(), nullable=False),
    sa.Column('for_entity', sa.String(length=30), nullable=False),
    sa.Column('allow_timelog', sa.Boolean(), nullable=False),
    sa.Column('archived', sa.Boolean(), nullable=False),
    sa.Column('shotgun_id', sa.Integer(), nullable=True),
    sa.Column('department_id', sa.Uuid(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_task_types'))
    )
    with op.batch_alter_table('task_types', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_task_types_workspace_id'), ['workspace_id'], unique=False)

    create_membership_table(op)

    op.create_table('projects',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('workspace_id', sa.Uuid(), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('code', sa.String(length=80), nullable=True),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('shotgun_id', sa.Integer(), nullable=True),
    sa.Column('file_tree', sa.JSON(), nullable=True),
    sa.Column('data', sa.JSON(), nullable=True),
    sa.Column('has_avatar', sa.Boolean(), nullable=False),
    sa.Column('fps', sa.String(length=10), nullable=True),
    sa.Column('ratio', sa.String(length=10), nullable=True),
    sa.Column('resolution', sa.String(length=12), nullable=True),
    sa.Column('production_type', sa.String(length=20), nullable=False),
    sa.Column('production_style', sa.String(length=20), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=True),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('man_days', sa.Integer(), nullable=True),
    sa.Column('nb_episodes', sa.Integer(), nullable=False),
    sa.Column('episode_span', sa.Integer(), nullable=False),
    sa.Column('max_retakes', sa.Integer(), nullable=False),
    sa.Column('is_clients_isolated', sa.Boolean(), nullable=False),
    sa.Column('is_preview_download_allowed', sa.Boolean(), nullable=False),
    sa.Column('homepage', sa.String(length=80), nullable=False),
    sa.Column('project_status_id', sa.Uuid(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['project_status_id'], ['project_statuses.id'],
                            name=op.f('fk_projects_project_status_id_project_statuses')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_projects'))
    )
    with op.batch_alter_table('projects', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_projects_project_status_id'), ['project_status_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_projects_workspace_id'), ['workspace_id'], unique=False)
    # Project names are unique per workspace regardless of case.
    op.create_index('uq_projects_workspace_lower_name', 'projects', ['workspace_id', sa.text('lower(name)')],
                    unique=True)

    op.create_table('entities',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('workspace_id', sa.Uuid(), nullable=False),
    sa.Column('project_id', sa.Uuid(), nullable=False),
    sa.Column('entity_type_id', sa.Uuid(), nullable=False),
    sa.Column('parent_id', sa.Uuid(), nullable=True),
    sa.Column('source_id', sa.Uuid(), nullable=True),
    sa.Column('name', sa.String(length=160), nullable=False),
    sa.Column('code', sa.String(length=160), nullable=True),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('shotgun_id', sa.Integer(), nullable=True),
    sa.Column('canceled', sa.Boolean(), nullable=False),
    sa.Column('nb_frames', sa.Integer(), nullable=True),
    sa.Column('nb_entities_out', sa.Integer(), nullable=False),
    sa.Column('is_casting_standby', sa.Boolean(), nullable=False),
    sa.Column('is_shared', sa.Boolean(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('preview_file_id', sa.Uuid(), nullable=True),
    sa.Column('ready_for', sa.Uuid(), nullable=True),
    sa.Column('created_by', sa.Uuid(), nullable=True),
    sa.Column('data', sa.JSON(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['entity_type_id'], ['entity_types.id'],
                            name=op.f('fk_entities_entity_type_id_entity_types')),
    sa.ForeignKeyConstraint(['parent_id'], ['entities.id'], name=op.f('fk_entities_parent_id_entities')),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_entities_project_id_projects')),
    sa.ForeignKeyConstraint(['source_id'], ['entities.id'], name=op.f('fk_entities_source_id_entities')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_entities'))
    )
    with op.batch_alter_table('entities', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_entities_parent_id'), ['parent_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_entities_project_id'), ['project_id'], unique=False)
        batch_op.create_index('ix_entities_project_type', ['project_id', 'entity_type_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_entities_source_id'), ['source_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_entities_workspace_id'), ['workspace_id'], unique=False)

    op.create_table('project_asset_types',
    sa.Column('project_id', sa.Uuid(), nullable=False),
    sa.Column('asset_type_id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['asset_type_id'], ['entity_types.id'],
                            name=op.f('fk_project_asset_types_asset_type_id_entity_types')),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_project_asset_types_project_id_projects')),
    sa.PrimaryKeyConstraint('project_id', 'asset_type_id', name=op.f('pk_project_asset_types'))
    )
    op.create_table('project_persons',
    sa.Column('project_id', sa.Uuid(), nullable=False),
    sa.Column('person_id', sa.Uuid(), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=True),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_project_persons_project_id_projects')),
    sa.PrimaryKeyConstraint('project_id', 'person_id', name=op.f('pk_project_persons'))
    )
    with op.batch_alter_table('project_persons', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_project_persons_person_id'), ['person_id'], unique=False)

    op.create_table('project_task_statuses',
    sa.Column('project_id', sa.Uuid(), nullable=False),
    sa.Column('task_status_id', sa.Uuid(), nullable=False),
    sa.Column('priority', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_project_task_statuses_project_id_projects')),
    sa.ForeignKeyConstraint(['task_status_id'], ['task_statuses.id'],
                            name=op.f('fk_project_task_statuses_task_status_id_task_statuses')),
    sa.PrimaryKeyConstraint('project_id', 'task_status_id', name=op.f('pk_project_task_statuses'))
    )
    op.create_table('project_task_types',
    sa.Column('project_id', sa.Uuid(), nullable=False),
    sa.Column('task_type_id', sa.Uuid(), nullable=False),
    sa.Column('priority', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_project_task_types_project_id_projects')),
    sa.ForeignKeyConstraint(['task_type_id'], ['task_types.id'],
                            name=op.f('fk_project_task_types_task_type_id_task_types')),
    sa.PrimaryKeyConstraint('project_id', 'task_type_id', name=op.f('pk_project_task_types'))
    )
    op.create_table('entity_links',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('workspace_id', sa.Uuid(), nullable=False),
    sa.Column('project_id', sa.Uuid(), nullable=False),
    sa.Column('entity_in_id', sa.Uuid(), nullable=False),
    sa.Column('entity_out_id', sa.Uuid(), nullable=False),
    sa.Column('nb_occurences', sa.Integer(), nullable=False),
    sa.Column('label', sa.String(length=80), nullable=True),
    sa.Column('data', sa.JSON(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['entity_in_id'], ['entities.id'], name=op.f('fk_entity_links_entity_in_id_entities')),
    sa.ForeignKeyConstraint(['entity_out_id'], ['entities.id'], name=op.f('fk_entity_links_entity_out_id_entities')),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_entity_links_project_id_projects')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_entity_links'))
    )
    with op.batch_alter_table('entity_links', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_entity_links_entity_out_id'), ['entity_out_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_entity_links_project_id'), ['project_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_entity_links_workspace_id'), ['workspace_id'], unique=False)
        batch_op.create_index('uq_entity_links_in_out', ['entity_in_id', 'entity_out_id'], unique=True)

    op.create_table('tasks',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('workspace_id', sa.Uuid(), nullable=False),
    sa.Column('project_id', sa.Uuid(), nullable=False),
    sa.Column('entity_id', sa.Uuid(), nullable=False),
    sa.Column('task_type_id', sa.Uuid(), nullable=False),
    sa.Column('task_status_id', sa.Uuid(), nullable=False),
    sa.Column('assigner_id', sa.Uuid(), nullable=True),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('priority', sa.Integer(), nullable=False),
    sa.Column('difficulty', sa.Integer(), nullable=False),
    sa.Column('duration', sa.Float(), nullable=False),
    sa.Column('estimation', sa.Float(), nullable=False),
    sa.Column('completion_rate', sa.Integer(), nullable=False),
    sa.Column('retake_count', sa.Integer(), nullable=False),
    sa.Column('sort_order', sa.Integer(), nullable=False),
    sa.Column('start_date', sa.DateTime(), nullable=True),
    sa.Column('due_date', sa.DateTime(), nullable=True),
    sa.Column('real_start_date', sa.DateTime(), nullable=True),
    sa.Column('end_date', sa.DateTime(), nullable=True),
    sa.Column('done_date', sa.DateTime(), nullable=True),
    sa.Column('last_comment_date', sa.DateTime(), nullable=True),
    sa.Column('nb_assets_ready', sa.Integer(), nullable=False),
    sa.Column('nb_drawings', sa.Integer(), nullable=False),
    sa.Column('data', sa.JSON(), nullable=True),
    sa.Column('shotgun_id', sa.Integer(), nullable=True),
    sa.Column('last_preview_file_id', sa.Uuid(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['entity_id'], ['entities.id'], name=op.f('fk_tasks_entity_id_entities')),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_tasks_project_id_projects')),
    sa.ForeignKeyConstraint(['task_status_id'], ['task_statuses.id'],
                            name=op.f('fk_tasks_task_status_id_task_statuses')),
    sa.ForeignKeyConstraint(['task_type_id'], ['task_types.id'], name=op.f('fk_tasks_task_type_id_task_types')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tasks'))
    )
    with op.batch_alter_table('tasks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_tasks_entity_id'), ['entity_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_tasks_project_id'), ['project_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_tasks_task_status_id'), ['task_status_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_tasks_task_type_id'), ['task_type_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_tasks_workspace_id'), ['workspace_id'], unique=False)
        batch_op.create_index('uq_tasks_entity_type_name', ['entity_id', 'task_type_id', 'name'], unique=True)

    op.create_table('comments',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('workspace_id', sa.Uuid(), nullable=False),
    sa.Column('project_id', sa.Uuid(), nullable=False),
    sa.Column('object_id', sa.Uuid(), nullable=False),
    sa.Column('object_type', sa.String(length=80), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('data', sa.JSON(), nullable=True),
    sa.Column('replies', sa.JSON(), nullable=False),
    sa.Column('checklist', sa.JSON(), nullable=False),
    sa.Column('pinned', sa.Boolean(), nullable=False),
    sa.Column('for_client', sa.Boolean(), nullable=False),
    sa.Column('links', sa.JSON(), nullable=False),
    sa.Column('mentions', sa.JSON(), nullable=False),
    sa.Column('department_mentions', sa.JSON(), nullable=False),
    sa.Column('acknowledgements', sa.JSON(), nullable=False),
    sa.Column('attachment_files', sa.JSON(), nullable=False),
    sa.Column('task_status_id', sa.Uuid(), nullable=False),
    sa.Column('person_id', sa.Uuid(), nullable=True),
    sa.Column('editor_id', sa.Uuid(), nullable=True),
    sa.Column('preview_file_id', sa.Uuid(), nullable=True),
    sa.Column('shotgun_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['object_id'], ['tasks.id'], name=op.f('fk_comments_object_id_tasks')),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_comments_project_id_projects')),
    sa.ForeignKeyConstraint(['task_status_id'], ['task_statuses.id'],
                            name=op.f('fk_comments_task_status_id_task_statuses')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_comments'))
    )
    with op.batch_alter_table('comments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_comments_object_id'), ['object_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_comments_project_id'), ['project_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_comments_workspace_id'), ['workspace_id'], unique=False)

    op.create_table('task_assignees',
    sa.Column('task_id', sa.Uuid(), nullable=False),
    sa.Column('person_id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['task_id'], ['tasks.id'], name=op.f('fk_task_assignees_task_id_tasks')),
    sa.PrimaryKeyConstraint('task_id', 'person_id', name=op.f('pk_task_assignees'))
    )
    with op.batch_alter_table('task_assignees', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_task_assignees_person_id'), ['person_id'], unique=False)

    op.create_index('uq_project_statuses_shared_name', 'project_statuses', ['name'], unique=True,
                    postgresql_where=sa.text('workspace_id IS NULL'), sqlite_where=sa.text('workspace_id IS NULL'))
    op.create_index('uq_entity_types_shared_name', 'entity_types', ['name'], unique=True,
                    postgresql_where=sa.text('workspace_id IS NULL'), sqlite_where=sa.text('workspace_id IS NULL'))
    seed_reference_data()


def seed_reference_data():
    """Shared, read-only rows every workspace sees (workspace_id NULL)."""
    now = sa.func.now()
    entity_types = sa.table('entity_types', sa.column('id', sa.Uuid()), sa.column('name', sa.String()),
                            sa.column('archived', sa.Boolean()), sa.column('created_at', sa.DateTime()),
                            sa.column('updated_at', sa.DateTime()))
    statuses = sa.table('project_statuses', sa.column('id', sa.Uuid()), sa.column('name', sa.String()),
                        sa.column('color', sa.String()), sa.column('created_at', sa.DateTime()),
                        sa.column('updated_at', sa.DateTime()))
    connection = op.get_bind()
    for name in BUILTIN_ENTITY_TYPES:
        connection.execute(entity_types.insert().values(id=uuid.uuid4(), name=name, archived=False,
                                                        created_at=now, updated_at=now))
    for name, color in PROJECT_STATUSES:
        connection.execute(statuses.insert().values(id=uuid.uuid4(), name=name, color=color,
                                                    created_at=now, updated_at=now))


def downgrade():
    op.drop_index('uq_entity_types_shared_name', table_name='entity_types')
    op.drop_index('uq_project_statuses_shared_name', table_name='project_statuses')
    with op.batch_alter_table('task_assignees', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_task_assignees_person_id'))

    op.drop_table('task_assignees')
    with op.batch_alter_table('comments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_comments_workspace_id'))
        batch_op.drop_index(batch_op.f('ix_comments_project_id'))
        batch_op.drop_index(batch_op.f('ix_comments_object_id'))

    op.drop_table('comments')
    with op.batch_alter_table('tasks', schema=None) as batch_op:
        batch_op.drop_index('uq_tasks_entity_type_name')
        batch_op.drop_index(batch_op.f('ix_tasks_workspace_id'))
        batch_op.drop_index(batch_op.f('ix_tasks_task_type_id'))
        batch_op.drop_index(batch_op.f('ix_tasks_task_status_id'))
        batch_op.drop_index(batch_op.f('ix_tasks_project_id'))
        batch_op.drop_index(batch_op.f('ix_tasks_entity_id'))

    op.drop_table('tasks')
    with op.batch_alter_table('entity_links', schema=None) as batch_op:
        batch_op.drop_index('uq_entity_links_in_out')
        batch_op.drop_index(batch_op.f('ix_entity_links_workspace_id'))
        batch_op.drop_index(batch_op.f('ix_entity_links_project_id'))
        batch_op.drop_index(batch_op.f('ix_entity_links_entity_out_id'))

    op.drop_table('entity_links')
    op.drop_table('project_task_types')
    op.drop_table('project_task_statuses')
    with op.batch_alter_table('project_persons', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_project_persons_person_id'))

    op.drop_table('project_persons')
    op.drop_table('project_asset_types')
    with op.batch_alter_table('entities', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_entities_workspace_id'))
        batch_op.drop_index(batch_op.f('ix_entities_source_id'))
        batch_op.drop_index('ix_entities_project_type')
        batch_op.drop_index(batch_op.f('ix_entities_project_id'))
        batch_op.drop_index(batch_op.f('ix_entities_parent_id'))

    op.drop_table('entities')
    op.drop_index('uq_projects_workspace_lower_name', table_name='projects')
    with op.batch_alter_table('projects', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_projects_workspace_id'))
        batch_op.drop_index(batch_op.f('ix_projects_project_status_id'))

    op.drop_table('projects')
    with op.batch_alter_table('workspace_members', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_workspace_members_user_id'))

    op.drop_table('workspace_members')
    with op.batch_alter_table('task_types', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_task_types_workspace_id'))

    op.drop_table('task_types')
    with op.batch_alter_table('task_statuses', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_task_statuses_workspace_id'))

    op.drop_table('task_statuses')
    with op.batch_alter_table('project_statuses', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_project_statuses_workspace_id'))

    op.drop_table('project_statuses')
    with op.batch_alter_table('feed_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_feed_events_workspace_id'))
        batch_op.drop_index('ix_feed_events_workspace_created')

    op.drop_table('feed_events')
    with op.batch_alter_table('entity_types', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_entity_types_workspace_id'))

    op.drop_table('entity_types')
