"""tracking more: time spents, notifications, status automations, playlists,
schedule items, milestones, search filters, softwares, salary scales, plugins

Revision ID: 0101
Revises: 0100
"""

import sqlalchemy as sa
from alembic import op

revision = "0101"
down_revision = "0100"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('plugins',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('workspace_id', sa.Uuid(), nullable=False),
    sa.Column('plugin_id', sa.String(length=80), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('version', sa.String(length=50), nullable=False),
    sa.Column('maintainer_name', sa.String(length=200), nullable=False),
    sa.Column('maintainer_email', sa.String(length=254), nullable=True),
    sa.Column('website', sa.String(length=255), nullable=True),
    sa.Column('license', sa.String(length=80), nullable=False),
    sa.Column('revision', sa.String(length=12), nullable=True),
    sa.Column('frontend_project_enabled', sa.Boolean(), nullable=False),
    sa.Column('frontend_studio_enabled', sa.Boolean(), nullable=False),
    sa.Column('icon', sa.String(length=255), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plugins'))
    )
    with op.batch_alter_table('plugins', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plugins_workspace_id'), ['workspace_id'], unique=False)

    op.create_table('salary_scales',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('workspace_id', sa.Uuid(), nullable=False),
    sa.Column('department_id', sa.Uuid(), nullable=False),
    sa.Column('senior_supervisor_salary', sa.Integer(), nullable=False),
    sa.Column('mid_supervisor_salary', sa.Integer(), nullable=False),
    sa.Column('junior_supervisor_salary', sa.Integer(), nullable=False),
    sa.Column('senior_lead_salary', sa.Integer(), nullable=False),
    sa.Column('mid_lead_salary', sa.Integer(), nullable=False),
    sa.Column('junior_lead_salary', sa.Integer(), nullable=False),
    sa.Column('senior_artist_salary', sa.Integer(), nullable=False),
    sa.Column('mid_artist_salary', sa.Integer(), nullable=False),
    sa.Column('junior_artist_salary', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_salary_scales'))
    )
    with op.batch_alter_table('salary_scales', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_salary_scales_department_id'), ['department_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_salary_scales_workspace_id'), ['workspace_id'], unique=False)

    op.create_table('softwares',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('workspace_id', sa.Uuid(), nullable=False),
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('short_name', sa.String(length=20), nullable=False),
    sa.Column('archived', sa.Boolean(), nullable=False),
    sa.Column('version', sa.String(length=20), nullable=True),
    sa.Column('file_extension', sa.String(length=20), nullable=False),
    sa.Column('secondary_extensions', sa.JSON(), nullable=True),
    sa.Column('monthly_cost', sa.Integer(), nullable=False),
    sa.Column('inventory_amount', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_softwares'))
    )
    with op.batch_alter_table('softwares', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_softwares_workspace_id'), ['workspace_id'], unique=False)

    op.create_table('status_automations',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('workspace_id', sa.Uuid(), nullable=False),
    sa.Column('entity_type', sa.String(length=40), nullable=False),
    sa.Column('in_field_type', sa.String(length=40), nullable=False),
    sa.Column('in_task_type_id', sa.Uuid(), nullable=False),
    sa.Column('in_task_status_id', sa.Uuid(), nullable=False),
    sa.Column('out_field_type', sa.String(length=40), nullable=False),
    sa.Column('out_task_type_id', sa.Uuid(), nullable=False),
    sa.Column('out_task_status_id', sa.Uuid(), nullable=True),
    sa.Column('import_last_revision', sa.Boolean(), nullable=False),
    sa.Column('archived', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['in_task_status_id'], ['task_statuses.id'], name=op.f('fk_status_automations_in_task_status_id_task_statuses')),
    sa.ForeignKeyConstraint(['in_task_type_id'], ['task_types.id'], name=op.f('fk_status_automations_in_task_type_id_task_types')),
    sa.ForeignKeyConstraint(['out_task_status_id'], ['task_statuses.id'], name=op.f('fk_status_automations_out_task_status_id_task_statuses')),
    sa.ForeignKeyConstraint(['out_task_type_id'], ['task_types.id'], name=op.f('fk_status_automations_out_task_type_id_task_types')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_status_automations'))
    )
    with op.batch_alter_table('status_automations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_status_automations_in_task_status_id'), ['in_task_status_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_status_automations_in_task_type_id'), ['in_task_type_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_status_automations_out_task_status_id'), ['out_task_status_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_status_automations_out_task_type_id'), ['out_task_type_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_status_automations_workspace_id'), ['workspace_id'], unique=False)

    op.create_table('milestones',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('workspace_id', sa.Uuid(), nullable=False),
    sa.Column('project_id', sa.Uuid(), nullable=False),
    sa.Column('task_type_id', sa.Uuid(), nullable=True),
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_milestones_project_id_projects')),
    sa.ForeignKeyConstraint(['task_type_id'], ['task_types.id'], name=op.f('fk_milestones_task_type_id_task_types')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_milestones'))
    )
    with op.batch_alter_table('milestones', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_milestones_project_id'), ['project_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_milestones_task_type_id'), ['task_type_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_milestones_workspace_id'), ['workspace_id'], unique=False)

    op.create_table('playlists',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('workspace_id', sa.Uuid(), nullable=False),
    sa.Column('project_id', sa.Uuid(), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('shots', sa.JSON(), nullable=False),
    sa.Column('episode_id', sa.Uuid(), nullable=True),
    sa.Column('task_type_id', sa.Uuid(), nullable=True),
    sa.Column('for_client', sa.Boolean(), nullable=False),
    sa.Column('for_entity', sa.String(length=10), nullable=False),
    sa.Column('is_for_all', sa.Boolean(), nullable=False),
    sa.Column('created_by', sa.Uuid(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_playlists_project_id_projects')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_playlists'))
    )
    with op.batch_alter_table('playlists', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_playlists_episode_id'), ['episode_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_playlists_project_id'), ['project_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_playlists_task_type_id'), ['task_type_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_playlists_workspace_id'), ['workspace_id'], unique=False)

    op.create_table('project_status_automations',
    sa.Column('project_id', sa.Uuid(), nullable=False),
    sa.Column('status_automation_id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_project_status_automations_project_id_projects')),
    sa.ForeignKeyConstraint(['status_automation_id'], ['status_automations.id'], name=op.f('fk_project_status_automations_status_automation_id_status_automations')),
    sa.PrimaryKeyConstraint('project_id', 'status_automation_id', name=op.f('pk_project_status_automations'))
    )
    op.create_table('schedule_items',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('workspace_id', sa.Uuid(), nullable=False),
    sa.Column('project_id', sa.Uuid(), nullable=False),
    sa.Column('task_type_id', sa.Uuid(), nullable=True),
    sa.Column('object_id', sa.Uuid(), nullable=True),
    sa.Column('start_date', sa.Date(), nullable=True),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('man_days', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_schedule_items_project_id_projects')),
    sa.ForeignKeyConstraint(['task_type_id'], ['task_types.id'], name=op.f('fk_schedule_items_task_type_id_task_types')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_schedule_items'))
    )
    with op.batch_alter_table('schedule_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_schedule_items_object_id'), ['object_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_schedule_items_project_id'), ['project_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_schedule_items_task_type_id'), ['task_type_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_schedule_items_workspace_id'), ['workspace_id'], unique=False)

    op.create_table('search_filters',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('workspace_id', sa.Uuid(), nullable=False),
    sa.Column('list_type', sa.String(length=80), nullable=False),
    sa.Column('entity_type', sa.String(length=80), nullable=True),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('search_query', sa.String(length=500), nullable=False),
    sa.Column('is_shared', sa.Boolean(), nullable=False),
    sa.Column('department_id', sa.Uuid(), nullable=True),
    sa.Column('search_filter_group_id', sa.Uuid(), nullable=True),
    sa.Column('person_id', sa.Uuid(), nullable=True),
    sa.Column('project_id', sa.Uuid(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_search_filters_project_id_projects')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_search_filters'))
    )
    with op.batch_alter_table('search_filters', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_search_filters_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_search_filters_project_id'), ['project_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_search_filters_workspace_id'), ['workspace_id'], unique=False)

    op.create_table('time_spents',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('workspace_id', sa.Uuid(), nullable=False),
    sa.Column('project_id', sa.Uuid(), nullable=False),
    sa.Column('task_id', sa.Uuid(), nullable=False),
    sa.Column('person_id', sa.Uuid(), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('duration', sa.Float(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_time_spents_project_id_projects')),
    sa.ForeignKeyConstraint(['task_id'], ['tasks.id'], name=op.f('fk_time_spents_task_id_tasks')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_time_spents'))
    )
    with op.batch_alter_table('time_spents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_time_spents_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_time_spents_project_id'), ['project_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_time_spents_task_id'), ['task_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_time_spents_workspace_id'), ['workspace_id'], unique=False)
        batch_op.create_index('uq_time_spents_task_person_date', ['task_id', 'person_id', 'date'], unique=True)

    op.create_table('notifications',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('workspace_id', sa.Uuid(), nullable=False),
    sa.Column('project_id', sa.Uuid(), nullable=False),
    sa.Column('person_id', sa.Uuid(), nullable=False),
    sa.Column('author_id', sa.Uuid(), nullable=True),
    sa.Column('task_id', sa.Uuid(), nullable=False),
    sa.Column('comment_id', sa.Uuid(), nullable=True),
    sa.Column('notification_type', sa.String(length=20), nullable=False),
    sa.Column('read', sa.Boolean(), nullable=False),
    sa.Column('change', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['comment_id'], ['comments.id'], name=op.f('fk_notifications_comment_id_comments')),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_notifications_project_id_projects')),
    sa.ForeignKeyConstraint(['task_id'], ['tasks.id'], name=op.f('fk_notifications_task_id_tasks')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notifications'))
    )
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notifications_comment_id'), ['comment_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_notifications_person_id'), ['person_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_notifications_project_id'), ['project_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_notifications_task_id'), ['task_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_notifications_workspace_id'), ['workspace_id'], unique=False)


def downgrade():
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notifications_workspace_id'))
        batch_op.drop_index(batch_op.f('ix_notifications_task_id'))
        batch_op.drop_index(batch_op.f('ix_notifications_project_id'))
        batch_op.drop_index(batch_op.f('ix_notifications_person_id'))
        batch_op.drop_index(batch_op.f('ix_notifications_comment_id'))

    op.drop_table('notifications')
    with op.batch_alter_table('time_spents', schema=None) as batch_op:
        batch_op.drop_index('uq_time_spents_task_person_date')
        batch_op.drop_index(batch_op.f('ix_time_spents_workspace_id'))
        batch_op.drop_index(batch_op.f('ix_time_spents_task_id'))
        batch_op.drop_index(batch_op.f('ix_time_spents_project_id'))
        batch_op.drop_index(batch_op.f('ix_time_spents_person_id'))

    op.drop_table('time_spents')
    with op.batch_alter_table('search_filters', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_search_filters_workspace_id'))
        batch_op.drop_index(batch_op.f('ix_search_filters_project_id'))
        batch_op.drop_index(batch_op.f('ix_search_filters_person_id'))

    op.drop_table('search_filters')
    with op.batch_alter_table('schedule_items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_schedule_items_workspace_id'))
        batch_op.drop_index(batch_op.f('ix_schedule_items_task_type_id'))
        batch_op.drop_index(batch_op.f('ix_schedule_items_project_id'))
        batch_op.drop_index(batch_op.f('ix_schedule_items_object_id'))

    op.drop_table('schedule_items')
    op.drop_table('project_status_automations')
    with op.batch_alter_table('playlists', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_playlists_workspace_id'))
        batch_op.drop_index(batch_op.f('ix_playlists_task_type_id'))
        batch_op.drop_index(batch_op.f('ix_playlists_project_id'))
        batch_op.drop_index(batch_op.f('ix_playlists_episode_id'))

    op.drop_table('playlists')
    with op.batch_alter_table('milestones', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_milestones_workspace_id'))
        batch_op.drop_index(batch_op.f('ix_milestones_task_type_id'))
        batch_op.drop_index(batch_op.f('ix_milestones_project_id'))

    op.drop_table('milestones')
    with op.batch_alter_table('status_automations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_status_automations_workspace_id'))
        batch_op.drop_index(batch_op.f('ix_status_automations_out_task_type_id'))
        batch_op.drop_index(batch_op.f('ix_status_automations_out_task_status_id'))
        batch_op.drop_index(batch_op.f('ix_status_automations_in_task_type_id'))
        batch_op.drop_index(batch_op.f('ix_status_automations_in_task_status_id'))

    op.drop_table('status_automations')
    with op.batch_alter_table('softwares', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_softwares_workspace_id'))

    op.drop_table('softwares')
    with op.batch_alter_table('salary_scales', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_salary_scales_workspace_id'))
        batch_op.drop_index(batch_op.f('ix_salary_scales_department_id'))

    op.drop_table('salary_scales')
    with op.batch_alter_table('plugins', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plugins_workspace_id'))

    op.drop_table('plugins')
