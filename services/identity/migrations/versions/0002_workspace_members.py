"""The membership projection moves to the shared ``workspace_members`` table.

Its shape now comes from ``reelhouse.shared.memberships`` (the same in every
service that keeps one) and records when a membership was joined, which
decides a person's default workspace.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

from reelhouse.shared.memberships import create_membership_table

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade():
    create_membership_table(op)
    # Existing rows all get the migration time; workspace id breaks the tie.
    op.execute("INSERT INTO workspace_members (workspace_id, user_id, role, joined_at) "
               "SELECT workspace_id, user_id, role, CURRENT_TIMESTAMP FROM memberships")
    op.drop_index("ix_memberships_workspace_id", table_name="memberships")
    op.drop_table("memberships")


def downgrade():
    op.create_table(
        "memberships",
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("workspace_id", sa.Uuid(), nullable=False),
        sa.Column("role", sa.String(30), nullable=False),
        sa.PrimaryKeyConstraint("user_id", "workspace_id", name="pk_memberships"),
    )
    op.create_index("ix_memberships_workspace_id", "memberships", ["workspace_id"])
    op.execute("INSERT INTO memberships (user_id, workspace_id, role) "
               "SELECT user_id, workspace_id, role FROM workspace_members")
    op.drop_index("ix_workspace_members_user_id", table_name="workspace_members")
    op.drop_table("workspace_members")
