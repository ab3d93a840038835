"""Billing accounts, the ledger, cards, subscriptions, handled Stripe events, and
the workspace membership projection.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

from reelhouse.shared.memberships import TABLE as MEMBERSHIP_TABLE
from reelhouse.shared.memberships import create_membership_table

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade():
    create_membership_table(op)
    op.create_table(
        "billing_accounts",
        sa.Column("workspace_id", sa.Uuid(), nullable=False),
        sa.Column("provider", sa.String(20), nullable=False),
        sa.Column("customer_id", sa.String(255), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("balance", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("workspace_id", name="pk_billing_accounts"),
    )
    op.create_table(
        "ledger_entries",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("workspace_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("balance_after", sa.BigInteger(), nullable=False),
        sa.Column("description", sa.String(500), nullable=True),
        sa.Column("reference", sa.String(255), nullable=True),
        sa.Column("actor_id", sa.Uuid(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("amount > 0", name="ck_ledger_entries_amount_positive"),
        sa.PrimaryKeyConstraint("id", name="pk_ledger_entries"),
        sa.UniqueConstraint("reference", name="uq_ledger_entries_reference"),
    )
    op.create_index("ix_ledger_entries_workspace_id_created_at", "ledger_entries", ["workspace_id", "created_at"])
    op.create_table(
        "cards",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("workspace_id", sa.Uuid(), nullable=False),
        sa.Column("provider_id", sa.String(255), nullable=False),
        sa.Column("brand", sa.String(40), nullable=False),
        sa.Column("last4", sa.String(4), nullable=False),
        sa.Column("exp_month", sa.Integer(), nullable=False),
        sa.Column("exp_year", sa.Integer(), nullable=False),
        sa.Column("is_default", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_cards"),
        sa.UniqueConstraint("provider_id", name="uq_cards_provider_id"),
    )
    op.create_index("ix_cards_workspace_id", "cards", ["workspace_id"])
    op.create_table(
        "subscriptions",
        sa.Column("workspace_id", sa.Uuid(), nullable=False),
        sa.Column("plan", sa.String(40), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("provider_id", sa.String(255), nullable=False),
        sa.Column("cancel_at_period_end", sa.Boolean(), nullable=False),
        sa.Column("current_period_end", sa.DateTime(), nullable=True),
        sa.Column("canceled_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("workspace_id", name="pk_subscriptions"),
        sa.UniqueConstraint("provider_id", name="uq_subscriptions_provider_id"),
    )
    op.create_table(
        "stripe_events",
        sa.Column("id", sa.String(255), nullable=False),
        sa.Column("type", sa.String(120), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_stripe_events"),
    )


def downgrade():
    op.drop_table("stripe_events")
    op.drop_table("subscriptions")
    op.drop_index("ix_cards_workspace_id", table_name="cards")
    op.drop_table("cards")
    op.drop_index("ix_ledger_entries_workspace_id_created_at", table_name="ledger_entries")
    op.drop_table("ledger_entries")
    op.drop_table("billing_accounts")
    op.drop_index(f"ix_{MEMBERSHIP_TABLE}_user_id", table_name=MEMBERSHIP_TABLE)
    op.drop_table(MEMBERSHIP_TABLE)
