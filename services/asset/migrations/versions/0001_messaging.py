"""Outbox and processed-event tables.

Revision ID: 0001
Revises:
"""

from alembic import op

from reelhouse.shared.alembic_env import create_messaging_tables, drop_messaging_tables

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    create_messaging_tables(op)


def downgrade():
    drop_messaging_tables(op)
