"""Messaging tables, workspaces, memberships and invites.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

from reelhouse.shared.alembic_env import create_messaging_tables, drop_messaging_tables

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    create_messaging_tables(op)
    op.create_table(
        "workspaces",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("organization_name", sa.String(255), nullable=True),
        sa.Column("workspace_name", sa.String(255), nullable=False),
        sa.Column("workspace_path", sa.String(255), nullable=False),
        sa.Column("phone", sa.String(50), nullable=True),
        sa.Column("is_business", sa.Boolean(), nullable=False),
        sa.Column("is_invite", sa.Boolean(), nullable=False),
        sa.Column("stripe_id", sa.String(255), nullable=True),
        sa.Column("card_brand", sa.String(50), nullable=True),
        sa.Column("card_last_four", sa.String(4), nullable=True),
        sa.Column("features", sa.JSON(), nullable=False),
        sa.Column("internal_notes", sa.Text(), nullable=True),
        sa.Column("account", sa.Integer(), nullable=False),
        sa.Column("industry_id", sa.Uuid(), nullable=True),
        sa.Column("template_collection_id", sa.Uuid(), nullable=True),
        sa.Column("owner_id", sa.Uuid(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_workspaces"),
    )
    op.create_index("ix_workspaces_owner_id", "workspaces", ["owner_id"])
    # Unique among active workspaces only: cancelling a workspace frees its name.
    active_only = sa.text("status = 'active'")
    op.create_index("uq_workspaces_active_lower_name", "workspaces", [sa.text("lower(workspace_name)")],
                    unique=True, postgresql_where=active_only, sqlite_where=active_only)
    op.create_index("uq_workspaces_active_path", "workspaces", ["workspace_path"],
                    unique=True, postgresql_where=active_only, sqlite_where=active_only)
    op.create_table(
        "memberships",
        sa.Column("workspace_id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("workspace_id", "user_id", name="pk_memberships"),
        sa.ForeignKeyConstraint(["workspace_id"], ["workspaces.id"], name="fk_memberships_workspace_id_workspaces"),
    )
    op.create_index("ix_memberships_user_id", "memberships", ["user_id"])
    op.create_table(
        "invites",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("workspace_id", sa.Uuid(), nullable=False),
        sa.Column("email", sa.String(255), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("invited_by", sa.Uuid(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("accepted_at", sa.DateTime(), nullable=True),
        sa.Column("accepted_by", sa.Uuid(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_invites"),
        sa.UniqueConstraint("token_hash", name="uq_invites_token_hash"),
        sa.ForeignKeyConstraint(["workspace_id"], ["workspaces.id"], name="fk_invites_workspace_id_workspaces"),
    )
    op.create_index("ix_invites_workspace_id", "invites", ["workspace_id"])


def downgrade():
    op.drop_index("ix_invites_workspace_id", table_name="invites")
    op.drop_table("invites")
    op.drop_index("ix_memberships_user_id", table_name="memberships")
    op.drop_table("memberships")
    op.drop_index("uq_workspaces_active_path", table_name="workspaces")
    op.drop_index("uq_workspaces_active_lower_name", table_name="workspaces")
    op.drop_index("ix_workspaces_owner_id", table_name="workspaces")
    op.drop_table("workspaces")
    drop_messaging_tables(op)
