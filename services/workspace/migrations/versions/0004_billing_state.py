"""The workspace's billing fields follow billing's events
(reelhouse.workspace.billing_projection): per workspace, when each billing
fact shown last changed, so an older event never overwrites a newer one.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "workspace_billing_state",
        sa.Column("workspace_id", sa.Uuid(), nullable=False),
        sa.Column("plan", sa.String(40), nullable=True),
        sa.Column("plan_as_of", sa.DateTime(), nullable=True),
        sa.Column("customer_as_of", sa.DateTime(), nullable=True),
        sa.Column("card_as_of", sa.DateTime(), nullable=True),
        sa.Column("account_as_of", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["workspace_id"], ["workspaces.id"],
                                name="fk_workspace_billing_state_workspace_id_workspaces"),
        sa.PrimaryKeyConstraint("workspace_id", name="pk_workspace_billing_state"),
    )


def downgrade():
    op.drop_table("workspace_billing_state")
