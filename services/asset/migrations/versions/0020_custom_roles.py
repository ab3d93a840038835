"""Custom workspace roles: each one's permissions and which members hold them
(reelhouse.shared.memberships.CustomRoleProjection), so custom roles'
permissions apply here too.

Revision ID: 0020
Revises: 0002
"""

from alembic import op

from reelhouse.shared.memberships import create_custom_role_tables, drop_custom_role_tables

revision = "0020"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade():
    create_custom_role_tables(op)


def downgrade():
    drop_custom_role_tables(op)
