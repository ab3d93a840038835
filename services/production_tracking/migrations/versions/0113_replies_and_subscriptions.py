"""Notifications of a comment's replies name the reply (deleting the reply removes them); persons'
subscriptions to tasks (Zou's ``subscriptions``: they are notified of the task's comments).

Revision ID: 0113
Revises: 0110
"""

import sqlalchemy as sa
from alembic import op

revision = "0113"
down_revision = "0110"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("notifications", sa.Column("reply_id", sa.Uuid(), nullable=True))
    op.create_table(
        "subscriptions",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("workspace_id", sa.Uuid(), nullable=False, index=True),
        sa.Column("project_id", sa.Uuid(), sa.ForeignKey("projects.id"), nullable=False, index=True),
        sa.Column("person_id", sa.Uuid(), nullable=False, index=True),
        sa.Column("task_id", sa.Uuid(), sa.ForeignKey("tasks.id"), nullable=False),
        sa.Column("entity_id", sa.Uuid(), nullable=True),
        sa.Column("task_type_id", sa.Uuid(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
    )
    op.create_index("uq_subscriptions_task_person", "subscriptions", ["task_id", "person_id"], unique=True)


def downgrade():
    op.drop_index("uq_subscriptions_task_person", table_name="subscriptions")
    op.drop_table("subscriptions")
    op.drop_column("notifications", "reply_id")
