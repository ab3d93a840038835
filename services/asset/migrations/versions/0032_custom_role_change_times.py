"""When each custom role and member's role last changed, so that an event
delivered late (a retried handler) cannot undo a newer one
(reelhouse.shared.memberships.apply_role_saved).

Revision ID: 0032
Revises: 0031
"""

from alembic import op

from reelhouse.shared.memberships import add_custom_role_change_times, drop_custom_role_change_times

revision = "0032"
down_revision = "0031"
branch_labels = None
depends_on = None


def upgrade():
    add_custom_role_change_times(op)


def downgrade():
    drop_custom_role_change_times(op)
