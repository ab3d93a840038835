"""Custom workspace roles: each one's permissions and which members hold them
(reelhouse.shared.memberships.CustomRoleProjection), so a custom role holding
``billing.manage`` manages the workspace's billing.

Revision ID: 0004
Revises: 0003
"""

from alembic import op

from reelhouse.shared.memberships import create_custom_role_tables, drop_custom_role_tables

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade():
    create_custom_role_tables(op)


def downgrade():
    drop_custom_role_tables(op)
